#pragma once
// What the staff's changes do outside the checkout's database: a cancellation refunds the charge
// (payment service) and gives the stock back (the catalogue's reservation under the order's
// reference); each change e-mails the customer once (the e-mail service's outbox, one dedup key per
// order and change). The change itself and the tasks it leaves are written first, in one
// transaction (OrderStore::ship/deliver/cancel); finish() then does the tasks right away, and what
// fails (a service down, the process killed) stays on record for the follow-up thread, which calls
// finish_pending() every CHECKOUT_FOLLOWUP_MS. Every task is idempotent (the refund, the release of
// a reservation, the e-mail's dedup key), so doing one twice after a crash changes nothing.
#include <string>

#include "platform/http/client.hpp"
#include "platform/upstreams.hpp"
#include "services/checkout/confirmation_email.hpp"
#include "services/checkout/store.hpp"

namespace rapidtrade::checkout {

class OrderChanges {
public:
    OrderChanges(OrderStore& store, platform::http::HttpClient& client, const platform::Upstreams& upstreams)
        : store_(store), client_(client), upstreams_(upstreams) {}

    // Does the order's tasks; true when none is left.
    bool finish(const std::string& reference);
    // The same for up to `limit` orders with tasks left; answers how many were finished.
    int finish_pending(int limit);

private:
    // Each answers whether it is done.
    bool refund(const Order& order);
    bool return_stock(const Order& order);
    bool email(const Order& order, const EmailContent& mail, const std::string& change);
    bool run(const Order& order, const std::string& task, bool refund_left);

    OrderStore& store_;
    platform::http::HttpClient& client_;
    const platform::Upstreams& upstreams_;
};

}  // namespace rapidtrade::checkout
