#pragma once
// What every microservice (a "target" of the rapidtrade binary) provides to the process that runs
// it. main.cpp is the only place that knows every service; a service knows only the platform.
#include <atomic>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/thread_pool.hpp>

#include "platform/auth/token_verifier.hpp"
#include "platform/config.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migrations.hpp"
#include "platform/http/client.hpp"
#include "platform/http/router.hpp"
#include "platform/metrics.hpp"
#include "platform/upstreams.hpp"

namespace rapidtrade::platform {

// Shared by the services of one process.
struct ServiceContext {
    const Env& env;
    const ServerConfig& server;
    Metrics& metrics;
    // Keys accepted on internal routes (X-Api-Key): API_KEY and the service's own *_API_KEY.
    std::vector<std::string> api_keys;
    http::HttpClient& client;          // calls to other services
    const Upstreams& upstreams;        // where they are
    auth::TokenVerifier& tokens;       // customers' access tokens, checked locally
    bool seed_demo_data;               // SEED_DEMO_DATA: the demo customer and catalogue
};

class Service {
public:
    virtual ~Service() = default;
    virtual std::string_view name() const = 0;
    // Brings the schema up to date; throws on failure (start-up then stops).
    virtual void migrate() = 0;
    // Adds first-start data (only into empty tables; demo accounts only if ServiceContext::seed_demo_data).
    virtual void seed() {}
    virtual void mount(http::Router& router) = 0;
    // Background work (threads, timers) starts here: after every service of the process is mounted
    // and the server listens, so the work can already call other services (in process or over TCP).
    virtual void start() {}
    // Stops what start() began and waits for it, once the server no longer takes requests and
    // before the services' calls to each other are cut: work in flight finishes cleanly.
    virtual void stop() {}
    // For /readyz: the database answers and migrations are done.
    virtual bool ready() = 0;
};

// What every service with a database shares: its database, its migrations, its worker pool (the
// bulkhead its handlers run on), readiness. A derived destructor must call stop_workers() first:
// handlers still running use the derived class's members, destroyed before this base.
class DatabaseService : public Service {
public:
    DatabaseService(const ServiceContext& context, std::string name, std::span<const db::Migration> migrations);
    std::string_view name() const override { return name_; }
    void migrate() override;
    bool ready() override;

protected:
    db::Database& db() { return *db_; }
    boost::asio::thread_pool& workers() { return pool_; }
    void stop_workers() { pool_.join(); }
    // Runs once the schema is up to date (before seeding and serving).
    virtual void on_migrated() {}

private:
    std::string name_;
    std::span<const db::Migration> migrations_;
    std::unique_ptr<db::Database> db_;
    boost::asio::thread_pool pool_;
    std::atomic<bool> migrated_{false};
};

// The service's own database (db/config.hpp decides which), with its metrics reported.
std::unique_ptr<db::Database> open_database(const ServiceContext& context, const std::string& service);

// Throws Unauthorized unless the request carries one of `keys` in X-Api-Key (constant time).
void require_api_key(const http::Request& request, const std::vector<std::string>& keys);
// The client's address, for the throttles of password checks (auth's log-in and reset, the
// customers' account closing). A visitor calling an API directly is the request's client (the
// peer, or what a trusted proxy says: TRUSTED_PROXIES). A front end acting for a shopper passes the
// shopper's address, determined the same way, in X-Client-Address: believed only from a caller
// holding the service API key (401 without it: anyone could otherwise pick the address their
// failures count against), and only if it is one IP address (400 on X-Client-Address otherwise).
std::string client_address(const http::Request& request, const std::vector<std::string>& keys);
// Management routes: the service API key, or a customer token with the "admin" role (403 for a
// valid token without it).
void require_api_key_or_admin(const http::Request& request, const std::vector<std::string>& keys,
                              auth::TokenVerifier& tokens);

// The shop's staff. Roles in an access token: "customer", "staff" (runs the shop: orders, products,
// customers) and "admin" (also staff accounts and settings; an admin is staff too).
bool is_staff(const auth::Claims& claims);
// The staff member behind the request's Bearer token: 401 without a valid token, 403 for a token
// without the staff or admin role (a customer's). The API key alone is not enough: staff actions
// are recorded under the person who did them.
auth::Claims require_staff(const http::Request& request, auth::TokenVerifier& tokens);
// The same for the admin role only.
auth::Claims require_admin(const http::Request& request, auth::TokenVerifier& tokens);
// Routes that both services (the API key) and staff (their token) use: the key, or a staff token;
// returns the staff member's claims, or nullopt when the key was used.
std::optional<auth::Claims> require_api_key_or_staff(const http::Request& request, const std::vector<std::string>& keys,
                                                     auth::TokenVerifier& tokens);

}  // namespace rapidtrade::platform
