#include "services/customers/model.hpp"

namespace rapidtrade::customers {

boost::json::object to_json(const Customer& c) {
    return {{"id", c.id},
            {"email", c.email},
            {"first_name", c.first_name},
            {"last_name", c.last_name},
            {"created_at", c.created_at}};
}

boost::json::object to_json(const StoredAddress& a) {
    auto o = platform::to_json(a.address);
    o.emplace("id", a.id);
    return o;
}

}  // namespace rapidtrade::customers
