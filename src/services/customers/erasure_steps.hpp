#pragma once
// A customer's erasure (RGPD) across the services that hold their data. The customers service
// deletes the profile at once and records the erasure (CustomerStore::begin_erasure); each other
// service's part is a step, asked until that service confirms it (every step is idempotent, so
// asking again after a lost answer or from two replicas at once is harmless):
//   credentials  auth      DELETE /apis/auth/credentials/{id}: the log-in and every session go
//   carts        cart      DELETE /apis/carts/customers/{id}: every cart and its lines go
//   orders       checkout  DELETE /apis/orders/customers/{id}/personal-data: kept, anonymised
//   emails       email     DELETE /apis/emails/customers/{id}/personal-data: kept, anonymised
// Shipping and payment hold no personal data (a shipment: order reference, country, cost; a charge:
// amount, card brand and last 4 digits), so they have no step (docs/operations.md).
#include <string>
#include <vector>

#include "platform/http/client.hpp"
#include "platform/metrics.hpp"
#include "platform/upstreams.hpp"
#include "services/customers/store.hpp"

namespace rapidtrade::customers {

class ErasureSteps {
public:
    ErasureSteps(CustomerStore& store, platform::http::HttpClient& client, const platform::Upstreams& upstreams,
                 platform::Metrics& metrics)
        : store_(store), client_(client), upstreams_(upstreams), metrics_(metrics) {}

    // The steps every erasure records, in the order they are run (credentials first: no new session).
    static const std::vector<std::string>& all();

    // Runs the erasure's pending steps once; a step done is recorded at once. Answers whether the
    // erasure is finished (every step confirmed). Never throws for a service that is down: the
    // step stays pending for ErasureRetries.
    bool advance(const std::string& customer_id);

private:
    // True once the step's service confirmed it.
    bool run(const std::string& step, const std::string& customer_id);

    CustomerStore& store_;
    platform::http::HttpClient& client_;
    const platform::Upstreams& upstreams_;
    platform::Metrics& metrics_;
};

}  // namespace rapidtrade::customers
