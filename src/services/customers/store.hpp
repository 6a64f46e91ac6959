#pragma once
// Customer profiles and their address books.
#include <optional>
#include <string>
#include <vector>

#include "platform/db/database.hpp"
#include "platform/history.hpp"
#include "services/customers/model.hpp"

namespace rapidtrade::customers {

struct CustomerHistoryPage {
    std::vector<platform::HistoryEntry> items;
    std::int64_t total = 0;
};

class CustomerStore {
public:
    static constexpr int kMaxAddresses = 20;
    explicit CustomerStore(platform::db::Database& db) : db_(db) {}

    // Throws Conflict when the e-mail is taken.
    void create(const Customer& c);
    std::optional<Customer> find(const std::string& id);
    // The names and the language ("fr" or "en", the caller's to check) at once.
    std::optional<Customer> update_profile(const std::string& id, const std::string& first, const std::string& last,
                                           const std::string& language);
    bool remove(const std::string& id);
    std::vector<Customer> list(int limit, std::int64_t offset);
    std::int64_t count();
    // Staff search: `text` within the e-mail or the name (either way round), any case.
    std::vector<Customer> search(const std::string& text, int limit, std::int64_t offset);
    std::int64_t count_matching(const std::string& text);

    // RGPD erasure. In one transaction: the profile and its addresses are deleted and the erasure is
    // recorded with its `steps` pending, and in the customer's history as asked by `by`; false
    // (nothing done) when there is no such profile.
    bool begin_erasure(const std::string& customer_id, const std::string& requested_by,
                       const std::vector<std::string>& steps, const platform::Actor& by);
    std::optional<Erasure> erasure(const std::string& customer_id);
    std::vector<std::string> pending_erasure_steps(const std::string& customer_id);
    void erasure_step_done(const std::string& customer_id, const std::string& step);
    // Marks the erasure finished if no step is pending (an entry of the history, by the service,
    // when this call finished it); answers whether it is.
    bool finish_erasure(const std::string& customer_id);
    void erasure_failed(const std::string& customer_id, const std::string& error);
    std::vector<std::string> unfinished_erasures(int limit);

    // The customer's history (issue 15): what staff did to the record (an export of the data, the
    // erasure), newest first; it outlives the erasure and holds no personal data of the customer.
    // `details` is a JSON object.
    void record_event(const std::string& customer_id, const char* event, const platform::Actor& by,
                      const boost::json::object& details);
    CustomerHistoryPage history_of(const std::string& customer_id, int limit, std::int64_t offset);

    std::vector<StoredAddress> addresses(const std::string& customer_id);
    // Only the owner's: another customer's address id is "not found".
    std::optional<StoredAddress> address(const std::string& customer_id, const std::string& id);
    // Throws Unprocessable past kMaxAddresses.
    StoredAddress add_address(const std::string& customer_id, const platform::Address& a, std::string id = {});
    std::optional<StoredAddress> replace_address(const std::string& customer_id, const std::string& id,
                                                 const platform::Address& a);
    bool remove_address(const std::string& customer_id, const std::string& id);

private:
    platform::db::Database& db_;
};

}  // namespace rapidtrade::customers
