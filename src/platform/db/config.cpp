#include "platform/db/config.hpp"

#include <algorithm>
#include <cctype>

namespace rapidtrade::platform::db {
namespace {

std::string upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
    return s;
}

// libpq key=value quoting: single quotes, backslash-escaped.
std::string conninfo_value(const std::string& v) {
    std::string out = "'";
    for (char c : v) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
    }
    return out + "'";
}

DatabaseConfig from_url(const std::string& variable, const std::string& url, const std::string& service) {
    DatabaseConfig c;
    if (url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        c.backend = Backend::postgres;
        c.postgres_conninfo = url;
        c.schema = service;
    } else if (url.starts_with("sqlite://") || url.starts_with("sqlite:")) {
        c.backend = Backend::sqlite;
        c.sqlite_path = url.starts_with("sqlite://") ? url.substr(9) : url.substr(7);
        if (c.sqlite_path.empty()) throw ConfigError(variable, url, "sqlite:PATH or sqlite:///ABSOLUTE/PATH");
    } else {
        throw ConfigError(variable, url, "a postgres://, postgresql:// or sqlite: URL");
    }
    return c;
}

}  // namespace

DatabaseConfig database_config_for(const Env& env, const std::string& service, const std::string& data_dir) {
    DatabaseConfig c;
    std::string own = upper(service) + "_DATABASE_URL";
    if (auto url = env.get(own)) {
        c = from_url(own, *url, service);
    } else if (auto shared = env.get("DATABASE_URL")) {
        c = from_url("DATABASE_URL", *shared, service);
        if (c.backend == Backend::sqlite)  // one SQLite file per service, even from a shared setting
            c.sqlite_path = (c.sqlite_path.ends_with("/") ? c.sqlite_path : c.sqlite_path + "/") + service + ".db";
    } else if (auto host = env.get("POSTGRES_HOST")) {
        c.backend = Backend::postgres;
        auto port = env.integer("POSTGRES_PORT", 5432, 1, 65535);
        c.postgres_conninfo = "host=" + conninfo_value(*host) + " port=" + std::to_string(port) +
                              " dbname=" + conninfo_value(env.string("POSTGRES_DB", "rapidtrade")) +
                              " user=" + conninfo_value(env.string("POSTGRES_USER", "rapidtrade"));
        if (auto pw = env.get("POSTGRES_PASSWORD")) c.postgres_conninfo += " password=" + conninfo_value(*pw);
        c.schema = service;
    } else {
        c.backend = Backend::sqlite;
        c.sqlite_path = data_dir + "/" + service + ".db";
    }
    if (c.backend == Backend::postgres && c.postgres_conninfo.find("connect_timeout") == std::string::npos)
        c.postgres_conninfo += c.postgres_conninfo.find("://") != std::string::npos
                                   ? (c.postgres_conninfo.find('?') == std::string::npos ? "?connect_timeout=5"
                                                                                         : "&connect_timeout=5")
                                   : " connect_timeout=5";
    c.pool_size = static_cast<int>(env.integer("DB_POOL_SIZE", 8, 1, 512));
    return c;
}

}  // namespace rapidtrade::platform::db
