#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <vector>

#include "engine/analysis/calibration.hpp"
#include "engine/analysis/change_detection.hpp"
#include "engine/rng/random_stream.hpp"

using namespace wfsim::analysis;

namespace {

/// Pure noise: 12 baseline periods and 36 monitored ones.
std::vector<double> in_control(std::uint64_t seed, std::uint64_t replication) {
  wfsim::rng::RandomStream random({seed, replication, 0, 0});
  std::vector<double> values(48);
  for (auto& x : values)
    x = 50.0 + 3.0 * random.normal();
  return values;
}

DetectorSpec cusum() {
  DetectorSpec spec;
  spec.baseline_periods = 12;
  spec.direction = Direction::Increase;
  spec.min_sd_fraction = 0.0;
  return spec;
}

/// maxima[r] = {cusum, ewma} on the same in-control series.
std::vector<std::vector<double>> maxima_of(std::uint64_t seed, std::uint64_t first,
                                           std::uint64_t count) {
  std::vector<std::vector<double>> maxima;
  DetectorSpec c = cusum();
  DetectorSpec e = cusum();
  e.method = Method::Ewma;
  for (std::uint64_t r = first; r < first + count; ++r) {
    const auto values = in_control(seed, r);
    maxima.push_back({max_statistic(values, c), max_statistic(values, e)});
  }
  return maxima;
}

}  // namespace

TEST_CASE("a detector alarms exactly when its largest statistic exceeds the threshold") {
  for (Method method : {Method::Cusum, Method::Ewma}) {
    DetectorSpec spec = cusum();
    spec.method = method;
    for (std::uint64_t r = 0; r < 50; ++r) {
      const auto values = in_control(3, r);
      const double largest = max_statistic(values, spec);
      REQUIRE(std::isfinite(largest));
      // (An EWMA's largest statistic may be negative: the series only fell.)
      spec.threshold = largest - 1e-3 * std::fabs(largest) - 1e-9;
      CHECK(first_alarm(values, spec) >= 12);
      spec.threshold = largest + 1e-3 * std::fabs(largest) + 1e-9;
      CHECK(first_alarm(values, spec) == -1);
    }
  }
  DetectorSpec spec = cusum();
  CHECK(std::isnan(max_statistic(std::vector<double>{1.0}, spec)));
}

TEST_CASE("calibrated thresholds honour the false-alarm rate on fresh in-control runs") {
  const double alpha = 0.05;
  const std::vector<std::vector<std::size_t>> alone = {{0}, {1}};
  const std::vector<std::vector<std::size_t>> together = {{0, 1}};
  const auto calibration = maxima_of(7, 0, 400);
  const auto fresh = maxima_of(7, 1000, 4000);
  for (const auto& groups : {alone, together}) {
    const auto thresholds = calibrate_thresholds(calibration, groups, alpha);
    // In sample: at most the conformal allowance of 19 in 400.
    for (const auto& g : groups)
      CHECK(alarm_share(calibration, thresholds, g) <= 19.0 / 400.0 + 1e-12);
    // Out of sample the rate is alpha up to the calibration's own noise
    // (a quantile from 400 runs: sd about 0.012) and the fresh set's
    // (4000 runs: 0.0034).
    for (const auto& g : groups) {
      const double rate = alarm_share(fresh, thresholds, g);
      CHECK(rate > alpha - 0.035);
      CHECK(rate < alpha + 0.035);
    }
    // A group's members alarm no more often than the group.
    if (groups.size() == 1) {
      const std::size_t c = 0, e = 1;
      const double group = alarm_share(calibration, thresholds, groups[0]);
      CHECK(alarm_share(calibration, thresholds, std::span(&c, 1)) <= group);
      CHECK(alarm_share(calibration, thresholds, std::span(&e, 1)) <= group);
      CHECK(alarm_share(calibration, thresholds, std::span(&c, 1)) > 0.0);
    }
  }
  const auto cross = cross_validated_false_alarm_rates(calibration, together, alpha);
  CHECK(cross.group[0] > alpha - 0.04);
  CHECK(cross.group[0] < alpha + 0.04);
  CHECK(cross.detector[0] <= cross.group[0]);
}

TEST_CASE("a calibration needs (N + 1) alpha >= 1") {
  CHECK(min_calibration_replications(0.05) == 19);
  CHECK(min_calibration_replications(0.1) == 9);
  CHECK(min_calibration_replications(0.3) == 3);
  const auto few = maxima_of(1, 0, 18);
  CHECK_THROWS(calibrate_thresholds(few, {{0}, {1}}, 0.05));
  const auto enough = maxima_of(1, 0, 19);
  const auto thresholds = calibrate_thresholds(enough, {{0}, {1}}, 0.05);
  // With 19 runs the threshold is the largest maximum: none of them alarms.
  const std::size_t c = 0;
  CHECK(alarm_share(enough, thresholds, std::span(&c, 1)) == 0.0);
  // NaN maxima (the detector could not run) never alarm.
  auto with_nan = enough;
  with_nan[0][0] = std::numeric_limits<double>::quiet_NaN();
  const auto t = calibrate_thresholds(with_nan, {{0}}, 0.05);
  CHECK(std::isfinite(t[0]));
}

TEST_CASE("the median's order-statistic interval covers it and widens with fewer values") {
  std::vector<double> values;
  for (int i = 1; i <= 101; ++i)
    values.push_back(i);
  const auto m = median_with_interval(values);
  CHECK(m.median == 51);
  CHECK(m.count == 101);
  // Ranks 50.5 -+ 1.96 sqrt(101) / 2: about 40 and 62.
  CHECK(m.low == 40);
  CHECK(m.high == 62);
  const auto few = median_with_interval(std::vector<double>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  CHECK(few.median == 5.5);
  CHECK(few.low == 1);
  CHECK(few.high == 10);  // the normal approximation is conservative here
  const auto tiny = median_with_interval(std::vector<double>{4, 5});
  CHECK(tiny.median == 4.5);
  CHECK(std::isnan(tiny.low));
  // Coverage: the interval holds the true median of a skewed distribution
  // in about 95 % of samples.
  int covered = 0;
  for (std::uint64_t s = 0; s < 400; ++s) {
    wfsim::rng::RandomStream random({11, s, 0, 0});
    std::vector<double> sample(40);
    for (auto& x : sample)
      x = std::exp(random.normal());  // lognormal: median 1
    const auto interval = median_with_interval(sample);
    if (interval.low <= 1.0 && interval.high >= 1.0) ++covered;
  }
  CHECK(covered >= 360);  // 0.95 * 400 = 380, sd about 4.4
}

TEST_CASE("with a confidence, each calibration's own rate stays under alpha") {
  // For N = 200 and alpha = 0.05, P(Binomial(200, 0.05) <= 5) = 0.06 and
  // <= 6 is 0.13: at confidence 0.9 five calibration runs may exceed.
  CHECK(min_calibration_replications(0.05, 0.9) == 45);  // 0.95^45 = 0.099
  const double alpha = 0.05;
  const std::vector<std::vector<std::size_t>> alone = {{0}, {1}};
  const auto fresh = maxima_of(21, 100000, 4000);
  int over_average = 0, over_confident = 0;
  const int calibrations = 20;
  for (int c = 0; c < calibrations; ++c) {
    const auto calibration = maxima_of(21, 200 * static_cast<std::uint64_t>(c), 200);
    const auto average = calibrate_thresholds(calibration, alone, alpha);
    const auto confident = calibrate_thresholds(calibration, alone, alpha, 0.9);
    const std::size_t d = 0;
    CHECK(alarm_share(calibration, confident, std::span(&d, 1)) <= 5.0 / 200 + 1e-12);
    CHECK(confident[0] >= average[0]);
    over_average += alarm_share(fresh, average, std::span(&d, 1)) > alpha ? 1 : 0;
    over_confident += alarm_share(fresh, confident, std::span(&d, 1)) > alpha ? 1 : 0;
  }
  // On average about half the calibrations land above alpha; with
  // confidence 0.9 about one in ten (binomial sd of 20 draws: 1.3).
  CHECK(over_confident <= 5);
  CHECK(over_confident < over_average);
  CHECK_THROWS(calibrate_thresholds(maxima_of(1, 0, 40), alone, alpha, 0.9));
}
