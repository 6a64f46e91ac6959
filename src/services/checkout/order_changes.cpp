#include "services/checkout/order_changes.hpp"

#include <algorithm>

#include "platform/http/target.hpp"
#include "platform/log.hpp"
#include "services/checkout/status_emails.hpp"

namespace rapidtrade::checkout {

using platform::http::Target;
using platform::http::Verb;

bool OrderChanges::refund(const Order& order) {
    try {
        auto res = client_.request(upstreams_.get("payment"), Verb::post,
                                   Target{"apis", "payments", "charges", order.charge_id, "refund"});
        if (res.status == 200) return true;
        platform::log::error("order_refund_failed", {{"reference", order.reference}, {"status", static_cast<int>(res.status)}});
    } catch (const std::exception& e) {
        platform::log::error("order_refund_failed", {{"reference", order.reference}, {"error", e.what()}});
    }
    return false;
}

bool OrderChanges::return_stock(const Order& order) {
    try {
        // The checkout reserved the stock under the order's reference; releasing it puts it back
        // (once: a released reservation gives nothing the second time).
        auto res = client_.request(upstreams_.get("catalog"), Verb::delete_,
                                   Target{"apis", "products", "reservations", order.reference});
        if (res.status < 300) return true;
        platform::log::error("order_stock_not_returned", {{"reference", order.reference}, {"status", static_cast<int>(res.status)}});
    } catch (const std::exception& e) {
        platform::log::error("order_stock_not_returned", {{"reference", order.reference}, {"error", e.what()}});
    }
    return false;
}

bool OrderChanges::email(const Order& order, const EmailContent& mail, const std::string& change) {
    try {
        boost::json::object request{{"to", order.email},
                                    {"subject", mail.subject},
                                    {"text", mail.text},
                                    {"html", mail.html},
                                    {"dedup_key", "order-" + change + "-" + order.reference}};
        if (order.customer_id) request["customer_id"] = *order.customer_id;  // whose mailbox shows it
        auto res = client_.send_json(upstreams_.get("email"), Verb::post, Target{"apis", "emails"}.slash(), request);
        if (res.status == 202 || res.status == 200) return true;
        platform::log::warn("order_email_not_queued", {{"reference", order.reference}, {"status", static_cast<int>(res.status)}});
    } catch (const std::exception& e) {
        platform::log::warn("order_email_not_queued", {{"reference", order.reference}, {"error", e.what()}});
    }
    return false;
}

bool OrderChanges::run(const Order& order, const std::string& task, bool refund_left) {
    if (task == tasks::kRefund) return refund(order);
    if (task == tasks::kReturnStock) return return_stock(order);
    if (task == tasks::kEmailShipped) return email(order, shipped_email(order), "shipped");
    if (task == tasks::kEmailDelivered) return email(order, delivered_email(order), "delivered");
    // It says the money is back: only once it is.
    if (task == tasks::kEmailCancelled) return !refund_left && email(order, cancelled_email(order), "cancelled");
    platform::log::error("order_task_unknown", {{"reference", order.reference}, {"task", task}});
    return false;
}

bool OrderChanges::finish(const std::string& reference) {
    auto order = store_.find(reference);
    if (!order) return true;
    auto todo = store_.tasks_of(reference);
    // The refund first: the cancellation's e-mail waits for it.
    std::stable_sort(todo.begin(), todo.end(), [](const std::string& a, const std::string& b) {
        return (a == tasks::kRefund) > (b == tasks::kRefund);
    });
    bool refund_left = false, all_done = true;
    for (const auto& task : todo) {
        bool done = run(*order, task, refund_left);
        if (done) store_.end_task(reference, task);
        else if (task == tasks::kRefund) refund_left = true;
        all_done &= done;
    }
    return all_done;
}

int OrderChanges::finish_pending(int limit) {
    int finished = 0;
    for (const auto& reference : store_.orders_with_tasks(limit)) {
        try {
            finished += finish(reference) ? 1 : 0;
        } catch (const std::exception& e) {
            platform::log::warn("order_tasks_failed", {{"reference", reference}, {"error", e.what()}});
        }
    }
    return finished;
}

}  // namespace rapidtrade::checkout
