#pragma once
// Opens a real database for a test: a fresh SQLite file, or a fresh schema in the PostgreSQL that
// scripts/with-postgres.sh started (TEST_DATABASE_URL). Without that variable the PostgreSQL tests
// fail: they are never skipped silently.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>

#include "platform/db/database.hpp"
#include "platform/ids.hpp"

namespace rapidtrade::test_support {

enum class Backend { sqlite, postgres };

inline std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
    return info.param == Backend::sqlite ? "Sqlite" : "Postgres";
}

class DatabaseTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override {
        platform::db::DatabaseConfig config;
        if (GetParam() == Backend::sqlite) {
            dir_ = std::filesystem::temp_directory_path() / ("rapidtrade-test-" + platform::random_id());
            std::filesystem::create_directories(dir_);
            config.backend = platform::db::Backend::sqlite;
            config.sqlite_path = (dir_ / "test.db").string();
        } else {
            const char* url = std::getenv("TEST_DATABASE_URL");
            ASSERT_NE(url, nullptr) << "TEST_DATABASE_URL is not set: run through `make test` (scripts/with-postgres.sh)";
            config.backend = platform::db::Backend::postgres;
            config.postgres_conninfo = url;
            schema_ = "test_" + platform::random_id();
            for (auto& c : schema_) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            config.schema = schema_;
        }
        config.pool_size = 8;
        db_ = platform::db::Database::open(config);
    }

    void TearDown() override {
        if (!schema_.empty() && db_) {
            auto conn = db_->acquire();
            conn->execute_script("DROP SCHEMA IF EXISTS \"" + schema_ + "\" CASCADE");
        }
        db_.reset();
        if (!dir_.empty()) std::filesystem::remove_all(dir_);
    }

    platform::db::Database& db() { return *db_; }

private:
    std::unique_ptr<platform::db::Database> db_;
    std::filesystem::path dir_;
    std::string schema_;
};

}  // namespace rapidtrade::test_support
