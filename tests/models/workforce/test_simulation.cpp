#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <tuple>

#include "models/workforce/calendar.hpp"
#include "models/workforce/organisation.hpp"
#include "models/workforce/outputs.hpp"
#include "models/workforce/settings.hpp"
#include "models/workforce/simulation.hpp"
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

TEST_CASE("the event tables, written month by month, are as if sorted and counted at the end") {
  // Every exit as it happens (the observer sees each event before it is
  // handled), then the exits table as a sort of all of them at the end
  // would give it: by time, then employee, each with the exits of its
  // seat's ties in the six months before, over every month boundary.
  // A budget cut at a month end logs shocks at the month boundary itself.
  using namespace workforce;
  const auto config = config_from(
      kSmallOrg + "  schedule:\n    - {month: 13, key: policy.tokens.budget_per_head, value: 2}\n",
      {"org.scale=3", "simulation.months=30", "output.panel_every_months=4", "output.shocks=all"});
  ScenarioData data;
  data.settings = read_settings(config.values);
  data.org = build_organisation(data.settings.org);
  data.schema = make_schema(data.settings.run.months);
  struct Exit {
    double day;
    std::int64_t employee;
    std::uint32_t seat;
  };
  std::vector<Exit> exits;
  Observer observer;
  observer.event = [&](const World& w, const WorkforceEvent& e) {
    if (!w.lps.is_team(e.target) || e.kind != kind(TeamEvent::Exit)) return;
    if (!w.holds(e.payload.person) || w.calendar.report_month(e.time) < 1) return;
    const std::uint32_t seat = e.payload.person.seat;
    exits.push_back({w.calendar.day_of(e.time), w.people[seat].id, seat});
  };
  const auto result = simulate(data, {config.seed, 0, true}, &observer);
  std::sort(exits.begin(), exits.end(), [](const Exit& a, const Exit& b) {
    return std::tie(a.day, a.employee) < std::tie(b.day, b.employee);
  });
  REQUIRE(exits.size() > 200);

  const auto& columns = data.schema.tables[0].columns;
  const auto column = [&](const std::string& name) {
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (columns[c].name == name) return result.tables[0].column(c);
    }
    FAIL("no column " << name);
    return results::Column{};
  };
  const auto employee = std::get<std::vector<std::int64_t>>(column("employee"));
  const auto day = std::get<std::vector<double>>(column("day"));
  const auto ties = std::get<std::vector<std::int64_t>>(column("tie_exits_prior_6m"));
  REQUIRE(employee.size() == exits.size());
  std::int64_t counted = 0;
  for (std::size_t i = 0; i < exits.size(); ++i) {
    INFO("exit " << i << " at day " << exits[i].day);
    CHECK(employee[i] == exits[i].employee);
    CHECK(day[i] == exits[i].day);
    std::int64_t expected = 0;
    const auto [first, last] = boost::out_edges(exits[i].seat, data.org.ties);
    for (auto e = first; e != last; ++e) {
      const auto other = static_cast<std::uint32_t>(boost::target(*e, data.org.ties));
      for (const Exit& x : exits) {
        if (x.seat == other && x.day < exits[i].day && x.day >= exits[i].day - 6.0 * kDaysPerMonth)
          ++expected;
      }
    }
    CHECK(ties[i] == expected);
    counted += expected;
  }
  CHECK(counted > 20);  // the counts are not all zero

  // The other tables by time (the panel by month), then employee.
  for (const std::size_t t : {std::size_t{1}, std::size_t{2}, std::size_t{3}}) {
    INFO("table " << data.schema.tables[t].name);
    const auto& table = result.tables[t];
    REQUIRE(table.rows() > 0);
    const auto& spec = data.schema.tables[t].columns;
    std::vector<double> when;
    std::vector<std::int64_t> who;
    for (std::size_t c = 0; c < spec.size(); ++c) {
      if (spec[c].name == "day") when = std::get<std::vector<double>>(table.column(c));
      if (spec[c].name == "employee") who = std::get<std::vector<std::int64_t>>(table.column(c));
      if (t == 3 && spec[c].name == "month") {
        const auto months = std::get<std::vector<std::int64_t>>(table.column(c));
        when.assign(months.begin(), months.end());
      }
    }
    REQUIRE(when.size() == table.rows());
    if (t == 2) {
      const double month_end = Calendar{3}.day_of(15 * kDaysPerMonth);  // of month 12
      CHECK(std::count(when.begin(), when.end(), month_end) > 10);
    }
    for (std::size_t i = 1; i < when.size(); ++i) {
      INFO("row " << i);
      CHECK((when[i - 1] < when[i] || (when[i - 1] == when[i] && who[i - 1] <= who[i])));
    }
  }
}
