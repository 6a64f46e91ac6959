#include "platform/cpu_quota.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

namespace rapidtrade::platform {

namespace {

namespace fs = std::filesystem;

std::optional<std::string> read_first_line(const fs::path& file) {
    std::ifstream in(file);
    std::string line;
    if (!in || !std::getline(in, line)) return std::nullopt;
    return line;
}

// "50000 100000" -> 0.5; "max 100000" or anything unreadable -> nullopt.
std::optional<double> v2_limit(const fs::path& dir) {
    auto line = read_first_line(dir / "cpu.max");
    if (!line) return std::nullopt;
    std::istringstream in(*line);
    std::string quota;
    double period = 0;
    if (!(in >> quota >> period) || quota == "max" || period <= 0) return std::nullopt;
    try {
        double q = std::stod(quota);
        return q > 0 ? std::optional(q / period) : std::nullopt;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::optional<double> v1_limit(const fs::path& dir) {
    auto quota = read_first_line(dir / "cpu.cfs_quota_us");
    auto period = read_first_line(dir / "cpu.cfs_period_us");
    if (!quota || !period) return std::nullopt;
    try {
        double q = std::stod(*quota), p = std::stod(*period);
        return q > 0 && p > 0 ? std::optional(q / p) : std::nullopt;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

// The smallest limit from `mount/path` up to `mount`; if `mount/path` does not exist (the mount is
// the container's own cgroup), the mount alone.
std::optional<double> smallest_up(const fs::path& mount, const std::string& path,
                                  std::optional<double> (*limit)(const fs::path&)) {
    std::error_code ec;
    fs::path rel = fs::path(path).relative_path();
    if (!fs::is_directory(mount / rel, ec)) rel.clear();
    std::optional<double> best;
    for (fs::path p = rel;; p = p.parent_path()) {
        if (auto l = limit(mount / p); l && (!best || *l < *best)) best = l;
        if (p.empty()) break;
    }
    return best;
}

}  // namespace

std::optional<double> cgroup_cpu_limit(const std::string& cgroup_root, const std::string& proc_self_cgroup) {
    const fs::path root(cgroup_root);
    std::optional<double> best;
    auto keep = [&best](std::optional<double> l) {
        if (l && (!best || *l < *best)) best = l;
    };
    std::istringstream lines(proc_self_cgroup);
    std::string line;
    while (std::getline(lines, line)) {
        // hierarchy-ID:controller-list:path
        auto first = line.find(':');
        auto second = first == std::string::npos ? first : line.find(':', first + 1);
        if (second == std::string::npos) continue;
        std::string controllers = line.substr(first + 1, second - first - 1);
        std::string path = line.substr(second + 1);
        if (line.compare(0, first, "0") == 0 && controllers.empty()) {
            // cgroup v2: unified at the root, or at unified/ beside v1 controllers (hybrid).
            for (const auto& mount : {root, root / "unified"})
                if (fs::exists(mount / "cgroup.controllers")) keep(smallest_up(mount, path, v2_limit));
            continue;
        }
        std::vector<std::string> names;
        std::istringstream list(controllers);
        for (std::string c; std::getline(list, c, ',');) names.push_back(c);
        if (std::find(names.begin(), names.end(), "cpu") == names.end()) continue;
        // v1: mounted as cpu/, or under its joint name (cpu,cpuacct/) with cpu/ a link to it.
        for (const auto& mount : {root / "cpu", root / controllers})
            if (fs::is_directory(mount)) {
                keep(smallest_up(mount, path, v1_limit));
                break;
            }
    }
    return best;
}

int usable_cores(unsigned hardware_cores, std::optional<double> cpu_limit) {
    int cores = static_cast<int>(std::max(1u, hardware_cores));
    if (cpu_limit && *cpu_limit > 0) cores = std::min(cores, std::max(1, static_cast<int>(std::ceil(*cpu_limit))));
    return cores;
}

int usable_cores() {
    std::ifstream in("/proc/self/cgroup");
    std::stringstream text;
    text << in.rdbuf();
    return usable_cores(std::thread::hardware_concurrency(), cgroup_cpu_limit("/sys/fs/cgroup", text.str()));
}

}  // namespace rapidtrade::platform
