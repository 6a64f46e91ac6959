#include <gtest/gtest.h>

#include <map>

#include "platform/config.hpp"
#include "platform/db/config.hpp"
#include "platform/http/response_cache.hpp"
#include "services/catalog/cache_ttl.hpp"

using namespace rapidtrade::platform;

namespace {

Env env_of(std::map<std::string, std::string> vars) {
    return Env([vars](const std::string& name) -> std::optional<std::string> {
        auto it = vars.find(name);
        if (it == vars.end()) return std::nullopt;
        return it->second;
    });
}

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST(ServerConfig, DefaultsDependOnTheMode) {
    auto all = ServerConfig::from_env(env_of({}), 8080);
    EXPECT_EQ(all.port, 8080);
    EXPECT_EQ(all.data_dir, "var");
    EXPECT_EQ(all.log_level, "info");
    EXPECT_EQ(all.max_body_bytes, 1u << 20);
    auto one = ServerConfig::from_env(env_of({}), 5000);
    EXPECT_EQ(one.port, 5000);
}

TEST(ServerConfig, ReadsEveryVariable) {
    auto c = ServerConfig::from_env(env_of({{"PORT", "9000"},
                                            {"HOST", "127.0.0.1"},
                                            {"LOG_LEVEL", "DEBUG"},
                                            {"READ_TIMEOUT_MS", "250"},
                                            {"MAX_BODY_BYTES", "4096"},
                                            {"ACCESS_LOG", "false"},
                                            {"DATA_DIR", "/data"}}),
                                    8080);
    EXPECT_EQ(c.port, 9000);
    EXPECT_EQ(c.host, "127.0.0.1");
    EXPECT_EQ(c.log_level, "debug");
    EXPECT_EQ(c.read_timeout.count(), 250);
    EXPECT_EQ(c.max_body_bytes, 4096u);
    EXPECT_FALSE(c.access_log);
    EXPECT_EQ(c.data_dir, "/data");
}

TEST(ServerConfig, BadValuesNameTheVariableAndTheExpectedForm) {
    EXPECT_EQ(error_of([] { ServerConfig::from_env(env_of({{"PORT", "http"}}), 8080); }),
              "invalid PORT=\"http\": expected an integer from 0 to 65535");
    EXPECT_EQ(error_of([] { ServerConfig::from_env(env_of({{"PORT", "70000"}}), 8080); }),
              "invalid PORT=\"70000\": expected an integer from 0 to 65535");
    EXPECT_EQ(error_of([] { ServerConfig::from_env(env_of({{"LOG_LEVEL", "loud"}}), 8080); }),
              "invalid LOG_LEVEL=\"loud\": expected one of trace debug info warn error off");
    EXPECT_EQ(error_of([] { ServerConfig::from_env(env_of({{"ACCESS_LOG", "maybe"}}), 8080); }),
              "invalid ACCESS_LOG=\"maybe\": expected true or false");
}

TEST(Env, EmptyValueMeansUnset) {
    auto c = ServerConfig::from_env(env_of({{"PORT", ""}}), 8080);
    EXPECT_EQ(c.port, 8080);
}

TEST(Env, DurationsRefuseZeroUnlessTheCallerAllowsIt) {
    // READ_TIMEOUT_MS=0 would time every request out at once: still refused.
    EXPECT_EQ(error_of([] { ServerConfig::from_env(env_of({{"READ_TIMEOUT_MS", "0"}}), 8080); }),
              "invalid READ_TIMEOUT_MS=\"0\": expected an integer from 1 to 86400000");
    auto env = env_of({{"OFF_OR_MS", "0"}});
    EXPECT_EQ(env.millis("OFF_OR_MS", std::chrono::milliseconds(5), std::chrono::milliseconds(0)).count(), 0);
    EXPECT_EQ(error_of([&] { env.millis("OFF_OR_MS", std::chrono::milliseconds(5)); }),
              "invalid OFF_OR_MS=\"0\": expected an integer from 1 to 86400000");
}

TEST(CatalogCacheTtl, ZeroTurnsTheCacheOffAndIsAccepted) {
    using std::chrono::milliseconds;
    EXPECT_EQ(rapidtrade::catalog::cache_ttl(env_of({})), milliseconds(1000));
    EXPECT_EQ(rapidtrade::catalog::cache_ttl(env_of({{"CATALOG_CACHE_TTL_MS", "0"}})), milliseconds(0));
    EXPECT_EQ(rapidtrade::catalog::cache_ttl(env_of({{"CATALOG_CACHE_TTL_MS", "250"}})), milliseconds(250));
    EXPECT_FALSE(rapidtrade::platform::http::ResponseCache(rapidtrade::catalog::cache_ttl(
                                                                 env_of({{"CATALOG_CACHE_TTL_MS", "0"}})),
                                                             10)
                     .enabled());
}

TEST(CatalogCacheTtl, NegativeOrGarbageStillStopsTheProgram) {
    using rapidtrade::catalog::cache_ttl;
    EXPECT_EQ(error_of([] { cache_ttl(env_of({{"CATALOG_CACHE_TTL_MS", "-1"}})); }),
              "invalid CATALOG_CACHE_TTL_MS=\"-1\": expected an integer from 0 to 86400000");
    EXPECT_EQ(error_of([] { cache_ttl(env_of({{"CATALOG_CACHE_TTL_MS", "soon"}})); }),
              "invalid CATALOG_CACHE_TTL_MS=\"soon\": expected an integer from 0 to 86400000");
    EXPECT_EQ(error_of([] { cache_ttl(env_of({{"CATALOG_CACHE_TTL_MS", "1s"}})); }),
              "invalid CATALOG_CACHE_TTL_MS=\"1s\": expected an integer from 0 to 86400000");
}

TEST(Env, HttpUrlIsValidated) {
    auto env = env_of({{"CARTSERVICE_URL", "http://cart-service:5000/"}, {"BAD_URL", "cart-service:5000"}});
    EXPECT_EQ(env.http_url("CARTSERVICE_URL", ""), "http://cart-service:5000");
    EXPECT_EQ(error_of([&] { env.http_url("BAD_URL", ""); }),
              "invalid BAD_URL=\"cart-service:5000\": expected an http:// URL such as http://catalog:5000");
}

TEST(DatabaseConfig, DefaultsToOneSqliteFilePerService) {
    auto c = db::database_config_for(env_of({}), "catalog", "var");
    EXPECT_EQ(c.backend, db::Backend::sqlite);
    EXPECT_EQ(c.sqlite_path, "var/catalog.db");
}

TEST(DatabaseConfig, ServiceUrlBeatsSharedUrl) {
    auto c = db::database_config_for(env_of({{"CATALOG_DATABASE_URL", "postgres://c@db/catalog"},
                                             {"DATABASE_URL", "postgres://shared@db/all"}}),
                                     "catalog", "var");
    EXPECT_EQ(c.backend, db::Backend::postgres);
    EXPECT_EQ(c.postgres_conninfo, "postgres://c@db/catalog?connect_timeout=5");
    EXPECT_EQ(c.schema, "catalog");
}

TEST(DatabaseConfig, TheBriefsPostgresVariablesWork) {
    auto c = db::database_config_for(env_of({{"POSTGRES_HOST", "postgres-customer"},
                                             {"POSTGRES_PORT", "5432"},
                                             {"POSTGRES_DB", "db-customer"},
                                             {"POSTGRES_USER", "db-customer"},
                                             {"POSTGRES_PASSWORD", "it's secret"}}),
                                     "customers", "var");
    EXPECT_EQ(c.backend, db::Backend::postgres);
    EXPECT_EQ(c.postgres_conninfo,
              "host='postgres-customer' port=5432 dbname='db-customer' user='db-customer' password='it\\'s secret'"
              " connect_timeout=5");
}

TEST(DatabaseConfig, RejectsUnknownSchemes) {
    EXPECT_EQ(error_of([] { db::database_config_for(env_of({{"DATABASE_URL", "mysql://x"}}), "catalog", "var"); }),
              "invalid DATABASE_URL=\"mysql://x\": expected a postgres://, postgresql:// or sqlite: URL");
}
