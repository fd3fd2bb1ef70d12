// The analytic test functions as models, and the sensitivity estimators
// checked against their exact indices.
#include <catch2/catch.hpp>
#include <cmath>
#include <numbers>
#include <span>

#include "engine/experiment/design.hpp"
#include "engine/experiment/sensitivity.hpp"
#include "models/testfunctions/testfunctions.hpp"

using namespace wfsim;
using namespace wfsim::experiment;

namespace {

std::vector<Factor> unit_factors(std::size_t k) {
  std::vector<Factor> factors(k);
  for (std::size_t i = 0; i < k; ++i) {
    factors[i].path = "x" + std::to_string(i + 1);
    factors[i].spec.type = params::ParamType::Real;
    factors[i].kind = FactorKind::Range;
    factors[i].min = 0.0;
    factors[i].max = 1.0;
  }
  return factors;
}

std::vector<double> ishigami_on(const Design& design) {
  const double pi = std::numbers::pi;
  std::vector<double> y(design.points);
  for (std::size_t p = 0; p < design.points; ++p) {
    auto x = [&](std::size_t f) { return -pi + 2.0 * pi * design.at(p, f); };
    y[p] = models::ishigami(x(0), x(1), x(2), 7.0, 0.1);
  }
  return y;
}

/// The G function of the design's factors with coefficients `a`.
std::vector<double> sobol_g_on(const Design& design, std::span<const double> a) {
  std::vector<double> y(design.points);
  for (std::size_t p = 0; p < design.points; ++p) {
    y[p] = models::sobol_g(
        std::span<const double>(&design.unit[p * design.factors], design.factors), a);
  }
  return y;
}

std::vector<double> sobol_g_on(const Design& design) {
  return sobol_g_on(design, models::kSobolGDefaultA);
}

}  // namespace

TEST_CASE("the exact Ishigami indices are the published ones") {
  const auto exact = models::ishigami_indices(7.0, 0.1);
  const std::vector<double> first = {0.3139, 0.4424, 0.0};
  const std::vector<double> total = {0.5576, 0.4424, 0.2437};
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(exact.first_order[i] == Approx(first[i]).margin(5e-5));
    CHECK(exact.total[i] == Approx(total[i]).margin(5e-5));
  }
}

TEST_CASE("the models evaluate their functions and report y") {
  const auto registry = [] {
    model::ModelRegistry r;
    r.add(models::make_ishigami_model());
    r.add(models::make_sobol_g_model());
    return r;
  }();
  params::ParamValues values(registry.find("ishigami")->parameters());
  values.set("x1", 1.0);
  values.set("x2", -2.0);
  values.set("x3", 0.5);
  const auto scenario = registry.find("ishigami")->instantiate(values);
  const auto result = scenario->run({1, 0});
  CHECK(result.scalars.at(0) == models::ishigami(1.0, -2.0, 0.5, 7.0, 0.1));
  // Out of [-pi, pi] is out of the parameter's range.
  CHECK_THROWS_AS(values.set("x1", 4.0), params::ConfigError);

  // Noise comes from the replication's stream: common to every point.
  values.set("noise_sd", 0.5);
  const auto noisy = registry.find("ishigami")->instantiate(values);
  values.set("x1", 2.0);
  const auto other = registry.find("ishigami")->instantiate(values);
  const double noise_a = noisy->run({1, 3}).scalars[0] - models::ishigami(1.0, -2.0, 0.5, 7, 0.1);
  const double noise_b = other->run({1, 3}).scalars[0] - models::ishigami(2.0, -2.0, 0.5, 7, 0.1);
  CHECK(noise_a == Approx(noise_b).margin(1e-12));
  CHECK(noise_a !=
        Approx(noisy->run({1, 4}).scalars[0] - models::ishigami(1.0, -2.0, 0.5, 7, 0.1)));

  // At x_i = 0.25 every factor is (1 + a_i) / (1 + a_i).
  params::ParamValues g_values(registry.find("sobol_g")->parameters());
  for (int i = 1; i <= 8; ++i)
    g_values.set("x" + std::to_string(i), 0.25);
  CHECK(registry.find("sobol_g")->instantiate(g_values)->run({1, 0}).scalars.at(0) == Approx(1.0));
  g_values.set("x2", 1.0);  // (2 + 1) / (1 + 1)
  CHECK(registry.find("sobol_g")->instantiate(g_values)->run({1, 0}).scalars.at(0) == Approx(1.5));
}

// Documented in docs/sweeps.md: N = 4096 base samples (20,480 runs) put every
// Jansen estimate of the Ishigami indices within 0.02 of the exact value.
TEST_CASE("Jansen estimators recover the Ishigami indices within 0.02 at N = 4096") {
  DesignSettings settings;
  settings.kind = DesignKind::Sobol;
  settings.samples = 4096;
  settings.bootstrap = 200;
  const auto exact = models::ishigami_indices(7.0, 0.1);
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    const Design design = make_design(settings, unit_factors(3), seed);
    const SobolIndices s = sobol_indices(design, ishigami_on(design), seed, 0);
    for (std::size_t i = 0; i < 3; ++i) {
      INFO("seed " << seed << ", x" << i + 1);
      CHECK(std::fabs(s.first_order.value[i] - exact.first_order[i]) < 0.02);
      CHECK(std::fabs(s.total.value[i] - exact.total[i]) < 0.02);
      CHECK(s.first_order.low[i] <= s.first_order.value[i]);
      CHECK(s.first_order.value[i] <= s.first_order.high[i]);
      CHECK(s.total.low[i] <= s.total.value[i]);
      CHECK(s.total.value[i] <= s.total.high[i]);
    }
  }
}

TEST_CASE("bootstrap intervals narrow as N grows and are reproducible") {
  DesignSettings settings;
  settings.kind = DesignKind::Sobol;
  settings.bootstrap = 300;
  auto width = [&](std::uint64_t n) {
    settings.samples = n;
    const Design design = make_design(settings, unit_factors(3), 9);
    const SobolIndices s = sobol_indices(design, ishigami_on(design), 9, 0);
    return s.total.high[0] - s.total.low[0];
  };
  const double narrow = width(4096);
  const double wide = width(256);
  // The standard error shrinks as 1/sqrt(N): 16 times the samples, a
  // quarter of the width (give or take the bootstrap's own noise).
  CHECK(wide / narrow > 2.5);
  CHECK(wide / narrow < 6.5);
  CHECK(width(256) == wide);
}

TEST_CASE("Jansen estimators recover the Sobol G indices within 0.02 at N = 4096") {
  DesignSettings settings;
  settings.kind = DesignKind::Sobol;
  settings.samples = 4096;
  settings.bootstrap = 0;
  const Design design = make_design(settings, unit_factors(models::kSobolGInputs), 4);
  const SobolIndices s = sobol_indices(design, sobol_g_on(design), 4, 0);
  const auto exact = models::sobol_g_indices(models::kSobolGDefaultA);
  for (std::size_t i = 0; i < models::kSobolGInputs; ++i) {
    INFO("x" << i + 1);
    CHECK(std::fabs(s.first_order.value[i] - exact.first_order[i]) < 0.02);
    CHECK(std::fabs(s.total.value[i] - exact.total[i]) < 0.02);
    CHECK(std::isnan(s.first_order.low[i]));  // no bootstrap asked for
  }
}

TEST_CASE("Morris ranks the Sobol G inputs in their true order of importance") {
  DesignSettings settings;
  settings.kind = DesignKind::Morris;
  settings.trajectories = 40;
  settings.levels = 4;
  settings.bootstrap = 200;
  const Design design = make_design(settings, unit_factors(models::kSobolGInputs), 12);
  const MorrisIndices m = morris_indices(design, sobol_g_on(design), 12, 0);
  // a = (0, 1, 4.5, 9, 99, 99, 99, 99): strictly decreasing importance for
  // the first four, the last four nearly inert.
  for (std::size_t i = 0; i + 1 < 4; ++i)
    CHECK(m.mu_star.value[i] > m.mu_star.value[i + 1]);
  for (std::size_t i = 4; i < 8; ++i) {
    CHECK(m.mu_star.value[i] < 0.2 * m.mu_star.value[3]);
    CHECK(m.sigma[i] >= 0.0);
  }
  for (std::size_t i = 0; i < 8; ++i) {
    CHECK(m.mu_star.low[i] <= m.mu_star.value[i]);
    CHECK(m.mu_star.value[i] <= m.mu_star.high[i]);
    CHECK(std::fabs(m.mu[i]) <= m.mu_star.value[i] + 1e-12);
  }
}

TEST_CASE("Morris on a linear function gives its slopes exactly, with no spread") {
  DesignSettings settings;
  settings.kind = DesignKind::Morris;
  settings.trajectories = 10;
  settings.levels = 4;
  settings.bootstrap = 0;
  const Design design = make_design(settings, unit_factors(3), 1);
  std::vector<double> y(design.points);
  for (std::size_t p = 0; p < design.points; ++p) {
    y[p] = 3.0 * design.at(p, 0) - 2.0 * design.at(p, 1) + 0.0 * design.at(p, 2);
  }
  const MorrisIndices m = morris_indices(design, y, 1, 0);
  CHECK(m.mu[0] == Approx(3.0));
  CHECK(m.mu[1] == Approx(-2.0));
  CHECK(m.mu_star.value[1] == Approx(2.0));
  CHECK(m.mu[2] == Approx(0.0).margin(1e-12));
  CHECK(m.sigma[0] == Approx(0.0).margin(1e-9));
}

TEST_CASE("a NaN outcome makes the Sobol indices NaN rather than wrong") {
  DesignSettings settings;
  settings.kind = DesignKind::Sobol;
  settings.samples = 16;
  const Design design = make_design(settings, unit_factors(3), 1);
  auto y = ishigami_on(design);
  y[7] = std::nan("");
  const SobolIndices s = sobol_indices(design, y, 1, 0);
  CHECK(std::isnan(s.first_order.value[0]));
  CHECK(std::isnan(s.total.high[2]));
}

namespace {

/// Coefficients of a G function of `k` inputs: a few important inputs, a
/// few moderate, the rest nearly inert, as in the screening problems G
/// functions stand for.
std::vector<double> mixed_coefficients(std::size_t k) {
  const std::vector<double> head = {0.0, 0.5, 1.0, 2.0, 4.5, 9.0};
  std::vector<double> a(k, 99.0);
  for (std::size_t i = 0; i < std::min(k, head.size()); ++i)
    a[i] = head[i];
  return a;
}

}  // namespace

TEST_CASE("the Sobol design reaches 64 parameters and recovers a 24-input G function") {
  // The sequence's 48 dimensions for 24 parameters, the Jansen estimators
  // on 2^13 base samples (26 x 8192 evaluations): every index within 0.03
  // of the exact one (measured: within 0.016).
  constexpr std::size_t k = 24;
  DesignSettings settings;
  settings.kind = DesignKind::Sobol;
  settings.samples = 8192;
  settings.bootstrap = 0;
  const Design design = make_design(settings, unit_factors(k), 21);
  const auto a = mixed_coefficients(k);
  const SobolIndices s = sobol_indices(design, sobol_g_on(design, a), 21, 0);
  const auto exact = models::sobol_g_indices(a);
  double worst = 0.0;
  for (std::size_t i = 0; i < k; ++i) {
    INFO("x" << i + 1 << ": S " << s.first_order.value[i] << " (exact " << exact.first_order[i]
             << "), ST " << s.total.value[i] << " (exact " << exact.total[i] << ")");
    CHECK(std::fabs(s.first_order.value[i] - exact.first_order[i]) < 0.03);
    CHECK(std::fabs(s.total.value[i] - exact.total[i]) < 0.03);
    worst = std::max({worst, std::fabs(s.first_order.value[i] - exact.first_order[i]),
                      std::fabs(s.total.value[i] - exact.total[i])});
  }
  // The important inputs are told apart from the inert ones.
  CHECK(s.total.value[0] > 10 * s.total.value[k - 1]);

  // 64 parameters make a design (128 sequence dimensions); 65 do not exceed
  // the sequence either, so the limit is the sequence's, far beyond.
  settings.samples = 4;
  CHECK(make_design(settings, unit_factors(64), 1).points == 4 * 66);
}
