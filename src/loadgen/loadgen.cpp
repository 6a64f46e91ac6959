#include "loadgen/loadgen.hpp"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <iostream>
#include <mutex>
#include <optional>
#include <random>
#include <regex>
#include <thread>

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include "loadgen/stats.hpp"
#include "platform/http/client.hpp"
#include "platform/http/form.hpp"
#include "platform/log.hpp"

namespace rapidtrade::loadgen {

using platform::http::ClientResponse;
using platform::http::form_encode;
using platform::http::Target;
using platform::http::Verb;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* kProducts[] = {"OPUK6V6EV0", "1YMWVN1N4O", "D0WTFLHBMU", "APTT0ZN3X0"};

std::string hidden_value(const std::string& html, const std::string& name) {
    std::smatch m;
    std::regex re("name=\"" + name + "\" value=\"([^\"]*)\"");
    return std::regex_search(html, m, re) ? m[1].str() : std::string();
}

// One shopper: a cookie jar and the steps of one journey, each timed and checked.
class Shopper {
public:
    Shopper(platform::http::HttpClient& client, const platform::http::Upstream& shop, Stats& stats, std::string journey,
            std::chrono::milliseconds think)
        : client_(client), shop_(shop), stats_(stats), journey_(std::move(journey)), think_(think) {}

    // GET `path`; fails the journey unless 200 and `expect` is in the page.
    bool get(const std::string& step, const Target& path, const std::string& expect, std::string* page = nullptr) {
        return call(step, Verb::get, path, {}, 200, expect, page);
    }
    // POST a form; fails unless 303 (the answer to every successful form).
    bool post(const std::string& step, const Target& path, const std::string& body, std::string* location = nullptr) {
        return call(step, Verb::post, path, body, 303, {}, nullptr, location);
    }

private:
    bool call(const std::string& step, Verb verb, const Target& path, const std::string& body, unsigned want,
              const std::string& expect, std::string* page, std::string* location = nullptr) {
        if (think_.count() > 0) std::this_thread::sleep_for(think_);
        std::vector<std::pair<std::string, std::string>> headers;
        if (!cookie_.empty()) headers.emplace_back("Cookie", cookie_);
        if (verb == Verb::post) headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
        auto started = Clock::now();
        std::string error;
        try {
            auto res = client_.request(shop_, verb, path, body, headers);
            for (const auto& c : res.set_cookies) cookie_ = c.substr(0, c.find(';'));
            if (res.status != want) error = "HTTP " + std::to_string(res.status);
            else if (!expect.empty() && res.body.find(expect) == std::string::npos) error = "page without \"" + expect + "\"";
            if (page != nullptr) *page = std::move(res.body);
            if (location != nullptr) *location = res.location;
        } catch (const std::exception& e) {
            error = "unavailable";
        }
        stats_.record(journey_ + " / " + step, std::chrono::duration<double, std::milli>(Clock::now() - started).count(), error);
        return error.empty();
    }

    platform::http::HttpClient& client_;
    const platform::http::Upstream& shop_;
    Stats& stats_;
    std::string journey_;
    std::chrono::milliseconds think_;
    std::string cookie_;
};

void browse(Shopper& s, std::mt19937& rng) {
    s.get("home", Target{}, "<title>") &&
           s.get("category", Target{"produits"}.query("categorie", "canapes"), "Canapés") &&
           s.get("product", Target{"produits", kProducts[rng() % 4]}, "Ajouter au panier");
}

void search(Shopper& s, std::mt19937&) { s.get("search", Target{"produits"}.query("q", "canape"), "produits"); }

// Product page → add → cart → order form → order → confirmation.
bool buy(Shopper& s, std::mt19937& rng, Stats& stats, const std::string& email, const std::string& promo) {
    std::string page, location;
    auto product = kProducts[rng() % 4];
    if (!s.get("product", Target{"produits", product}, "Ajouter au panier", &page)) return false;
    if (!s.post("add to cart", Target{"panier", "ajouter"},
                form_encode({{"csrf", hidden_value(page, "csrf")}, {"product_id", product}, {"quantity", "1"}})))
        return false;
    if (!s.get("cart", Target{"panier"}, "Passer la commande")) return false;
    if (!s.get("order form", Target{"commande"}, "Valider votre commande", &page)) return false;
    std::vector<std::pair<std::string, std::string>> fields{{"csrf", hidden_value(page, "csrf")},
                                                            {"order_key", hidden_value(page, "order_key")},
                                                            {"email", email},
                                                            {"full_name", "Jean Rault"},
                                                            {"street", "86 quai Saint-Nicolas"},
                                                            {"city", "Auxerre"},
                                                            {"postal_code", "89000"},
                                                            {"card_holder", "Jean Rault"},
                                                            {"card_number", "4556 4262 6162 8918"},
                                                            {"cvv", "229"},
                                                            {"exp_month", "2"},
                                                            {"exp_year", "2028"},
                                                            {"promo_code", promo}};
    if (!s.post("place order", Target{"commande"}, form_encode(fields), &location)) return false;
    static const std::regex kConfirmation("^/commande/[0-9]{13}$");
    if (!std::regex_match(location, kConfirmation)) {
        stats.record("checks / order reference", 0, "no 13-digit reference in " + location);
        return false;
    }
    if (!s.get("confirmation", Target{"commande", location.substr(std::string_view("/commande/").size())}, promo.empty() ? "Merci pour votre commande" : "Remise")) return false;
    stats.order_completed();
    return true;
}

void guest_order(Shopper& s, std::mt19937& rng, Stats& stats, long n) {
    buy(s, rng, stats, fmt::format("invite-{}-{}@loadgen.example.fr", getpid(), n), "");
}

// Returning customers: a pool of accounts made at start, each in one journey at a time (a
// customer has one cart: two journeys sharing an account would empty each other's cart).
class Accounts {
public:
    void add(std::string email) { free_.push_back(std::move(email)); }
    std::optional<std::string> take() {
        std::lock_guard lock(mutex_);
        if (free_.empty()) return std::nullopt;
        auto e = std::move(free_.back());
        free_.pop_back();
        return e;
    }
    void give_back(std::string email) {
        std::lock_guard lock(mutex_);
        free_.push_back(std::move(email));
    }

private:
    std::mutex mutex_;
    std::vector<std::string> free_;
};

constexpr const char* kPassword = "motdepasse-de-charge";

// Log-in (one Argon2id check), then an order with ViveLeDesign.
void customer_order(Shopper& s, std::mt19937& rng, Stats& stats, Accounts& accounts, long n) {
    auto email = accounts.take();
    if (!email) return guest_order(s, rng, stats, n);
    std::string page;
    if (s.get("log-in form", Target{"connexion"}, "Connexion", &page) &&
        s.post("log in", Target{"connexion"},
               form_encode({{"csrf", hidden_value(page, "csrf")}, {"email", *email}, {"password", kPassword}})))
        buy(s, rng, stats, *email, "ViveLeDesign");
    accounts.give_back(*email);
}

// A new visitor creates an account (Argon2id twice: the credential, then the log-in that follows).
void sign_up(Shopper& s, std::mt19937&, Stats&, long n) {
    std::string page;
    if (!s.get("sign-up form", Target{"inscription"}, "Créer un compte", &page)) return;
    s.post("sign up", Target{"inscription"},
           form_encode({{"csrf", hidden_value(page, "csrf")}, {"first_name", "Camille"}, {"last_name", "Charge"},
                        {"email", fmt::format("nouveau-{}-{}@loadgen.example.fr", getpid(), n)}, {"password", kPassword}}));
}

struct Journey {
    const char* name;
    int weight;
};
// Most visitors look; a quarter buy; few create an account (hashing a password is the slowest
// thing a shop does, on purpose).
constexpr Journey kJourneys[] = {
    {"browse", 45}, {"search", 20}, {"guest order", 23}, {"customer order", 10}, {"sign-up", 2}};

}  // namespace

int run(const Options& o) {
    platform::log::init("off");
    platform::http::ClientOptions client_options;
    client_options.max_attempts = 1;  // a failure is a failure: retries would hide it
    client_options.max_idle_per_upstream = static_cast<std::size_t>(o.users) * 2;
    platform::http::HttpClient client(client_options);
    platform::http::Upstream shop{"shop", o.url, ""};
    Stats stats;

    if (!o.restock_api_key.empty()) {
        platform::http::Upstream api{"catalog", o.url, o.restock_api_key};
        for (const char* p : kProducts)
            client.send_json(api, Verb::patch, platform::http::Target{"apis", "products", p}, {{"stock", 1000000}});
    }

    // Returning customers' accounts, made through the sign-up page before the clock starts (not
    // counted in the report).
    Accounts accounts;
    Stats setup;
    for (int i = 0; i < std::min(o.users, 16); ++i) {
        auto email = fmt::format("habitue-{}-{}@loadgen.example.fr", getpid(), i);
        Shopper s(client, shop, setup, "setup", std::chrono::milliseconds(0));
        std::string page;
        if (s.get("form", Target{"inscription"}, "Créer un compte", &page) &&
            s.post("sign up", Target{"inscription"},
                   form_encode({{"csrf", hidden_value(page, "csrf")}, {"first_name", "Claude"}, {"last_name", "Fidèle"},
                                {"email", email}, {"password", kPassword}})))
            accounts.add(email);
    }

    std::mutex mutex;
    std::condition_variable ready;
    std::deque<Clock::time_point> due;  // scheduled journey starts
    bool done = false;
    std::atomic<long> started{0};
    auto worker = [&](int index) {
        std::mt19937 rng(static_cast<unsigned>(std::random_device{}()) + static_cast<unsigned>(index));
        for (;;) {
            Clock::time_point scheduled;
            {
                std::unique_lock lock(mutex);
                ready.wait(lock, [&] { return done || !due.empty(); });
                if (due.empty()) return;
                scheduled = due.front();
                due.pop_front();
            }
            // Open loop: the wait for a free shopper is part of what a real visitor would see.
            stats.record("(start delay)", std::chrono::duration<double, std::milli>(Clock::now() - scheduled).count());
            int pick = static_cast<int>(rng() % 100);
            const Journey* j = &kJourneys[0];
            for (const auto& candidate : kJourneys) {
                if (pick < candidate.weight) {
                    j = &candidate;
                    break;
                }
                pick -= candidate.weight;
            }
            Shopper shopper(client, shop, stats, j->name, o.think);
            long n = ++started;
            std::string name = j->name;
            if (name == "browse") browse(shopper, rng);
            else if (name == "search") search(shopper, rng);
            else if (name == "guest order") guest_order(shopper, rng, stats, n);
            else if (name == "customer order") customer_order(shopper, rng, stats, accounts, n);
            else sign_up(shopper, rng, stats, n);
        }
    };
    std::vector<std::thread> users;
    for (int i = 0; i < o.users; ++i) users.emplace_back(worker, i);

    auto begin = Clock::now();
    auto interval = std::chrono::duration<double>(1.0 / o.rate);
    auto next = begin;
    auto next_report = begin + std::chrono::seconds(1);
    while (Clock::now() - begin < o.duration) {
        auto now = Clock::now();
        while (next <= now) {
            {
                std::lock_guard lock(mutex);
                due.push_back(next);
            }
            ready.notify_one();
            next += std::chrono::duration_cast<Clock::duration>(interval);
        }
        if (now >= next_report) {
            auto w = stats.take_window();
            std::cerr << fmt::format("\r\033[K{:>4.0f} s  {:>6} req/s  errors {:>4}  p99 {:>7.1f} ms  orders {}",
                                     std::chrono::duration<double>(now - begin).count(), w.requests, w.errors, w.p99_ms,
                                     stats.orders())
                      << std::flush;
            next_report += std::chrono::seconds(1);
        }
        std::this_thread::sleep_until(std::min(next, next_report));
    }
    {
        std::lock_guard lock(mutex);
        done = true;
        due.clear();  // starts not begun by the end are dropped, not counted
    }
    ready.notify_all();
    for (auto& t : users) t.join();
    double seconds = std::chrono::duration<double>(Clock::now() - begin).count();
    std::cerr << "\n";
    if (o.json) std::cout << boost::json::serialize(stats.json(seconds)) << "\n";
    else std::cout << stats.text();
    return stats.total_errors() == 0 ? 0 : 1;
}

}  // namespace rapidtrade::loadgen
