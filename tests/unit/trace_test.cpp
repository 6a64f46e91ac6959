#include <gtest/gtest.h>

#include "platform/db/database.hpp"
#include "platform/trace.hpp"

using namespace rapidtrade::platform;

TEST(Traceparent, AcceptsTheW3cFormOnly) {
    EXPECT_EQ(trace::trace_id_of("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
              "4bf92f3577b34da6a3ce929d0e0e4736");
    for (const char* bad : {"", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
                            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
                            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
                            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                            "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"})
        EXPECT_FALSE(trace::trace_id_of(bad)) << bad;
}

TEST(Traceparent, OutgoingHeaderKeepsTheTraceWithANewSpan) {
    auto id = trace::new_trace_id();
    ASSERT_EQ(id.size(), 32u);
    auto a = trace::traceparent(id), b = trace::traceparent(id);
    EXPECT_EQ(trace::trace_id_of(a), id);
    EXPECT_NE(a, b) << "each call is its own span";
}

TEST(QueryName, IsVerbAndTable) {
    EXPECT_EQ(db::query_name("SELECT p.id FROM products p WHERE p.id = $1"), "select products");
    EXPECT_EQ(db::query_name("INSERT INTO orders (reference) VALUES ($1)"), "insert orders");
    EXPECT_EQ(db::query_name("UPDATE products SET stock = stock - $2 WHERE id = $1"), "update products");
    EXPECT_EQ(db::query_name("DELETE FROM cart_lines WHERE cart_id = $1"), "delete cart_lines");
    EXPECT_EQ(db::query_name("BEGIN IMMEDIATE"), "begin");
    EXPECT_EQ(db::query_name("SELECT 1"), "select");
}
