#include <catch2/catch.hpp>
#include <cmath>

#include "models/workforce/calendar.hpp"
#include "models/workforce/engagement.hpp"
#include "models/workforce/experiments.hpp"
#include "models/workforce/leverage.hpp"
#include "models/workforce/settings.hpp"
#include "models/workforce/turnover.hpp"
#include "tests/common/model_runs.hpp"

using namespace wfsim;
using namespace wfsim::workforce;

namespace {

Settings defaults() {
  const auto config = testing::config_from("model: workforce\n");
  return read_settings(config.values);
}

}  // namespace

TEST_CASE("leverage falls with skill and needs fluency, access and good models") {
  const auto s = defaults();
  const LeverageParams& b = s.leverage;
  const double novice = leverage(b, 1.0, 1.0, 0.8, 1.0, 0.1);
  const double mid = leverage(b, 1.0, 1.0, 0.8, 1.0, 0.5);
  const double expert = leverage(b, 1.0, 1.0, 0.8, 1.0, 0.95);
  CHECK(novice > mid);
  CHECK(mid > expert);
  CHECK(novice - 1.0 == Approx(0.8 * (0.9 * 0.6 - 0.1 * 0.1)));
  CHECK(expert < 1.0);  // experts on familiar work can be slowed down
  CHECK(leverage(b, 1.0, 0.0, 0.8, 1.0, 0.1) == 1.0);    // no compute, no leverage
  CHECK(leverage(b, 1.0, 1.0, 0.0, 1.0, 0.1) == 1.0);    // no fluency, no leverage
  CHECK(leverage(b, 0.5, 1.0, 0.8, 1.0, 0.1) < novice);  // older models, less
}

TEST_CASE("disengagement cuts discretionary effort before in-role effort") {
  const auto s = defaults();
  const Effort& b = s.effort;
  CHECK(discretionary_effort(b, 0.8) == 1.0);
  CHECK(in_role_effort(b, 0.8, 0.0) == 1.0);
  // Engagement falling from high to moderate: discretionary effort drops,
  // in-role effort does not.
  CHECK(discretionary_effort(b, 0.4) < 0.6);
  CHECK(in_role_effort(b, 0.4, 0.0) == 1.0);
  // Only deep disengagement reaches core work.
  CHECK(discretionary_effort(b, 0.1) == 0.0);
  CHECK(in_role_effort(b, 0.1, 0.0) < 1.0);
  CHECK(in_role_effort(b, 0.1, 0.0) > 0.6);
  // Exhaustion cuts in-role output.
  CHECK(in_role_effort(b, 0.8, 1.0) == Approx(1.0 - b.exhaustion_output_cut));
}

TEST_CASE("demands raise exhaustion and lower engagement; resources do the opposite") {
  const auto s = defaults();
  const Engagement& b = s.engagement;
  DemandSignals calm;
  DemandSignals hard;
  hard.wait_days = 30;
  hard.starved_share = 0.8;
  hard.unshipped = 3;
  hard.denied = 1;
  ResourceSignals rich;
  rich.access = 1.0;
  rich.leverage = 1.3;
  rich.shipped_smooth = 1.0;
  rich.autonomy = 1.0;
  ResourceSignals poor;
  poor.access = 0.2;
  poor.autonomy = 0.2;
  CHECK(demands(b, hard) > demands(b, calm));
  CHECK(resources(b, rich) > resources(b, poor));
  const double d_hard = demands(b, hard), d_calm = demands(b, calm);
  const double r_rich = resources(b, rich), r_poor = resources(b, poor);
  CHECK(exhaustion_target(b, d_hard, r_poor) > exhaustion_target(b, d_calm, r_rich));
  CHECK(engagement_target(b, 0.55, d_hard, r_poor, 0.6) <
        engagement_target(b, 0.55, d_calm, r_rich, 0.25));
  // In the reference environment engagement sits at the disposition.
  CHECK(engagement_target(b, 0.55, b.demand_reference, b.resource_reference, b.exhaustion_base) ==
        Approx(0.55));
}

TEST_CASE("the push to leave, ease and embeddedness respond as the unfolding model says") {
  const auto s = defaults();
  const double b = s.engagement.exhaustion_base;
  const Turnover& t = s.turnover;
  const double base = push(t, b, 0.55, 0.25, 1.0, 0.0, 0.8, 0.8, 0.0);
  CHECK(push(t, b, 0.3, 0.25, 1.0, 0.0, 0.8, 0.8, 0.0) > base);    // disengaged
  CHECK(push(t, b, 0.55, 0.6, 1.0, 0.0, 0.8, 0.8, 0.0) > base);    // exhausted
  CHECK(push(t, b, 0.55, 0.25, 0.85, 0.0, 0.8, 0.8, 0.0) > base);  // underpaid
  CHECK(push(t, b, 0.55, 0.25, 1.0, 1.0, 0.8, 0.3, 0.0) > base);   // AI builder, no leverage
  CHECK(push(t, b, 0.55, 0.25, 1.0, 0.0, 0.8, 0.3, 0.0) == Approx(base));  // not an AI role
  CHECK(push(t, b, 0.55, 0.25, 1.0, 0.0, 0.8, 0.8, 0.2) > base);           // colleagues leaving
  CHECK(ease_of_movement(t, 1.5, 0.9, 1.0) > ease_of_movement(t, 1.0, 0.5, 0.0));
  CHECK(ease_of_movement(t, 0.3, 0.5, 0.0) < ease_of_movement(t, 1.0, 0.5, 0.0));
  CHECK(embeddedness(t, 14, 60, 0.5, 1.0, 0.0) > embeddedness(t, 14, 1, 0.5, 1.0, 0.0));
  CHECK(embeddedness(t, 14, 60, 0.5, 1.0, 0.2) < embeddedness(t, 14, 60, 0.5, 1.0, 0.0));
  CHECK(accept_probability(t, 1.3, 0.0, 0.8, 0.8, 0.5, 0.5) >
        accept_probability(t, 1.0, 0.0, 0.8, 0.8, 0.5, 0.5));
  CHECK(accept_probability(t, 1.1, 0.0, 0.8, 0.8, 0.5, 0.9) <
        accept_probability(t, 1.1, 0.0, 0.8, 0.8, 0.5, 0.1));
}

TEST_CASE("the share of experiments that need sign-off follows the lognormal cost") {
  CHECK(share_above(10.0, 1.0, 0.0) == 1.0);
  CHECK(share_above(10.0, 1.0, 1e9) == Approx(0.0).margin(1e-12));
  // The median of a lognormal with mean m and log-sd s is m exp(-s^2/2).
  CHECK(share_above(10.0, 1.0, 10.0 * std::exp(-0.5)) == Approx(0.5));
  CHECK(share_above(30.0, 1.0, 10.0) > share_above(2.0, 1.0, 10.0));
}

TEST_CASE("a hazard decided between bounds agrees with the exponential on every draw") {
  // Draws just around the computed probability are where a shortcut could
  // disagree with u < 1 - exp(-r): try the neighbours of the boundary for
  // rates over the whole range, tiny to beyond one, and random draws too.
  rng::RandomStream random(rng::StreamKey{7, 0, 0, 0});
  std::size_t checked = 0;
  std::size_t disagreements = 0;
  const auto check = [&](double u, double rate) {
    if (!(u >= 0.0 && u < 1.0)) return;
    ++checked;
    if (hazard_decides(u, rate) != (u < hazard_probability(rate))) ++disagreements;
  };
  for (int i = 0; i < 20000; ++i) {
    const double rate =
        i < 10000 ? std::pow(10.0, -8.0 + 8.3 * random.uniform()) : 3.0 * random.uniform();
    const double p = hazard_probability(rate);
    double below = p;
    double above = p;
    for (int step = 0; step < 40; ++step) {
      check(below, rate);
      check(above, rate);
      below = std::nextafter(below, 0.0);
      above = std::nextafter(above, 1.0);
    }
    check(random.uniform(), rate);
  }
  for (const double rate : {0.0, -1.0, std::nan(""), 1.0, 1e-300, 700.0}) {
    check(0.0, rate);
    check(0.5, rate);
    check(std::nextafter(1.0, 0.0), rate);
  }
  CHECK(checked > 1'600'000);
  CHECK(disagreements == 0);

  // The stream moves on by one draw whatever the outcome.
  rng::RandomStream a(rng::StreamKey{1, 2, 3, 4});
  rng::RandomStream b = a;
  for (int i = 0; i < 1000; ++i) {
    const double rate = 0.002 * i;
    CHECK(hazard_occurs(a, rate) == b.bernoulli(hazard_probability(rate)));
  }
  CHECK(a.position() == b.position());
}

TEST_CASE("the calendar's month of a time is the floor of the months elapsed") {
  rng::RandomStream random(rng::StreamKey{11, 0, 0, 0});
  for (int i = 0; i < 200000; ++i) {
    const double time = i < 1000 ? (i - 500) * kDaysPerMonth  // month boundaries themselves
                                 : random.uniform(-400.0, 60000.0);
    REQUIRE(Calendar::internal_month(time) ==
            static_cast<int>(std::floor(time / kDaysPerMonth)) + 1);
  }
  for (const double time : {0.0, -0.0, 1e-300, -1e-300, std::nextafter(kDaysPerMonth, 0.0)}) {
    CHECK(Calendar::internal_month(time) == static_cast<int>(std::floor(time / kDaysPerMonth)) + 1);
  }
}
