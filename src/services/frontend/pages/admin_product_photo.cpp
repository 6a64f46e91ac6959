// The back-office's photo upload (POST /admin/produits/{id}/photo): the browser sends the file in a
// multipart/form-data form; its bytes and declared type go on, as they are, to the catalogue's
// PUT /apis/products/{id}/image with the staff member's own token. The catalogue decides (size,
// type, the bytes really being that image) and this page says its answer in the page's language. The file's
// name is never used: it may be anything ("../../x.png"), the photo is stored under the product.
#include "platform/errors.hpp"
#include "platform/i18n/messages.hpp"
#include "platform/ids.hpp"
#include "platform/log.hpp"
#include "services/frontend/frontend.hpp"
#include "services/frontend/page_language.hpp"
#include "services/frontend/pages/admin_product_form.hpp"
#include "services/frontend/uploads.hpp"

namespace rapidtrade::frontend {

using platform::http::Target;
using platform::http::Verb;
using platform::i18n::message;

namespace {

// The edit page with the reason the photo was not stored.
Response refused_photo(Frontend& f, Session& s, const std::string& id, const std::string& why, unsigned status) {
    auto product = stored_product(f, page_language(s), id);
    if (!product) return not_found_page(f, s);
    product->photo_error = why;
    return product_form_page(f, s, *product, status);
}

}  // namespace

// POST /admin/produits/{id}/photo (multipart/form-data: csrf, photo)
Response admin_product_photo(Frontend& f, const Request& r, Session& s) {
    if (auto refusal = refuse_unless_staff(f, s)) return std::move(*refusal);
    const auto& id = r.param("id");
    auto language = page_language(s);
    UploadForm form;
    try {
        form = read_upload(r);
    } catch (const platform::HttpError& e) {
        // Malformed (400) or not a form with a file (415): nothing was read, nothing is sent on.
        platform::log::warn("upload_refused", {{"path", r.path}, {"error", e.what()}});
        return bad_request_page(f, s, message(language, "admin.photo.unreadable"));
    }
    check_csrf(form, s);
    if (!platform::is_product_id(id)) return not_found_page(f, s);
    const auto* photo = form.part("photo");
    if (photo == nullptr || !photo->filename || photo->body.empty())
        return refused_photo(f, s, id, message(language, "admin.photo.missing"), 400);
    // The type the browser declared, as it is: the catalogue refuses anything but the three
    // image types (415) and checks that the bytes are really of that type (422). It was checked
    // for control characters by the multipart reader, so it cannot add a header.
    auto type = photo->content_type.empty() ? std::string("application/octet-stream") : photo->content_type;
    auto res = f.api.as_staff("catalog", Verb::put, Target{"apis", "products", id, "image"}, s.access_token,
                              std::string(photo->body), type);
    switch (res.status) {
        case 200:
            s.flash = message(language, "admin.photo.saved", {{"id", id}});
            s.changed = true;
            return f.views.redirect(s, Target{"admin", "produits", id});
        case 404: return not_found_page(f, s);
        case 403: return forbidden_page(f, s, message(language, "admin.access.staff_only"));
        case 413: return refused_photo(f, s, id, message(language, "admin.photo.too_large"), 413);
        case 415: return refused_photo(f, s, id, message(language, "admin.photo.wrong_type"), 415);
        case 422: return refused_photo(f, s, id, message(language, "admin.photo.not_an_image"), 422);
        default: throw platform::ServiceUnavailable(platform::Msg("api.upstream.answered", {{"service", "catalog"}, {"status", std::to_string(res.status)}}));
    }
}

}  // namespace rapidtrade::frontend
