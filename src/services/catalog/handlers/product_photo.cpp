#include <fmt/format.h>

#include "platform/history.hpp"
#include "platform/encoding.hpp"
#include "platform/errors.hpp"
#include "platform/http/pipeline.hpp"
#include "platform/ids.hpp"
#include "platform/service.hpp"
#include "services/catalog/handlers/handlers.hpp"
#include "services/catalog/image_check.hpp"

namespace rapidtrade::catalog::handlers {
namespace {

// A versioned URL (?v=) never changes its answer: cached for a year. Without it the answer follows
// the photo, so a cache must ask again (a 304 costs one small query).
constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
constexpr std::string_view kRevalidate = "public, no-cache";

// The first 16 hex digits of its SHA-256, like every ETag of the shop (and its `v`).
// fmt rather than "\"" + s + "\"": GCC 12 warns falsely (-Wrestrict, its bug 105651) on the latter.
std::string etag_of(const ProductPhoto& photo) { return fmt::format("\"{}\"", photo.sha256.substr(0, 16)); }

}  // namespace

// PUT /apis/products/{id}/image (API key or staff token): the body is the photo itself, up to
// kMaxPhotoBytes (the route's own body limit; 413 beyond, before this runs).
Response put_photo(Context& ctx, const Request& request) {
    auto by = platform::require_api_key_or_staff_actor(request, ctx.api_keys, ctx.tokens);
    const auto& id = request.param("id");
    if (!platform::is_product_id(id)) throw platform::NotFound(platform::Msg("api.product.not_found", {{"id", id}}));
    auto type = image_type_of(request.header("Content-Type"));
    if (!type)
        throw platform::UnsupportedMediaType(platform::Msg("api.product.photo_type"));
    const std::string& bytes = request.raw.body();
    auto checked = check_image(bytes, *type);
    if (!checked.info) throw platform::Unprocessable("body", *checked.problem);
    ProductPhoto photo{std::string(media_type_of(*type)), checked.info->width, checked.info->height,
                       static_cast<std::int64_t>(bytes.size()), platform::sha256_hex(bytes), bytes};
    auto product = ctx.store.set_photo(id, photo, by);
    if (!product) throw platform::NotFound(platform::Msg("api.product.not_found", {{"id", id}}));
    return platform::http::json_response(200, to_json(*product));
}

// GET /apis/products/{id}/image[?v=version]: the photo, with its own content type. A version that
// is no longer the photo's answers 404 rather than another picture under a year-long cache.
Response get_photo(Context& ctx, const Request& request) {
    const auto& id = request.param("id");
    auto description = platform::is_product_id(id) ? ctx.store.photo_description(id) : std::nullopt;
    if (!description) throw platform::NotFound(platform::Msg("api.product.no_photo", {{"id", id}}));
    auto version = request.query_param("v");
    if (version && *version != photo_version(description->sha256))
        throw platform::NotFound(platform::Msg("api.product.photo_replaced", {{"id", id}}));
    auto etag = etag_of(*description);
    auto cache_control = version ? kImmutable : kRevalidate;
    // Revalidation without reading the bytes.
    if (platform::http::if_none_match_hits(request.header("If-None-Match"), etag)) {
        auto res = platform::http::empty_response(304);
        res.set(boost::beast::http::field::etag, etag);
        res.set(boost::beast::http::field::cache_control, cache_control);
        return res;
    }
    auto photo = ctx.store.photo(id);
    if (!photo) throw platform::NotFound(platform::Msg("api.product.no_photo", {{"id", id}}));  // deleted meanwhile
    etag = etag_of(*photo);
    auto res = platform::http::bytes_response(200, std::move(photo->bytes), photo->content_type);
    res.set(boost::beast::http::field::etag, etag);
    res.set(boost::beast::http::field::cache_control, cache_control);
    return res;
}

}  // namespace rapidtrade::catalog::handlers
