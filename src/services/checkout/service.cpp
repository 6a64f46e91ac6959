#include "services/checkout/service.hpp"

#include <array>
#include <atomic>

#include <boost/asio/post.hpp>
#include <condition_variable>
#include <deque>
#include <thread>

#include <boost/json/serialize.hpp>

#include "platform/auth/jwt.hpp"
#include "platform/encoding.hpp"
#include "platform/db/migrations.hpp"
#include "platform/errors.hpp"
#include "platform/http/problem.hpp"
#include "platform/http/target.hpp"
#include "platform/ids.hpp"
#include "platform/log.hpp"
#include "platform/paging.hpp"
#include "platform/text.hpp"
#include "platform/validation.hpp"
#include "services/checkout/order_access.hpp"
#include "services/checkout/saga.hpp"

namespace rapidtrade::checkout {
namespace {

using platform::http::Request;
using platform::http::Response;

constexpr std::string_view kV1 = R"sql(
CREATE TABLE orders (
    reference TEXT PRIMARY KEY,
    customer_id TEXT,
    email TEXT NOT NULL,
    status TEXT NOT NULL,
    shipping_address TEXT NOT NULL,
    subtotal BIGINT NOT NULL,
    discount BIGINT NOT NULL,
    shipping BIGINT NOT NULL,
    total BIGINT NOT NULL,
    promo_code TEXT,
    promo_percent BIGINT NOT NULL DEFAULT 0,
    shipping_service TEXT NOT NULL,
    charge_id TEXT NOT NULL,
    card_brand TEXT NOT NULL,
    card_last4 TEXT NOT NULL,
    tracking_id TEXT,
    cart_id TEXT NOT NULL,
    confirmation_queued BIGINT NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE INDEX orders_by_customer ON orders (customer_id, created_at);
CREATE INDEX orders_followups ON orders (confirmation_queued, tracking_id);
CREATE TABLE order_lines (
    reference TEXT NOT NULL REFERENCES orders(reference) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    product_id TEXT NOT NULL,
    name TEXT NOT NULL,
    unit_price BIGINT NOT NULL,
    quantity BIGINT NOT NULL,
    line_total BIGINT NOT NULL,
    PRIMARY KEY (reference, position)
);
CREATE TABLE idempotency_keys (
    idempotency_key TEXT PRIMARY KEY,
    request_hash TEXT NOT NULL,
    status TEXT NOT NULL,
    response_status BIGINT,
    response_body TEXT,
    created_at BIGINT NOT NULL
);
)sql";
// The attempts of the saga in progress (OrderStore::begin_attempt): what is left of one after a
// failure is undone by Saga::reconcile.
constexpr std::string_view kV2 = R"sql(
CREATE TABLE order_attempts (
    reference TEXT PRIMARY KEY,
    started_at BIGINT NOT NULL,
    idempotency_key TEXT
);
CREATE INDEX order_attempts_by_age ON order_attempts (started_at);
)sql";
constexpr std::array<platform::db::Migration, 2> kMigrations{{
    {1, "orders", kV1, {}},
    {2, "order attempts", kV2, {}},
}};

class CheckoutService final : public platform::DatabaseService {
public:
    explicit CheckoutService(const platform::ServiceContext& ctx)
        : platform::DatabaseService(ctx, "checkout", migrations()),
          ctx_(ctx),
          store_(db()),
          access_(ctx.api_keys.front()),
          saga_(store_, ctx.client, ctx.upstreams,
                ctx.env.millis("CHECKOUT_RECONCILE_AFTER_MS", std::chrono::milliseconds(120000))),
          followup_every_(ctx.env.millis("CHECKOUT_FOLLOWUP_MS", std::chrono::milliseconds(5000))) {}

    ~CheckoutService() override {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        wakeup_.notify_all();
        if (followups_.joinable()) followups_.join();
        // Follow-ups still queued are dropped, not lost: their orders are marked pending in the
        // database and the scan picks them up after the restart.
        workers().stop();
        stop_workers();
    }

    void seed() override {
        followups_ = std::thread([this] { run_followups(); });
    }

    void mount(platform::http::Router& router) override {
        router.mount("checkout", &workers())
            .post("/apis/orders/", [this](Request& r) { return place(r); })
            .get("/apis/orders/", [this](Request& r) { return history(r); })
            .get("/apis/orders/{reference}", [this](Request& r) { return show(r); });
    }

private:
    // POST /apis/orders/ (API key; Bearer for a customer; Idempotency-Key honoured).
    Response place(Request& r) {
        platform::require_api_key(r, ctx_.api_keys);
        auto customer = platform::auth::optional_bearer(r, ctx_.tokens);
        auto body = r.json_object();
        std::string key(r.header("Idempotency-Key"));
        if (r.raw.find("Idempotency-Key") != r.raw.end() && !platform::is_idempotency_key(key))
            throw platform::BadRequest("Idempotency-Key", "must be 1 to 128 visible ASCII characters");
        if (key.empty()) return answer(placed(counted(body, customer, r, "")));

        // The same key and body replay the first answer; never a second order or charge.
        auto scoped_key = (customer ? customer->subject : std::string("guest")) + ":" + key;
        auto hash = platform::sha256_hex(boost::json::serialize(body));
        if (auto existing = store_.begin_idempotent(scoped_key, hash)) {
            if (existing->request_hash != hash)
                throw platform::Conflict("this Idempotency-Key was used for a different order request");
            if (existing->status != "done")
                throw platform::Conflict("an order with this Idempotency-Key is being placed; retry in a moment");
            auto replay = platform::http::bytes_response(existing->response_status, existing->response_body,
                                                         existing->response_status < 300
                                                             ? "application/json; charset=utf-8"
                                                             : "application/problem+json; charset=utf-8");
            replay.set("Idempotent-Replayed", "true");
            return replay;
        }
        Response res;
        try {
            res = answer(placed(counted(body, customer, r, scoped_key)));
        } catch (const platform::HttpError& e) {
            if (e.status() >= 500) {
                store_.abandon_idempotent(scoped_key);  // transient: a retry may try again
                throw;
            }
            res = platform::http::problem_response(e, r.path);
        } catch (...) {
            store_.abandon_idempotent(scoped_key);
            throw;
        }
        store_.finish_idempotent(scoped_key, res.result_int(), res.body());
        return res;
    }

    // The saga, with the business metrics: orders by outcome and the revenue they bring.
    Order counted(const boost::json::object& body, const std::optional<platform::auth::Claims>& customer, const Request& r,
                  const std::string& idempotency_key) {
        auto count = [this](const char* outcome) {
            ctx_.metrics.counter("rapidtrade_orders_total", "Order attempts, by outcome", {{"outcome", outcome}}).Increment();
        };
        try {
            auto order = saga_.place(body, customer, std::string(r.header("Authorization")), idempotency_key);
            count("placed");
            ctx_.metrics.counter("rapidtrade_revenue_cents_total", "Total of the orders placed, in euro cents")
                .Increment(static_cast<double>(order.total));
            return order;
        } catch (const platform::HttpError& e) {
            count(e.status() == 402   ? "payment_refused"
                  : e.status() == 422 ? "refused"
                  : e.status() == 404 ? "unknown_cart"
                  : e.status() < 500  ? "invalid"
                                      : "error");
            throw;
        }
    }

    // Queues a new order's follow-ups (confirmation e-mail, shipment) for the worker pool, right
    // after the answer, and passes the order on. Up to kFollowUpDrainers workers drain the queue in
    // batches: orders placed while a batch runs share the next one, and its single commit.
    const Order& placed(const Order& o) {
        bool start = false;
        {
            std::lock_guard lock(followup_queue_mutex_);
            followup_queue_.push_back(o);
            if (followup_drainers_ < kFollowUpDrainers) {
                ++followup_drainers_;
                start = true;
            }
        }
        if (start) boost::asio::post(workers(), [this] { drain_followups(); });
        return o;
    }

    void drain_followups() {
        for (;;) {
            std::vector<Order> batch;
            {
                std::lock_guard lock(followup_queue_mutex_);
                // Stopping: what is queued is not lost, its orders are pending in the database and
                // the scan picks them up after the restart.
                if (followup_queue_.empty() || stopping_) {
                    if (stopping_) followup_queue_.clear();
                    --followup_drainers_;
                    return;
                }
                auto n = std::min<std::size_t>(followup_queue_.size(), 32);
                batch.assign(std::make_move_iterator(followup_queue_.begin()),
                             std::make_move_iterator(followup_queue_.begin() + static_cast<std::ptrdiff_t>(n)));
                followup_queue_.erase(followup_queue_.begin(), followup_queue_.begin() + static_cast<std::ptrdiff_t>(n));
            }
            saga_.follow_up(batch);
        }
    }

    // The new order, with the token that lets whoever placed it see it again (a guest has no other).
    Response answer(const Order& o) const {
        auto body = to_json(o);
        body["access_token"] = access_.token_for(o.reference);
        auto res = platform::http::json_response(201, body);
        res.set(boost::beast::http::field::location, platform::http::Target{"apis", "orders", o.reference}.encoded());
        return res;
    }

    // GET /apis/orders/: the customer's orders, newest first.
    Response history(Request& r) {
        auto customer = platform::auth::require_bearer(r, ctx_.tokens);
        auto paging = platform::parse_paging(r);
        boost::json::array items;
        for (const auto& o : store_.of_customer(customer.subject, paging.per_page, paging.offset()))
            items.push_back(to_json(o));
        return platform::http::json_response(
            200, platform::paged(std::move(items), paging, store_.count_of_customer(customer.subject)));
    }

    // GET /apis/orders/{reference}: to whoever placed it (X-Order-Token, the 201's access_token), to
    // the customer who owns it (their token), or to staff (a token with the admin role). The API key
    // says which service calls, not for whom: alone, it shows nothing. The same 404 for an order that
    // does not exist and one that is not yours.
    Response show(Request& r) {
        const auto& reference = r.param("reference");
        auto order = platform::is_order_reference(reference) ? store_.find(reference) : std::nullopt;
        bool allowed = false;
        if (order) {
            if (auto token = r.header("X-Order-Token"); !token.empty()) {
                allowed = access_.grants(token, reference);
            } else if (!r.header("Authorization").empty()) {
                auto claims = platform::auth::require_bearer(r, ctx_.tokens);
                allowed = (order->customer_id && *order->customer_id == claims.subject) || claims.has_role("admin");
            }
        }
        if (!allowed) throw platform::NotFound("no order " + reference + " for you");
        return platform::http::json_response(200, to_json(*order));
    }

    // Every CHECKOUT_FOLLOWUP_MS: order attempts left half done are undone (stock released, charge
    // refunded), and any order still missing its e-mail or shipment (a service was down, the
    // process restarted) is picked up again.
    void run_followups() {
        std::unique_lock lock(mutex_);
        while (!stopping_) {
            wakeup_.wait_for(lock, followup_every_, [this] { return stopping_.load(); });
            if (stopping_) break;
            lock.unlock();
            try {
                if (auto undone = saga_.reconcile(50); undone > 0)
                    ctx_.metrics
                        .counter("rapidtrade_order_attempts_undone_total",
                                 "Failed order attempts whose stock and charge were given back after the fact")
                        .Increment(undone);
            } catch (const std::exception& e) {
                platform::log::warn("reconciliation_failed", {{"error", e.what()}});
            }
            try {
                // Batch after batch until the backlog is gone or a batch makes no progress.
                for (bool progress = true; progress && !stopping_;) {
                    progress = false;
                    auto batch = store_.pending_followups(50);
                    for (const auto& ref : batch) {
                        if (stopping_) break;
                        if (auto order = store_.find(ref)) progress |= saga_.follow_up(*order);
                    }
                    progress &= batch.size() == 50;
                }
            } catch (const std::exception& e) {
                platform::log::warn("followups_failed", {{"error", e.what()}});
            }
            lock.lock();
        }
    }

    platform::ServiceContext ctx_;
    OrderStore store_;
    OrderAccess access_;
    Saga saga_;
    std::chrono::milliseconds followup_every_;
    std::mutex mutex_;
    std::condition_variable wakeup_;
    std::atomic<bool> stopping_{false};
    std::thread followups_;
    static constexpr int kFollowUpDrainers = 2;
    std::mutex followup_queue_mutex_;
    std::deque<Order> followup_queue_;
    int followup_drainers_ = 0;
};

}  // namespace

std::span<const platform::db::Migration> migrations() { return kMigrations; }

std::unique_ptr<platform::Service> make_service(const platform::ServiceContext& context) {
    return std::make_unique<CheckoutService>(context);
}

}  // namespace rapidtrade::checkout
