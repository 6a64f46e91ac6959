#include "services/customers/erasure_steps.hpp"

#include "platform/http/target.hpp"
#include "platform/log.hpp"

namespace rapidtrade::customers {

using platform::http::Target;

const std::vector<std::string>& ErasureSteps::all() {
    static const std::vector<std::string> steps{"credentials", "carts", "orders", "emails"};
    return steps;
}

bool ErasureSteps::run(const std::string& step, const std::string& id) {
    auto del = [&](const char* service, const Target& target) {
        return client_.request(upstreams_.get(service), platform::http::Verb::delete_, target).status;
    };
    // The credential may already be gone (a step answered but its answer lost): 404 is done too.
    if (step == "credentials") {
        auto status = del("auth", Target{"apis", "auth", "credentials", id});
        return status == 204 || status == 404;
    }
    if (step == "carts") return del("cart", Target{"apis", "carts", "customers", id}) == 204;
    if (step == "orders") return del("checkout", Target{"apis", "orders", "customers", id, "personal-data"}) == 204;
    if (step == "emails") return del("email", Target{"apis", "emails", "customers", id, "personal-data"}) == 204;
    platform::log::error("erasure_step_unknown", {{"customer_id", id}, {"step", step}});
    return false;
}

bool ErasureSteps::advance(const std::string& customer_id) {
    std::string failed;
    for (const auto& step : store_.pending_erasure_steps(customer_id)) {
        std::string error;
        try {
            if (run(step, customer_id)) {
                store_.erasure_step_done(customer_id, step);
                continue;
            }
            error = "refused";
        } catch (const std::exception& e) {
            error = e.what();
        }
        platform::log::warn("erasure_step_pending", {{"customer_id", customer_id}, {"step", step}, {"error", error}});
        failed += (failed.empty() ? "" : "; ") + step + ": " + error;
    }
    if (!failed.empty()) {
        store_.erasure_failed(customer_id, failed);
        return false;
    }
    bool finished = store_.finish_erasure(customer_id);
    if (finished) {
        metrics_.counter("rapidtrade_erasures_finished_total", "Customer erasures (RGPD) finished in every service")
            .Increment();
        platform::log::info("erasure_finished", {{"customer_id", customer_id}});
    }
    return finished;
}

}  // namespace rapidtrade::customers
