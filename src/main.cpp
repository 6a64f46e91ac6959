// The `rapidtrade` command: serve, migrate, version.
#include <malloc.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <thread>

#include <CLI/CLI.hpp>
#include <boost/url/parse.hpp>

#include "greeting.hpp"
#include "loadgen/loadgen.hpp"
#include "platform/config.hpp"
#include "platform/db/backup.hpp"
#include "platform/db/config.hpp"
#include "platform/db/migrations.hpp"
#include "platform/http/client.hpp"
#include "platform/http/server.hpp"
#include "platform/ids.hpp"
#include "platform/log.hpp"
#include "platform/operational_routes.hpp"
#include "platform/span_export.hpp"
#include "services/auth/staff_accounts.hpp"
#include "targets.hpp"
#include "version.hpp"

namespace rt = rapidtrade;
namespace platform = rapidtrade::platform;

namespace {

constexpr int kExitUsage = 2;

std::string target_list() {
    std::string s = "all";
    for (const auto& t : rt::all_targets()) s += std::string(", ") + std::string(t.name);
    return s;
}

std::vector<const rt::Target*> resolve_targets(const std::string& name) {
    std::vector<const rt::Target*> out;
    if (name == "all") {
        for (const auto& t : rt::all_targets()) out.push_back(&t);
    } else if (const auto* t = rt::find_target(name)) {
        out.push_back(t);
    } else {
        std::cerr << "rapidtrade: unknown target '" << name << "'; expected one of: " << target_list() << "\n";
        std::exit(kExitUsage);
    }
    return out;
}

// Internal routes need a key. A cluster gives it (API_KEY, a Secret); on a laptop the first start
// makes one and keeps it in the data directory, readable by its owner only.
std::string resolve_api_key(const platform::Env& env, const std::string& data_dir) {
    if (auto key = env.get("API_KEY")) return *key;
    auto path = std::filesystem::path(data_dir) / "api-key";
    if (std::ifstream in{path}; in) {
        std::string key;
        std::getline(in, key);
        if (!key.empty()) return key;
    }
    std::filesystem::create_directories(data_dir);
    std::string key = platform::random_token(32);
    {
        std::ofstream out{path};
        out << key << "\n";
    }
    ::chmod(path.c_str(), 0600);
    platform::log::warn("api_key_generated", {{"file", path.string()},
                                              {"hint", "set API_KEY in the environment to choose the key"}});
    return key;
}

// Every keep-alive client holds a descriptor: allow as many as the hard limit permits.
void raise_file_limit() {
    rlimit rl{};
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
}

// glibc gives a thread's heap back to the kernel whenever 128 KiB at its top are free, and the next
// answers fault the same pages in again: after a few seconds of mixed traffic, 5 % of the product-
// list page's CPU was page faults and it served 20 % fewer answers per core (bench/README.md,
// 2026-12-04). A few MiB kept per heap end that; a burst's memory still goes back above it.
// Called before any thread starts (mallopt is not meant to race with allocations).
void keep_freed_memory_for_reuse() { mallopt(M_TRIM_THRESHOLD, 4 << 20); }

struct Services {
    std::vector<std::unique_ptr<platform::Service>> list;
};

// What the services of one process share: the outbound client, where the others are, the token
// verifier. Built before the services, destroyed after them.
struct Shared {
    Shared(const platform::Env& env, bool all_in_one, const std::string& api_key, platform::Metrics& metrics,
           platform::span_export::SpanExporter* spans = nullptr)
        : client({}, &metrics, spans),
          upstreams(env, all_in_one, api_key, rt::service_addresses()), tokens(client, upstreams, env.string("AUTH_ISSUER", "rapidtrade")),
          seed_demo_data(env.boolean("SEED_DEMO_DATA", true)) {}
    platform::http::HttpClient client;
    platform::Upstreams upstreams;
    platform::auth::TokenVerifier tokens;
    bool seed_demo_data;
};

Services make_services(const std::vector<const rt::Target*>& targets, const platform::Env& env,
                       const platform::ServerConfig& cfg, platform::Metrics& metrics, const std::string& api_key,
                       Shared& shared) {
    Services s;
    for (const auto* t : targets) {
        std::vector<std::string> keys{api_key};
        if (!t->variable_prefix.empty())
            if (auto own = env.get(std::string(t->variable_prefix) + "_API_KEY")) keys.push_back(*own);
        platform::ServiceContext ctx{env,           cfg,           metrics,       std::move(keys),
                                     shared.client, shared.upstreams, shared.tokens, shared.seed_demo_data};
        s.list.push_back(t->make(ctx));
    }
    return s;
}

rt::GreetingFacts greeting_facts(const platform::Env& env, const platform::ServerConfig& cfg,
                                 const std::vector<const rt::Target*>& targets, std::uint16_t port) {
    rt::GreetingFacts f;
    f.version = std::string(rt::kVersion);
    bool any_address = cfg.host == "0.0.0.0" || cfg.host == "::";
    f.base_url = "http://" + (any_address ? std::string("localhost") : cfg.host) + ":" + std::to_string(port);
    bool auth_here = false;
    std::string stored_by;
    for (const auto* t : targets) {
        f.targets.emplace_back(t->name);
        f.web_shop |= t->name == "frontend";
        auth_here |= t->name == "auth";
        if (t->stores_data && stored_by.empty()) stored_by = t->name;
    }
    f.mailbox = !env.get("SMTP_URL");
    f.mailbox_shows_all = env.boolean("MAILBOX_SHOW_ALL", false);
    f.demo_customer = auth_here && env.boolean("SEED_DEMO_DATA", true);
    if (!stored_by.empty()) {
        auto db = platform::db::database_config_for(env, stored_by, cfg.data_dir);
        f.storage = db.backend == platform::db::Backend::sqlite ? "SQLite in " + cfg.data_dir + "/" : "PostgreSQL";
    } else {
        f.storage = "no database";
    }
    if (!env.get("API_KEY")) f.api_key_file = (std::filesystem::path(cfg.data_dir) / "api-key").string();
    return f;
}

int serve(const std::string& target_name, std::optional<int> port_flag) {
    auto started = std::chrono::steady_clock::now();
    auto targets = resolve_targets(target_name);
    platform::Env env;
    auto cfg = platform::ServerConfig::from_env(env, target_name == "all" ? 8080 : 5000);
    if (port_flag) cfg.port = static_cast<std::uint16_t>(*port_flag);
    platform::log::init(cfg.log_level, platform::log::format_for(cfg.log_format));
    raise_file_limit();
    keep_freed_memory_for_reuse();
    std::string api_key = resolve_api_key(env, cfg.data_dir);

    platform::Metrics metrics;
    // Spans to an OpenTelemetry collector when OTEL_EXPORTER_OTLP_ENDPOINT is set; destroyed last,
    // so what is queued goes out before the process ends.
    platform::span_export::SpanExporter spans(env, metrics,
                                              target_name == "all" ? "rapidtrade" : "rapidtrade-" + target_name);
    Shared shared(env, target_name == "all", api_key, metrics, &spans);
    auto services = make_services(targets, env, cfg, metrics, api_key, shared);
    for (auto& s : services.list) {
        s->migrate();
        s->seed();  // first-start data; the demo customer only when SEED_DEMO_DATA is true
    }

    platform::http::Router router;
    for (auto& s : services.list) s->mount(router);
    platform::OperationalRoutes operational(services.list, metrics, cfg.data_dir);
    operational.mount(router);

    platform::http::Server server(cfg, router, metrics, &spans);
    server.listen();
    shared.upstreams.attach_self(server, server.port());
    for (auto& s : services.list) s->start();
    auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    boost::json::array names;
    for (const auto* t : targets) names.push_back(boost::json::string(t->name));
    platform::log::info("listening", {{"port", server.port()},
                                      {"host", cfg.host},
                                      {"targets", std::move(names)},
                                      {"startup_ms", static_cast<std::int64_t>(ms)},
                                      {"version", rt::kVersion}});
    if (::isatty(STDOUT_FILENO)) std::cout << rt::greeting(greeting_facts(env, cfg, targets, server.port())) << std::flush;
    server.run();
    for (auto it = services.list.rbegin(); it != services.list.rend(); ++it) (*it)->stop();
    shared.upstreams.detach_self();
    platform::log::info("stopped");
    return 0;
}

int migrate(const std::string& target_name) {
    auto targets = resolve_targets(target_name);
    platform::Env env;
    auto cfg = platform::ServerConfig::from_env(env, 5000);
    platform::log::init(cfg.log_level);
    platform::Metrics metrics;
    Shared shared(env, target_name == "all", "unused-by-migrate", metrics);
    auto services = make_services(targets, env, cfg, metrics, "unused-by-migrate", shared);
    for (auto& s : services.list) {
        s->migrate();
        std::cout << "migrated " << s->name() << "\n";
    }
    return 0;
}

// The SQLite file of every target that stores data; refuses PostgreSQL (pg_dump is the tool there).
std::vector<platform::db::BackupItem> sqlite_items(const std::string& target_name) {
    platform::Env env;
    auto cfg = platform::ServerConfig::from_env(env, 8080);
    std::vector<platform::db::BackupItem> items;
    for (const auto* t : resolve_targets(target_name)) {
        if (!t->stores_data) continue;
        auto db = platform::db::database_config_for(env, std::string(t->name), cfg.data_dir);
        if (db.backend != platform::db::Backend::sqlite)
            throw std::runtime_error(std::string(t->name) +
                                     " uses PostgreSQL: back it up with pg_dump (docs/operations.md), not this command");
        items.push_back({std::string(t->name), db.sqlite_path});
    }
    return items;
}

int backup(const std::string& dir, const std::string& target_name) {
    auto started = std::chrono::steady_clock::now();
    platform::db::backup_sqlite(sqlite_items(target_name), dir, [](const std::string& line) {
        std::cout << "\r\033[K" << line << std::flush;
        if (line.find("done") != std::string::npos) std::cout << "\n";
    });
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    // For monitoring: the running shop publishes this as rapidtrade_backup_last_success_timestamp_seconds.
    platform::Env env;
    platform::db::record_backup_success(platform::ServerConfig::from_env(env, 8080).data_dir);
    std::cout << "backup complete in " << dir << " (" << ms << " ms)\n";
    return 0;
}

int restore(const std::string& dir, const std::string& target_name) {
    platform::db::restore_sqlite(sqlite_items(target_name), dir, [](const std::string& line) { std::cout << line << "\n"; });
    std::cout << "restore complete from " << dir << "\n";
    return 0;
}

int healthcheck(std::string url) {
    platform::Env env;
    if (url.empty())
        url = "http://127.0.0.1:" + std::to_string(env.integer("PORT", 5000, 1, 65535)) + "/healthz";
    auto parsed = boost::urls::parse_absolute_uri(url);
    if (!parsed) {
        std::cerr << "rapidtrade: invalid --url " << url << "\n";
        return kExitUsage;
    }
    platform::log::init("off");
    platform::http::ClientOptions options;
    options.max_attempts = 1;
    options.request_timeout = std::chrono::milliseconds(2000);
    platform::http::HttpClient client(options);
    std::string base = std::string(parsed->scheme()) + "://" + std::string(parsed->encoded_authority());
    try {
        platform::http::Target target{};
        for (auto segment : parsed->segments()) target.segment(segment);
        auto res = client.get({"self", base, ""}, target);
        if (res.status == 200) return 0;
        std::cerr << "rapidtrade: " << url << " answered " << res.status << "\n";
    } catch (const std::exception& e) {
        std::cerr << "rapidtrade: " << e.what() << "\n";
    }
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"RapidTrade: the E-Design furniture shop, one binary for every microservice.\n"
                 "Targets: " + target_list()};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string(rt::kVersion));

    std::string serve_target = "all";
    std::optional<int> port;
    auto* serve_cmd = app.add_subcommand("serve", "Run one target, or every service in one process (all)");
    serve_cmd->add_option("--target", serve_target, "Which service to run: " + target_list());
    serve_cmd->add_option("--port", port, "Listen port (overrides PORT)")->check(CLI::Range(0, 65535));

    std::string migrate_target;
    auto* migrate_cmd = app.add_subcommand("migrate", "Bring a target's database schema up to date, then exit");
    migrate_cmd->add_option("--target", migrate_target, "Which service: " + target_list())->required();

    auto* version_cmd = app.add_subcommand("version", "Print the version");

    std::string backup_dir, backup_target = "all";
    auto* backup_cmd = app.add_subcommand("backup", "Copy every SQLite database, online, into DIR with a checksummed manifest");
    backup_cmd->add_option("--to", backup_dir, "An empty or new directory")->required();
    backup_cmd->add_option("--target", backup_target, "Which service (default all)");
    std::string restore_dir, restore_target = "all";
    auto* restore_cmd = app.add_subcommand("restore", "Check a backup, then put it in place of the databases (shop stopped)");
    restore_cmd->add_option("--from", restore_dir, "A directory written by rapidtrade backup")->required();
    restore_cmd->add_option("--target", restore_target, "Which service (default all)");

    rt::loadgen::Options load;
    std::string load_duration = "10s";
    auto* load_cmd = app.add_subcommand("loadgen", "Simulated shoppers against a running shop (see bench/README.md)");
    load_cmd->add_option("--url", load.url, "Base URL of the shop")->capture_default_str();
    load_cmd->add_option("--rate", load.rate, "Journeys started per second (open loop)")->check(CLI::Range(0.1, 100000.0));
    load_cmd->add_option("--duration", load_duration, "How long, e.g. 10s, 2m")->capture_default_str();
    load_cmd->add_option("--users", load.users, "Journeys in flight at most")->check(CLI::Range(1, 10000));
    load_cmd->add_flag("--json", load.json, "Print the report as JSON");
    load_cmd->add_option("--restock", load.restock_api_key, "API key: give the products plenty of stock first");

    // Staff accounts, in the auth database (the shop running or not): services/auth/staff_accounts.hpp.
    rt::auth::StaffCommand staff;
    auto* staff_cmd = app.add_subcommand("staff", "The shop's staff accounts (back-office): add, list, disable");
    staff_cmd->require_subcommand(1);
    auto* staff_add =
        staff_cmd->add_subcommand("add", "Add an account; the password is read from standard input (one line)");
    staff_add->add_option("--email", staff.email, "Its e-mail address")->required();
    staff_add->add_option("--role", staff.role, "admin or staff")->required()->check(CLI::IsMember({"admin", "staff"}));
    staff_cmd->add_subcommand("list", "Every staff account: e-mail, role, state, created");
    staff_cmd->add_subcommand("disable", "Refuse the account's log-ins and close its sessions")
        ->add_option("--email", staff.email, "Its e-mail address")->required();

    std::string health_url;
    auto* health_cmd = app.add_subcommand(
        "healthcheck", "Exit 0 if the local server answers /healthz (for container HEALTHCHECK; no curl needed)");
    health_cmd->add_option("--url", health_url, "Default: http://127.0.0.1:$PORT/healthz");

    // The preStop hook of every Deployment (deploy/k8s): Kubernetes takes a terminating pod out of its
    // Services' endpoints (and Traefik out of its routes) while the kubelet runs this hook, not
    // before; waiting here keeps the pod serving what is still routed to it until they caught up,
    // then SIGTERM drains the rest. The image has no shell or sleep; k3s 1.27 has no preStop.sleep.
    int sleep_seconds = 0;
    auto* sleep_cmd = app.add_subcommand("sleep", "Wait SECONDS, then exit 0 (the Kubernetes preStop hook)");
    sleep_cmd->add_option("seconds", sleep_seconds, "How long")->required()->check(CLI::Range(0, 600));

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? 0 : kExitUsage;
    }

    try {
        if (*version_cmd) {
            std::cout << "rapidtrade " << rt::kVersion << "\n";
            return 0;
        }
        if (*migrate_cmd) return migrate(migrate_target);
        if (*health_cmd) return healthcheck(health_url);
        if (*sleep_cmd) {
            std::this_thread::sleep_for(std::chrono::seconds(sleep_seconds));
            return 0;
        }
        if (*backup_cmd) return backup(backup_dir, backup_target);
        if (*load_cmd) {
            std::smatch m;
            if (!std::regex_match(load_duration, m, std::regex("([0-9]+)(ms|s|m)"))) {
                std::cerr << "rapidtrade: invalid --duration " << load_duration << ": expected e.g. 500ms, 10s, 2m\n";
                return kExitUsage;
            }
            long n = std::stol(m[1]);
            load.duration = std::chrono::milliseconds(m[2] == "ms" ? n : m[2] == "s" ? n * 1000 : n * 60000);
            return rt::loadgen::run(load);
        }
        if (*restore_cmd) return restore(restore_dir, restore_target);
        if (*staff_cmd) {
            staff.action = staff_cmd->get_subcommands().front()->get_name();
            platform::Env env;
            platform::log::init("off");
            auto data_dir = platform::ServerConfig::from_env(env, 8080).data_dir;
            return rt::auth::run_staff_command(env, data_dir, staff, std::cin, std::cout, std::cerr);
        }
        if (*serve_cmd) return serve(serve_target, port);
    } catch (const platform::ConfigError& e) {
        std::cerr << "rapidtrade: " << e.what() << "\n";
        return kExitUsage;
    } catch (const std::exception& e) {
        platform::log::error("command_failed", {{"error", e.what()}});
        std::cerr << "rapidtrade: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
