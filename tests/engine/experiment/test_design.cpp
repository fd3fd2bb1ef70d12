#include <catch2/catch.hpp>
#include <cmath>
#include <set>

#include "engine/experiment/design.hpp"

using namespace wfsim::experiment;

namespace {

Factor range_factor(const std::string& path, double min, double max, std::size_t points = 0) {
  Factor f;
  f.path = path;
  f.spec.path = path;
  f.spec.type = wfsim::params::ParamType::Real;
  f.kind = FactorKind::Range;
  f.min = min;
  f.max = max;
  f.grid_points = points;
  return f;
}

Factor level_factor(const std::string& path, const std::vector<std::int64_t>& levels) {
  Factor f;
  f.path = path;
  f.spec.path = path;
  f.spec.type = wfsim::params::ParamType::Integer;
  f.kind = FactorKind::Levels;
  for (auto v : levels)
    f.levels.emplace_back(v);
  return f;
}

}  // namespace

TEST_CASE("a grid enumerates every combination, last factor fastest") {
  const std::vector<Factor> factors = {range_factor("a", 0.0, 10.0, 3), level_factor("b", {7, 8})};
  DesignSettings settings;
  settings.kind = DesignKind::Grid;
  const Design design = make_design(settings, factors, 1);
  REQUIRE(design.points == 6);
  std::vector<std::pair<double, double>> values;
  for (std::size_t p = 0; p < design.points; ++p) {
    values.emplace_back(factors[0].number_at(design.at(p, 0)),
                        factors[1].number_at(design.at(p, 1)));
  }
  CHECK(values ==
        std::vector<std::pair<double, double>>{{0, 7}, {0, 8}, {5, 7}, {5, 8}, {10, 7}, {10, 8}});
}

TEST_CASE("a Latin hypercube puts one point in each stratum of each factor, reproducibly") {
  const std::vector<Factor> factors = {range_factor("a", 0, 1), range_factor("b", 0, 1),
                                       range_factor("c", 0, 1)};
  DesignSettings settings;
  settings.kind = DesignKind::LatinHypercube;
  settings.samples = 50;
  const Design design = make_design(settings, factors, 7);
  REQUIRE(design.points == 50);
  for (std::size_t f = 0; f < 3; ++f) {
    std::set<std::size_t> strata;
    for (std::size_t p = 0; p < 50; ++p)
      strata.insert(static_cast<std::size_t>(design.at(p, f) * 50));
    CHECK(strata.size() == 50);
  }
  CHECK(make_design(settings, factors, 7).unit == design.unit);
  CHECK(make_design(settings, factors, 8).unit != design.unit);
}

TEST_CASE("Morris trajectories move one factor at a time by Delta, each factor once") {
  std::vector<Factor> factors;
  for (const char* name : {"a", "b", "c", "d", "e"})
    factors.push_back(range_factor(name, 0, 1));
  DesignSettings settings;
  settings.kind = DesignKind::Morris;
  settings.trajectories = 40;
  settings.levels = 6;
  const Design design = make_design(settings, factors, 3);
  const std::size_t k = factors.size();
  REQUIRE(design.points == 40 * (k + 1));
  const double delta = 6.0 / (2.0 * 5.0);
  int ups = 0;
  for (std::size_t t = 0; t < 40; ++t) {
    std::set<std::size_t> moved;
    for (std::size_t j = 0; j < k; ++j) {
      const std::size_t from = t * (k + 1) + j;
      const MorrisStep& step = design.morris_steps[t * k + j];
      for (std::size_t f = 0; f < k; ++f) {
        const double change = design.at(from + 1, f) - design.at(from, f);
        if (f == step.factor) {
          CHECK(std::fabs(change - step.delta) < 1e-12);
        } else {
          CHECK(change == 0.0);
        }
        // Every coordinate is one of the p grid levels.
        const double level = design.at(from + 1, f) * 5.0;
        CHECK(std::fabs(level - std::round(level)) < 1e-12);
        CHECK(design.at(from + 1, f) >= 0.0);
        CHECK(design.at(from + 1, f) <= 1.0);
      }
      CHECK(std::fabs(std::fabs(step.delta) - delta) < 1e-12);
      ups += step.delta > 0;
      moved.insert(step.factor);
    }
    CHECK(moved.size() == k);
  }
  // Directions are random: both occur often.
  CHECK(ups > 40);
  CHECK(ups < 160);
}

TEST_CASE("a Sobol design lays out A, AB_i and B per sample") {
  const std::vector<Factor> factors = {range_factor("a", 0, 1), range_factor("b", 0, 1),
                                       range_factor("c", 0, 1)};
  DesignSettings settings;
  settings.kind = DesignKind::Sobol;
  settings.samples = 64;
  const Design design = make_design(settings, factors, 5);
  const std::size_t k = 3;
  REQUIRE(design.points == 64 * (k + 2));
  for (std::size_t j = 0; j < 64; ++j) {
    const std::size_t a = j * (k + 2);
    const std::size_t b = a + k + 1;
    CHECK(sobol_role(a, k) == 0);
    CHECK(sobol_role(b, k) == k + 1);
    for (std::size_t i = 0; i < k; ++i) {
      for (std::size_t f = 0; f < k; ++f) {
        CHECK(design.at(a + 1 + i, f) == (f == i ? design.at(b, f) : design.at(a, f)));
      }
    }
  }
  // A and B are different dimensions of one sequence, not copies.
  CHECK(design.at(0, 0) != design.at(k + 1, 0));
  CHECK(make_design(settings, factors, 6).unit != design.unit);
}

TEST_CASE("the normal quantile is Boost.Math's, to full precision and into the tails") {
  // Reference values: the inverse of erfc, as tabulated to 16 digits.
  CHECK(normal_quantile(0.5) == 0.0);
  CHECK(normal_quantile(0.975) == Approx(1.959963984540054).epsilon(1e-15));
  CHECK(normal_quantile(0.025) == Approx(-1.959963984540054).epsilon(1e-15));
  CHECK(normal_quantile(0.8413447460685429) == Approx(1.0).epsilon(1e-14));
  CHECK(normal_quantile(1e-10) == Approx(-6.361340902404056).epsilon(1e-14));
  CHECK(normal_quantile(0.0) == -INFINITY);
  CHECK(normal_quantile(1.0) == INFINITY);
}
