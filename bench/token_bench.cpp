// Token verification throughput (what every service does per authenticated request) and the cost
// of one log-in (dominated by Argon2id). Run by `make bench`; see bench/README.md.
#include <benchmark/benchmark.h>

#include "platform/auth/jwt.hpp"
#include "services/auth/passwords.hpp"

using namespace rapidtrade::platform::auth;

namespace {

Claims sample_claims() {
    Claims c;
    c.subject = "JEANRAULT0000001";
    c.issuer = "rapidtrade";
    c.roles = {"customer"};
    c.issued_at = std::chrono::system_clock::now();
    c.expires_at = c.issued_at + std::chrono::minutes(15);
    return c;
}

void BM_VerifyAccessToken(benchmark::State& state) {
    auto key = SigningKey::generate();
    auto token = sign_token(key, sample_claims());
    for (auto _ : state) {
        TokenError error;
        auto decoded = decode_token(token, error);
        auto claims = verify_token(*decoded, key, "rapidtrade", error);
        benchmark::DoNotOptimize(claims);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_VerifyAccessToken);

void BM_SignAccessToken(benchmark::State& state) {
    auto key = SigningKey::generate();
    auto claims = sample_claims();
    for (auto _ : state) benchmark::DoNotOptimize(sign_token(key, claims));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SignAccessToken);

// One log-in = one Argon2id verification (opslimit 2, memlimit 64 MiB: libsodium's "interactive").
void BM_LoginPasswordCheck(benchmark::State& state) {
    auto hash = rapidtrade::auth::hash_password("EDesign-Demo-2026");
    for (auto _ : state) benchmark::DoNotOptimize(rapidtrade::auth::verify_password(hash, "EDesign-Demo-2026"));
}
BENCHMARK(BM_LoginPasswordCheck)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace

BENCHMARK_MAIN();
