#pragma once
// What stands in for an erased customer's personal data (RGPD: DELETE /apis/customers/{id} and
// /apis/customers/me) in the records a shop must keep: the orders (accounting) and the log of the
// e-mails sent. The same values in every service, so staff recognise an erased person at a glance.
// Data only: each service applies them to its own records (docs/operations.md, "Effacement des données").
namespace rapidtrade::contracts::erasure {

// An address under the reserved .invalid top-level domain (RFC 2606): it can never be delivered.
inline constexpr const char* kEmail = "client-efface@anonyme.invalid";
inline constexpr const char* kFullName = "Client effacé";
inline constexpr const char* kStreet = "Adresse effacée";
inline constexpr const char* kCity = "Effacée";
// A postal code that is not personal and still reads as one: the order keeps its country (the VAT
// of a distance sale depends on it) and nothing finer.
inline constexpr const char* kPostalCode = "00000";
inline constexpr const char* kSubject = "Message effacé";
inline constexpr const char* kBody = "Contenu effacé à la demande du client (RGPD).";

}  // namespace rapidtrade::contracts::erasure
