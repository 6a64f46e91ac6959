// The histories' shared pieces (issue 15): what a product's update records, the order of entries,
// an entry's JSON, and how the back-office says when and who.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <thread>

#include <boost/json/serialize.hpp>

#include "platform/history.hpp"
#include "services/catalog/history.hpp"
#include "services/frontend/history_view.hpp"

using namespace rapidtrade;

namespace {

catalog::Product pouf() {
    catalog::Product p;
    p.id = "POUF000001";
    p.name = "Pouf";
    p.description = "Tressé";
    p.price_cents = 8990;
    p.stock = 3;
    p.categories = {{"salon", "Salon"}};
    return p;
}

}  // namespace

TEST(History, AnUpdateNamesTheFieldsThatChangedWithOldAndNewPriceAndStock) {
    auto before = pouf();
    auto after = before;
    after.price_cents = 7990;
    after.stock = 0;
    after.categories = {{"salon", "Salon"}, {"poufs", "Poufs"}};
    EXPECT_EQ(boost::json::serialize(catalog::history::updated(before, after)),
              R"({"price_cents":{"from":8990,"to":7990},"stock":{"from":3,"to":0},)"
              R"("categories":{"from":["salon"],"to":["salon","poufs"]},"changed":["price","stock","categories"]})");
    after = before;
    after.description = "Tressé main";
    after.images = {"/apis/products/images/x.svg"};
    EXPECT_EQ(boost::json::serialize(catalog::history::updated(before, after)), R"({"changed":["description","images"]})")
        << "the description and images are named, not copied";
    EXPECT_EQ(boost::json::serialize(catalog::history::updated(before, before)), R"({"changed":[]})");
}

TEST(History, EntriesAreOrderedStrictlyEvenFromManyThreadsAtOnce) {
    std::vector<std::vector<std::int64_t>> seen(4);
    std::vector<std::thread> threads;
    for (auto& mine : seen)
        threads.emplace_back([&mine] {
            for (int i = 0; i < 1000; ++i) mine.push_back(platform::next_history_sequence());
        });
    for (auto& t : threads) t.join();
    std::set<std::int64_t> all;
    for (const auto& mine : seen) {
        EXPECT_TRUE(std::is_sorted(mine.begin(), mine.end()));
        all.insert(mine.begin(), mine.end());
    }
    EXPECT_EQ(all.size(), 4000u) << "never the same number twice";
}

TEST(History, AnEntrysJsonNamesTheStaffMemberOrNobody) {
    platform::HistoryEntry staff{"2026-11-27T14:05:00Z", "updated", "staff", "STAFF0000000001", "anne@rapidtrade.example", R"({"changed":[]})"};
    EXPECT_EQ(boost::json::serialize(platform::to_json(staff)),
              R"({"at":"2026-11-27T14:05:00Z","event":"updated","actor":"staff",)"
              R"("staff":{"id":"STAFF0000000001","email":"anne@rapidtrade.example"},"details":{"changed":[]}})");
    platform::HistoryEntry service{"2026-11-27T14:05:00Z", "created", "service", std::nullopt, std::nullopt, "not json"};
    EXPECT_EQ(boost::json::serialize(platform::to_json(service)),
              R"({"at":"2026-11-27T14:05:00Z","event":"created","actor":"service","staff":null,"details":{}})");
}

TEST(History, TheBackOfficeSaysWhenAndWhoInFrench) {
    constexpr auto fr = platform::i18n::Language::fr;
    EXPECT_EQ(frontend::history_when(fr, "2026-11-27T14:05:09Z"), "27/11/2026 14:05");
    EXPECT_EQ(frontend::history_when(fr, "bad"), "bad");
    EXPECT_EQ(frontend::history_who(fr, {{"actor", "staff"}, {"staff", {{"id", "S"}, {"email", "anne@rapidtrade.example"}}}}),
              "anne@rapidtrade.example");
    EXPECT_EQ(frontend::history_who(fr, {{"actor", "customer"}, {"staff", nullptr}}), "le client");
    EXPECT_EQ(frontend::history_who(fr, {{"actor", "service"}, {"staff", nullptr}}), "la boutique");
    EXPECT_EQ(frontend::history_who(fr, {}), "la boutique") << "an order's placing has no actor";
}
