#pragma once
// What `rapidtrade serve` tells the person who started it at a terminal: where the shop is, how to
// log in, where the mail goes. Containers (stdout not a terminal) get the JSON "listening" line only.
#include <string>
#include <vector>

namespace rapidtrade {

struct GreetingFacts {
    std::string version;
    std::string base_url;              // http://localhost:8080
    std::vector<std::string> targets;  // the services this process runs
    bool web_shop = false;             // the frontend is one of them
    bool mailbox = false;              // /boite-mail is on (no SMTP_URL)
    bool mailbox_shows_all = false;    // MAILBOX_SHOW_ALL: every customer's mail, not only one's own
    bool demo_customer = false;        // SEED_DEMO_DATA and the auth service here (also the demo admin)
    std::string storage;               // "SQLite in var/" or "PostgreSQL"
    std::string api_key_file;          // where the generated API key is kept, or empty
};

std::string greeting(const GreetingFacts& facts);

}  // namespace rapidtrade
