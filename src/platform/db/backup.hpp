#pragma once
// Consistent online backups of the embedded (SQLite) databases, and their restore.
//
// backup: each service's database is copied with SQLite's online backup API while the shop keeps
// serving (readers and writers are not stopped; the copy is a consistent snapshot), then a
// manifest.json records every file with its size, SHA-256 and schema version.
// restore: refuses a backup whose manifest is missing, whose files are missing, damaged (checksum)
// or fail PRAGMA integrity_check, and refuses to overwrite databases in use (the shop must be
// stopped); then each file replaces the live one atomically (write aside, then rename).
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace rapidtrade::platform::db {

struct BackupItem {
    std::string service;
    std::string live_path;  // the service's SQLite file
};

// The lock file every process holds (shared) while it has the database open.
std::string sqlite_lock_path(const std::string& database_path);

// Progress lines for the terminal ("catalog: 412 KiB copied").
using Progress = std::function<void(const std::string&)>;

// Throws std::runtime_error with a sentence for the operator.
void backup_sqlite(const std::vector<BackupItem>& items, const std::string& dir, const Progress& progress);
void restore_sqlite(const std::vector<BackupItem>& items, const std::string& dir, const Progress& progress);

// When `rapidtrade backup` last succeeded for a data directory, kept in DATA_DIR/last-backup (Unix
// seconds) so the running shop can publish it as a metric without any shared memory with the tool.
void record_backup_success(const std::string& data_dir);
std::optional<double> last_backup_success(const std::string& data_dir);

}  // namespace rapidtrade::platform::db
