#pragma once
// One function per endpoint group of /apis/customers/.
#include <string>
#include <vector>

#include "platform/auth/token_verifier.hpp"
#include "platform/http/client.hpp"
#include "platform/http/message.hpp"
#include "platform/metrics.hpp"
#include "platform/upstreams.hpp"
#include "services/customers/erasure_steps.hpp"
#include "services/customers/store.hpp"

namespace rapidtrade::customers::handlers {

using platform::http::Request;
using platform::http::Response;

struct Context {
    CustomerStore& store;
    platform::http::HttpClient& client;
    const platform::Upstreams& upstreams;
    platform::auth::TokenVerifier& tokens;
    std::vector<std::string> api_keys;
    platform::Metrics& metrics;
    ErasureSteps& erasure;
};

// The customer of the bearer token; 401 when the token is bad or the account no longer exists.
Customer current_customer(Context& ctx, const Request& request);

Response sign_up(Context& ctx, const Request& request);          // POST   /apis/customers/
Response get_me(Context& ctx, const Request& request);           // GET    /apis/customers/me
Response update_me(Context& ctx, const Request& request);        // PATCH  /apis/customers/me
Response delete_me(Context& ctx, const Request& request);        // DELETE /apis/customers/me {password}
Response export_me(Context& ctx, const Request& request);        // GET    /apis/customers/me/export
Response list_addresses(Context& ctx, const Request& request);   // GET    /apis/customers/me/addresses
Response add_address(Context& ctx, const Request& request);      // POST   /apis/customers/me/addresses
Response get_address(Context& ctx, const Request& request);      // GET    /apis/customers/me/addresses/{id}
Response replace_address(Context& ctx, const Request& request);  // PUT    /apis/customers/me/addresses/{id}
Response delete_address(Context& ctx, const Request& request);   // DELETE /apis/customers/me/addresses/{id}
Response admin_list(Context& ctx, const Request& request);       // GET    /apis/customers/?q= (API key or staff)
Response admin_get(Context& ctx, const Request& request);        // GET    /apis/customers/{id} (API key or staff)
Response export_customer(Context& ctx, const Request& request);  // GET    /apis/customers/{id}/export (staff)
Response erase_customer(Context& ctx, const Request& request);   // DELETE /apis/customers/{id} (staff)
Response get_erasure(Context& ctx, const Request& request);      // GET    /apis/customers/{id}/erasure (staff)

}  // namespace rapidtrade::customers::handlers
