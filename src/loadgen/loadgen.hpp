#pragma once
// `rapidtrade loadgen`: simulated shoppers against a base URL, through the web pages as a browser
// would (cookies, CSRF tokens, forms): weighted journeys started at an open-loop arrival rate, so
// a slow server cannot slow the load down and hide its latency (a journey that starts late
// counts its delay), with a live progress line and a report per journey and step.
#include <chrono>
#include <string>

namespace rapidtrade::loadgen {

struct Options {
    std::string url = "http://127.0.0.1:8080";
    double rate = 5;                       // journeys started per second
    std::chrono::milliseconds duration{10000};
    int users = 32;                        // journeys in flight at most
    std::chrono::milliseconds think{0};    // pause between the steps of a journey
    bool json = false;                     // the final report as JSON on stdout
    std::string restock_api_key;           // if set: every product gets plenty of stock first
};

// Returns 0 when every step succeeded, 1 otherwise.
int run(const Options& options);

}  // namespace rapidtrade::loadgen
