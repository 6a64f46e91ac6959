#include "platform/http/in_process.hpp"

#include <chrono>
#include <thread>

#include "platform/http/server.hpp"

namespace rapidtrade::platform::http {

void InProcessCalls::detach() {
    server_.store(nullptr);
    // A call counted before the store may still hold the server: wait for it (calls are short).
    while (in_flight_.load() != 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

std::optional<Response> InProcessCalls::call(RawRequest request) {
    // Counted before the server is read: detach() then either sees the count or we see null.
    in_flight_.fetch_add(1);
    struct Done {
        std::atomic<int>& count;
        ~Done() { count.fetch_sub(1); }
    } done{in_flight_};
    Server* server = server_.load();
    if (server == nullptr) return std::nullopt;
    return server->answer_in_process(std::move(request));
}

}  // namespace rapidtrade::platform::http
