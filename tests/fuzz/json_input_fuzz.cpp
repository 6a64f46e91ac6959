// The JSON input checks every service runs on a request body: platform/validation (texts, e-mail,
// new password, unknown fields), the catalogue's product input (create and update) and the postal
// address. A thrown HttpError is a clean 400. Invariants: whatever is accepted obeys the rule
// that accepted it (lengths, trimming, e-mail shape, product id, price and stock ranges, country).
#include <boost/json/parse.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "platform/address.hpp"
#include "platform/countries.hpp"
#include "platform/errors.hpp"
#include "platform/ids.hpp"
#include "platform/text.hpp"
#include "platform/validation.hpp"
#include "services/catalog/input.hpp"

namespace {

namespace p = rapidtrade::platform;
namespace catalog = rapidtrade::catalog;

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "json_input_fuzz invariant broken: %s\n", what);
    std::abort();
}

bool trimmed(const std::string& s) {
    auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    return s.empty() || (!ws(s.front()) && !ws(s.back()));
}

void check_validation(const boost::json::object& body) {
    std::vector<p::FieldError> errors;
    if (auto name = p::read_text(body, "first_name", 1, 100, true, errors)) {
        auto n = p::utf8_length(*name);
        if (n < 1 || n > 100 || !trimmed(*name) || !p::is_valid_utf8(*name)) fail("read_text accepted a bad text");
    }
    if (auto email = p::read_email(body, "email", errors)) {
        if (!p::is_valid_email(*email) || *email != p::normalize_email(*email))
            fail("read_email accepted a bad e-mail");
    }
    if (auto password = p::read_new_password(body, "password", errors)) {
        if (p::utf8_length(*password) < 8 || password->size() > 1024) fail("read_new_password accepted a bad one");
    }
    std::size_t before = errors.size();
    p::reject_unknown_fields(body, {"first_name", "email", "password"}, errors);
    std::size_t unknown = 0;
    for (const auto& [key, value] : body) unknown += key != "first_name" && key != "email" && key != "password";
    if (errors.size() - before != unknown) fail("reject_unknown_fields miscounts");
}

void check_product(const boost::json::object& body, catalog::InputMode mode) {
    catalog::ProductChanges in;
    try {
        in = catalog::parse_product_input(body, mode);
    } catch (const p::HttpError& e) {
        if (e.status() != 400 || e.errors().empty()) fail("a refused product is not a 400 naming a field");
        return;
    }
    // On create the id is optional (the store makes one); name and price are not.
    if (mode == catalog::InputMode::create && (!in.name || !in.price_cents)) fail("a product without name or price");
    if (mode == catalog::InputMode::update && in.id) fail("an update changes the id");
    if (in.id && !p::is_product_id(*in.id)) fail("a bad product id is accepted");
    if (in.name && (in.name->empty() || in.name->size() > 200 || !trimmed(*in.name))) fail("a bad name is accepted");
    if (in.price_cents && (*in.price_cents < 0 || *in.price_cents > 10'000'000'000LL)) fail("a bad price is accepted");
    if (in.stock && (*in.stock < 0 || *in.stock > 1'000'000)) fail("a bad stock is accepted");
    for (const auto* list : {&in.categories, &in.images})
        if (*list && (*list)->size() > 10) fail("too long a list is accepted");
}

void check_address(const boost::json::value& v, const std::string& prefix) {
    std::vector<p::FieldError> errors;
    auto a = p::address_from_json(v, prefix, errors);
    for (const auto& e : errors)
        if (!prefix.empty() && !e.field.starts_with(prefix)) fail("an address error does not name its prefix");
    if (!errors.empty()) return;
    if (a.full_name.empty() || a.street.empty() || a.city.empty() || a.postal_code.empty())
        fail("an address without a required field is accepted");
    if (!p::is_iso_country(a.country)) fail("an address with a bad country is accepted");
    if (a.country == "FR" &&
        (a.postal_code.size() != 5 || a.postal_code.find_first_not_of("0123456789") != std::string::npos))
        fail("a French address without a 5-digit postal code is accepted");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    boost::system::error_code ec;
    boost::json::parse_options options;
    options.max_depth = 32;  // as Request::json()
    auto value = boost::json::parse(std::string_view(reinterpret_cast<const char*>(data), size), ec, {}, options);
    if (ec || !value.is_object()) return 0;
    const auto& body = value.as_object();
    try {
        check_validation(body);
        check_product(body, catalog::InputMode::create);
        check_product(body, catalog::InputMode::update);
        check_address(value, "");
        if (const auto* shipping = body.if_contains("shipping_address")) check_address(*shipping, "shipping_address");
    } catch (const p::HttpError&) {
        // a clean 400
    }
    return 0;
}
