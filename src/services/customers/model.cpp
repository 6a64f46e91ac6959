#include "services/customers/model.hpp"

namespace rapidtrade::customers {

boost::json::object to_json(const Customer& c) {
    return {{"id", c.id},
            {"email", c.email},
            {"first_name", c.first_name},
            {"last_name", c.last_name},
            {"created_at", c.created_at},
            {"language", c.language}};
}

boost::json::object to_json(const Erasure& e) {
    boost::json::array pending;
    for (const auto& s : e.pending_steps) pending.emplace_back(s);
    boost::json::object out{{"customer_id", e.customer_id},
                            {"status", e.finished_at.empty() ? "pending" : "finished"},
                            {"requested_at", e.requested_at},
                            {"pending_steps", std::move(pending)}};
    out["finished_at"] = e.finished_at.empty() ? boost::json::value(nullptr) : boost::json::value(e.finished_at);
    return out;
}

boost::json::object to_json(const StoredAddress& a) {
    auto o = platform::to_json(a.address);
    o.emplace("id", a.id);
    return o;
}

}  // namespace rapidtrade::customers
