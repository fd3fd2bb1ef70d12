#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>

#include "tests/common/model_runs.hpp"

using namespace wfsim;
using testing::config_from;
using testing::run_config;
using testing::scalar_of;
using testing::series_of;

namespace {

const std::string kSmallOrg =
    "model: workforce\nseed: 11\nparameters:\n  simulation: {months: 12, warmup_months: 3}\n"
    "  org:\n    teams:\n      - {archetype: consumer, teams: 12}\n"
    "      - {archetype: fine_tuner, teams: 6}\n      - {archetype: trainer, teams: 2}\n";

/// Bitwise equality of two results, NaN included.
bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

void check_identical(const results::ReplicationResult& a, const results::ReplicationResult& b) {
  REQUIRE(a.series.size() == b.series.size());
  for (std::size_t i = 0; i < a.series.size(); ++i) {
    INFO("series " << i);
    CHECK(same_bits(a.series[i], b.series[i]));
  }
  CHECK(same_bits(a.scalars, b.scalars));
  REQUIRE(a.tables.size() == b.tables.size());
  for (std::size_t t = 0; t < a.tables.size(); ++t) {
    INFO("table " << t);
    CHECK(a.tables[t].columns == b.tables[t].columns);
  }
  CHECK(a.events == b.events);
}

double total(const std::vector<double>& series) {
  double sum = 0;
  for (double x : series)
    sum += x;
  return sum;
}

}  // namespace

TEST_CASE("one organisation on the parallel kernel is bit-identical for any threads and blocks") {
  // Divisions of 500 give four approval boards and four platforms; the
  // parallel kernel is forced on for this small organisation.
  const std::vector<std::string> base = {"org.scale=10",
                                         "org.division_size=500",
                                         "simulation.parallel_min_employees=0",
                                         "policy.tokens.rationing=request",
                                         "policy.approval.signoffs=2",
                                         "output.panel_every_months=6"};
  const auto reference = run_config(config_from(kSmallOrg, base), 1, 1);
  REQUIRE(reference.size() == 1);
  CHECK(reference[0].events > 50000);
  for (int threads : {1, 2}) {
    for (const char* blocks : {"simulation.blocks=1", "simulation.blocks=3", "simulation.blocks=64",
                               "simulation.blocks=0"}) {
      INFO("threads " << threads << ", " << blocks);
      auto overrides = base;
      overrides.emplace_back(blocks);
      const auto again = run_config(config_from(kSmallOrg, overrides), 1, threads);
      check_identical(reference[0], again[0]);
    }
  }
}

TEST_CASE("a replication's results do not depend on the replications run beside it") {
  const auto config = config_from(kSmallOrg);
  const auto batch = run_config(config, 4, 2);
  const auto alone = run_config(config, 1, 1, 2);
  REQUIRE(alone.size() == 1);
  CHECK(alone[0].replication == 2);
  check_identical(batch[2], alone[0]);
  // ... while different replications differ.
  const bool all_same = same_bits(batch[0].series[0], batch[1].series[0]) &&
                        same_bits(batch[0].series[3], batch[1].series[3]);
  CHECK_FALSE(all_same);
}

TEST_CASE("a run whose tables nobody keeps records no rows and gives the same figures") {
  const auto config = config_from(kSmallOrg, {"output.panel_every_months=3"});
  const auto scenario = config.model->instantiate(config.values);
  const auto kept = scenario->run(model::RunContext{config.seed, 1, true});
  const auto dropped = scenario->run(model::RunContext{config.seed, 1, false});
  REQUIRE(kept.tables.size() == dropped.tables.size());
  std::size_t kept_rows = 0;
  for (std::size_t t = 0; t < kept.tables.size(); ++t) {
    INFO("table " << t);
    kept_rows += kept.tables[t].rows();
    CHECK(dropped.tables[t].rows() == 0);
  }
  CHECK(kept_rows > 0);
  REQUIRE(kept.series.size() == dropped.series.size());
  for (std::size_t i = 0; i < kept.series.size(); ++i) {
    INFO("series " << i);
    CHECK(same_bits(kept.series[i], dropped.series[i]));
  }
  CHECK(same_bits(kept.scalars, dropped.scalars));
  CHECK(kept.events == dropped.events);
}

TEST_CASE("the monthly accounts add up") {
  const auto config = config_from(kSmallOrg, {"output.panel_every_months=3"});
  const auto scenario = config.model->instantiate(config.values);
  const auto& schema = scenario->schema();
  const auto results = run_config(config, 3, 2);
  const auto headcount = series_of(schema, "headcount");
  const auto hires = series_of(schema, "hires");
  const auto exits = series_of(schema, "exits");
  const auto regretted = series_of(schema, "regretted_exits");
  const auto by_role = series_of(schema, "headcount_by_role");
  const auto exits_by_role = series_of(schema, "exits_by_role");
  const auto survey = series_of(schema, "survey_engagement");
  const auto shipped = series_of(schema, "shipped_features");
  const auto prototypes = series_of(schema, "prototypes");
  const std::size_t roles = schema.find_dimension("role")->labels.size();
  for (const auto& r : results) {
    for (std::size_t m = 1; m < schema.periods; ++m) {
      INFO("month " << m + 1);
      CHECK(r.series[headcount][m] ==
            r.series[headcount][m - 1] + r.series[hires][m] - r.series[exits][m]);
    }
    for (std::size_t m = 0; m < schema.periods; ++m) {
      double heads = 0, leavers = 0;
      for (std::size_t k = 0; k < roles; ++k) {
        heads += r.series[by_role][m * roles + k];
        leavers += r.series[exits_by_role][m * roles + k];
      }
      CHECK(heads == r.series[headcount][m]);
      CHECK(leavers == r.series[exits][m]);
      CHECK(r.series[regretted][m] <= r.series[exits][m]);
      CHECK(std::isnan(r.series[survey][m]) == ((m + 1) % 3 != 0));
    }
    // Shipping lags prototyping by at least a hand-off.
    CHECK(total(r.series[shipped]) <= total(r.series[prototypes]) + 10);
    // One exit row per exit, one hire row per hire, a panel row per person.
    const auto exit_rows = std::get<std::vector<std::int64_t>>(r.tables[0].columns[0]).size();
    const auto hire_rows = std::get<std::vector<std::int64_t>>(r.tables[1].columns[0]).size();
    const auto panel_rows = std::get<std::vector<std::int64_t>>(r.tables[3].columns[0]).size();
    CHECK(static_cast<double>(exit_rows) == total(r.series[exits]));
    CHECK(static_cast<double>(hire_rows) == total(r.series[hires]));
    CHECK(static_cast<double>(panel_rows) == r.series[headcount][2] + r.series[headcount][5] +
                                                 r.series[headcount][8] + r.series[headcount][11]);
    CHECK(r.scalars[scalar_of(schema, "exits_total")] == total(r.series[exits]));
  }
}

TEST_CASE("planned hires arrive through the labour market after the time to fill") {
  const std::string text = kSmallOrg +
                           "  hiring:\n    plan:\n"
                           "      - {month: 2, role: mlops_engineer, count: 10, placement: "
                           "new_team}\n";
  const auto planned =
      config_from(text, {"simulation.warmup_months=0", "policy.hiring.backfill=false"});
  const auto results = run_config(planned, 4, 2);
  const auto& hires = results[0].tables[1];
  const auto& kind = std::get<std::vector<std::int64_t>>(hires.columns[5]);
  const auto& month = std::get<std::vector<std::int64_t>>(hires.columns[1]);
  const auto& fill = std::get<std::vector<double>>(hires.columns[6]);
  int planned_hires = 0;
  for (std::size_t i = 0; i < kind.size(); ++i) {
    CHECK(kind[i] == 1);  // no backfills: every hire is planned
    CHECK(month[i] >= 2);
    CHECK(fill[i] >= 1.0);  // at least the hand-off delay
    ++planned_hires;
  }
  CHECK(planned_hires <= 10);
  CHECK(planned_hires >= 5);  // most fill within ten months (mean time to fill 75 days)
}
