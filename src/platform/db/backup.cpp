#include "platform/db/backup.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include "platform/encoding.hpp"
#include "platform/clock.hpp"

namespace rapidtrade::platform::db {

namespace fs = std::filesystem;

namespace {

constexpr int kManifestVersion = 1;

using SqlitePtr = std::unique_ptr<sqlite3, decltype(&sqlite3_close)>;

SqlitePtr open_db(const std::string& path, int flags) {
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    SqlitePtr db(raw, &sqlite3_close);
    if (rc != SQLITE_OK)
        throw std::runtime_error("cannot open " + path + ": " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
    sqlite3_busy_timeout(raw, 5000);
    return db;
}

std::string file_sha256(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return platform::sha256_hex(bytes.str());
}

std::int64_t schema_version_of(sqlite3* db) {
    sqlite3_stmt* stmt = nullptr;
    std::int64_t version = 0;
    if (sqlite3_prepare_v2(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW)
        version = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return version;
}

std::string integrity_of(sqlite3* db) {
    sqlite3_stmt* stmt = nullptr;
    std::string result = "cannot run integrity_check";
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
        result = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    return result;
}

}  // namespace

void backup_sqlite(const std::vector<BackupItem>& items, const std::string& dir, const Progress& progress) {
    fs::create_directories(dir);
    if (fs::exists(fs::path(dir) / "manifest.json"))
        throw std::runtime_error(dir + " already holds a backup: choose an empty directory");
    boost::json::array files;
    for (const auto& item : items) {
        if (!fs::exists(item.live_path)) throw std::runtime_error("no database for " + item.service + " at " + item.live_path);
        auto target = fs::path(dir) / (item.service + ".db");
        auto source = open_db(item.live_path, SQLITE_OPEN_READONLY);
        auto dest = open_db(target.string(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
        sqlite3_backup* b = sqlite3_backup_init(dest.get(), "main", source.get(), "main");
        if (b == nullptr) throw std::runtime_error("cannot back up " + item.service + ": " + sqlite3_errmsg(dest.get()));
        int rc;
        // Small steps: the live database is locked only for each step, so the shop keeps serving.
        while ((rc = sqlite3_backup_step(b, 64)) == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
            if (rc != SQLITE_OK) sqlite3_sleep(5);
            int total = sqlite3_backup_pagecount(b), left = sqlite3_backup_remaining(b);
            if (total > 0 && progress) progress(fmt::format("{}: {}/{} pages", item.service, total - left, total));
        }
        sqlite3_backup_finish(b);
        if (rc != SQLITE_DONE) throw std::runtime_error("backup of " + item.service + " failed: " + sqlite3_errstr(rc));
        auto version = schema_version_of(dest.get());
        dest.reset();
        auto size = static_cast<std::int64_t>(fs::file_size(target));
        files.push_back({{"service", item.service},
                         {"file", item.service + ".db"},
                         {"bytes", size},
                         {"sha256", file_sha256(target)},
                         {"schema_version", version}});
        if (progress) progress(fmt::format("{}: done, {} KiB, schema version {}", item.service, size / 1024, version));
    }
    boost::json::object manifest{{"format", "rapidtrade-sqlite-backup"},
                                 {"version", kManifestVersion},
                                 {"created_at", now_iso()},
                                 {"files", std::move(files)}};
    // The manifest is written last and renamed into place: a backup without it is incomplete.
    auto tmp = fs::path(dir) / "manifest.json.tmp";
    std::ofstream(tmp) << boost::json::serialize(manifest) << "\n";
    fs::rename(tmp, fs::path(dir) / "manifest.json");
}

void restore_sqlite(const std::vector<BackupItem>& items, const std::string& dir, const Progress& progress) {
    auto manifest_path = fs::path(dir) / "manifest.json";
    if (!fs::exists(manifest_path)) throw std::runtime_error(dir + " holds no manifest.json: not a complete backup");
    std::ifstream in(manifest_path);
    std::stringstream text;
    text << in.rdbuf();
    boost::system::error_code ec;
    auto manifest = boost::json::parse(text.str(), ec);
    if (ec || !manifest.is_object() || !manifest.as_object().contains("files"))
        throw std::runtime_error("the manifest of " + dir + " is damaged");
    const auto& files = manifest.at("files").as_array();

    // 1. Check everything before touching anything.
    for (const auto& item : items) {
        const boost::json::object* entry = nullptr;
        for (const auto& f : files)
            if (f.at("service").as_string() == item.service) entry = &f.as_object();
        if (entry == nullptr) throw std::runtime_error("the backup has no database for " + item.service);
        auto file = fs::path(dir) / std::string(entry->at("file").as_string());
        if (!fs::exists(file)) throw std::runtime_error("the backup is incomplete: " + file.string() + " is missing");
        if (static_cast<std::int64_t>(fs::file_size(file)) != entry->at("bytes").as_int64() ||
            file_sha256(file) != entry->at("sha256").as_string())
            throw std::runtime_error("the backup is damaged: " + file.string() + " does not match its checksum");
        auto copy = open_db(file.string(), SQLITE_OPEN_READONLY);
        if (auto check = integrity_of(copy.get()); check != "ok")
            throw std::runtime_error("the backup is damaged: " + file.string() + " fails integrity_check (" + check + ")");
        if (progress) progress(item.service + ": checked");
    }
    // 2. No process may have the databases open (each holds a shared lock on <db>.lock); the
    // exclusive locks taken here are kept until the end, so nothing starts while files move.
    struct Locks {
        std::vector<int> fds;
        ~Locks() {
            for (int fd : fds) ::close(fd);
        }
    } locks;
    for (const auto& item : items) {
        auto parent = fs::path(item.live_path).parent_path();
        if (!parent.empty()) fs::create_directories(parent);
        int fd = ::open(sqlite_lock_path(item.live_path).c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0) throw std::runtime_error("cannot open " + sqlite_lock_path(item.live_path));
        locks.fds.push_back(fd);
        if (::flock(fd, LOCK_EX | LOCK_NB) != 0)
            throw std::runtime_error(item.live_path + " is in use: stop the shop before restoring");
    }
    // 3. Replace each file: copy aside, then rename over the live one (and drop its old WAL).
    for (const auto& item : items) {
        auto aside = item.live_path + ".restore-tmp";
        fs::copy_file(fs::path(dir) / (item.service + ".db"), aside, fs::copy_options::overwrite_existing);
        fs::remove(item.live_path + "-wal");
        fs::remove(item.live_path + "-shm");
        fs::rename(aside, item.live_path);
        if (progress) progress(item.service + ": restored");
    }
}

void record_backup_success(const std::string& data_dir) {
    auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
    std::ofstream(std::filesystem::path(data_dir) / "last-backup") << now.count() << "\n";
}

std::optional<double> last_backup_success(const std::string& data_dir) {
    // A few bytes from the page cache: cheap enough to read at each scrape.
    std::ifstream in{std::filesystem::path(data_dir) / "last-backup"};
    double when = 0;
    if (in && in >> when) return when;
    return std::nullopt;
}

}  // namespace rapidtrade::platform::db
