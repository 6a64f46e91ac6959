#pragma once
// Every API service is an ApiService<Context>: its own database (schema from schema/*.sql), its
// worker pool, its routes (routes.txt) and the Context its handlers share. A service writes only
// its Context (handlers/handlers.hpp), the Context's constructor (service.cpp: the wiring) and,
// when it has them, the Context's hooks, found here by name:
//   void seed()         first-start data (ServiceContext::seed_demo_data says whether demo data)
//   void on_migrated()  once the schema is up to date, before seeding and serving
//   void start()        background work, once the server listens (Service::start)
//   void stop()         stops it and waits (Service::stop; called again on destruction: idempotent)
//   ReadCache cache     GETs answered from memory (routes.txt: cache=read, cache=clear)
// So one class template holds what every service did the same way, and each service only what is
// its own.
#include <memory>
#include <span>
#include <string>

#include "platform/http/route_table.hpp"
#include "platform/service.hpp"

namespace rapidtrade::platform {

template <class Context>
class ApiService final : public DatabaseService {
public:
    ApiService(const ServiceContext& service, std::string name, std::span<const db::Migration> migrations,
               std::span<const http::RouteEntry<Context>> routes)
        : DatabaseService(service, std::move(name), migrations), context_(service, db(), workers()), routes_(routes) {}

    // Background work first (when main did not: `rapidtrade migrate`, a failed start-up), then the
    // requests in flight on the pool: both use the Context, destroyed after.
    ~ApiService() override {
        stop();
        stop_workers();
    }

    void seed() override {
        if constexpr (requires(Context& c) { c.seed(); }) context_.seed();
    }
    void start() override {
        if constexpr (requires(Context& c) { c.start(); }) context_.start();
    }
    void stop() override {
        if constexpr (requires(Context& c) { c.stop(); }) context_.stop();
    }
    void mount(http::Router& router) override {
        http::ReadCache* cache = nullptr;
        if constexpr (requires(Context& c) { c.cache; }) cache = &context_.cache;
        http::mount_routes(router.mount(std::string(name()), &workers()), context_, routes_, cache);
    }

private:
    void on_migrated() override {
        if constexpr (requires(Context& c) { c.on_migrated(); }) context_.on_migrated();
    }

    Context context_;
    std::span<const http::RouteEntry<Context>> routes_;
};

// The service `name` whose handlers share a Context, with its migrations and routes.
template <class Context>
std::unique_ptr<Service> make_api_service(const ServiceContext& service, std::string name,
                                          std::span<const db::Migration> migrations,
                                          std::span<const http::RouteEntry<Context>> routes) {
    return std::make_unique<ApiService<Context>>(service, std::move(name), migrations, routes);
}

}  // namespace rapidtrade::platform
