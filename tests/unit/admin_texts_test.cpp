// The back-office in English (issue 17): its templates rendered in English, and the texts its code
// writes (statuses, history entries, dates, money), hold no French text of any admin.* message;
// in French they say what they always said.
#include <cctype>
#include <cstring>
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "platform/i18n/messages.hpp"
#include "platform/templates.hpp"
#include "services/frontend/assets.hpp"
#include "services/frontend/frontend.hpp"
#include "services/frontend/history_view.hpp"
#include "services/frontend/order_status.hpp"
#include "services/frontend/pages/admin_nav.hpp"
#include "services/frontend/pages/admin_text.hpp"

namespace {

using namespace rapidtrade;
using platform::i18n::Language;
namespace mustache = kainjow::mustache;

bool is_letter(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

// The French words of every admin.* message whose English differs: the pieces between its slots
// (a slot's value is the page's data, not ours), trimmed, that hold a letter and that the English
// text does not say too.
std::vector<std::string> french_admin_texts() {
    std::vector<std::string> out;
    for (const auto& [key, french] : platform::i18n::messages(Language::fr)) {
        if (!key.starts_with("admin.")) continue;
        const auto& english = platform::i18n::message(Language::en, key);
        if (english == french) continue;
        std::size_t from = 0;
        while (from <= french.size()) {
            auto open = french.find('{', from);
            std::string piece = french.substr(from, open == std::string::npos ? std::string::npos : open - from);
            auto first = piece.find_first_not_of(' ');
            auto last = piece.find_last_not_of(' ');
            if (first != std::string::npos) piece = piece.substr(first, last - first + 1);
            if (std::any_of(piece.begin(), piece.end(), is_letter) && english.find(piece) == std::string::npos)
                out.push_back(piece);
            if (open == std::string::npos) break;
            auto close = french.find('}', open);
            from = close == std::string::npos ? french.size() + 1 : close + 1;
        }
    }
    return out;
}

// `text` holds `words` as words: not inside a longer one ("nom" is not in "nominal").
bool says(const std::string& text, const std::string& words) {
    for (auto at = text.find(words); at != std::string::npos; at = text.find(words, at + 1)) {
        bool starts = at == 0 || !is_letter(text[at - 1]) || !is_letter(words.front());
        auto end = at + words.size();
        bool ends = end == text.size() || !is_letter(text[end]) || !is_letter(words.back());
        if (starts && ends) return true;
    }
    return false;
}

// What a reader of the page reads: its text and the attributes said aloud or shown (placeholder,
// aria-label, alt, title), not the addresses and form values, which stay French in every language
// (/admin/commandes, value="oui").
std::string read_aloud(const std::string& html) {
    std::string out;
    for (std::size_t i = 0; i < html.size();) {
        if (html[i] != '<') {
            out += html[i++];
            continue;
        }
        auto end = html.find('>', i);
        std::string tag = html.substr(i, end == std::string::npos ? std::string::npos : end - i);
        for (const char* attribute : {"placeholder=\"", "aria-label=\"", "alt=\"", "title=\""}) {
            auto at = tag.find(attribute);
            if (at == std::string::npos) continue;
            auto start = at + std::strlen(attribute);
            // Appended piece by piece: GCC 12 warns falsely (-Wrestrict, its bug 105651) on " " + s.
            out += ' ';
            out += tag.substr(start, tag.find('"', start) - start);
            out += ' ';
        }
        out += ' ';
        i = end == std::string::npos ? html.size() : end + 1;
    }
    return out;
}

// Data for every back-office template: one row in each list, every section shown (`on`) or every
// alternative shown (!on), with values no language owns.
mustache::data page_data(Language language, bool on) {
    mustache::data row;
    for (const char* key : {"id", "name", "slug", "email", "reference", "date", "items", "total", "status", "stock",
                            "price", "role", "state", "added", "disabled", "when", "who", "what", "detail", "label",
                            "value", "x", "y", "height"})
        row.set(key, std::string("x1"));
    row.set("can_disable", on ? mustache::data::type::bool_true : mustache::data::type::bool_false);
    row.set("current", on ? mustache::data::type::bool_true : mustache::data::type::bool_false);
    row.set("selected", on ? mustache::data::type::bool_true : mustache::data::type::bool_false);
    row.set("checked", on ? mustache::data::type::bool_true : mustache::data::type::bool_false);
    mustache::list rows{row};
    mustache::data d;
    for (const char* list : {"categories", "orders", "customers", "bars", "low_stock", "history", "products",
                             "accounts", "statuses"})
        d.set(list, rows);
    for (const char* shown : {"has_error", "has_errors", "orders_available", "available", "history_available",
                              "has_history", "can_ship", "can_deliver", "can_cancel", "role_admin", "name_invalid",
                              "slug_invalid", "email_invalid", "role_invalid", "password_invalid",
                              "description_invalid", "price_invalid", "stock_invalid", "name_en_invalid",
                              "description_en_invalid", "has_categories", "has_photo", "photo_invalid"})
        d.set(shown, on ? mustache::data::type::bool_true : mustache::data::type::bool_false);
    for (const char* none : {"empty", "no_orders", "no_low_stock"})
        d.set(none, on ? mustache::data::type::bool_false : mustache::data::type::bool_true);
    for (const char* value : {"id", "name", "email", "since", "reference", "date", "status", "q", "csrf", "error",
                              "today_orders", "today_revenue", "chart_first", "chart_last", "low_threshold",
                              "history_empty", "name_error", "slug_error", "email_error", "role_error",
                              "password_error", "slug", "description", "name_en", "description_en", "price",
                              "stock", "action", "stored_name", "photo", "photo_error", "preview_js",
                              "description_error", "price_error", "stock_error", "name_en_error",
                              "description_en_error", "categories_error"})
        d.set(value, std::string("x1"));
    // The product form: a product's page (`on`, with its photo and history) or a new one's.
    d.set("creating", on ? mustache::data::type::bool_false : mustache::data::type::bool_true);
    frontend::set_admin_navigation(d, language, "orders", true);
    d.set("order_details", mustache::partial([] { return std::string(); }));  // the shop's, translated there
    return d;
}

const char* const kTemplates[] = {"admin_dashboard", "admin_orders",   "admin_order", "admin_customers",
                                  "admin_customer",  "admin_products", "admin_categories", "admin_team",
                                  "admin_team_disable", "admin_product", "admin_product_delete"};

std::string render(Language language, const std::string& name, bool on) {
    auto& page = platform::embedded_template(frontend::embedded_files(), "templates/" + name + ".mustache",
                                              platform::TemplateOptions{.language = language});
    return page.render(page_data(language, on));
}

boost::json::object entry(const char* json) { return boost::json::parse(json).as_object(); }

}  // namespace

TEST(AdminInEnglish, NoPageSaysAFrenchAdminText) {
    auto french = french_admin_texts();
    ASSERT_GT(french.size(), 100u);
    for (const char* name : kTemplates)
        for (bool on : {true, false}) {
            auto text = read_aloud(render(Language::en, name, on));
            for (const auto& words : french) EXPECT_FALSE(says(text, words)) << name << " says \"" << words << "\"";
        }
}

TEST(AdminInEnglish, PagesSpeakEnglishAndFrench) {
    auto orders = render(Language::en, "admin_order", true);
    EXPECT_NE(orders.find("<h1>Order x1</h1>"), std::string::npos);
    EXPECT_NE(orders.find("<button type=\"submit\">Mark as shipped</button>"), std::string::npos);
    EXPECT_NE(orders.find("aria-label=\"Back office\""), std::string::npos);
    EXPECT_NE(orders.find(">Team accounts</a>"), std::string::npos);
    EXPECT_NE(orders.find("Status: <strong>x1</strong> — customer: x1 — placed on x1"), std::string::npos);
    auto french = render(Language::fr, "admin_order", true);
    EXPECT_NE(french.find("<p>État : <strong>x1</strong> — client : x1 — passée le x1</p>"), std::string::npos);
    EXPECT_NE(french.find(">Comptes équipe</a>"), std::string::npos);
    auto history = render(Language::en, "admin_customer", false);
    EXPECT_NE(history.find("The history is not available at the moment."), std::string::npos);
    EXPECT_NE(render(Language::en, "admin_categories", true).find("New name for the category x1"), std::string::npos);
}

// The product pages (issue 17): their French is what it was, word for word (the browser tests
// read it), and their English has the same places filled.
TEST(AdminInEnglish, ProductPagesSpeakEnglishAndFrench) {
    auto edit = render(Language::en, "admin_product", true);
    EXPECT_NE(edit.find("<h1>Product x1</h1>"), std::string::npos);
    EXPECT_NE(edit.find("<label for=\"name_en\">Name (English)</label>"), std::string::npos);
    EXPECT_NE(edit.find("alt=\"Current photo: x1\""), std::string::npos);
    EXPECT_NE(edit.find("<button type=\"submit\">Save</button>"), std::string::npos);
    EXPECT_NE(edit.find("data-too-large=\"This photo is larger than 5 MB: the shop will refuse it.\""), std::string::npos);
    EXPECT_NE(edit.find(">Delete this product…</a>"), std::string::npos);
    // A product without a photo yet (page_data shows either the new product's form or a photo).
    for (auto language : {Language::en, Language::fr}) {
        auto d = page_data(language, true);
        d.set("has_photo", mustache::data::type::bool_false);
        auto html = platform::embedded_template(frontend::embedded_files(), "templates/admin_product.mustache",
                                                platform::TemplateOptions{.language = language})
                        .render(d);
        EXPECT_NE(html.find(language == Language::en ? "<p>This product has no photo yet.</p>"
                                                     : "<p>Ce produit n'a pas encore de photo.</p>"),
                  std::string::npos)
            << html;
        if (language == Language::en) {
            for (const auto& words : french_admin_texts())
                EXPECT_FALSE(says(read_aloud(html), words)) << "admin_product without photo says \"" << words << "\"";
        }
    }
    auto created = render(Language::en, "admin_product", false);
    EXPECT_NE(created.find("<h1>New product</h1>"), std::string::npos);
    EXPECT_NE(created.find("<button type=\"submit\">Create the product</button>"), std::string::npos);
    EXPECT_NE(render(Language::en, "admin_product_delete", true)
                  .find("<p>“x1” (x1, x1 in stock) will be removed from the catalogue and the shop. This cannot be undone.</p>"),
              std::string::npos);

    auto french = render(Language::fr, "admin_product", true);
    EXPECT_NE(french.find("<h1>Produit x1</h1>"), std::string::npos);
    EXPECT_NE(french.find("<label for=\"name_en\">Nom (anglais)</label>"), std::string::npos);
    EXPECT_NE(french.find("<label for=\"price\">Prix (€)</label>"), std::string::npos);
    EXPECT_NE(french.find("alt=\"Photo actuelle : x1\""), std::string::npos);
    EXPECT_NE(french.find("data-wrong-type=\"Ce fichier n'est pas une photo JPEG, PNG ou WebP : la boutique le refusera.\""),
              std::string::npos);
    EXPECT_NE(render(Language::fr, "admin_product", false).find("<button type=\"submit\">Créer le produit</button>"),
              std::string::npos);
    EXPECT_NE(render(Language::fr, "admin_product_delete", true)
                  .find("<p>« x1 » (x1, x1 en stock) sera retiré du catalogue et de la boutique. Cette action est définitive.</p>"),
              std::string::npos);
}

// A change of the English texts alone (issue 17) is said, not "nothing changed": the English name
// from and to, added or removed, and the English description named.
TEST(AdminInEnglish, ProductHistorySaysTheEnglishTexts) {
    auto both = entry(R"({"event":"updated","details":{"changed":["translations.en.name","translations.en.description"],
        "translations.en.name":{"from":"Vase","to":"Blue vase"}}})");
    EXPECT_EQ(frontend::product_event(Language::fr, both),
              "Modifié : nom anglais « Vase » → « Blue vase », description anglaise");
    EXPECT_EQ(frontend::product_event(Language::en, both), "Changed: English name “Vase” → “Blue vase”, English description");
    auto added = entry(R"({"event":"updated","details":{"changed":["translations.en.name"],
        "translations.en.name":{"from":null,"to":"Blue vase"}}})");
    EXPECT_EQ(frontend::product_event(Language::fr, added), "Modifié : nom anglais « Blue vase » ajouté");
    EXPECT_EQ(frontend::product_event(Language::en, added), "Changed: English name “Blue vase” added");
    auto removed = entry(R"({"event":"updated","details":{"changed":["translations.en.name"],
        "translations.en.name":{"from":"Blue vase","to":null}}})");
    EXPECT_EQ(frontend::product_event(Language::fr, removed), "Modifié : nom anglais « Blue vase » retiré");
    EXPECT_EQ(frontend::product_event(Language::en, removed), "Changed: English name “Blue vase” removed");
    // Details without the names (or a value that is no text): the English name is named, nothing invented.
    auto bare = entry(R"({"event":"updated","details":{"changed":["translations.en.name"],"translations.en.name":{"from":1}}})");
    EXPECT_EQ(frontend::product_event(Language::en, bare), "Changed: English name");
    EXPECT_EQ(frontend::product_event(Language::fr, entry(R"({"event":"updated","details":{"changed":["translations.en.description"]}})")),
              "Modifié : description anglaise");
}

// The data inside a message is the page's and is escaped like any value: a category named like
// markup stays text, and a slot written in a value is not filled again.
TEST(AdminInEnglish, ValuesInMessagesStayValues) {
    auto d = page_data(Language::en, true);
    mustache::data row;
    row.set("name", std::string("<script>alert(1)</script>"));
    row.set("slug", std::string("a\"b"));
    d.set("categories", mustache::list{row});
    auto html = platform::embedded_template(frontend::embedded_files(), "templates/admin_categories.mustache",
                                            platform::TemplateOptions{.language = Language::en})
                    .render(d);
    EXPECT_EQ(html.find("<script>"), std::string::npos);
    EXPECT_NE(html.find("New name for the category &lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
    auto renamed = entry(R"({"event":"category_renamed","details":{"slug":"bureau","name":{"from":"{to}","to":"B"}}})");
    EXPECT_EQ(frontend::category_event(Language::en, renamed), "Category “{to}” (bureau) renamed to “B”");
}

TEST(AdminInEnglish, HistoriesSayWhenWhoAndWhat) {
    EXPECT_EQ(frontend::history_when(Language::en, "2026-11-26T04:02:49Z"), "26 November 2026, 04:02");
    EXPECT_EQ(frontend::history_when(Language::fr, "2026-11-26T04:02:49Z"), "26/11/2026 04:02");
    EXPECT_EQ(frontend::history_who(Language::en, entry(R"({"actor":"customer"})")), "the customer");
    EXPECT_EQ(frontend::history_who(Language::fr, entry(R"({"actor":"service"})")), "la boutique");
    EXPECT_EQ(frontend::history_who(Language::en, entry(R"({"actor":"staff","staff":{"email":"ana@example.com"}})")),
              "ana@example.com");

    auto exported = [](int n) {
        return entry(("{\"event\":\"exported\",\"details\":{\"orders\":" + std::to_string(n) + "}}").c_str());
    };
    EXPECT_EQ(frontend::customer_event(Language::en, exported(2)), "Data exported (2 orders)");
    EXPECT_EQ(frontend::customer_event(Language::en, exported(1)), "Data exported (1 order)");
    EXPECT_EQ(frontend::customer_event(Language::en, exported(0)), "Data exported (0 orders)");
    EXPECT_EQ(frontend::customer_event(Language::fr, exported(2)), "Données exportées (2 commandes)");
    EXPECT_EQ(frontend::customer_event(Language::fr, exported(0)), "Données exportées (0 commande)");
    EXPECT_EQ(frontend::customer_event(Language::en, entry(R"({"event":"erasure_finished"})")), "Erasure finished");
    EXPECT_EQ(frontend::customer_event(Language::en, entry(R"({"event":"something_new"})")), "something_new");

    auto price = entry(R"({"event":"updated","details":{"changed":["price","stock","categories"],
        "price_cents":{"from":109900,"to":79900},"stock":{"from":5,"to":3}}})");
    EXPECT_EQ(frontend::product_event(Language::en, price), "Changed: price €1,099.00 → €799.00, stock 5 → 3, categories");
    EXPECT_EQ(frontend::product_event(Language::fr, price),
              "Modifié : prix 1\u202F099,00\u00A0€ → 799,00\u00A0€, stock 5 → 3, catégories");
    EXPECT_EQ(frontend::product_event(Language::en, entry(R"({"event":"updated","details":{"changed":[]}})")),
              "Saved (nothing changed)");
    EXPECT_EQ(frontend::product_event(Language::en, entry(R"({"event":"photo_uploaded","details":{"width":800,"height":600}})")),
              "Photo uploaded (800 × 600 px)");

    auto created = entry(R"({"event":"category_created","details":{"slug":"bureau","name":"Bureau"}})");
    EXPECT_EQ(frontend::category_event(Language::en, created), "Category “Bureau” (bureau) created");
    EXPECT_EQ(frontend::category_event(Language::fr, created), "Catégorie « Bureau » (bureau) créée");

    auto shipped = entry(R"({"event":"shipped","details":{"carrier":"Colissimo","tracking":"8R1","note":"x"}})");
    EXPECT_EQ(frontend::order_event_label(Language::en, shipped), "Shipped");
    EXPECT_EQ(frontend::order_event_details(Language::en, shipped), "carrier: Colissimo, tracking: 8R1, note: x");
    EXPECT_EQ(frontend::order_event_details(Language::fr, shipped), "transporteur : Colissimo, suivi : 8R1, note : x");
    EXPECT_EQ(frontend::order_event_label(Language::en, entry(R"({"event":"stock_returned"})")), "Stock returned");
}

TEST(AdminInEnglish, StatusesAndMoney) {
    using frontend::StatusWords;
    EXPECT_EQ(frontend::order_status_text(Language::en, StatusWords::staff, "paid"), "Paid");
    EXPECT_EQ(frontend::order_status_text(Language::fr, StatusWords::staff, "cancelled"), "Annulée");
    EXPECT_EQ(frontend::order_status_text(Language::en, StatusWords::staff, "<odd>"), "<odd>");  // escaped by the template
    EXPECT_EQ(frontend::price(Language::en, boost::json::parse(R"({"amount":109900})")), "€1,099.00");
    EXPECT_EQ(frontend::price(Language::en, boost::json::parse(R"({"amount":"12"})")), "");
    EXPECT_EQ(frontend::price(Language::en, boost::json::parse("null")), "");
}
