#pragma once
// The back-office's product form, shared by the pages that create a product, change it and upload
// its photo (pages/admin_product_pages.cpp, pages/admin_product_photo.cpp): its fields read from a
// post and checked, the catalogue's field errors in the page's language, and the page that shows it.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>

#include <boost/json/object.hpp>

#include "platform/i18n/language.hpp"

#include "services/frontend/frontend.hpp"

namespace rapidtrade::frontend {

using FieldMessages = std::map<std::string, std::string>;

struct ProductForm {
    std::string id;           // empty: a new product (/admin/produits/nouveau)
    FieldMessages values;     // name, description, name_en, description_en, price, stock, as typed or stored
    FieldMessages errors;     // by field, in the page's language
    std::set<std::string> categories;  // the slugs ticked (or stored)
    bool categories_sent = false;      // the form showed the categories (only then are they changed)
    std::string name;         // the stored name (the photo's alt text)
    std::int64_t price_cents{};  // the stored price (the deletion page says it in the page's language)
    std::string photo;        // the current picture's URL, or ""
    std::string photo_error;  // why the last upload was refused, in the page's language
};

// The posted fields, checked here first (price typed "1 099,00" or "1099.00", a whole stock, no
// control character in the name; the catalogue checks the rest); `changes` gets what the catalogue
// is sent; the errors are in `language`.
ProductForm read_product_form(platform::i18n::Language language, const Form& form, boost::json::object& changes);
// The catalogue's 400/422 field errors, in `language`, added to `errors` (one general message when it
// named no field the form has).
void add_catalog_errors(platform::i18n::Language language, const platform::http::ClientResponse& res,
                        FieldMessages& errors);
// The stored product as the edit page shows it, its price written for `language`'s form ("1 099,00 €"
// / "1099.00", both read back by the form); nullopt when the catalogue does not know it.
std::optional<ProductForm> stored_product(Frontend& f, platform::i18n::Language language, const std::string& id);
Response product_form_page(Frontend& f, Session& s, const ProductForm& form, unsigned status);

}  // namespace rapidtrade::frontend
