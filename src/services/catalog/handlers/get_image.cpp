#include "platform/errors.hpp"
#include "services/catalog/assets.hpp"
#include "services/catalog/handlers/handlers.hpp"

namespace rapidtrade::catalog::handlers {

// GET /apis/products/images/{file}: the product pictures carried in the binary.
Response get_image(Context&, const Request& request) {
    const auto& file = request.param("file");
    auto bytes = file.find('/') == std::string::npos ? platform::find_embedded(embedded_files(), "images/" + file)
                                                     : std::nullopt;
    if (!bytes) throw platform::NotFound(platform::Msg("api.image.not_found", {{"name", file}}));
    auto res = platform::http::bytes_response(200, std::string(*bytes), "image/svg+xml");
    res.set(boost::beast::http::field::cache_control, "public, max-age=86400");
    return res;
}

}  // namespace rapidtrade::catalog::handlers
