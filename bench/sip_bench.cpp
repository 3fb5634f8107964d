// Figures for the SIP module's pure code on the core thread: digest authentication (done for every
// REGISTER and every INVITE from a phone) and the location service with 10,000 registered phones
// (a lookup for every call to an extension, an update for every REGISTER). Run with
// `build/bench/bench_sip`; the numbers depend on the machine and are printed, never asserted.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/hash.hpp"
#include "sip/digest.hpp"
#include "sip/location_service.hpp"

namespace hotline::sip {
namespace {

constexpr const char* kRealm = "hotline.demo";
constexpr std::int64_t kTenant = 1;
constexpr int kFirstExtension = 20000;

std::string nonce_of(const std::string& challenge) {
  auto start = challenge.find("nonce=\"") + 7;
  return challenge.substr(start, challenge.find('"', start) - start);
}

// A phone's answer to a fresh challenge, as a desk phone sends it (qop=auth).
// Thread: the benchmark.
struct DigestFixture {
  ManualClock clock;
  DigestAuthenticator auth{std::string(64, 's'), clock};
  std::string ha1;
  DigestCredentials credentials;

  explicit DigestFixture(DigestAlgorithm algorithm) {
    const std::string a1 = "20001:" + std::string(kRealm) + ":benchpass1";
    ha1 = algorithm == DigestAlgorithm::Md5 ? md5_hex(a1) : sha256_hex(a1);
    credentials.username = "20001";
    credentials.realm = kRealm;
    credentials.nonce = nonce_of(auth.challenge(kRealm, algorithm, false));
    credentials.uri = "sip:hotline.demo";
    credentials.algorithm = algorithm;
    credentials.qop = "auth";
    credentials.nc = "00000001";
    credentials.cnonce = "6b8b4567";
    credentials.response = digest_response(algorithm, ha1, "REGISTER", credentials);
  }
};

void BM_DigestChallenge(benchmark::State& state) {
  DigestFixture f(DigestAlgorithm::Md5);
  for (auto _ : state) {
    auto challenge = f.auth.challenge(kRealm, DigestAlgorithm::Md5, false);
    benchmark::DoNotOptimize(challenge);
  }
}
BENCHMARK(BM_DigestChallenge);

void BM_DigestParse(benchmark::State& state) {
  DigestFixture f(DigestAlgorithm::Md5);
  const std::string header =
      "Digest username=\"20001\",realm=\"hotline.demo\",cnonce=\"6b8b4567\",nc=00000001,"
      "qop=auth,uri=\"sip:hotline.demo\",nonce=\"" +
      f.credentials.nonce + "\",response=\"" + f.credentials.response + "\",algorithm=MD5";
  for (auto _ : state) {
    auto parsed = parse_digest_credentials(header);
    benchmark::DoNotOptimize(parsed);
  }
}
BENCHMARK(BM_DigestParse);

// Nonce check (HMAC-SHA256) plus the response hash, for an answer that is right.
void BM_DigestVerify(benchmark::State& state) {
  const auto algorithm = state.range(0) == 0 ? DigestAlgorithm::Md5 : DigestAlgorithm::Sha256;
  state.SetLabel(algorithm == DigestAlgorithm::Md5 ? "MD5" : "SHA-256");
  DigestFixture f(algorithm);
  if (f.auth.verify(f.credentials, "REGISTER", f.ha1) != DigestVerdict::Ok) {
    return state.SkipWithError("the fixture's answer is not accepted");
  }
  for (auto _ : state) {
    auto verdict = f.auth.verify(f.credentials, "REGISTER", f.ha1);
    benchmark::DoNotOptimize(verdict);
  }
}
BENCHMARK(BM_DigestVerify)->Arg(0)->Arg(1);

// 10,000 phones registered as the load test registers them, one contact each.
// Thread: the benchmark.
struct LocationFixture {
  static constexpr int kPhones = 10'000;
  static constexpr UnixMs kNow = 1'700'000'000'000;
  LocationService locations;
  std::vector<AddressOfRecord> aors;
  std::vector<Binding> bindings;

  LocationFixture() {
    for (int i = 0; i < kPhones; ++i) {
      const std::string extension = std::to_string(kFirstExtension + i);
      Binding b;
      b.contact = "sip:" + extension + "@192.0.2." + std::to_string(i % 250 + 1) + ":5060";
      b.source = "udp:192.0.2." + std::to_string(i % 250 + 1) + ":5060";
      b.user_agent = "Yealink SIP-T54W 96.86.0.70";
      b.call_id = "reg-" + extension;
      b.cseq = 1;
      b.expires_at = kNow + 3'600'000;
      aors.push_back({kTenant, extension});
      locations.update(aors.back(), b, kNow);
      bindings.push_back(std::move(b));
    }
  }
};

// The lookup a call to an extension makes, spread over all 10,000 phones.
void BM_LocationLookup(benchmark::State& state) {
  LocationFixture f;
  std::size_t i = 0;
  for (auto _ : state) {
    auto found = f.locations.lookup(f.aors[i], LocationFixture::kNow);
    benchmark::DoNotOptimize(found);
    i = (i + 7919) % f.aors.size();
  }
  state.counters["bindings"] = static_cast<double>(f.locations.binding_count());
}
BENCHMARK(BM_LocationLookup);

// A re-REGISTER refreshing an existing binding (same Call-ID, higher CSeq).
void BM_LocationRefresh(benchmark::State& state) {
  LocationFixture f;
  std::size_t i = 0;
  for (auto _ : state) {
    auto& b = f.bindings[i];
    ++b.cseq;
    bool updated = f.locations.update(f.aors[i], b, LocationFixture::kNow);
    benchmark::DoNotOptimize(updated);
    i = (i + 7919) % f.aors.size();
  }
  state.counters["bindings"] = static_cast<double>(f.locations.binding_count());
}
BENCHMARK(BM_LocationRefresh);

}  // namespace
}  // namespace hotline::sip

BENCHMARK_MAIN();
