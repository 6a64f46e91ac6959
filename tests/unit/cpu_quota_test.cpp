#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "platform/cpu_quota.hpp"

using namespace rapidtrade::platform;
namespace fs = std::filesystem;

namespace {

// A scratch /sys/fs/cgroup laid out as the kernel does, with the files the tests write.
class CgroupTree : public ::testing::Test {
protected:
    void SetUp() override {
        root_ = fs::temp_directory_path() / ("rapidtrade-cgroup-" + std::to_string(std::random_device{}()));
        fs::create_directories(root_);
    }
    void TearDown() override { fs::remove_all(root_); }
    void write(const std::string& rel, const std::string& text) {
        fs::create_directories((root_ / rel).parent_path());
        std::ofstream(root_ / rel) << text << "\n";
    }
    std::string root() const { return root_.string(); }
    fs::path root_;
};

}  // namespace

TEST_F(CgroupTree, V2QuotaOfTheProcessCgroup) {
    write("cgroup.controllers", "cpu memory");
    write("cpu.max", "max 100000");
    write("kubepods/pod1/ctr/cpu.max", "150000 100000");  // limits.cpu: 1500m
    auto limit = cgroup_cpu_limit(root(), "0::/kubepods/pod1/ctr\n");
    ASSERT_TRUE(limit);
    EXPECT_DOUBLE_EQ(*limit, 1.5);
    EXPECT_EQ(usable_cores(16, limit), 2);
}

TEST_F(CgroupTree, V2NoLimitIsNone) {
    write("cgroup.controllers", "cpu memory");
    write("cpu.max", "max 100000");
    write("system.slice/cpu.max", "max 100000");
    EXPECT_FALSE(cgroup_cpu_limit(root(), "0::/system.slice\n"));
    EXPECT_EQ(usable_cores(8, std::nullopt), 8);
}

TEST_F(CgroupTree, V2ParentQuotaCapsTheChild) {
    write("cgroup.controllers", "cpu");
    write("kubepods/pod1/cpu.max", "50000 100000");
    write("kubepods/pod1/ctr/cpu.max", "max 100000");
    auto limit = cgroup_cpu_limit(root(), "0::/kubepods/pod1/ctr\n");
    ASSERT_TRUE(limit);
    EXPECT_DOUBLE_EQ(*limit, 0.5);
    EXPECT_EQ(usable_cores(4, limit), 1);  // never 0
}

TEST_F(CgroupTree, V2NamespacedContainerSeesItsOwnCgroupAtTheRoot) {
    // cgroupns: /proc/self/cgroup says "0::/" and the container's cgroup is the mount's root.
    write("cgroup.controllers", "cpu");
    write("cpu.max", "200000 100000");
    auto limit = cgroup_cpu_limit(root(), "0::/\n");
    ASSERT_TRUE(limit);
    EXPECT_DOUBLE_EQ(*limit, 2.0);
}

TEST_F(CgroupTree, V1QuotaUnderTheJointControllerName) {
    write("cpu,cpuacct/kubepods/pod1/ctr/cpu.cfs_quota_us", "100000");
    write("cpu,cpuacct/kubepods/pod1/ctr/cpu.cfs_period_us", "100000");
    write("cpu,cpuacct/cpu.cfs_quota_us", "-1");
    write("cpu,cpuacct/cpu.cfs_period_us", "100000");
    auto limit = cgroup_cpu_limit(root(), "5:memory:/kubepods/pod1/ctr\n4:cpu,cpuacct:/kubepods/pod1/ctr\n0::/\n");
    ASSERT_TRUE(limit);
    EXPECT_DOUBLE_EQ(*limit, 1.0);
    EXPECT_EQ(usable_cores(2, limit), 1);
}

TEST_F(CgroupTree, V1ContainerWhoseMountIsItsOwnCgroup) {
    // runc bind-mounts the container's cgroup as cpu/ while /proc/self/cgroup names the host path.
    write("cpu/cpu.cfs_quota_us", "250000");
    write("cpu/cpu.cfs_period_us", "100000");
    auto limit = cgroup_cpu_limit(root(), "1:cpu:/libpod_parent/libpod-abc\n");
    ASSERT_TRUE(limit);
    EXPECT_DOUBLE_EQ(*limit, 2.5);
    EXPECT_EQ(usable_cores(2, limit), 2);  // the node's cores still cap it
}

TEST_F(CgroupTree, V1UnlimitedAndUnreadableAreNone) {
    write("cpu/cpu.cfs_quota_us", "-1");
    write("cpu/cpu.cfs_period_us", "100000");
    EXPECT_FALSE(cgroup_cpu_limit(root(), "1:cpu:/\n"));
    EXPECT_FALSE(cgroup_cpu_limit(root(), "garbage\n"));
    EXPECT_FALSE(cgroup_cpu_limit(root() + "/missing", "0::/\n1:cpu:/\n"));
}

TEST(UsableCores, ThisProcessHasAtLeastOne) { EXPECT_GE(usable_cores(), 1); }
