#pragma once
// Customer profiles and their address books.
#include <optional>
#include <string>
#include <vector>

#include "platform/db/database.hpp"
#include "services/customers/model.hpp"

namespace rapidtrade::customers {

class CustomerStore {
public:
    static constexpr int kMaxAddresses = 20;
    explicit CustomerStore(platform::db::Database& db) : db_(db) {}

    // Throws Conflict when the e-mail is taken.
    void create(const Customer& c);
    std::optional<Customer> find(const std::string& id);
    std::optional<Customer> update_names(const std::string& id, const std::string& first, const std::string& last);
    bool remove(const std::string& id);
    std::vector<Customer> list(int limit, std::int64_t offset);
    std::int64_t count();

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
