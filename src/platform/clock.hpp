#pragma once
// Timestamps as the services store them: ISO-8601 UTC text to the second ("2026-11-26T04:02:49Z"),
// which sorts and compares the same way on SQLite and PostgreSQL.
#include <chrono>
#include <string>
#include <string_view>

namespace rapidtrade::platform {

std::string iso_utc(std::chrono::system_clock::time_point t);
inline std::string now_iso() { return iso_utc(std::chrono::system_clock::now()); }

// The day of a stored timestamp as French readers write it ("2026-11-26T04:02:49Z" -> "26/11/2026");
// anything too short to hold a date is returned unchanged.
std::string french_date(std::string_view iso);

}  // namespace rapidtrade::platform
