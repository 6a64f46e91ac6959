#pragma once
// The demo customer and the demo admin of the seed (SEED_DEMO_DATA=true, the default for `make
// run`; production sets it false). The auth service seeds the credentials and the customers service
// the customer's profile, each in its own database, under the same fixed id. Data only.
namespace rapidtrade::contracts::demo {

inline constexpr const char* kCustomerId = "JEANRAULT0000001";
inline constexpr const char* kEmail = "jean.rault@example.fr";
inline constexpr const char* kPassword = "EDesign-Demo-2026";
inline constexpr const char* kFirstName = "Jean";
inline constexpr const char* kLastName = "Rault";
inline constexpr const char* kAddressId = "JEANRAULTADDR001";
inline constexpr const char* kStreet = "86 quai Saint-Nicolas";
inline constexpr const char* kCity = "Auxerre";
inline constexpr const char* kPostalCode = "89000";
inline constexpr const char* kCountry = "FR";

// The demo admin: a staff account (no customer profile), for the back-office at /admin/.
inline constexpr const char* kAdminId = "STAFFDEMOADMIN01";
inline constexpr const char* kAdminEmail = "admin@example.fr";
inline constexpr const char* kAdminPassword = "EDesign-Admin-2026";

}  // namespace rapidtrade::contracts::demo
