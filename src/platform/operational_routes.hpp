#pragma once
// The routes every process answers whatever services it runs, for the orchestrator and monitoring:
// /healthz (the process is alive), /readyz (each service's database answers and is migrated),
// /metrics (Prometheus text, never through the Ingress).
#include <memory>
#include <span>
#include <string>

#include <boost/asio/thread_pool.hpp>

#include "platform/http/router.hpp"
#include "platform/metrics.hpp"
#include "platform/service.hpp"

namespace rapidtrade::platform {

class OperationalRoutes {
public:
    // `services` must outlive this object; `data_dir` holds the last backup's time (db/backup.hpp).
    OperationalRoutes(std::span<const std::unique_ptr<Service>> services, Metrics& metrics, std::string data_dir);
    ~OperationalRoutes();
    OperationalRoutes(const OperationalRoutes&) = delete;
    OperationalRoutes& operator=(const OperationalRoutes&) = delete;

    void mount(http::Router& router);

private:
    std::span<const std::unique_ptr<Service>> services_;
    Metrics& metrics_;
    prometheus::Gauge& last_backup_;
    std::string data_dir_;
    // /readyz asks each database: on its own thread, so a stuck database cannot hold an I/O thread
    // nor wait behind the services' own busy pools.
    boost::asio::thread_pool pool_{1};
};

}  // namespace rapidtrade::platform
