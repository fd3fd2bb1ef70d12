// Running sweeps in-process: thread counts, shards, resume and common random
// numbers, on the analytic test functions.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <filesystem>

#include "engine/experiment/detail/checkpoint.hpp"
#include "engine/experiment/detail/sweep_analysis.hpp"
#include "engine/experiment/sweep_run.hpp"
#include "models/builtin.hpp"
#include "models/testfunctions/testfunctions.hpp"
#include "tests/common/temp_dir.hpp"

using namespace wfsim;
using namespace wfsim::experiment;
using namespace wfsim::experiment::detail;
using wfsim::testing::TempDir;

namespace {

const model::ModelRegistry& registry() {
  static const model::ModelRegistry models = models::builtin_models();
  return models;
}

SweepPlan plan(const std::string& design, std::uint64_t replications = 3) {
  const std::string base = "model: ishigami\nparameters:\n  noise_sd: 0.5\n";
  const std::string text = "base: i.yaml\nseed: 5\nreplications: " + std::to_string(replications) +
                           "\ndesign: " + design +
                           "\nparameters:\n"
                           "  x1: {min: -3.14159, max: 3.14159}\n"
                           "  x2: {min: -3.14159, max: 3.14159}\n"
                           "  x3: {distribution: triangular, min: -1, mode: 0, max: 1}\n"
                           "outcomes:\n  y: y\n";
  return SweepPlan(parse_sweep_config(text, "s.yaml", registry(), &base));
}

ShardOutcomes run(const SweepPlan& p, const std::string& checkpoint, int threads, Shard shard = {},
                  bool resume = false) {
  LocalExecutor executor(threads);
  SweepRunOptions options;
  options.checkpoint = checkpoint;
  options.shard = shard;
  options.resume = resume;
  return run_sweep(p, options, executor);
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

}  // namespace

TEST_CASE("results are bit-identical on 1 and 2 threads") {
  TempDir dir;
  const SweepPlan p = plan("{type: lhs, samples: 200}");
  const auto one = run(p, (dir / "a").string(), 1);
  const auto two = run(p, (dir / "b").string(), 2);
  CHECK(same_bits(one.values, two.values));
  CHECK(one.computed == 200);
  for (double v : one.values)
    CHECK(std::isfinite(v));
}

TEST_CASE("shards cover the sweep exactly, with the same values") {
  TempDir dir;
  const SweepPlan p = plan("{type: sobol, samples: 32}");
  const auto whole = run(p, (dir / "w").string(), 2);
  std::vector<double> joined;
  std::uint64_t expected_first = 0;
  for (std::uint64_t i = 0; i < 3; ++i) {
    const auto part = run(p, (dir / ("s" + std::to_string(i))).string(), 1, Shard{i, 3});
    CHECK(part.first == expected_first);
    expected_first = part.last;
    joined.insert(joined.end(), part.values.begin(), part.values.end());
  }
  CHECK(expected_first == p.points());
  CHECK(same_bits(whole.values, joined));
}

TEST_CASE("a resumed sweep computes only what the checkpoint lacks") {
  TempDir dir;
  const SweepPlan p = plan("{type: lhs, samples: 50}");
  const auto reference = run(p, (dir / "ref").string(), 2);
  const std::string path = (dir / "c").string();
  {
    // A checkpoint holding 20 of the 50 points, as a killed run leaves it.
    Checkpoint checkpoint =
        Checkpoint::create(path, {p.hash(), p.points(), p.values_per_point(), {}});
    const std::size_t width = p.values_per_point();
    for (std::uint64_t point = 0; point < 50; point += 5) {
      checkpoint.append(point, std::span<const double>(&reference.values[point * width], width));
    }
    for (std::uint64_t point = 1; point < 50; point += 5) {
      checkpoint.append(point, std::span<const double>(&reference.values[point * width], width));
    }
  }
  const auto resumed = run(p, path, 2, {}, true);
  CHECK(resumed.resumed == 20);
  CHECK(resumed.computed == 30);
  CHECK(same_bits(resumed.values, reference.values));
  // Without --resume, an existing checkpoint is never overwritten.
  CHECK_THROWS_WITH(run(p, path, 1), Catch::Contains("--resume"));
}

TEST_CASE("replication r uses the same random numbers at every point") {
  TempDir dir;
  const SweepPlan p = plan("{type: lhs, samples: 20}", 4);
  const auto out = run(p, (dir / "c").string(), 2);
  // y = f(x) + noise_r: subtracting f leaves replication r's noise, the
  // same at every point and different between replications.
  auto noise = [&](std::size_t point, std::size_t r) {
    auto x = [&](std::size_t f) { return p.design_value(point, f); };
    return out.values[point * 4 + r] - models::ishigami(x(0), x(1), x(2), 7.0, 0.1);
  };
  for (std::size_t r = 0; r < 4; ++r) {
    for (std::size_t point = 1; point < 20; ++point) {
      CHECK(noise(point, r) == Approx(noise(0, r)).margin(1e-9));
    }
    if (r > 0) CHECK(std::fabs(noise(0, r) - noise(0, r - 1)) > 1e-6);
  }
}

TEST_CASE("per-point summaries over replications") {
  TempDir dir;
  const SweepPlan p = plan("{type: lhs, samples: 10}", 5);
  const auto out = run(p, (dir / "c").string(), 1);
  const SweepAnalysis a = analyse_sweep(p, out.values);
  for (std::size_t point = 0; point < 10; ++point) {
    double sum = 0;
    for (std::size_t r = 0; r < 5; ++r)
      sum += out.values[point * 5 + r];
    CHECK(a.mean[point] == Approx(sum / 5));
    CHECK(a.sd[point] > 0.0);
    CHECK(a.valid[point] == 5);
  }
  CHECK(a.first_order.empty());
  CHECK(a.mu.empty());
}

TEST_CASE("a failing sink stops the points at the first failure, keeping every point before it") {
  const SweepPlan p = plan("{type: lhs, samples: 64}");
  std::vector<std::uint64_t> points(64);
  for (std::uint64_t i = 0; i < points.size(); ++i)
    points[i] = 63 - i;  // any order: what counts is the order of the list
  for (int attempt = 0; attempt < 10; ++attempt) {
    std::vector<std::uint64_t> kept;
    CHECK_THROWS_WITH(
        evaluate_points(p, points, 2,
                        [&](std::uint64_t point, std::span<const double>) {
                          if (point == 40 || point == 20)
                            throw std::runtime_error("point " + std::to_string(point));
                          kept.push_back(point);
                        }),
        "point 40");
    REQUIRE(kept.size() == 23);  // points 63 down to 41
    for (std::size_t i = 0; i < kept.size(); ++i)
      REQUIRE(kept[i] == 63 - i);
  }
}
