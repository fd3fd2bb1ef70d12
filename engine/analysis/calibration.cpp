#include "engine/analysis/calibration.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace wfsim::analysis {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// NaN maxima (the detector could not run) never alarm: they sort below
/// every threshold.
double comparable(double x) {
  return std::isnan(x) ? -std::numeric_limits<double>::infinity() : x;
}

bool exceeds(double maximum, double threshold) {
  return comparable(maximum) > threshold;
}

/// P(Binomial(n, p) <= k).
double binomial_cdf(std::size_t k, std::size_t n, double p) {
  double total = 0.0;
  const double log_p = std::log(p);
  const double log_q = std::log1p(-p);
  for (std::size_t i = 0; i <= k && i <= n; ++i) {
    const auto x = static_cast<double>(i);
    const auto m = static_cast<double>(n);
    total += std::exp(std::lgamma(m + 1) - std::lgamma(x + 1) - std::lgamma(m - x + 1) + x * log_p +
                      (m - x) * log_q);
  }
  return total;
}

/// How many of n calibration replications may exceed the thresholds, or -1
/// when none may: on average, the conformal rank ceil((1 - alpha)(n + 1))
/// leaves floor(alpha (n + 1)) - 1; with a confidence c, the largest k with
/// P(Binomial(n, alpha) <= k) <= 1 - c.
std::ptrdiff_t allowed_exceedances(std::size_t n, double alpha, double confidence) {
  if (confidence <= 0.0) {
    return static_cast<std::ptrdiff_t>(std::floor(alpha * static_cast<double>(n + 1))) - 1;
  }
  std::ptrdiff_t k = -1;
  while (static_cast<std::size_t>(k + 1) <= n &&
         binomial_cdf(static_cast<std::size_t>(k + 1), n, alpha) <= 1.0 - confidence) {
    ++k;
  }
  return k;
}

std::vector<double> calibrate_on(const std::vector<std::vector<double>>& maxima,
                                 std::span<const std::size_t> rows,
                                 const std::vector<std::vector<std::size_t>>& groups, double alpha,
                                 double confidence) {
  const std::size_t detectors = maxima.empty() ? 0 : maxima.front().size();
  std::vector<double> thresholds(detectors, std::numeric_limits<double>::infinity());
  const std::size_t n = rows.size();
  const std::ptrdiff_t allowed_or_none = allowed_exceedances(n, alpha, confidence);
  if (n == 0 || allowed_or_none < 0) return thresholds;
  const auto allowed = static_cast<std::size_t>(allowed_or_none);
  // sorted[d]: detector d's maxima in ascending order.
  std::vector<std::vector<double>> sorted(detectors);
  for (std::size_t d = 0; d < detectors; ++d) {
    sorted[d].reserve(n);
    for (const std::size_t r : rows)
      sorted[d].push_back(comparable(maxima[r][d]));
    std::sort(sorted[d].begin(), sorted[d].end());
  }
  for (const auto& members : groups) {
    // At rank j (1-based) each member's threshold is its j-th smallest
    // maximum; exceedances fall as j rises, so the lowest j that allows few
    // enough is found by bisection.
    const auto exceedances = [&](std::size_t rank) {
      std::size_t count = 0;
      for (const std::size_t r : rows) {
        bool any = false;
        for (const std::size_t d : members)
          any = any || comparable(maxima[r][d]) > sorted[d][rank - 1];
        count += any ? 1 : 0;
      }
      return count;
    };
    std::size_t low = 1;
    std::size_t high = n;  // at rank n nothing exceeds
    while (low < high) {
      const std::size_t mid = low + (high - low) / 2;
      if (exceedances(mid) <= allowed) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    for (const std::size_t d : members)
      thresholds[d] = sorted[d][low - 1];
  }
  return thresholds;
}

}  // namespace

std::uint64_t min_calibration_replications(double alpha, double confidence) {
  if (!(alpha > 0.0) || alpha >= 1.0 || confidence >= 1.0) {
    return std::numeric_limits<std::uint64_t>::max();
  }
  // The smallest N with floor(alpha (N + 1)) >= 1, or with (1 - alpha)^N
  // <= 1 - c (no exceedance at all is unlikely enough).
  if (confidence <= 0.0) return static_cast<std::uint64_t>(std::ceil(1.0 / alpha - 1e-12)) - 1;
  return static_cast<std::uint64_t>(
      std::ceil(std::log1p(-confidence) / std::log1p(-alpha) - 1e-12));
}

std::vector<double> calibrate_thresholds(const std::vector<std::vector<double>>& maxima,
                                         const std::vector<std::vector<std::size_t>>& groups,
                                         double alpha, double confidence) {
  if (maxima.size() < min_calibration_replications(alpha, confidence)) {
    throw std::invalid_argument("too few in-control replications for the false-alarm target");
  }
  std::vector<std::size_t> all(maxima.size());
  std::iota(all.begin(), all.end(), std::size_t{0});
  return calibrate_on(maxima, all, groups, alpha, confidence);
}

double alarm_share(const std::vector<std::vector<double>>& maxima,
                   const std::vector<double>& thresholds, std::span<const std::size_t> members,
                   std::span<const std::size_t> replications) {
  std::size_t alarms = 0;
  std::size_t total = 0;
  const auto count = [&](std::size_t r) {
    bool any = false;
    for (const std::size_t d : members)
      any = any || exceeds(maxima[r][d], thresholds[d]);
    alarms += any ? 1 : 0;
    ++total;
  };
  if (replications.empty()) {
    for (std::size_t r = 0; r < maxima.size(); ++r)
      count(r);
  } else {
    for (const std::size_t r : replications)
      count(r);
  }
  return total == 0 ? kNaN : static_cast<double>(alarms) / static_cast<double>(total);
}

CrossValidatedRates cross_validated_false_alarm_rates(
    const std::vector<std::vector<double>>& maxima,
    const std::vector<std::vector<std::size_t>>& groups, double alpha, double confidence) {
  const std::size_t detectors = maxima.empty() ? 0 : maxima.front().size();
  CrossValidatedRates rates{std::vector<double>(detectors, kNaN),
                            std::vector<double>(groups.size(), kNaN)};
  std::vector<std::size_t> halves[2];
  for (std::size_t r = 0; r < maxima.size(); ++r)
    halves[r % 2].push_back(r);
  if (halves[1].size() < min_calibration_replications(alpha, confidence)) return rates;
  std::vector<double> alarms(detectors, 0.0);
  std::vector<double> group_alarms(groups.size(), 0.0);
  for (int fit = 0; fit < 2; ++fit) {
    const auto& tried = halves[1 - fit];
    const auto thresholds = calibrate_on(maxima, halves[fit], groups, alpha, confidence);
    const auto share_times_size = [&](std::span<const std::size_t> members) {
      return alarm_share(maxima, thresholds, members, tried) * static_cast<double>(tried.size());
    };
    for (std::size_t d = 0; d < detectors; ++d)
      alarms[d] += share_times_size(std::span<const std::size_t>(&d, 1));
    for (std::size_t g = 0; g < groups.size(); ++g)
      group_alarms[g] += share_times_size(groups[g]);
  }
  const auto n = static_cast<double>(maxima.size());
  for (std::size_t d = 0; d < detectors; ++d)
    rates.detector[d] = alarms[d] / n;
  for (std::size_t g = 0; g < groups.size(); ++g)
    rates.group[g] = group_alarms[g] / n;
  return rates;
}

MedianInterval median_with_interval(std::span<const double> values, double level) {
  std::vector<double> sorted;
  sorted.reserve(values.size());
  for (const double x : values)
    if (!std::isnan(x)) sorted.push_back(x);
  std::sort(sorted.begin(), sorted.end());
  const std::size_t n = sorted.size();
  MedianInterval out{kNaN, kNaN, kNaN, n};
  if (n == 0) return out;
  out.median = n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
  // The number of values below the median is Binomial(n, 1/2): ranks
  // n/2 -+ z sqrt(n)/2 bound it with the stated coverage (Conover 1999).
  // The normal quantile for the two-sided level, by bisection on erfc.
  const double tail = (1.0 - level) / 2.0;
  double lo = 0.0, hi = 10.0;
  for (int i = 0; i < 100; ++i) {
    const double mid = 0.5 * (lo + hi);
    (0.5 * std::erfc(mid / std::sqrt(2.0)) > tail ? lo : hi) = mid;
  }
  const double z = 0.5 * (lo + hi);
  const double half_width = z * std::sqrt(static_cast<double>(n)) / 2.0;
  const auto low_rank = static_cast<std::ptrdiff_t>(
      std::floor(static_cast<double>(n) / 2.0 - half_width));  // 1-based
  const auto high_rank =
      static_cast<std::ptrdiff_t>(std::ceil(static_cast<double>(n) / 2.0 + 1.0 + half_width));
  if (low_rank >= 1) out.low = sorted[static_cast<std::size_t>(low_rank - 1)];
  if (high_rank <= static_cast<std::ptrdiff_t>(n))
    out.high = sorted[static_cast<std::size_t>(high_rank - 1)];
  return out;
}

}  // namespace wfsim::analysis
