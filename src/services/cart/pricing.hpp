#pragma once
// Prices a cart from the catalogue, now: name, unit price, stock and image come from
// GET /apis/products/{id} (answered from the catalogue's memory when hot).
#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "platform/http/client.hpp"
#include "platform/upstreams.hpp"
#include "services/cart/model.hpp"

namespace rapidtrade::cart {

struct CatalogProduct {
    std::string id, name, image;
    std::int64_t price_cents = 0;
    std::int64_t stock = 0;
};

class Catalog {
public:
    Catalog(platform::http::HttpClient& client, const platform::Upstreams& upstreams)
        : client_(client), upstreams_(upstreams) {}
    // nullopt when the product does not exist; throws ServiceUnavailable when the catalogue is down.
    std::optional<CatalogProduct> product(const std::string& id);

private:
    platform::http::HttpClient& client_;
    const platform::Upstreams& upstreams_;
};

// {id, customer_id, lines: [{product_id, name, unit_price, quantity, line_total, image, stock}],
//  subtotal, item_count}. Lines whose product left the catalogue are dropped from the answer.
boost::json::object priced_cart(const Cart& cart, Catalog& catalog);

}  // namespace rapidtrade::cart
