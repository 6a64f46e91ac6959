#include "services/shipping/service.hpp"

#include <array>
#include <chrono>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "platform/address.hpp"
#include "platform/clock.hpp"
#include "platform/db/migrations.hpp"
#include "platform/errors.hpp"
#include "platform/ids.hpp"
#include "platform/validation.hpp"
#include "services/shipping/rules.hpp"

namespace rapidtrade::shipping {
namespace {

using platform::http::Request;
using platform::http::Response;

constexpr std::string_view kV1 = R"sql(
CREATE TABLE shipments (
    tracking_id TEXT PRIMARY KEY,
    order_reference TEXT NOT NULL UNIQUE,
    service TEXT NOT NULL,
    country TEXT NOT NULL,
    cost_cents BIGINT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL
);
)sql";
constexpr std::array<platform::db::Migration, 1> kMigrations{{{1, "shipments", kV1, {}}}};

boost::json::object shipment_json(const platform::db::Row& r) {
    return {{"tracking_id", r.str(0)}, {"order_reference", r.str(1)}, {"service", r.str(2)}, {"country", r.str(3)},
            {"cost", {{"amount", r.i64(4)}, {"currency", "EUR"}}}, {"status", r.str(5)}, {"created_at", r.str(6)}};
}
constexpr std::string_view kShipmentColumns =
    "tracking_id, order_reference, service, country, cost_cents, status, created_at";

class ShippingService final : public platform::DatabaseService {
public:
    explicit ShippingService(const platform::ServiceContext& ctx)
        : platform::DatabaseService(ctx, "shipping", migrations()),
          api_keys_(ctx.api_keys),
          rules_(ShippingRules::parse(ctx.env.string("SHIPPING_RULES", ShippingRules::kDefault))) {}
    ~ShippingService() override { stop_workers(); }

    void mount(platform::http::Router& router) override {
        router.mount("shipping", &workers())
            .post("/apis/shipping/quote", [this](Request& r) { return quote(r); })
            .post("/apis/shipping/shipments", [this](Request& r) { return create_shipment(r); })
            .get("/apis/shipping/shipments/{tracking_id}", [this](Request& r) { return get_shipment(r); });
    }

private:
    // The rate for an address in the body's `address` member; 422 when the country is not served.
    std::pair<platform::Address, Rate> priced_address(const boost::json::object& body) {
        std::vector<platform::FieldError> errors;
        platform::Address address;
        if (const auto* a = body.if_contains("address")) address = platform::address_from_json(*a, "address", errors);
        else errors.push_back({"address", "is required"});
        platform::throw_if_any(errors);
        auto rate = rules_.rate_for(address.country);
        if (!rate) throw platform::Unprocessable("address.country", "we do not deliver to " + address.country + " yet");
        return {address, *rate};
    }

    // POST /apis/shipping/quote {address, lines?}
    Response quote(Request& r) {
        platform::require_api_key(r, api_keys_);
        auto body = r.json_object();
        auto [address, rate] = priced_address(body);
        return platform::http::json_response(200, {{"cost", {{"amount", rate.cost_cents}, {"currency", "EUR"}}},
                                                   {"service", ShippingRules::kService},
                                                   {"estimated_days", rate.estimated_days},
                                                   {"country", address.country}});
    }

    // POST /apis/shipping/shipments {order_reference, address}: one shipment per order (idempotent).
    Response create_shipment(Request& r) {
        platform::require_api_key(r, api_keys_);
        auto body = r.json_object();
        std::vector<platform::FieldError> errors;
        auto reference = platform::read_text(body, "order_reference", 1, 64, true, errors);
        platform::throw_if_any(errors);
        auto [address, rate] = priced_address(body);
        // Inserted first, looked up only when the order already has one (a retry): one statement,
        // not two, for the common case.
        auto now = platform::now_iso();
        try {
            auto created = db().query(
                fmt::format("INSERT INTO shipments (tracking_id, order_reference, service, country, cost_cents, status,"
                            " created_at) VALUES ($1, $2, $3, $4, $5, 'label_created', $6) RETURNING {}",
                            kShipmentColumns),
                "RT" + platform::random_id(12) + address.country, *reference, ShippingRules::kService, address.country,
                rate.cost_cents, now);
            return platform::http::json_response(201, shipment_json(created[0]));
        } catch (const platform::db::ConstraintViolation&) {
            // The order has its shipment already (a retry, or one racing this): answer with that one.
            if (auto existing = shipment_of(*reference)) return platform::http::json_response(200, *existing);
            throw;
        }
    }

    std::optional<boost::json::object> shipment_of(const std::string& order_reference) {
        auto r = db().query(fmt::format("SELECT {} FROM shipments WHERE order_reference = $1", kShipmentColumns),
                            order_reference);
        if (r.empty()) return std::nullopt;
        return shipment_json(r[0]);
    }

    Response get_shipment(Request& r) {
        platform::require_api_key(r, api_keys_);
        auto row = db().query(fmt::format("SELECT {} FROM shipments WHERE tracking_id = $1", kShipmentColumns),
                              r.param("tracking_id"));
        if (row.empty()) throw platform::NotFound("no shipment " + r.param("tracking_id"));
        return platform::http::json_response(200, shipment_json(row[0]));
    }

    std::vector<std::string> api_keys_;
    ShippingRules rules_;
};

}  // namespace

std::span<const platform::db::Migration> migrations() { return kMigrations; }

std::unique_ptr<platform::Service> make_service(const platform::ServiceContext& context) {
    return std::make_unique<ShippingService>(context);
}

}  // namespace rapidtrade::shipping
