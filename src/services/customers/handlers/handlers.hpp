#pragma once
// The handlers of /apis/customers/ (one file each; their routes: routes.txt) and the Context they share
// (platform/api_service.hpp).
#include <optional>

#include <boost/json/object.hpp>

#include "platform/errors.hpp"
#include "platform/i18n/language.hpp"
#include "platform/service.hpp"
#include "services/customers/erasure_retries.hpp"
#include "services/customers/routes.hpp"
#include "services/customers/erasure_steps.hpp"
#include "services/customers/store.hpp"

namespace rapidtrade::customers::handlers {

struct Context : platform::ServiceContext {
    Context(const platform::ServiceContext& service, platform::db::Database& db, boost::asio::thread_pool& workers);
    CustomerStore store;
    ErasureSteps erasure;    // the other services' part of an erasure (RGPD)
    ErasureRetries retries;  // erasures a service being down left unfinished, finished in the background

    void seed();  // the demo customer's profile
    void start() { retries.start(); }
    void stop() { retries.stop(); }
};

// The customer of the bearer token; 401 when the token is bad or the account no longer exists.
Customer current_customer(Context& ctx, const Request& request);
// body["language"], a profile's language: exactly "fr" or "en" (issue 17); missing: nullopt;
// anything else (null, another type, "FR", "en-GB", "") an error naming the field
// (platform::i18n::read_language_if_present, with the customers' own wording, api.field.one_of).
std::optional<platform::i18n::Language> read_profile_language(const boost::json::object& body,
                                                              std::vector<platform::FieldError>& errors);

}  // namespace rapidtrade::customers::handlers
