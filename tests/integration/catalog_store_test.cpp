// The catalogue's queries on both back ends, with the real seed data.
#include <thread>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "database_fixture.hpp"
#include "platform/db/migrations.hpp"
#include "platform/encoding.hpp"
#include "platform/errors.hpp"
#include "services/catalog/migrations.hpp"
#include "services/catalog/seed.hpp"
#include "services/catalog/store.hpp"

using namespace rapidtrade;
using catalog::CatalogStore;
using catalog::ProductChanges;
using catalog::ProductQuery;

namespace {

const auto kService = platform::Actor::service();
const platform::Actor kStaff{"staff", "STAFF00000000001", "agnes@rapidtrade.example"};

class CatalogStoreTest : public test_support::DatabaseTest {
protected:
    void SetUp() override {
        DatabaseTest::SetUp();
        if (HasFatalFailure()) return;
        platform::db::migrate(db(), "catalog", catalog::migrations());
        store = std::make_unique<CatalogStore>(db());
        catalog::seed_catalog(*store);
    }
    std::vector<std::string> names(const ProductQuery& q) {
        std::vector<std::string> out;
        for (const auto& p : store->list(q).items) out.push_back(p.name);
        return out;
    }
    std::unique_ptr<CatalogStore> store;
};

ProductQuery all() {
    ProductQuery q;
    q.limit = 100;
    return q;
}

}  // namespace

TEST_P(CatalogStoreTest, SeedHasTheBriefsProducts) {
    auto page = store->list(all());
    EXPECT_GE(page.total, 24);
    auto sofa = store->find("OPUK6V6EV0");
    ASSERT_TRUE(sofa);
    EXPECT_EQ(sofa->name, "Canapé Moderne en Cuir");
    EXPECT_EQ(sofa->price_cents, 89900);
    ASSERT_EQ(sofa->categories.size(), 2u);
    EXPECT_EQ(sofa->categories[0].name, "Canapés");
    EXPECT_EQ(sofa->categories[1].name, "Salon");
    EXPECT_EQ(sofa->images.at(0), "/apis/products/images/OPUK6V6EV0.svg");
    auto corner = store->find("1YMWVN1N4O");
    ASSERT_TRUE(corner);
    EXPECT_EQ(corner->name, "Canapé d'Angle Confortable");
    EXPECT_EQ(corner->price_cents, 109900);
    // The first page shows the brief's products first.
    EXPECT_EQ(page.items.at(0).id, "OPUK6V6EV0");
}

// A product's categories and translations are read together for a whole page: each product gets
// its own and no other's, categories in the shop's order, in a list as in a single read.
TEST_P(CatalogStoreTest, EachProductOfAPageGetsItsOwnCategoriesAndTranslations) {
    ProductChanges both;
    both.name = "Zorglub Bicolore";
    both.description = "Pouf";
    both.price_cents = 5000;
    both.stock = 2;
    both.categories = std::vector<std::string>{"salon", "canapes"};
    both.translations.emplace();
    (*both.translations)["en"] = ProductChanges::TextsChange{std::optional<std::string>("Two-tone pouf"),
                                                             std::optional<std::string>("A pouf")};
    auto a = store->create(both, kService);
    ProductChanges bare;
    bare.name = "Zorglub Nu";
    bare.description = "Pouf";
    bare.price_cents = 4000;
    bare.stock = 2;
    auto b = store->create(bare, kService);
    auto q = all();
    q.text = "zorglub";
    auto page = store->list(q);
    ASSERT_EQ(page.items.size(), 2u);
    for (const auto& p : {page.items[0], page.items[1], *store->find(a.id), *store->find(b.id)}) {
        if (p.id == a.id) {
            ASSERT_EQ(p.categories.size(), 2u);
            EXPECT_EQ(p.categories[0].slug, "canapes") << "the shop's order of categories, not the order given";
            EXPECT_EQ(p.categories[1].slug, "salon");
            ASSERT_EQ(p.translations.size(), 1u);
            EXPECT_EQ(p.translations.at("en").name, std::optional<std::string>("Two-tone pouf"));
            EXPECT_EQ(p.translations.at("en").description, std::optional<std::string>("A pouf"));
        } else {
            EXPECT_EQ(p.id, b.id);
            EXPECT_TRUE(p.categories.empty());
            EXPECT_TRUE(p.translations.empty());
        }
    }
}

TEST_P(CatalogStoreTest, SeedingTwiceAddsNothing) {
    auto before = store->list(all()).total;
    catalog::seed_catalog(*store);
    EXPECT_EQ(store->list(all()).total, before);
    EXPECT_EQ(store->categories().size(), 9u);
}

TEST_P(CatalogStoreTest, SearchIgnoresCaseAndAccents) {
    auto q = all();
    q.text = "canape";
    auto found = names(q);
    EXPECT_NE(std::find(found.begin(), found.end(), "Canapé d'Angle Confortable"), found.end());
    EXPECT_NE(std::find(found.begin(), found.end(), "Canapé Moderne en Cuir"), found.end());
    q.text = "CHÊNE massif";
    found = names(q);
    EXPECT_NE(std::find(found.begin(), found.end(), "Table à Manger en Chêne Massif"), found.end());
    q.text = "100% introuvable_";
    EXPECT_TRUE(names(q).empty());
}

TEST_P(CatalogStoreTest, FiltersByCategoryAndSortsByPrice) {
    auto q = all();
    q.category = "canapes";
    q.sort = catalog::Sort::price_asc;
    auto page = store->list(q);
    ASSERT_GE(page.items.size(), 2u);
    for (std::size_t i = 1; i < page.items.size(); ++i)
        EXPECT_LE(page.items[i - 1].price_cents, page.items[i].price_cents);
    for (const auto& p : page.items) {
        bool has = false;
        for (const auto& c : p.categories) has |= c.slug == "canapes";
        EXPECT_TRUE(has) << p.name;
    }
    q.category = "no-such-category";
    EXPECT_EQ(store->list(q).total, 0);
}

TEST_P(CatalogStoreTest, PagesAreDisjointAndCountTheTotal) {
    ProductQuery q;
    q.limit = 5;
    q.sort = catalog::Sort::name;
    auto first = store->list(q);
    q.offset = 5;
    auto second = store->list(q);
    EXPECT_EQ(first.total, second.total);
    ASSERT_EQ(first.items.size(), 5u);
    ASSERT_EQ(second.items.size(), 5u);
    for (const auto& a : first.items)
        for (const auto& b : second.items) EXPECT_NE(a.id, b.id);
    q.offset = 10000;
    EXPECT_TRUE(store->list(q).items.empty());
}

TEST_P(CatalogStoreTest, CreateUpdateDelete) {
    ProductChanges in;
    in.name = "Pouf Zébré en Mérinos";
    in.description = "Pouf tressé à la main";
    in.price_cents = 8990;
    in.stock = 3;
    in.categories = std::vector<std::string>{"salon"};
    auto created = store->create(in, kService);
    EXPECT_TRUE(platform::is_product_id(created.id));
    EXPECT_EQ(created.categories.at(0).slug, "salon");

    ProductChanges change;
    change.stock = 0;
    change.price_cents = 7990;
    auto updated = store->update(created.id, change, kService);
    ASSERT_TRUE(updated);
    EXPECT_EQ(updated->stock, 0);
    EXPECT_EQ(updated->price_cents, 7990);
    EXPECT_EQ(updated->name, "Pouf Zébré en Mérinos");

    auto q = all();
    q.text = "pouf zebre merinos";
    EXPECT_EQ(names(q), std::vector<std::string>{"Pouf Zébré en Mérinos"});

    EXPECT_TRUE(store->remove(created.id, kService));
    EXPECT_FALSE(store->find(created.id));
    EXPECT_FALSE(store->remove(created.id, kService));
    EXPECT_FALSE(store->update(created.id, change, kService));
}

TEST_P(CatalogStoreTest, DuplicateIdIsAConflict) {
    ProductChanges in;
    in.id = "OPUK6V6EV0";
    in.name = "Copie";
    in.price_cents = 100;
    EXPECT_THROW(store->create(in, kService), platform::Conflict);
}

TEST_P(CatalogStoreTest, UnknownCategoryLeavesNothingHalfMade) {
    auto before = store->list(all()).total;
    ProductChanges in;
    in.name = "Lampe";
    in.price_cents = 100;
    in.categories = std::vector<std::string>{"salon", "nope"};
    EXPECT_THROW(store->create(in, kService), platform::Unprocessable);
    EXPECT_EQ(store->list(all()).total, before);
}

// A photo with every byte value (NULs included: PostgreSQL text holds none, hence Base64 in the
// column) comes back byte for byte; its URL leads the product's images in place of the last one.
TEST_P(CatalogStoreTest, PhotosRoundTripEveryByteAndReplaceTheirUrl) {
    std::string bytes;
    for (int i = 0; i < 3 * 256; ++i) bytes += static_cast<char>(i % 256);
    catalog::ProductPhoto first{"image/png", 4, 3, static_cast<std::int64_t>(bytes.size()),
                                platform::sha256_hex(bytes), bytes};
    auto product = store->set_photo("OPUK6V6EV0", first, kService);
    ASSERT_TRUE(product);
    EXPECT_EQ(product->images, (std::vector<std::string>{catalog::photo_url("OPUK6V6EV0", first.sha256),
                                                         "/apis/products/images/OPUK6V6EV0.svg"}));
    auto stored = store->photo("OPUK6V6EV0");
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->bytes, bytes);
    EXPECT_EQ(stored->content_type, "image/png");
    EXPECT_EQ(stored->width, 4);
    EXPECT_EQ(stored->sha256, first.sha256);
    auto described = store->photo_description("OPUK6V6EV0");
    ASSERT_TRUE(described);
    EXPECT_TRUE(described->bytes.empty());
    EXPECT_EQ(described->byte_count, static_cast<std::int64_t>(bytes.size()));

    std::string other = "\xFF\xD8 another" + std::string(1, '\0');
    catalog::ProductPhoto second{"image/jpeg", 1, 1, static_cast<std::int64_t>(other.size()),
                                 platform::sha256_hex(other), other};
    product = store->set_photo("OPUK6V6EV0", second, kService);
    ASSERT_TRUE(product);
    EXPECT_EQ(product->images.size(), 2u);
    EXPECT_EQ(product->images.at(0), catalog::photo_url("OPUK6V6EV0", second.sha256));
    EXPECT_EQ(store->photo("OPUK6V6EV0")->bytes, other);

    EXPECT_FALSE(store->set_photo("ZZZZZZZZZZ", second, kService));
    EXPECT_FALSE(store->photo("ZZZZZZZZZZ"));
    EXPECT_TRUE(store->remove("OPUK6V6EV0", kService));
    EXPECT_FALSE(store->photo("OPUK6V6EV0")) << "the photo goes with its product";
}

TEST_P(CatalogStoreTest, CategoriesAreCreatedRenamedAndRemovedOnlyWhenEmpty) {
    auto created = store->create_category({"tapis", "Tapis"}, kService);
    EXPECT_EQ(created.slug, "tapis");
    EXPECT_EQ(store->categories().back().slug, "tapis");
    EXPECT_THROW(store->create_category({"tapis", "Autre"}, kService), platform::Conflict);
    EXPECT_EQ(store->rename_category("tapis", "Tapis et moquettes", kService)->name, "Tapis et moquettes");
    EXPECT_FALSE(store->rename_category("nope", "x", kService));
    EXPECT_THROW(store->remove_category("canapes", kService), platform::Conflict);
    EXPECT_TRUE(store->remove_category("tapis", kService));
    EXPECT_FALSE(store->remove_category("tapis", kService));
    EXPECT_TRUE(store->category_exists("canapes"));
}

// The history (issue 15): every write once, in its own transaction, with who made it; a write that
// fails or finds nothing records nothing; the product's history outlives it.
TEST_P(CatalogStoreTest, EveryWriteIsRecordedOnceWithWhoAndOutlivesTheProduct) {
    auto events = [&](const std::string& id) {
        std::vector<std::string> out;
        for (const auto& e : store->history_of("product", id, 100, 0).items) out.push_back(e.event);
        return out;
    };
    ProductChanges in;
    in.name = "Pouf";
    in.price_cents = 8990;
    in.stock = 3;
    auto id = store->create(in, kStaff).id;
    ProductChanges change;
    change.price_cents = 7990;
    change.stock = 0;
    change.name = "Pouf tressé";
    ASSERT_TRUE(store->update(id, change, kStaff));
    ProductChanges bad;
    bad.stock = 9;
    bad.categories = std::vector<std::string>{"nope"};
    EXPECT_THROW(store->update(id, bad, kStaff), platform::Unprocessable);
    EXPECT_EQ(store->find(id)->stock, 0) << "the failed write is undone";
    EXPECT_FALSE(store->update("ZZZZZZZZZZ", change, kStaff));
    EXPECT_FALSE(store->remove("ZZZZZZZZZZ", kStaff));
    EXPECT_EQ(store->history_of("product", "ZZZZZZZZZZ", 100, 0).total, 0);
    std::string png = "\x89PNG";
    ASSERT_TRUE(store->set_photo(id, {"image/png", 2, 1, static_cast<std::int64_t>(png.size()), platform::sha256_hex(png), png}, kService));
    ASSERT_TRUE(store->remove(id, kStaff));
    EXPECT_FALSE(store->remove(id, kStaff));

    EXPECT_EQ(events(id), (std::vector<std::string>{"deleted", "photo_uploaded", "updated", "created"}))
        << "newest first, each once, after the deletion too";
    auto page = store->history_of("product", id, 2, 2);
    EXPECT_EQ(page.total, 4);
    ASSERT_EQ(page.items.size(), 2u);
    auto updated = boost::json::parse(page.items[0].details).as_object();
    EXPECT_EQ(page.items[0].event, "updated");
    EXPECT_EQ(page.items[0].actor, "staff");
    EXPECT_EQ(page.items[0].staff_id, "STAFF00000000001");
    EXPECT_EQ(page.items[0].staff_email, "agnes@rapidtrade.example");
    EXPECT_EQ(boost::json::serialize(updated.at("changed")), R"(["name","price","stock"])");
    EXPECT_EQ(boost::json::serialize(updated.at("price_cents")), R"({"from":8990,"to":7990})");
    EXPECT_EQ(boost::json::serialize(updated.at("stock")), R"({"from":3,"to":0})");
    auto all_entries = store->history_of("product", id, 100, 0).items;
    EXPECT_EQ(all_entries[1].actor, "service");
    EXPECT_FALSE(all_entries[1].staff_id) << "the API key names no person";
    EXPECT_EQ(boost::json::parse(all_entries[0].details).at("name"), "Pouf tressé");

    // A conflict records nothing on the product it collided with.
    auto seeded = store->history_of("product", "OPUK6V6EV0", 100, 0).total;
    in.id = "OPUK6V6EV0";
    EXPECT_THROW(store->create(in, kStaff), platform::Conflict);
    EXPECT_EQ(store->history_of("product", "OPUK6V6EV0", 100, 0).total, seeded);
}

TEST_P(CatalogStoreTest, CategoryWritesAreRecordedWithTheOldName) {
    store->create_category({"tapis", "Tapis"}, kStaff);
    EXPECT_THROW(store->create_category({"tapis", "Autre"}, kStaff), platform::Conflict);
    store->rename_category("tapis", "Tapis et moquettes", kStaff);
    EXPECT_FALSE(store->rename_category("nope", "x", kStaff));
    EXPECT_THROW(store->remove_category("canapes", kStaff), platform::Conflict);
    EXPECT_TRUE(store->remove_category("tapis", kService));
    auto page = store->history_of("category", "tapis", 100, 0);
    ASSERT_EQ(page.total, 3);
    EXPECT_EQ(page.items[0].event, "category_deleted");
    EXPECT_EQ(page.items[0].actor, "service");
    EXPECT_EQ(page.items[1].event, "category_renamed");
    EXPECT_EQ(boost::json::serialize(boost::json::parse(page.items[1].details).at("name")),
              R"({"from":"Tapis","to":"Tapis et moquettes"})");
    EXPECT_EQ(page.items[2].event, "category_created");
    EXPECT_EQ(store->history_of("category", "nope", 100, 0).total, 0);
    EXPECT_EQ(store->history_of("category", "canapes", 100, 0).total, 0);
}

// The categories' one history: every category's entries, newest first across categories, paged;
// no product's entry in it.
TEST_P(CatalogStoreTest, TheCategoriesHistoryHoldsEveryCategorysWritesNewestFirst) {
    auto before = store->history_of_all("category", 100, 0).total;
    store->create_category({"tapis", "Tapis"}, kStaff);
    store->create_category({"appliques", "Appliques"}, kService);
    store->rename_category("tapis", "Tapis et moquettes", kStaff);
    ProductChanges stock;
    stock.stock = 4;
    ASSERT_TRUE(store->update("OPUK6V6EV0", stock, kStaff));  // a product's entry: not in it
    auto page = store->history_of_all("category", 100, 0);
    ASSERT_EQ(page.total, before + 3);
    std::vector<std::string> slugs;
    for (int i = 0; i < 3; ++i)
        slugs.push_back(std::string(boost::json::parse(page.items[static_cast<std::size_t>(i)].details).at("slug").as_string()));
    EXPECT_EQ(slugs, (std::vector<std::string>{"tapis", "appliques", "tapis"}));
    EXPECT_EQ(page.items[0].event, "category_renamed");
    EXPECT_EQ(page.items[1].event, "category_created");
    auto second = store->history_of_all("category", 1, 1);
    EXPECT_EQ(second.total, before + 3);
    ASSERT_EQ(second.items.size(), 1u);
    EXPECT_EQ(second.items[0].details, page.items[1].details);
    EXPECT_TRUE(store->history_of_all("category", 10, before + 3).items.empty());
}

// Writes racing on one product (and a reservation taking stock meanwhile): each entry's old stock
// is the one its write replaced, so the entries chain, newest to oldest, with no gap.
TEST_P(CatalogStoreTest, ConcurrentWritesRecordTheValuesTheyReplaced) {
    const std::string id = "OPUK6V6EV0";
    constexpr int kWriters = 6;
    std::vector<std::thread> threads;
    for (int i = 0; i < kWriters; ++i)
        threads.emplace_back([&, i] {
            ProductChanges change;
            change.stock = 100 + i;
            store->update(id, change, kStaff);
        });
    for (auto& t : threads) t.join();
    auto page = store->history_of("product", id, 100, 0);
    std::vector<std::pair<std::int64_t, std::int64_t>> stocks;
    for (const auto& e : page.items) {
        if (e.event != "updated") continue;
        auto d = boost::json::parse(e.details).as_object();
        stocks.emplace_back(d.at("stock").at("from").as_int64(), d.at("stock").at("to").as_int64());
    }
    ASSERT_EQ(stocks.size(), static_cast<std::size_t>(kWriters));
    for (std::size_t i = 0; i + 1 < stocks.size(); ++i)
        EXPECT_EQ(stocks[i].first, stocks[i + 1].second) << "entry " << i << " replaced what the one before it wrote";
    EXPECT_EQ(store->find(id)->stock, stocks.front().second);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, CatalogStoreTest, ::testing::Values(test_support::Backend::sqlite), test_support::backend_name);
INSTANTIATE_TEST_SUITE_P(Postgres, CatalogStoreTest, ::testing::Values(test_support::Backend::postgres),
                         test_support::backend_name);
