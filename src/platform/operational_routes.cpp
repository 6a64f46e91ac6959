#include "platform/operational_routes.hpp"

#include "platform/db/backup.hpp"
#include "platform/errors.hpp"
#include "platform/http/message.hpp"

namespace rapidtrade::platform {

OperationalRoutes::OperationalRoutes(std::span<const std::unique_ptr<Service>> services, Metrics& metrics,
                                     std::string data_dir)
    : services_(services),
      metrics_(metrics),
      last_backup_(metrics.gauge("rapidtrade_backup_last_success_timestamp_seconds",
                                 "When `rapidtrade backup` last succeeded for this data directory (Unix time)")),
      data_dir_(std::move(data_dir)) {}

OperationalRoutes::~OperationalRoutes() { pool_.join(); }

void OperationalRoutes::mount(http::Router& router) {
    router.mount("platform", nullptr)
        .get("/healthz", [](http::Request&) { return http::json_response(200, {{"status", "ok"}}); })
        .get("/metrics", [this](http::Request& r) {
            // A request that came through the Ingress (a trusted proxy that forwarded it) is public:
            // the metrics are for Prometheus, which scrapes each pod directly.
            if (r.forwarded) throw NotFound(Msg("api.request.no_resource", {{"path", "/metrics"}}));
            if (auto when = db::last_backup_success(data_dir_)) last_backup_.Set(*when);
            return http::bytes_response(200, metrics_.render(), "text/plain; version=0.0.4; charset=utf-8");
        });
    router.mount("platform", &pool_).get("/readyz", [this](http::Request&) {
        boost::json::object checks;
        bool ok = true;
        for (const auto& s : services_) {
            bool ready = s->ready();
            ok &= ready;
            checks[s->name()] = ready ? "ok" : "unavailable";
        }
        return http::json_response(ok ? 200 : 503, {{"status", ok ? "ready" : "not ready"}, {"checks", std::move(checks)}});
    });
}

}  // namespace rapidtrade::platform
