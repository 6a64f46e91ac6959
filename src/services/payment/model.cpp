#include "services/payment/model.hpp"

namespace rapidtrade::payment {

boost::json::object to_json(const Charge& c) {
    boost::json::object o{{"id", c.id},
                          {"status", c.status},
                          {"brand", c.brand},
                          {"last4", c.last4},
                          {"amount", {{"amount", c.amount}, {"currency", c.currency}}},
                          {"created_at", c.created_at}};
    if (!c.failure_reason.empty()) o["failure_reason"] = c.failure_reason;
    return o;
}

}  // namespace rapidtrade::payment
