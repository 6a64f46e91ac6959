#pragma once
// The demo customer of the seed (SEED_DEMO_DATA=true, the default for `make run`). The auth service
// seeds the credential and the customers service the profile, each in its own database, under the
// same fixed id. Data only.
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

}  // namespace rapidtrade::contracts::demo
