// The readable log format (LOG_FORMAT=text) a person sees at a terminal.
#include <gtest/gtest.h>

#include "platform/log.hpp"

namespace rtlog = rapidtrade::platform::log;

TEST(TextLog, AnEventWithItsFieldsOnOneLine) {
    auto line = rtlog::text_line("14:03:12.345", rtlog::Level::info, "listening",
                               {{"port", 8080}, {"host", "0.0.0.0"}, {"targets", boost::json::array{"all"}}});
    EXPECT_EQ(line, "14:03:12.345 info  listening port=8080 host=0.0.0.0 targets=[\"all\"]");
}

TEST(TextLog, ValuesThatCouldBeMisreadAreQuoted) {
    // A value with a space, a quote or a line break is written as a JSON string, so one event stays
    // one line and a value cannot pose as another field.
    auto line = rtlog::text_line("00:00:00.000", rtlog::Level::warn, "x", {{"error", "bad\nline key=v"}, {"empty", ""}});
    EXPECT_EQ(line, "00:00:00.000 warn  x error=\"bad\\nline key=v\" empty=\"\"");
}

TEST(TextLog, ARequestReadsLikeAnAccessLog) {
    auto line = rtlog::text_line("09:30:00.001", rtlog::Level::info, "request",
                               {{"method", "GET"}, {"path", "/produits"}, {"status", 200}, {"duration_us", 1250},
                                {"service", "frontend"}, {"remote", "127.0.0.1"}});
    EXPECT_EQ(line, "09:30:00.001 info  GET /produits 200 1.2ms frontend");
}

TEST(TextLog, TheFormatFollowsLogFormatWhenSet) {
    EXPECT_EQ(rtlog::format_for("text"), rtlog::Format::text);
    EXPECT_EQ(rtlog::format_for("json"), rtlog::Format::json);
}

TEST(TextLog, AHostilePathCannotForgeALine) {
    // The path is percent-decoded: /x%0A... holds a real line break, which must not start a new line.
    auto line = rtlog::text_line("09:30:00.001", rtlog::Level::info, "request",
                               {{"method", "GET"}, {"path", "/x\n09:30:00.002 error  forged"}, {"status", 404},
                                {"duration_us", 10}, {"service", "frontend"}});
    EXPECT_EQ(line.find('\n'), std::string::npos);
    EXPECT_NE(line.find("\"/x\\n09:30:00.002 error  forged\""), std::string::npos) << line;
}
