#include "services/cart/service.hpp"

#include <array>
#include <chrono>
#include <mutex>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "platform/clock.hpp"
#include "platform/db/migrations.hpp"
#include "platform/errors.hpp"
#include "platform/http/target.hpp"
#include "platform/ids.hpp"
#include "platform/log.hpp"
#include "platform/validation.hpp"
#include "services/cart/pricing.hpp"

namespace rapidtrade::cart {
namespace {

using platform::http::Request;
using platform::http::Response;

constexpr std::int64_t kMaxQuantity = 99;

constexpr std::string_view kV1 = R"sql(
CREATE TABLE carts (
    id TEXT PRIMARY KEY,
    customer_id TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX carts_by_customer ON carts (customer_id, updated_at);
CREATE INDEX carts_by_age ON carts (updated_at);
CREATE TABLE cart_lines (
    cart_id TEXT NOT NULL REFERENCES carts(id) ON DELETE CASCADE,
    product_id TEXT NOT NULL,
    quantity BIGINT NOT NULL CHECK (quantity BETWEEN 1 AND 99),
    added_at TEXT NOT NULL,
    PRIMARY KEY (cart_id, product_id)
);
)sql";
constexpr std::array<platform::db::Migration, 1> kMigrations{{{1, "carts", kV1, {}}}};

std::int64_t read_quantity(const boost::json::object& body, std::int64_t min) {
    const auto* q = body.if_contains("quantity");
    std::string range = "must be a whole number from " + std::to_string(min) + " to " + std::to_string(kMaxQuantity);
    if (q == nullptr) throw platform::BadRequest("quantity", "is required");
    if (!q->is_int64() || q->as_int64() < min || q->as_int64() > kMaxQuantity) throw platform::BadRequest("quantity", range);
    return q->as_int64();
}

class CartService final : public platform::DatabaseService {
public:
    explicit CartService(const platform::ServiceContext& ctx)
        : platform::DatabaseService(ctx, "cart", migrations()),
          ctx_(ctx),
          store_(db()),
          catalog_(ctx.client, ctx.upstreams),
          abandoned_after_(ctx.env.integer("CART_TTL_S", 7 * 24 * 3600, 60, 365LL * 24 * 3600)) {}
    ~CartService() override { stop_workers(); }

    void mount(platform::http::Router& router) override {
        router.mount("cart", &workers())
            .post("/apis/carts/", [this](Request& r) { return create(r); })
            .get("/apis/carts/{id}", [this](Request& r) { return show(r); })
            .del("/apis/carts/{id}", [this](Request& r) { return empty(r); })
            .post("/apis/carts/{id}/lines", [this](Request& r) { return add_line(r); })
            .patch("/apis/carts/{id}/lines/{product_id}", [this](Request& r) { return set_line(r); })
            .del("/apis/carts/{id}/lines/{product_id}", [this](Request& r) { return remove_line(r); })
            .post("/apis/carts/{id}/merge", [this](Request& r) { return merge(r); });
    }

private:
    // Every cart route is internal (API key). The key says which service calls, not for whom: a
    // customer's cart opens only with that customer's token; a guest cart with its id, which only
    // the guest's session holds (24 random characters).
    Cart load(const Request& r) {
        platform::require_api_key(r, ctx_.api_keys);
        auto claims = platform::auth::optional_bearer(r, ctx_.tokens);
        const auto& id = r.param("id");
        auto cart = platform::is_cart_id(id) ? store_.find(id) : std::nullopt;
        if (!cart || (cart->customer_id && (!claims || *cart->customer_id != claims->subject)))
            throw platform::NotFound("no cart " + id);
        return *cart;
    }

    Response answer(unsigned status, const std::string& id) {
        return platform::http::json_response(status, priced_cart(*store_.find(id), catalog_));
    }

    // POST /apis/carts/: a guest cart, or (with a Bearer token) the customer's cart, reused if any.
    Response create(Request& r) {
        platform::require_api_key(r, ctx_.api_keys);
        auto claims = platform::auth::optional_bearer(r, ctx_.tokens);
        sweep_abandoned();
        if (claims)
            if (auto existing = store_.latest_of_customer(claims->subject)) return answer(200, existing->id);
        auto cart = store_.create(claims ? std::optional<std::string>(claims->subject) : std::nullopt);
        ctx_.metrics.counter("rapidtrade_carts_created_total", "Carts created").Increment();
        auto res = answer(201, cart.id);
        res.set(boost::beast::http::field::location, platform::http::Target{"apis", "carts", cart.id}.encoded());
        return res;
    }

    // The cart as load() read it: no second read for a plain look-up (the checkout's, once per order).
    Response show(Request& r) { return platform::http::json_response(200, priced_cart(load(r), catalog_)); }

    Response empty(Request& r) {
        store_.empty(load(r).id);
        return platform::http::empty_response(204);
    }

    // The quantity a line may hold: at most 99, and never more than the stock.
    void check_available(const CatalogProduct& p, std::int64_t quantity) {
        if (quantity > kMaxQuantity)
            throw platform::Unprocessable("quantity", "a cart holds at most " + std::to_string(kMaxQuantity) + " of a product");
        if (quantity > p.stock)
            throw platform::Unprocessable("quantity", p.stock == 0 ? p.name + " is out of stock"
                                                                   : "only " + std::to_string(p.stock) + " " + p.name +
                                                                         " left in stock");
    }

    CatalogProduct product_or_404(const std::string& id) {
        auto p = catalog_.product(id);
        if (!p) throw platform::HttpError(404, "Not Found", "no product with id " + id, {{"product_id", "unknown product"}});
        return *p;
    }

    // POST /apis/carts/{id}/lines {product_id, quantity}: adds to the line of that product.
    Response add_line(Request& r) {
        auto cart = load(r);
        auto body = r.json_object();
        std::vector<platform::FieldError> errors;
        platform::reject_unknown_fields(body, {"product_id", "quantity"}, errors);
        auto product_id = platform::read_text(body, "product_id", 1, 32, true, errors);
        if (product_id && !platform::is_product_id(*product_id)) errors.push_back({"product_id", "is not a product id"});
        platform::throw_if_any(errors);
        auto quantity = read_quantity(body, 1);
        auto product = product_or_404(*product_id);
        std::int64_t current = 0;
        for (const auto& l : cart.lines)
            if (l.product_id == *product_id) current = l.quantity;
        check_available(product, current + quantity);
        store_.set_quantity(cart.id, *product_id, current + quantity);
        return answer(200, cart.id);
    }

    // PATCH /apis/carts/{id}/lines/{product_id} {quantity}: 0 removes the line.
    Response set_line(Request& r) {
        auto cart = load(r);
        auto body = r.json_object();
        std::vector<platform::FieldError> errors;
        platform::reject_unknown_fields(body, {"quantity"}, errors);
        platform::throw_if_any(errors);
        auto quantity = read_quantity(body, 0);
        const auto& product_id = r.param("product_id");
        bool present = std::any_of(cart.lines.begin(), cart.lines.end(), [&](const Line& l) { return l.product_id == product_id; });
        if (!present) throw platform::NotFound("the cart has no line for product " + product_id);
        if (quantity > 0) check_available(product_or_404(product_id), quantity);
        store_.set_quantity(cart.id, product_id, quantity);
        return answer(200, cart.id);
    }

    Response remove_line(Request& r) {
        auto cart = load(r);
        const auto& product_id = r.param("product_id");
        if (!platform::is_product_id(product_id)) throw platform::NotFound("the cart has no line for product " + product_id);
        store_.set_quantity(cart.id, product_id, 0);
        return answer(200, cart.id);
    }

    // POST /apis/carts/{id}/merge {from_cart_id}: the guest cart joins the customer's at log-in.
    Response merge(Request& r) {
        auto cart = load(r);
        auto body = r.json_object();
        std::vector<platform::FieldError> errors;
        auto from = platform::read_text(body, "from_cart_id", 1, 64, true, errors);
        if (from && !platform::is_cart_id(*from)) errors.push_back({"from_cart_id", "is not a cart id"});
        platform::throw_if_any(errors);
        auto source = store_.find(*from);
        if (!source) throw platform::HttpError(404, "Not Found", "no cart " + *from, {{"from_cart_id", "unknown cart"}});
        if (source->customer_id && source->customer_id != cart.customer_id)
            throw platform::HttpError(404, "Not Found", "no cart " + *from, {{"from_cart_id", "unknown cart"}});
        store_.merge(cart.id, source->id, kMaxQuantity);
        return answer(200, cart.id);
    }

    // Abandoned guest carts go away after CART_TTL_S; checked at most once a minute.
    void sweep_abandoned() {
        auto now = std::chrono::steady_clock::now();
        {
            std::lock_guard lock(sweep_mutex_);
            if (now - last_sweep_ < std::chrono::minutes(1) && last_sweep_.time_since_epoch().count() != 0) return;
            last_sweep_ = now;
        }
        auto cutoff = platform::iso_utc(std::chrono::system_clock::now() - abandoned_after_);
        if (auto n = store_.delete_abandoned(cutoff); n > 0) platform::log::info("carts_expired", {{"count", n}});
    }

    platform::ServiceContext ctx_;
    CartStore store_;
    Catalog catalog_;
    std::chrono::seconds abandoned_after_;
    std::mutex sweep_mutex_;
    std::chrono::steady_clock::time_point last_sweep_{};
};

}  // namespace

std::span<const platform::db::Migration> migrations() { return kMigrations; }

std::unique_ptr<platform::Service> make_service(const platform::ServiceContext& context) {
    return std::make_unique<CartService>(context);
}

}  // namespace rapidtrade::cart
