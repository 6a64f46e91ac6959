#pragma once
// How many CPUs this process may really use: the node's cores, capped by the container's CPU limit
// (a Kubernetes `limits.cpu`, `podman run --cpus`), which the kernel enforces as a cgroup quota.
// Sizing thread pools on the node's cores alone gives a 1-CPU pod on a 16-core node 16 I/O threads
// that the quota throttles in turn.
#include <optional>
#include <string>

namespace rapidtrade::platform {

// The CPU limit in CPUs (quota / period, e.g. 0.5, 2) of the cgroup described by `proc_self_cgroup`
// (the text of /proc/self/cgroup) under `cgroup_root` (/sys/fs/cgroup), or nullopt when there is
// none. cgroup v2: `cpu.max` ("max 100000" or "50000 100000"); v1: `cpu.cfs_quota_us` (-1: none)
// and `cpu.cfs_period_us` of the cpu controller. The smallest limit on the way to the root counts
// (a parent's quota caps its children). Inside a container the hierarchy is often mounted at the
// container's own cgroup while /proc/self/cgroup names the host's path: then the mount's root is it.
std::optional<double> cgroup_cpu_limit(const std::string& cgroup_root, const std::string& proc_self_cgroup);

// The whole CPUs to size thread pools on: min(cores, ceil(limit)), at least 1.
int usable_cores(unsigned hardware_cores, std::optional<double> cpu_limit);

// The same for this process (std::thread::hardware_concurrency and /proc/self/cgroup).
int usable_cores();

}  // namespace rapidtrade::platform
