#pragma once
// Timestamps as the services store them: ISO-8601 UTC text to the second ("2026-11-26T04:02:49Z"),
// which sorts and compares the same way on SQLite and PostgreSQL.
#include <chrono>
#include <string>

namespace rapidtrade::platform {

std::string iso_utc(std::chrono::system_clock::time_point t);
inline std::string now_iso() { return iso_utc(std::chrono::system_clock::now()); }

}  // namespace rapidtrade::platform
