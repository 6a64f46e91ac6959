#include "services/auth/model.hpp"

namespace rapidtrade::auth {

boost::json::object to_json(const Credential& c) { return {{"customer_id", c.customer_id}, {"email", c.email}}; }

}  // namespace rapidtrade::auth
