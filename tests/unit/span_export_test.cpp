#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "platform/span_export.hpp"

using namespace rapidtrade::platform;

// The OTLP/HTTP JSON encoding: hex ids, nanosecond times and 64-bit integers as strings, kinds and
// status codes as numbers, the service name as a resource attribute.
TEST(SpanExport, EncodesOtlpJson) {
    span_export::Span s;
    s.trace_id = "4bf92f3577b34da6a3ce929d0e0e4736";
    s.span_id = "00f067aa0ba902b7";
    s.parent_span_id = "b7ad6b7169203331";
    s.name = "POST /apis/orders/";
    s.kind = span_export::Kind::server;
    s.start = std::chrono::system_clock::time_point(std::chrono::nanoseconds(1700000000123456789));
    s.end = s.start + std::chrono::milliseconds(12);
    s.attributes = {{"http.response.status_code", boost::json::value(std::int64_t{503})},
                    {"http.route", boost::json::value("/apis/orders/")}};
    s.error = true;
    auto root = span_export::to_otlp_json({s}, "rapidtrade-checkout");
    const auto& rs = root.at("resourceSpans").as_array().at(0).as_object();
    const auto& resource = rs.at("resource").at("attributes").as_array().at(0);
    EXPECT_EQ(resource.at("key"), "service.name");
    EXPECT_EQ(resource.at("value").at("stringValue"), "rapidtrade-checkout");
    const auto& span = rs.at("scopeSpans").as_array().at(0).at("spans").as_array().at(0).as_object();
    EXPECT_EQ(span.at("traceId"), "4bf92f3577b34da6a3ce929d0e0e4736");
    EXPECT_EQ(span.at("spanId"), "00f067aa0ba902b7");
    EXPECT_EQ(span.at("parentSpanId"), "b7ad6b7169203331");
    EXPECT_EQ(span.at("kind"), 2);
    EXPECT_EQ(span.at("startTimeUnixNano"), "1700000000123456789");
    EXPECT_EQ(span.at("endTimeUnixNano"), "1700000000135456789");
    EXPECT_EQ(span.at("status").at("code"), 2);
    const auto& attrs = span.at("attributes").as_array();
    EXPECT_EQ(attrs.at(0).at("value").at("intValue"), "503");
    EXPECT_EQ(attrs.at(1).at("value").at("stringValue"), "/apis/orders/");

    s.parent_span_id.clear();
    s.error = false;
    auto root2 = span_export::to_otlp_json({s}, "x");
    const auto& span2 = root2.at("resourceSpans").at(0).at("scopeSpans").at(0).at("spans").at(0).as_object();
    EXPECT_FALSE(span2.contains("parentSpanId")) << "a root span has no parent";
    EXPECT_EQ(span2.at("status").at("code"), 0);
}

TEST(SpanExport, IsOffWithoutAnEndpoint) {
    Metrics metrics;
    span_export::SpanExporter spans(Env([](const std::string&) -> std::optional<std::string> { return std::nullopt; }),
                                    metrics, "x");
    EXPECT_FALSE(spans.enabled());
}

TEST(SpanExport, RefusesAnEndpointThatIsNotAnHttpUrl) {
    Metrics metrics;
    Env env([](const std::string& name) -> std::optional<std::string> {
        if (name == "OTEL_EXPORTER_OTLP_ENDPOINT") return "collector:4318";
        return std::nullopt;
    });
    EXPECT_THROW(span_export::SpanExporter(env, metrics, "x"), ConfigError);
}
