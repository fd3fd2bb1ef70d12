/// The patterns of the model brief, section 7, that the default calibration
/// must reproduce (pattern-oriented modelling). Seeded, with enough
/// replications that each check is stable, and each able to fail.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>

#include "tests/common/model_runs.hpp"

using namespace wfsim;
using testing::config_from;
using testing::run_config;
using testing::scalar_of;
using testing::series_of;

namespace {

std::string config_path(const std::string& name) {
  return (std::filesystem::path(WFSIM_SOURCE_DIR) / "configs" / name).string();
}

struct Runs {
  results::OutputSchema schema;
  std::vector<results::ReplicationResult> results;

  /// Mean over replications of a scalar (NaN replications skipped), and how
  /// many replications had it.
  double scalar(const std::string& name, int* present = nullptr) const {
    const auto i = scalar_of(schema, name);
    double sum = 0;
    int n = 0;
    for (const auto& r : results) {
      if (!std::isnan(r.scalars[i])) {
        sum += r.scalars[i];
        ++n;
      }
    }
    if (present) *present = n;
    return n > 0 ? sum / n : NAN;
  }
  /// Mean over replications and months [from, to] (1-based) of a series.
  double series(const std::string& name, int from, int to) const {
    const auto i = series_of(schema, name);
    double sum = 0;
    int n = 0;
    for (const auto& r : results) {
      for (int m = from; m <= to; ++m) {
        const double x = r.series[i][static_cast<std::size_t>(m - 1)];
        if (!std::isnan(x)) {
          sum += x;
          ++n;
        }
      }
    }
    return sum / n;
  }
  /// Sum over months [from, to] of one role's share of a by-role series,
  /// averaged over replications.
  double by_role(const std::string& name, const std::string& role, int from, int to) const {
    const auto i = series_of(schema, name);
    const auto& labels = schema.find_dimension("role")->labels;
    const auto k =
        static_cast<std::size_t>(std::find(labels.begin(), labels.end(), role) - labels.begin());
    double sum = 0;
    for (const auto& r : results) {
      for (int m = from; m <= to; ++m) {
        sum += r.series[i][static_cast<std::size_t>(m - 1) * labels.size() + k];
      }
    }
    return sum / static_cast<double>(results.size());
  }
};

Runs run(const model::RunConfig& config, std::uint64_t replications) {
  const auto scenario = config.model->instantiate(config.values);
  return Runs{scenario->schema(), run_config(config, replications, 2)};
}

Runs run_file(const std::string& name, std::uint64_t replications,
              const std::vector<std::string>& overrides = {}) {
  auto config = model::load_run_config(config_path(name), testing::registry());
  model::apply_overrides(config, overrides);
  return run(config, replications);
}

}  // namespace

TEST_CASE("pattern 1: a typical enterprise lands in the public attrition and engagement ranges") {
  const auto runs = run_file("baseline.yaml", 8);
  // Annual attrition in tech: 12-20 % (LinkedIn 2017: 13 %; JOLTS information
  // sector quits 1.2-1.7 % a month).
  const double attrition = runs.scalar("annual_attrition");
  CHECK(attrition >= 0.12);
  CHECK(attrition <= 0.20);
  const double monthly = runs.series("exits", 1, 36) / runs.series("headcount", 1, 36);
  CHECK(monthly >= 0.010);
  CHECK(monthly <= 0.017);
  // Gallup: 21-31 % engaged, about 17 % actively disengaged; about half at
  // least passively looking.
  CHECK(runs.scalar("mean_engaged_share") >= 0.20);
  CHECK(runs.scalar("mean_engaged_share") <= 0.33);
  CHECK(runs.scalar("mean_actively_disengaged_share") >= 0.12);
  CHECK(runs.scalar("mean_actively_disengaged_share") <= 0.22);
  CHECK(runs.scalar("mean_thinking_of_quitting_share") >= 0.35);
  CHECK(runs.scalar("mean_thinking_of_quitting_share") <= 0.60);
  // Data and AI roles churn more than product engineers (LinkedIn: data
  // roles about 20 %).
  const double product = runs.by_role("exits_by_role", "product_engineer", 1, 36) /
                         runs.by_role("headcount_by_role", "product_engineer", 1, 36);
  const double ml = runs.by_role("exits_by_role", "ml_engineer", 1, 36) /
                    runs.by_role("headcount_by_role", "ml_engineer", 1, 36);
  CHECK(ml > product);
  // A steady state: no drift between the first and last year.
  CHECK(runs.series("headcount", 25, 36) == Approx(runs.series("headcount", 1, 12)).epsilon(0.02));
  CHECK(runs.series("engagement", 25, 36) ==
        Approx(runs.series("engagement", 1, 12)).epsilon(0.03));
}

TEST_CASE("pattern 2: under permission constraints the drain shows months before the exits") {
  const auto runs = run_file("permission-constrained.yaml", 12);
  // The policy changes at month 7. Experiments, prototypes and effort fall
  // at once and keep falling ...
  CHECK(runs.series("experiments", 8, 12) < 0.5 * runs.series("experiments", 1, 6));
  CHECK(runs.series("prototypes", 8, 12) < 0.5 * runs.series("prototypes", 1, 6));
  CHECK(runs.series("effort", 10, 12) < 0.95 * runs.series("effort", 1, 6));
  CHECK(runs.series("effort", 19, 24) < runs.series("effort", 10, 12));
  // ... while exits rise later and further.
  const double exits_before = runs.series("exits", 1, 6);
  CHECK(runs.series("exits", 7, 9) < 1.35 * exits_before);
  // Over 200 replications exits in months 19-36 are 1.43 times those of
  // months 1-6; the means of 12 replications vary around that by about
  // +-0.05, and the early months' exits more than the late ones'.
  CHECK(runs.series("exits", 19, 36) > 1.2 * exits_before);
  // The latent drain starts well before the HR metrics alarm.
  int onsets = 0, alarms = 0;
  const double onset = runs.scalar("drain_onset_month", &onsets);
  const double hr = runs.scalar("alarm_month_hr", &alarms);
  CHECK(onsets == 12);
  CHECK(alarms >= 10);
  CHECK(onset <= 9.0);
  CHECK(runs.scalar("lead_months_drain") >= 2.0);
  // Observed leading indicators alarm before HR does.
  CHECK(runs.scalar("lead_months_experiments") >= 2.0);
  CHECK(runs.scalar("lead_months_prototypes") >= 2.0);
  CHECK(hr > runs.scalar("alarm_month_experiments"));
  // Without the change, no drain, and the HR metrics rarely alarm: neither
  // the trailing attrition rate (a smoothed series, easy to over-read) nor
  // monthly exits (noisy counts against a short reference).
  const auto baseline = run_file("permission-constrained.yaml", 12, {"schedule=[]"});
  int baseline_onsets = 0, attrition_alarms = 0, hr_alarms = 0;
  baseline.scalar("drain_onset_month", &baseline_onsets);
  baseline.scalar("alarm_month_attrition_rate", &attrition_alarms);
  baseline.scalar("alarm_month_hr", &hr_alarms);
  CHECK(baseline_onsets <= 1);
  CHECK(attrition_alarms <= 2);
  CHECK(hr_alarms <= 4);
}

TEST_CASE("pattern 3: a research lab with no MLOps ships almost nothing and loses researchers") {
  const auto lab = run_file("research-lab-no-mlops.yaml", 16);
  const auto fixed = run_file("mlops-first.yaml", 16);
  // Almost nothing ships: most prototypes are abandoned.
  const double shipped_share =
      lab.series("shipped_features", 1, 36) / lab.series("prototypes", 1, 36);
  CHECK(shipped_share < 0.4);
  CHECK(lab.series("prototypes_abandoned", 13, 36) > 0.4 * lab.series("prototypes", 13, 36));
  // With a platform team (hired first), shipping recovers ...
  CHECK(fixed.scalar("shipped_features_total") > 3.0 * lab.scalar("shipped_features_total"));
  CHECK(fixed.series("prototypes_abandoned", 13, 36) <
        0.1 * lab.series("prototypes_abandoned", 13, 36));
  // ... researchers stay, and engagement recovers.
  const double lab_researchers = lab.by_role("exits_by_role", "researcher", 13, 36) /
                                 lab.by_role("headcount_by_role", "researcher", 13, 36);
  const double fixed_researchers = fixed.by_role("exits_by_role", "researcher", 13, 36) /
                                   fixed.by_role("headcount_by_role", "researcher", 13, 36);
  CHECK(fixed_researchers < 0.85 * lab_researchers);
  CHECK(fixed.series("engagement", 25, 36) > lab.series("engagement", 25, 36) + 0.05);
  CHECK(fixed.series("searching_share", 25, 36) < lab.series("searching_share", 25, 36));
}

namespace {

/// A research lab of 100 (researchers, applied scientists, ML engineers)
/// with no platform staff, optionally hiring platform engineers at month 1.
std::string research_lab(int platform_engineers) {
  std::string text =
      "model: workforce\nseed: 4\nparameters:\n  simulation: {months: 24}\n"
      "  org:\n    teams:\n      - {archetype: custom, teams: 10, researcher: 5, "
      "applied_scientist: 3, ml_engineer: 2}\n"
      "  policy:\n    tokens: {budget_per_head: 150}\n    pay: {ai_premium: 0.10}\n"
      "    approval: {signoffs: 1, sandbox_threshold: 60}\n";
  if (platform_engineers > 0) {
    text += "  hiring:\n    plan:\n      - {month: 1, role: mlops_engineer, count: " +
            std::to_string(platform_engineers) + ", placement: new_team}\n";
  }
  return text;
}

}  // namespace

TEST_CASE("a lab without a platform ships demos; platform engineers turn shipping on in months") {
  const auto none = run(config_from(research_lab(0)), 8);
  // Prototypes keep coming, but with no production platform almost nothing
  // ships in 18 months and most prototypes are abandoned.
  CHECK(none.series("prototypes", 1, 18) > 5.0);
  CHECK(none.series("shipped_features", 1, 18) < 1.0);
  CHECK(none.series("prototypes_abandoned", 7, 18) > 0.8 * none.series("prototypes", 7, 18));
  // Four platform engineers hired first: shipping turns on within months,
  // not at once and not never, in every replication. "On": the first month
  // that ships half the rate of months 19-24.
  const auto four = run(config_from(research_lab(4)), 12);
  const auto shipped = series_of(four.schema, "shipped_features");
  for (const auto& r : four.results) {
    double late = 0;
    for (std::size_t m = 18; m < 24; ++m)
      late += r.series[shipped][m] / 6.0;
    CHECK(late > 5.0 * none.series("shipped_features", 19, 24) + 1.0);
    int on = 0;
    for (std::size_t m = 0; m < 24 && on == 0; ++m) {
      if (r.series[shipped][m] >= 0.5 * late) on = static_cast<int>(m) + 1;
    }
    CHECK(on >= 3);
    CHECK(on <= 18);
  }
}

TEST_CASE("more platform capacity never ships less") {
  // Over self-serve tooling and platform staff, with common random numbers:
  // shipped features over two years do not fall as capacity rises. Where the
  // platform is no longer the bottleneck, shipping is flat and the means of
  // 16 replications vary by about 2 %.
  const double self_serve[] = {0, 2, 8};
  for (int staff : {4, 12}) {
    double previous = 0;
    for (double level : self_serve) {
      const auto runs = run(config_from(research_lab(staff), {"policy.mlops.self_serve_per_100=" +
                                                              std::to_string(level)}),
                            16);
      const double shipped = runs.scalar("shipped_features_total");
      CHECK(shipped >= 0.95 * previous);
      previous = shipped;
    }
  }
  double previous = 0;
  for (int staff : {0, 2, 4, 8, 16}) {
    const double shipped =
        run(config_from(research_lab(staff)), 6).scalar("shipped_features_total");
    CHECK(shipped >= 0.97 * previous);
    previous = shipped;
  }
}

namespace {

/// Regretted exits over the run of the AI roles (those with an AI pay
/// premium weight of at least one half), mean over replications.
double ai_regretted(const Runs& runs) {
  double total = 0;
  for (const char* role : {"ml_engineer", "mlops_engineer", "data_engineer", "applied_scientist",
                           "researcher", "prompt_eval_specialist"}) {
    total += runs.by_role("regretted_exits_by_role", role, 1, 24);
  }
  return total;
}

}  // namespace

TEST_CASE("leverage weighs as the source material argues: starving it loses AI talent") {
  // For the AI roles, a leverage-starved environment (compute well below
  // need, two sign-offs, older models) costs at least as many top performers
  // as paying 10 % below market.
  const std::string org = "model: workforce\nseed: 12\nparameters:\n  simulation: {months: 24}\n";
  const double base = ai_regretted(run(config_from(org), 16));
  const double starved = ai_regretted(
      run(config_from(org,
                      {"policy.tokens.budget_per_head=4", "policy.approval.signoffs=2",
                       "policy.approval.sandbox_threshold=2", "policy.tokens.frontier_models=0.6"}),
          16));
  const double underpaid =
      ai_regretted(run(config_from(org, {"policy.pay.band_position=0.9"}), 16));
  CHECK(underpaid > 1.2 * base);
  CHECK(starved >= underpaid);
  // Where the platform is the bottleneck, more of it keeps them.
  const double thin = ai_regretted(run(config_from(research_lab(2)), 16));
  const double built = ai_regretted(run(config_from(research_lab(8)), 16));
  CHECK(built < 0.9 * thin);
}

TEST_CASE("pattern 4: exits cluster along network ties, more than chance") {
  // Relative risk of resigning with a tie who left in the six months before.
  const auto with = run_file("baseline.yaml", 12);
  const auto without = run_file("baseline.yaml", 12,
                                {"turnover.contagion_exit=0", "turnover.contagion_search=0",
                                 "turnover.contagion_embeddedness_loss=0"});
  const double risk = with.scalar("tie_exit_relative_risk");
  const double chance = without.scalar("tie_exit_relative_risk");
  CHECK(risk > 1.15);
  CHECK(risk > chance + 0.05);
  CHECK(chance < 1.15);  // shared conditions alone cluster exits only a little
  CHECK(with.scalar("annual_attrition") > without.scalar("annual_attrition"));
}

TEST_CASE("pattern 5: compute and faster sign-offs raise shipped value, diminishing returns") {
  // The baseline organisation with two sign-offs above a small sandbox;
  // each step doubles the compute budget and halves the sign-off latency.
  const std::string org =
      "model: workforce\nseed: 8\nparameters:\n  simulation: {months: 24}\n"
      "  policy:\n    approval: {signoffs: 2, sandbox_threshold: 5}\n";
  const double budget[] = {12, 24, 48, 96};
  const double latency[] = {8, 4, 2, 1};
  std::vector<double> value, regretted;
  for (int level = 0; level < 4; ++level) {
    const auto runs =
        run(config_from(org, {"policy.tokens.budget_per_head=" + std::to_string(budget[level]),
                              "policy.approval.latency_days=" + std::to_string(latency[level])}),
            8);
    value.push_back(runs.scalar("shipped_value_total"));
    regretted.push_back(runs.scalar("regretted_exits_total"));
  }
  for (int level = 1; level < 4; ++level)
    CHECK(value[level] > value[level - 1]);
  // Each step buys less than the one before.
  CHECK(value[3] - value[2] < value[2] - value[1]);
  CHECK(value[2] - value[1] < value[1] - value[0]);
  CHECK(regretted[3] < 0.85 * regretted[0]);
  CHECK(regretted[0] - regretted[1] > regretted[2] - regretted[3]);
}

TEST_CASE("pattern 6: novices gain more leverage than experts") {
  const auto runs =
      run_file("baseline.yaml", 2, {"simulation.months=12", "output.panel_every_months=6"});
  const auto& panel_spec = runs.schema.tables[runs.schema.table_index("panel")];
  auto column = [&](const std::string& name) {
    for (std::size_t c = 0; c < panel_spec.columns.size(); ++c) {
      if (panel_spec.columns[c].name == name) return c;
    }
    throw std::logic_error("no panel column " + name);
  };
  const auto skill_col = column("skill");
  const auto leverage_col = column("leverage");
  const auto role_col = column("role");
  // Within each populous role, novices (skill below 0.35) against experts
  // (above 0.65).
  for (std::int64_t role : {0, 1, 6}) {  // product engineer, ML engineer, AI PM
    double novice = 0, expert = 0;
    int novices = 0, experts = 0;
    for (const auto& r : runs.results) {
      const auto& table = r.tables[static_cast<std::size_t>(runs.schema.table_index("panel"))];
      const auto& skill = std::get<std::vector<double>>(table.columns[skill_col]);
      const auto& leverage = std::get<std::vector<double>>(table.columns[leverage_col]);
      const auto& roles = std::get<std::vector<std::int64_t>>(table.columns[role_col]);
      for (std::size_t i = 0; i < skill.size(); ++i) {
        if (roles[i] != role) continue;
        if (skill[i] < 0.35) {
          novice += leverage[i];
          ++novices;
        } else if (skill[i] > 0.65) {
          expert += leverage[i];
          ++experts;
        }
      }
    }
    INFO("role " << role);
    REQUIRE(novices > 10);
    REQUIRE(experts > 10);
    CHECK(novice / novices > expert / experts + 0.1);
    CHECK(expert / experts < 1.05);  // about no gain for experts
  }
}

TEST_CASE("a market correction turns would-be leavers into reluctant stayers") {
  // The second silent path: people who want to leave but cannot move stay,
  // and withhold effort. A correction at month 7 cuts outside demand.
  const std::string text =
      "model: workforce\nseed: 9\nparameters:\n  simulation: {months: 24}\n  schedule:\n"
      "    - {month: 7, key: market.demand, value: 0.5}\n"
      "    - {month: 7, key: market.ai_demand, value: 0.7}\n"
      "    - {month: 7, key: market.ai_premium, value: 0.04}\n";
  const auto runs = run(config_from(text), 6);
  CHECK(runs.series("reluctant_stayer_share", 1, 6) < 0.01);
  CHECK(runs.series("reluctant_stayer_share", 10, 24) > 0.1);
  CHECK(runs.series("exits", 13, 24) < 0.6 * runs.series("exits", 1, 6));
  CHECK(runs.series("discretionary_effort", 13, 24) <
        runs.series("discretionary_effort", 1, 6) - 0.02);
}
