// Sweep files: what they accept and the one located error each mistake gets.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "engine/experiment/sweep.hpp"
#include "models/builtin.hpp"

using namespace wfsim;
using namespace wfsim::experiment;

namespace {

const model::ModelRegistry& registry() {
  static const model::ModelRegistry models = models::builtin_models();
  return models;
}

const std::string kBase = "model: mmc\nseed: 4\nreplications: 3\nparameters:\n  servers: 3\n";

SweepConfig parse(const std::string& text, const std::string& base = kBase) {
  return parse_sweep_config(text, "dir/sweep.yaml", registry(), &base);
}

params::ConfigError error_of(const std::string& text, const std::string& base = kBase) {
  try {
    parse(text, base);
  } catch (const params::ConfigError& e) {
    return e;
  }
  FAIL("expected a ConfigError for:\n" << text);
  throw std::logic_error("unreachable");
}

const std::string kHead = "base: mmc.yaml\ndesign: {type: lhs, samples: 8}\n";
const std::string kTail = "outcomes:\n  wait: {scalar: mean_wait}\n";

}  // namespace

TEST_CASE("a sweep file resolves its base, design, factors and outcomes") {
  const SweepConfig config = parse(
      "base: ../configs/mmc.yaml\n"
      "seed: 9\n"
      "design:\n  type: sobol\n  samples: 64\n  bootstrap: 50\n  confidence: 0.9\n"
      "parameters:\n"
      "  arrival_rate: {min: 0.5, max: 2.5}\n"
      "  servers: [3, 4, 6]\n"
      "  service_rate: {distribution: normal, mean: 1.2, sd: 0.05}\n"
      "outcomes:\n"
      "  wait: mean_wait\n"
      "  arrivals: {series: arrivals, reduce: sum, from: 2, to: 5}\n"
      "  queue: {series: queue_length, at: 3}\n");
  CHECK(config.base_file == "configs/mmc.yaml");  // relative to the sweep file
  CHECK(config.seed == 9);
  CHECK(config.replications == 3);  // the base config's
  CHECK(config.design.kind == DesignKind::Sobol);
  CHECK(config.design.samples == 64);
  CHECK(config.design.bootstrap == 50);
  CHECK(config.design.confidence == 0.9);
  REQUIRE(config.factors.size() == 3);
  CHECK(config.factors[0].kind == FactorKind::Range);
  CHECK(config.factors[1].kind == FactorKind::Levels);
  CHECK(std::get<std::int64_t>(config.factors[1].value_at(0.5)) == 4);
  CHECK(std::get<std::int64_t>(config.factors[1].value_at(1.0)) == 6);
  CHECK(config.factors[2].distribution == DistributionKind::Normal);
  CHECK(std::get<double>(config.factors[2].value_at(0.5)) == Approx(1.2));
  REQUIRE(config.outcomes.size() == 3);
  CHECK_FALSE(config.outcomes[0].from_series);
  CHECK(config.outcomes[1].reduce == Reduction::Sum);
  CHECK(config.outcomes[2].reduce == Reduction::At);
  CHECK(config.outcomes[2].from == 3);
}

TEST_CASE("the plan's identity changes with anything that changes results") {
  const std::string text = kHead + "parameters:\n  arrival_rate: {min: 0.5, max: 2.5}\n" + kTail;
  const SweepPlan a(parse(text));
  const SweepPlan same(parse("# a comment changes nothing\n" + text));
  CHECK(a.hash() == same.hash());
  const SweepPlan other_range(
      parse(kHead + "parameters:\n  arrival_rate: {min: 0.5, max: 2.4}\n" + kTail));
  const SweepPlan other_base(parse(text, kBase + "  end_time: 60000\n"));
  const SweepPlan other_seed(parse("seed: 2\n" + text));
  CHECK(a.hash() != other_range.hash());
  CHECK(a.hash() != other_base.hash());
  CHECK(a.hash() != other_seed.hash());
}

TEST_CASE("an unknown parameter path gets a did-you-mean, located at its key") {
  const auto e = error_of(kHead + "parameters:\n  arival_rate: {min: 0.5, max: 2.5}\n" + kTail);
  CHECK(e.where().file == "dir/sweep.yaml");
  CHECK(e.where().line == 4);
  CHECK(e.where().column == 3);
  CHECK(e.key() == "parameters.arival_rate");
  CHECK_THAT(e.message(), Catch::Contains("did you mean 'arrival_rate'"));
}

TEST_CASE("empty and inverted ranges are refused") {
  const auto inverted =
      error_of(kHead + "parameters:\n  arrival_rate: {min: 2.5, max: 0.5}\n" + kTail);
  CHECK(inverted.key() == "parameters.arrival_rate");
  CHECK_THAT(inverted.message(), Catch::Contains("inverted range"));
  CHECK(inverted.where().line == 4);
  const auto empty = error_of(kHead + "parameters:\n  arrival_rate: {min: 1, max: 1}\n" + kTail);
  CHECK_THAT(empty.message(), Catch::Contains("empty range"));
}

TEST_CASE("range bounds obey the parameter's own range") {
  const auto e = error_of(kHead + "parameters:\n  servers: {min: 0, max: 4}\n" + kTail);
  CHECK(e.key() == "parameters.servers.min");
  CHECK_THAT(e.message(), Catch::Contains("out of range"));
  CHECK(e.where().line == 4);
  CHECK(e.where().column == 18);
  const auto normal =
      error_of(kHead + "parameters:\n  warmup: {distribution: normal, mean: 1, sd: 1}\n" + kTail);
  CHECK_THAT(normal.key(), Catch::Contains("lowest value the design can draw"));
}

TEST_CASE("a Sobol N the scheme cannot use is refused") {
  const std::string rest = "parameters:\n  arrival_rate: {min: 0.5, max: 2.5}\n" + kTail;
  const auto e = error_of("base: b.yaml\ndesign: {type: sobol, samples: 500}\n" + rest);
  CHECK(e.key() == "design.samples");
  CHECK(e.where().line == 2);
  CHECK_THAT(e.message(), Catch::Contains("power of two"));
  CHECK_THAT(error_of("base: b.yaml\ndesign: {type: sobol, samples: 2}\n" + rest).message(),
             Catch::Contains("power of two"));
  CHECK(error_of("base: b.yaml\ndesign: {type: sobol}\n" + rest).key() == "design.samples");
}

TEST_CASE("design settings are checked against the design") {
  const std::string rest = "parameters:\n  arrival_rate: {min: 0.5, max: 2.5}\n" + kTail;
  CHECK_THAT(error_of("base: b.yaml\ndesign: {type: morris, trajectories: 5, levels: 5}\n" + rest)
                 .message(),
             Catch::Contains("even number of levels"));
  const auto stray =
      error_of("base: b.yaml\ndesign: {type: lhs, samples: 8, trajectories: 4}\n" + rest);
  CHECK(stray.key() == "design.trajectories");
  const auto unknown = error_of("base: b.yaml\ndesign: {type: sobel, samples: 8}\n" + rest);
  CHECK_THAT(unknown.message(), Catch::Contains("did you mean 'sobol'"));
  const auto grid = error_of("base: b.yaml\ndesign: {type: grid}\n" + rest);
  CHECK(grid.key() == "parameters.arrival_rate.points");
}

TEST_CASE("outcomes are checked against the model's schema") {
  const std::string head = kHead + "parameters:\n  arrival_rate: {min: 0.5, max: 2.5}\n";
  auto plan_error = [&](const std::string& outcomes) -> params::ConfigError {
    try {
      SweepPlan plan(parse(head + outcomes));
    } catch (const params::ConfigError& e) {
      return e;
    }
    FAIL("expected a ConfigError for:\n" << outcomes);
    throw std::logic_error("unreachable");
  };
  const auto scalar = plan_error("outcomes:\n  w: {scalar: mean_wiat}\n");
  CHECK(scalar.key() == "outcomes.w.scalar");
  CHECK_THAT(scalar.message(), Catch::Contains("did you mean 'mean_wait'"));
  CHECK(scalar.where().line == 6);
  const auto period = plan_error("outcomes:\n  a: {series: arrivals, at: 500}\n");
  CHECK_THAT(period.message(), Catch::Contains("outside the model's 1..100"));
  CHECK(error_of(head + "outcomes:\n  a: {series: arrivals}\n").key() == "outcomes.a.reduce");
  CHECK(
      error_of(head + "outcomes:\n  a: {series: arrivals, reduce: sum, from: 5, to: 2}\n").key() ==
      "outcomes.a");
  CHECK(error_of(head).key() == "outcomes");
}

TEST_CASE("non-numeric parameters vary over levels only; tables not at all") {
  const std::string base = "model: phold\n";
  const std::string head = "base: p.yaml\ndesign: {type: lhs, samples: 4}\n";
  const auto e =
      error_of(head + "parameters:\n  lps: {levels: []}\n" + "outcomes:\n  e: x\n", base);
  CHECK(e.key() == "parameters.lps.levels");
  const auto table =
      error_of(head + "parameters:\n  hiring.plan: {min: 1, max: 3}\n" + "outcomes:\n  e: x\n",
               "model: workforce\n");
  CHECK(table.key() == "parameters.hiring.plan");
  CHECK_THAT(table.message(), Catch::Contains("cannot be swept whole") &&
                                  Catch::Contains("parameters.hiring.plan[0].month"));
}

TEST_CASE("a point the model rejects names the point and its values") {
  // servers 3, service rate 1: arrival rates above 3 make the queue unstable.
  const auto text = kHead + "parameters:\n  arrival_rate: {min: 3.5, max: 4.0}\n" + kTail;
  try {
    SweepPlan plan(parse(text));
    FAIL("the unstable queue was accepted");
  } catch (const params::ConfigError& e) {
    CHECK_THAT(e.message(), Catch::Contains("at sweep point 0: arrival_rate="));
    CHECK(e.where().file == "dir/sweep.yaml");
  }
}

namespace {

/// A small workforce organisation with a hiring plan of two rows, quick to
/// run: 12 people, 12 months, no early-warning calibration.
const std::string kPlanned =
    "model: workforce\n"
    "seed: 3\n"
    "replications: 2\n"
    "parameters:\n"
    "  simulation: {months: 12, warmup_months: 3, history_months: 6}\n"
    "  org:\n"
    "    teams:\n"
    "      - {archetype: custom, teams: 2, researcher: 4, ml_engineer: 2}\n"
    "  hiring:\n"
    "    plan:\n"
    "      - {month: 2, role: researcher, count: 10}\n"
    "      - {month: 3, role: ml_engineer, count: 2}\n"
    "  early_warning: {calibration_replications: 0}\n";

const std::string kPlannedHead = "base: org.yaml\ndesign: {type: grid}\nparameters:\n";
const std::string kStaff = "outcomes:\n  staff: {series: headcount, at: 12}\n";

}  // namespace

TEST_CASE("a factor may vary one cell of a table, with its column's spec") {
  const SweepConfig config = parse(kPlannedHead +
                                       "  hiring.plan[0].count: [1, 30]\n"
                                       "  hiring.plan[1].month: {min: 1, max: 6, points: 2}\n"
                                       "  hiring.plan[1].role: [researcher, ai_pm]\n" +
                                       kStaff,
                                   kPlanned);
  REQUIRE(config.factors.size() == 3);
  const Factor& count = config.factors[0];
  CHECK(count.path == "hiring.plan[0].count");
  REQUIRE(count.cell);
  CHECK(count.cell->table == "hiring.plan");
  CHECK(count.cell->row == 0);
  CHECK(count.spec.type == params::ParamType::Integer);
  CHECK(count.spec.unit ==
        config.base.values.registry().find("hiring.plan")->columns[count.cell->column].unit);
  CHECK(config.factors[1].cell->row == 1);
  CHECK(config.factors[1].kind == FactorKind::Range);
  CHECK(config.factors[2].categorical());
  CHECK_FALSE(
      SweepPlan(parse(kHead + "parameters:\n  arrival_rate: {min: 0.5, max: 2.5}\n" + kTail))
          .config()
          .factors[0]
          .cell);
}

TEST_CASE("each point sets its cells, and the outcome follows them") {
  // Two cells of one table: the hires' count and the other row's month.
  SweepPlan plan(parse(kPlannedHead +
                           "  hiring.plan[0].count: [1, 30]\n"
                           "  hiring.plan[1].month: [2, 3]\n" +
                           kStaff,
                       kPlanned));
  REQUIRE(plan.points() == 4);
  std::vector<double> few(plan.values_per_point());
  std::vector<double> many(plan.values_per_point());
  plan.evaluate(0, few);   // count 1
  plan.evaluate(2, many);  // count 30
  CHECK(plan.design_value(0, 0) == 1.0);
  CHECK(plan.design_value(2, 0) == 30.0);
  for (std::size_t r = 0; r < few.size(); ++r)
    CHECK(many[r] > few[r] + 10.0);
  // The identity names the cells.
  CHECK_THAT(plan.identity(), Catch::Contains("factor hiring.plan[0].count integer levels 1 30"));
}

TEST_CASE("a bad cell factor is one error at its key") {
  struct Case {
    std::string factor;
    std::string key;
    int column;
    std::string words;
  };
  const std::vector<Case> cases = {
      {"hiring.plan[2].count: [1, 2]", "parameters.hiring.plan[2].count", 3,
       "row 2 does not exist"},
      {"hiring.plan[0].conut: [1, 2]", "parameters.hiring.plan[0].conut", 3,
       "did you mean 'count'"},
      {"hiring.plna[0].count: [1, 2]", "parameters.hiring.plna[0].count", 3,
       "did you mean 'hiring.plan'"},
      {"org.scale[0].count: [1, 2]", "parameters.org.scale[0].count", 3, "not a table"},
      {"hiring.plan[0.count: [1, 2]", "parameters.hiring.plan[0.count", 3, "missing ']'"},
      {"hiring.plan[0].count: [0, 2]", "parameters.hiring.plan[0].count[0]", 26, "out of range"},
      {"hiring.plan[0].role: {min: 1, max: 2}", "parameters.hiring.plan[0].role", 24,
       "varies over levels"},
      {"hiring.plan[0].role: [researcher, wizard]", "parameters.hiring.plan[0].role[1]", 37,
       "is not one of"},
  };
  for (const auto& c : cases) {
    INFO(c.factor);
    const auto e = error_of(kPlannedHead + "  " + c.factor + "\n" + kStaff, kPlanned);
    CHECK(e.key() == c.key);
    CHECK(e.where().file == "dir/sweep.yaml");
    CHECK(e.where().line == 4);
    CHECK(e.where().column == c.column);
    CHECK_THAT(e.message(), Catch::Contains(c.words));
  }
}

TEST_CASE("overrides may set other cells of a varied table, not the table or the cell") {
  const std::string text = kPlannedHead + "  hiring.plan[0].count: [1, 30]\n" + kStaff;
  SweepConfig config = parse(text, kPlanned);
  apply_sweep_overrides(config, {"hiring.plan[1].count=5"});
  CHECK(config.overrides == std::vector<std::string>{"hiring.plan[1].count=5"});
  auto refused = [&](const std::string& assignment) {
    SweepConfig fresh = parse(text, kPlanned);
    try {
      apply_sweep_overrides(fresh, {assignment});
    } catch (const params::ConfigError& e) {
      return e;
    }
    FAIL("accepted " << assignment);
    throw;
  };
  const auto whole = refused("hiring.plan=[{month: 1, role: researcher, count: 3}]");
  CHECK(whole.key() == "hiring.plan");
  CHECK_THAT(whole.message(), Catch::Contains("varies its cell hiring.plan[0].count"));
  const auto same = refused("parameters.hiring.plan[0].count=4");
  CHECK(same.key() == "hiring.plan[0].count");
  CHECK_THAT(same.message(), Catch::Contains("the sweep varies this parameter"));
}
