#include <gtest/gtest.h>

#include "platform/db/database.hpp"
#include "platform/trace.hpp"

using namespace rapidtrade::platform;

TEST(Traceparent, AcceptsTheW3cFormOnly) {
    auto parsed = trace::parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->trace_id, "4bf92f3577b34da6a3ce929d0e0e4736");
    EXPECT_EQ(parsed->parent_span_id, "00f067aa0ba902b7");
    for (const char* bad : {"", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
                            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
                            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
                            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                            "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"})
        EXPECT_FALSE(trace::parse(bad)) << bad;
}

TEST(Traceparent, OutgoingHeaderCarriesTheTraceAndTheCallsSpan) {
    auto id = trace::new_trace_id();
    ASSERT_EQ(id.size(), 32u);
    auto span = trace::new_span_id();
    ASSERT_EQ(span.size(), 16u);
    EXPECT_NE(span, trace::new_span_id());
    auto header = trace::traceparent(id, span);
    ASSERT_TRUE(trace::parse(header));
    EXPECT_EQ(trace::parse(header)->trace_id, id);
    EXPECT_EQ(trace::parse(header)->parent_span_id, span) << "the callee's parent is the calling span";
    EXPECT_FALSE(trace::parse("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01"));
}

TEST(Traceparent, TheCurrentSpanIsScopedToTheThread) {
    EXPECT_EQ(trace::current_span_id(), "");
    {
        trace::ScopedSpan outer("00f067aa0ba902b7");
        EXPECT_EQ(trace::current_span_id(), "00f067aa0ba902b7");
        {
            trace::ScopedSpan inner("b7ad6b7169203331");
            EXPECT_EQ(trace::current_span_id(), "b7ad6b7169203331");
        }
        EXPECT_EQ(trace::current_span_id(), "00f067aa0ba902b7");
    }
    EXPECT_EQ(trace::current_span_id(), "");
}

TEST(QueryName, IsVerbAndTable) {
    EXPECT_EQ(db::query_name("SELECT p.id FROM products p WHERE p.id = $1"), "select products");
    EXPECT_EQ(db::query_name("INSERT INTO orders (reference) VALUES ($1)"), "insert orders");
    EXPECT_EQ(db::query_name("UPDATE products SET stock = stock - $2 WHERE id = $1"), "update products");
    EXPECT_EQ(db::query_name("DELETE FROM cart_lines WHERE cart_id = $1"), "delete cart_lines");
    EXPECT_EQ(db::query_name("BEGIN IMMEDIATE"), "begin");
    EXPECT_EQ(db::query_name("SELECT 1"), "select");
}

TEST(PlaceholderList, NumbersEachValueFromTheFirst) {
    EXPECT_EQ(db::placeholder_list(1, 3), "$1, $2, $3");
    EXPECT_EQ(db::placeholder_list(3, 1), "$3");
    EXPECT_EQ(db::placeholder_list(3, 0), "");
}
