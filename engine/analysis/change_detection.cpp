#include "engine/analysis/change_detection.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace wfsim::analysis {

std::string_view to_string(Method method) {
  return method == Method::Cusum ? "cusum" : "ewma";
}
std::string_view to_string(Direction direction) {
  return direction == Direction::Decrease ? "decrease" : "increase";
}

namespace {

/// Runs the detector over the periods after the baseline, handing each
/// period's statistic (on the threshold's scale) to `visit`, which returns
/// true to stop. Returns false when the baseline holds fewer than two values.
template <typename Visit>
bool for_each_statistic(std::span<const double> series, const DetectorSpec& spec, Visit&& visit) {
  double sum = 0.0;
  double sum_sq = 0.0;
  std::size_t count = 0;
  const std::size_t end_of_baseline = std::min(spec.baseline_periods, series.size());
  for (std::size_t t = 0; t < end_of_baseline; ++t) {
    if (std::isnan(series[t])) continue;
    sum += series[t];
    sum_sq += series[t] * series[t];
    ++count;
  }
  if (count < 2) return false;
  const double mean = sum / static_cast<double>(count);
  const double variance = std::max(0.0, (sum_sq - sum * mean) / static_cast<double>(count - 1));
  const double poisson_sd = spec.count_scale > 0.0
                                ? std::sqrt(std::fabs(mean) * spec.count_scale) / spec.count_scale
                                : 0.0;
  const double sd = std::max(
      {std::sqrt(variance), spec.min_sd_fraction * std::fabs(mean), spec.min_sd, poisson_sd});
  const double sign = spec.direction == Direction::Decrease ? -1.0 : 1.0;

  double cusum = 0.0;
  double ewma = 0.0;
  double decay = 1.0;  // (1 - lambda)^(2 t)
  for (std::size_t t = end_of_baseline; t < series.size(); ++t) {
    if (std::isnan(series[t])) continue;
    const double z = sign * (series[t] - mean) / sd;
    double statistic = 0.0;
    if (spec.method == Method::Cusum) {
      cusum = std::max(0.0, cusum + z - spec.allowance);
      statistic = cusum;
    } else {
      const double lambda = spec.ewma_lambda;
      ewma = lambda * z + (1.0 - lambda) * ewma;
      decay *= (1.0 - lambda) * (1.0 - lambda);
      statistic = ewma / std::sqrt(lambda / (2.0 - lambda) * (1.0 - decay));
    }
    if (visit(t, statistic)) break;
  }
  return true;
}

}  // namespace

std::ptrdiff_t first_alarm(std::span<const double> series, const DetectorSpec& spec) {
  std::ptrdiff_t alarm = -1;
  for_each_statistic(series, spec, [&](std::size_t t, double statistic) {
    if (statistic > spec.threshold) alarm = static_cast<std::ptrdiff_t>(t);
    return alarm >= 0;
  });
  return alarm;
}

double max_statistic(std::span<const double> series, const DetectorSpec& spec) {
  double largest = std::numeric_limits<double>::quiet_NaN();
  const bool ran = for_each_statistic(series, spec, [&](std::size_t, double statistic) {
    if (std::isnan(largest) || statistic > largest) largest = statistic;
    return false;
  });
  return ran ? largest : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace wfsim::analysis
