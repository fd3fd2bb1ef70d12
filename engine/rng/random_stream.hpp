#pragma once
/// Counter-based random streams (Philox4x64-10 from Random123).
///
/// Every value is a pure function of (seed, replication, entity, stream,
/// counter): the key of the block cipher is (seed, replication) and the
/// counter block is (entity, stream, counter / 4, 0); value `counter` is lane
/// `counter % 4` of that block. Nothing depends on which thread draws, in
/// what order entities are visited, or how entities are grouped, which is
/// what makes results independent of the thread count and of partitioning.
#include <Random123/philox.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <numbers>

namespace wfsim::rng {

/// Names one independent stream.
struct StreamKey {
  std::uint64_t seed = 0;
  std::uint64_t replication = 0;
  std::uint64_t entity = 0;
  std::uint64_t stream = 0;

  friend bool operator==(const StreamKey&, const StreamKey&) = default;
};

/// The four 64-bit values of block `block` of stream `key`.
inline std::array<std::uint64_t, 4> philox_block(const StreamKey& key, std::uint64_t block) {
  r123::Philox4x64 cipher;
  const r123::Philox4x64::ctr_type counter = {{key.entity, key.stream, block, 0}};
  const r123::Philox4x64::key_type cipher_key = {{key.seed, key.replication}};
  const auto out = cipher(counter, cipher_key);
  return {out.v[0], out.v[1], out.v[2], out.v[3]};
}

/// Value number `counter` of stream `key`, without any stream object.
inline std::uint64_t draw_u64(const StreamKey& key, std::uint64_t counter) {
  return philox_block(key, counter / 4)[counter % 4];
}

/// [0, 1) with 53 random bits.
inline double to_unit_interval(std::uint64_t bits) {
  return static_cast<double>(bits >> 11) * 0x1.0p-53;
}

/// log(k!) for k >= 0. std::lgamma writes the global `signgam`, a data race
/// when replications run on several threads, so it is not used.
inline double log_factorial(double k) {
  if (k < 16.0) {
    double result = 0.0;
    for (double i = 2.0; i <= k; i += 1.0)
      result += std::log(i);
    return result;
  }
  const double n = k + 1.0;  // Stirling series for log Gamma(n)
  const double inv = 1.0 / n;
  const double inv2 = inv * inv;
  return (n - 0.5) * std::log(n) - n + 0.5 * std::log(2.0 * std::numbers::pi) +
         inv * (1.0 / 12.0 - inv2 * (1.0 / 360.0 - inv2 / 1260.0));
}

/// A sequential reader of one stream. Cheap to copy; copies continue
/// independently from the same position.
class RandomStream {
 public:
  RandomStream() = default;
  explicit RandomStream(const StreamKey& key, std::uint64_t counter = 0) : key_(key) {
    seek(counter);
  }

  const StreamKey& key() const { return key_; }
  /// How many 64-bit values have been consumed: the counter of the next draw.
  std::uint64_t position() const { return position_; }

  void seek(std::uint64_t counter) {
    position_ = counter;
    has_spare_ = false;
    if (counter % 4 != 0) refill(counter / 4);
  }

  std::uint64_t next_u64() {
    const unsigned lane = position_ % 4;
    if (lane == 0) refill(position_ / 4);
    ++position_;
    return buffer_[lane];
  }

  /// Uniform on [0, 1).
  double uniform() { return to_unit_interval(next_u64()); }
  /// Uniform on (0, 1]: safe to take the logarithm of.
  double uniform_open0() { return 1.0 - uniform(); }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

  /// Uniform integer in [0, n). Lemire's multiply-shift; the bias is below
  /// n / 2^64, far under anything a simulation can detect.
  std::uint64_t index(std::uint64_t n) {
    __extension__ using u128 = unsigned __int128;  // GCC and Clang; pedantic-clean
    return static_cast<std::uint64_t>((static_cast<u128>(next_u64()) * n) >> 64);
  }

  bool bernoulli(double p) { return uniform() < p; }

  double exponential(double mean) { return -mean * std::log(uniform_open0()); }

  /// Standard normal by Box-Muller. Both values of a pair are used; the
  /// spare is kept in the stream object so a copy stays a pure continuation.
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    const double radius = std::sqrt(-2.0 * std::log(uniform_open0()));
    const double angle = 2.0 * std::numbers::pi * uniform();
    spare_ = radius * std::sin(angle);
    has_spare_ = true;
    return radius * std::cos(angle);
  }
  double normal(double mean, double sd) { return mean + sd * normal(); }
  double lognormal(double mu, double sigma) { return std::exp(normal(mu, sigma)); }

  /// Gamma(shape, 1) by Marsaglia and Tsang, with the shape < 1 boost.
  double gamma(double shape) {
    if (shape < 1.0) {
      const double boost = std::pow(uniform_open0(), 1.0 / shape);
      return gamma(shape + 1.0) * boost;
    }
    const double d = shape - 1.0 / 3.0;
    const double c = 1.0 / std::sqrt(9.0 * d);
    for (;;) {
      double x;
      double v;
      do {
        x = normal();
        v = 1.0 + c * x;
      } while (v <= 0.0);
      v = v * v * v;
      const double u = uniform_open0();
      if (u < 1.0 - 0.0331 * x * x * x * x) return d * v;
      if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return d * v;
    }
  }

  double beta(double a, double b) {
    const double x = gamma(a);
    const double y = gamma(b);
    return x / (x + y);
  }

  /// Poisson by inversion for small means and by the PTRS transformed
  /// rejection of Hormann (1993) for large ones.
  std::uint64_t poisson(double mean) {
    if (mean <= 0.0) return 0;
    if (mean < 12.0) {
      double p = std::exp(-mean);
      double cumulative = p;
      const double u = uniform();
      std::uint64_t k = 0;
      while (u > cumulative && k < 1000) {
        ++k;
        p *= mean / static_cast<double>(k);
        cumulative += p;
      }
      return k;
    }
    const double slam = std::sqrt(mean);
    const double loglam = std::log(mean);
    const double b = 0.931 + 2.53 * slam;
    const double a = -0.059 + 0.02483 * b;
    const double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
    const double vr = 0.9277 - 3.6224 / (b - 2.0);
    for (;;) {
      const double u = uniform() - 0.5;
      const double v = uniform_open0();
      const double us = 0.5 - std::fabs(u);
      const double k = std::floor((2.0 * a / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) return static_cast<std::uint64_t>(k);
      if (k < 0.0 || (us < 0.013 && v > us)) continue;
      if (std::log(v) + std::log(inv_alpha) - std::log(a / (us * us) + b) <=
          -mean + k * loglam - log_factorial(k)) {
        return static_cast<std::uint64_t>(k);
      }
    }
  }

 private:
  void refill(std::uint64_t block) { buffer_ = philox_block(key_, block); }

  StreamKey key_{};
  std::uint64_t position_ = 0;
  std::array<std::uint64_t, 4> buffer_{};
  double spare_ = 0.0;
  bool has_spare_ = false;
};

}  // namespace wfsim::rng
