#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "engine/analysis/change_detection.hpp"
#include "engine/rng/random_stream.hpp"

using namespace wfsim::analysis;

namespace {

/// Noise around `level`, dropping by `drop` (in sd units) from `change_at`.
std::vector<double> series_with_change(std::size_t length, std::size_t change_at, double drop,
                                       std::uint64_t seed) {
  wfsim::rng::RandomStream random({seed, 0, 0, 0});
  std::vector<double> values(length);
  for (std::size_t t = 0; t < length; ++t) {
    values[t] = 100.0 + random.normal() - (t >= change_at ? drop : 0.0);
  }
  return values;
}

}  // namespace

TEST_CASE("both detectors find a clear drop soon after it starts, not before") {
  for (Method method : {Method::Cusum, Method::Ewma}) {
    DetectorSpec spec;
    spec.method = method;
    spec.baseline_periods = 12;
    spec.threshold = method == Method::Cusum ? 5.0 : 3.0;
    int found = 0;
    int early = 0;
    for (std::uint64_t seed = 0; seed < 50; ++seed) {
      const auto values = series_with_change(48, 24, 3.0, seed);
      const auto alarm = first_alarm(values, spec);
      if (alarm >= 24 && alarm <= 30) ++found;
      if (alarm >= 0 && alarm < 24) ++early;
      CHECK((alarm == -1 || alarm >= 12));  // never inside the baseline
    }
    INFO(to_string(method) << ": " << found << " timely, " << early << " early");
    // A baseline of 12 noisy months misjudges the sd now and then, so a few
    // false alarms before the change are expected; most must be timely.
    CHECK(found >= 40);
    CHECK(early <= 8);
  }
}

TEST_CASE("a stable series rarely alarms") {
  for (Method method : {Method::Cusum, Method::Ewma}) {
    DetectorSpec spec;
    spec.method = method;
    spec.baseline_periods = 12;
    spec.threshold = method == Method::Cusum ? 5.0 : 3.0;
    int false_alarms = 0;
    for (std::uint64_t seed = 100; seed < 200; ++seed) {
      const auto values = series_with_change(36, 1000, 0.0, seed);
      if (first_alarm(values, spec) >= 0) ++false_alarms;
    }
    INFO(to_string(method));
    CHECK(false_alarms <= 15);
  }
}

TEST_CASE("direction matters") {
  auto values = series_with_change(36, 18, -4.0, 7);  // a rise
  DetectorSpec spec;
  spec.baseline_periods = 12;
  spec.direction = Direction::Decrease;
  CHECK(first_alarm(values, spec) == -1);
  spec.direction = Direction::Increase;
  CHECK(first_alarm(values, spec) >= 18);
}

TEST_CASE("missing values are skipped, in the baseline and after it") {
  std::vector<double> quarterly(36, NAN);
  for (std::size_t t = 2; t < 36; t += 3)
    quarterly[t] = t < 21 ? 0.5 + 0.01 * (t % 2) : 0.35;
  DetectorSpec spec;
  spec.baseline_periods = 12;  // covers the first four survey months
  const auto alarm = first_alarm(quarterly, spec);
  CHECK(alarm == 23);  // the first survey after the drop
}

TEST_CASE("too short a baseline gives no alarm rather than a wrong one") {
  const std::vector<double> values = {1.0, NAN, NAN};
  DetectorSpec spec;
  spec.baseline_periods = 3;
  CHECK(first_alarm(values, spec) == -1);
}

TEST_CASE("a flat baseline uses the sd floor") {
  std::vector<double> values(24, 10.0);
  for (std::size_t t = 12; t < 24; ++t)
    values[t] = 9.9;  // -1 %, half the 2 % floor
  DetectorSpec spec;
  spec.baseline_periods = 12;
  spec.threshold = 4.0;
  spec.allowance = 0.25;
  // z = -0.5 per month, so S grows by 0.25 a month and passes 4 after 17
  // months: beyond this series. A 10 % drop alarms at once.
  CHECK(first_alarm(values, spec) == -1);
  for (std::size_t t = 12; t < 24; ++t)
    values[t] = 9.0;
  CHECK(first_alarm(values, spec) == 12);
}

TEST_CASE("a count's noise floor is Poisson noise, in the units of the series") {
  // A quiet baseline of 10 events a month, then 14, 13, 14: chance for a
  // Poisson count (sd sqrt(10) = 3.2, so S grows by about 0.6 a month), an
  // alarm if the quiet baseline's own sd were believed.
  std::vector<double> counts(6, 10.0);
  counts.insert(counts.end(), {14.0, 13.0, 14.0});
  DetectorSpec spec;
  spec.direction = Direction::Increase;
  spec.baseline_periods = 6;
  CHECK(first_alarm(counts, spec) == 6);
  spec.count_scale = 1.0;
  CHECK(first_alarm(counts, spec) == -1);
  // A rise of four Poisson sds a month still alarms within two months.
  counts.assign(6, 10.0);
  counts.insert(counts.end(), {23.0, 23.0, 23.0});
  CHECK(first_alarm(counts, spec) == 7);

  // The same counts as a rate per head of 100 people: the same floor, scaled.
  std::vector<double> rates(6, 0.10);
  rates.insert(rates.end(), {0.14, 0.13, 0.14});
  spec.count_scale = 100.0;
  CHECK(first_alarm(rates, spec) == -1);
  spec.count_scale = 0.0;
  CHECK(first_alarm(rates, spec) == 6);
}
