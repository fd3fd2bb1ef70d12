#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>
#include <vector>

#include "engine/rng/random_stream.hpp"

using wfsim::rng::draw_u64;
using wfsim::rng::RandomStream;
using wfsim::rng::StreamKey;

namespace {

template <class F>
std::pair<double, double> mean_and_variance(int n, F draw) {
  double sum = 0.0;
  double sum_sq = 0.0;
  for (int i = 0; i < n; ++i) {
    const double x = draw();
    sum += x;
    sum_sq += x * x;
  }
  const double mean = sum / n;
  return {mean, sum_sq / n - mean * mean};
}

double correlation(const std::vector<double>& a, const std::vector<double>& b) {
  const double n = static_cast<double>(a.size());
  const double ma = std::accumulate(a.begin(), a.end(), 0.0) / n;
  const double mb = std::accumulate(b.begin(), b.end(), 0.0) / n;
  double cov = 0.0, va = 0.0, vb = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    cov += (a[i] - ma) * (b[i] - mb);
    va += (a[i] - ma) * (a[i] - ma);
    vb += (b[i] - mb) * (b[i] - mb);
  }
  return cov / std::sqrt(va * vb);
}

}  // namespace

TEST_CASE("Philox4x64-10 matches the Random123 known-answer vector") {
  // kat_vectors: philox4x64 10, counter 0, key 0.
  const auto block = wfsim::rng::philox_block(StreamKey{0, 0, 0, 0}, 0);
  CHECK(block[0] == 0x16554d9eca36314cULL);
  CHECK(block[1] == 0xdb20fe9d672d0fdcULL);
  CHECK(block[2] == 0xd7e772cee186176bULL);
  CHECK(block[3] == 0x7e68b68aec7ba23bULL);
}

TEST_CASE("every draw is a pure function of (seed, replication, entity, stream, counter)") {
  const StreamKey key{42, 3, 1234, 7};
  RandomStream stream(key);
  std::vector<std::uint64_t> values;
  values.reserve(37);
  for (int i = 0; i < 37; ++i)
    values.push_back(stream.next_u64());
  for (std::uint64_t i = 0; i < values.size(); ++i)
    CHECK(draw_u64(key, i) == values[i]);
  // Seeking anywhere resumes the same sequence.
  RandomStream seeker(key, 13);
  for (std::uint64_t i = 13; i < values.size(); ++i)
    CHECK(seeker.next_u64() == values[i]);
  // A copy continues independently and identically.
  RandomStream a(key, 5);
  a.next_u64();
  RandomStream b = a;
  for (int i = 0; i < 10; ++i)
    CHECK(a.uniform() == b.uniform());
  CHECK(a.position() == b.position());
}

TEST_CASE("each key component selects a different stream") {
  const StreamKey base{1, 2, 3, 4};
  auto first_values = [](const StreamKey& k) {
    RandomStream s(k);
    std::vector<std::uint64_t> v;
    v.reserve(8);
    for (int i = 0; i < 8; ++i)
      v.push_back(s.next_u64());
    return v;
  };
  const auto reference = first_values(base);
  CHECK(first_values(StreamKey{9, 2, 3, 4}) != reference);
  CHECK(first_values(StreamKey{1, 9, 3, 4}) != reference);
  CHECK(first_values(StreamKey{1, 2, 9, 4}) != reference);
  CHECK(first_values(StreamKey{1, 2, 3, 9}) != reference);
  CHECK(first_values(base) == reference);
}

TEST_CASE("neighbouring streams are uncorrelated") {
  constexpr int n = 20000;
  const std::vector<StreamKey> keys = {
      {1, 0, 0, 0}, {1, 0, 1, 0}, {1, 0, 0, 1}, {1, 1, 0, 0}, {2, 0, 0, 0}};
  std::vector<std::vector<double>> draws;
  for (const auto& key : keys) {
    RandomStream s(key);
    std::vector<double> v(n);
    for (auto& x : v)
      x = s.uniform();
    draws.push_back(std::move(v));
  }
  // |r| of independent samples has standard deviation 1/sqrt(n) = 0.007.
  for (std::size_t i = 0; i < draws.size(); ++i) {
    for (std::size_t j = i + 1; j < draws.size(); ++j) {
      CHECK(std::fabs(correlation(draws[i], draws[j])) < 0.035);
    }
  }
  // Successive values of one stream are uncorrelated too.
  std::vector<double> lagged(draws[0].begin() + 1, draws[0].end());
  std::vector<double> leading(draws[0].begin(), draws[0].end() - 1);
  CHECK(std::fabs(correlation(leading, lagged)) < 0.035);
}

TEST_CASE("distributions have the right moments") {
  RandomStream s(StreamKey{2026, 0, 0, 0});
  constexpr int n = 200000;
  SECTION("uniform") {
    const auto [m, v] = mean_and_variance(n, [&] { return s.uniform(); });
    CHECK(m == Approx(0.5).margin(0.005));
    CHECK(v == Approx(1.0 / 12.0).margin(0.002));
  }
  SECTION("exponential") {
    const auto [m, v] = mean_and_variance(n, [&] { return s.exponential(2.0); });
    CHECK(m == Approx(2.0).margin(0.03));
    CHECK(v == Approx(4.0).margin(0.15));
  }
  SECTION("normal") {
    const auto [m, v] = mean_and_variance(n, [&] { return s.normal(1.0, 3.0); });
    CHECK(m == Approx(1.0).margin(0.03));
    CHECK(v == Approx(9.0).margin(0.15));
  }
  SECTION("poisson, small and large means") {
    for (double lambda : {0.3, 4.0, 11.9, 12.0, 50.0, 1000.0}) {
      const auto [m, v] =
          mean_and_variance(n / 4, [&] { return static_cast<double>(s.poisson(lambda)); });
      INFO("lambda " << lambda);
      CHECK(m == Approx(lambda).epsilon(0.02).margin(0.01));
      CHECK(v == Approx(lambda).epsilon(0.06).margin(0.02));
    }
  }
  SECTION("gamma and beta") {
    for (double shape : {0.5, 1.0, 3.5}) {
      const auto [m, v] = mean_and_variance(n / 4, [&] { return s.gamma(shape); });
      INFO("shape " << shape);
      CHECK(m == Approx(shape).epsilon(0.03));
      CHECK(v == Approx(shape).epsilon(0.06));
    }
    const auto [m, v] = mean_and_variance(n / 4, [&] { return s.beta(2.0, 5.0); });
    CHECK(m == Approx(2.0 / 7.0).epsilon(0.02));
  }
  SECTION("index is uniform over its range") {
    constexpr std::uint64_t k = 10;
    std::vector<int> counts(k, 0);
    for (int i = 0; i < n; ++i) {
      const auto j = s.index(k);
      REQUIRE(j < k);
      ++counts[j];
    }
    double chi2 = 0.0;
    const double expected = static_cast<double>(n) / k;
    for (int c : counts)
      chi2 += (c - expected) * (c - expected) / expected;
    CHECK(chi2 < 27.9);  // chi-square, 9 degrees of freedom, p = 0.001
  }
}

TEST_CASE("log_factorial agrees with the exact sum") {
  double exact = 0.0;
  for (int k = 1; k <= 200; ++k) {
    exact += std::log(static_cast<double>(k));
    CHECK(wfsim::rng::log_factorial(k) == Approx(exact).epsilon(1e-12));
  }
}
