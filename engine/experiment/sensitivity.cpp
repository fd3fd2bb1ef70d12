#include "engine/experiment/sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "engine/rng/random_stream.hpp"

namespace wfsim::experiment {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

IndexEstimate empty_estimate(std::size_t k) {
  return {std::vector<double>(k, kNaN), std::vector<double>(k, kNaN), std::vector<double>(k, kNaN)};
}

/// Percentile bounds of each column of `samples` (resample x factor).
void percentile_bounds(std::vector<double>& samples, std::size_t resamples, std::size_t k,
                       double confidence, IndexEstimate& estimate) {
  std::vector<double> column(resamples);
  for (std::size_t i = 0; i < k; ++i) {
    bool finite = true;
    for (std::size_t b = 0; b < resamples; ++b) {
      column[b] = samples[b * k + i];
      finite = finite && std::isfinite(column[b]);
    }
    if (!finite) continue;
    std::sort(column.begin(), column.end());
    estimate.low[i] = sorted_quantile(column, 0.5 * (1.0 - confidence));
    estimate.high[i] = sorted_quantile(column, 0.5 * (1.0 + confidence));
  }
}

}  // namespace

double sorted_quantile(std::span<const double> sorted, double q) {
  if (sorted.empty()) return kNaN;
  const double position = q * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  const double fraction = position - static_cast<double>(below);
  return sorted[below] + fraction * (sorted[above] - sorted[below]);
}

MorrisIndices morris_indices(const Design& design, std::span<const double> y, std::uint64_t seed,
                             std::uint64_t stream_entity) {
  if (design.settings.kind != DesignKind::Morris || y.size() != design.points) {
    throw std::invalid_argument("Morris indices need one value per point of a Morris design");
  }
  const std::size_t k = design.factors;
  const std::size_t r = design.settings.trajectories;
  // effects[t * k + i]: the elementary effect of factor i in trajectory t.
  std::vector<double> effects(r * k, kNaN);
  for (std::size_t t = 0; t < r; ++t) {
    for (std::size_t j = 0; j < k; ++j) {
      const MorrisStep& step = design.morris_steps[t * k + j];
      const std::size_t to = t * (k + 1) + j + 1;
      effects[t * k + step.factor] = (y[to] - y[to - 1]) / step.delta;
    }
  }
  MorrisIndices result{std::vector<double>(k, kNaN), empty_estimate(k),
                       std::vector<double>(k, kNaN)};
  auto mean_abs = [&](const std::vector<std::size_t>& trajectories, std::size_t i) {
    double sum = 0.0;
    for (std::size_t t : trajectories)
      sum += std::fabs(effects[t * k + i]);
    return sum / static_cast<double>(trajectories.size());
  };
  std::vector<std::size_t> all(r);
  for (std::size_t t = 0; t < r; ++t)
    all[t] = t;
  for (std::size_t i = 0; i < k; ++i) {
    double sum = 0.0;
    for (std::size_t t = 0; t < r; ++t)
      sum += effects[t * k + i];
    const double mu = sum / static_cast<double>(r);
    double squares = 0.0;
    for (std::size_t t = 0; t < r; ++t)
      squares += (effects[t * k + i] - mu) * (effects[t * k + i] - mu);
    result.mu[i] = mu;
    result.sigma[i] = r > 1 ? std::sqrt(squares / static_cast<double>(r - 1)) : kNaN;
    result.mu_star.value[i] = mean_abs(all, i);
  }
  const std::size_t resamples = design.settings.bootstrap;
  if (resamples > 0) {
    rng::RandomStream stream(
        rng::StreamKey{seed, kDesignReplication, stream_entity, kBootstrapStream});
    std::vector<double> samples(resamples * k);
    std::vector<std::size_t> pick(r);
    for (std::size_t b = 0; b < resamples; ++b) {
      for (auto& t : pick)
        t = stream.index(r);
      for (std::size_t i = 0; i < k; ++i)
        samples[b * k + i] = mean_abs(pick, i);
    }
    percentile_bounds(samples, resamples, k, design.settings.confidence, result.mu_star);
  }
  return result;
}

namespace {

/// Jansen estimates over the samples listed in `pick`.
void jansen(std::span<const double> y, std::size_t k, const std::vector<std::size_t>& pick,
            double* first_order, double* total) {
  const std::size_t group = sobol_group_size(k);
  const auto n = static_cast<double>(pick.size());
  // Variance of f(A) and f(B) pooled, two-pass for accuracy.
  double sum = 0.0;
  for (std::size_t j : pick)
    sum += y[j * group] + y[j * group + k + 1];
  const double mean = sum / (2.0 * n);
  double squares = 0.0;
  for (std::size_t j : pick) {
    const double da = y[j * group] - mean;
    const double db = y[j * group + k + 1] - mean;
    squares += da * da + db * db;
  }
  const double variance = squares / (2.0 * n - 1.0);
  for (std::size_t i = 0; i < k; ++i) {
    double b_minus_ab = 0.0;
    double a_minus_ab = 0.0;
    for (std::size_t j : pick) {
      const double fa = y[j * group];
      const double fab = y[j * group + i + 1];
      const double fb = y[j * group + k + 1];
      b_minus_ab += (fb - fab) * (fb - fab);
      a_minus_ab += (fa - fab) * (fa - fab);
    }
    first_order[i] = (variance - b_minus_ab / (2.0 * n)) / variance;
    total[i] = a_minus_ab / (2.0 * n) / variance;
  }
}

}  // namespace

SobolIndices sobol_indices(const Design& design, std::span<const double> y, std::uint64_t seed,
                           std::uint64_t stream_entity) {
  if (design.settings.kind != DesignKind::Sobol || y.size() != design.points) {
    throw std::invalid_argument("Sobol indices need one value per point of a Sobol design");
  }
  const std::size_t k = design.factors;
  const std::size_t n = design.settings.samples;
  SobolIndices result{empty_estimate(k), empty_estimate(k)};
  for (double value : y) {
    if (!std::isfinite(value)) return result;
  }
  std::vector<std::size_t> pick(n);
  for (std::size_t j = 0; j < n; ++j)
    pick[j] = j;
  jansen(y, k, pick, result.first_order.value.data(), result.total.value.data());
  const std::size_t resamples = design.settings.bootstrap;
  if (resamples > 0) {
    rng::RandomStream stream(
        rng::StreamKey{seed, kDesignReplication, stream_entity, kBootstrapStream});
    std::vector<double> first(resamples * k);
    std::vector<double> total(resamples * k);
    for (std::size_t b = 0; b < resamples; ++b) {
      for (auto& j : pick)
        j = stream.index(n);
      jansen(y, k, pick, &first[b * k], &total[b * k]);
    }
    percentile_bounds(first, resamples, k, design.settings.confidence, result.first_order);
    percentile_bounds(total, resamples, k, design.settings.confidence, result.total);
  }
  return result;
}

}  // namespace wfsim::experiment
