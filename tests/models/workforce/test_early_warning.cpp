/// The early warning's stated false-alarm rate: thresholds calibrated on the
/// scenario's in-control counterpart alarm on fresh in-control replications
/// about as often as promised, and a draining scenario still alarms.
#include <catch2/catch.hpp>
#include <cmath>

#include "engine/experiment/batch.hpp"
#include "models/workforce/early_warning.hpp"
#include "tests/common/model_runs.hpp"

using namespace wfsim;
using testing::config_from;
using testing::scalar_of;

namespace {

// A small organisation over 24 months: calibration and the fresh
// replications take a few seconds.
const std::string kSmallOrg =
    "model: workforce\nseed: 5\nparameters:\n"
    "  simulation: {months: 24, warmup_months: 12, history_months: 24}\n"
    "  org:\n    teams:\n      - {archetype: consumer, teams: 7}\n"
    "      - {archetype: fine_tuner, teams: 3}\n"
    "  early_warning: {false_alarm_rate: 0.2, calibration_replications: 150}\n";

// The permission-constrained change, at month 7.
const std::vector<std::string> kDrain = {
    "schedule=[{month: 7, key: policy.tokens.budget_per_head, value: 4},"
    " {month: 7, key: policy.tokens.rationing, value: request},"
    " {month: 7, key: policy.approval.signoffs, value: 2},"
    " {month: 7, key: policy.approval.sandbox_threshold, value: 2},"
    " {month: 7, key: policy.approval.latency_days, value: 5}]"};

std::vector<results::ReplicationResult> run(const model::Scenario& scenario, std::uint64_t seed,
                                            std::uint64_t count) {
  std::vector<results::ReplicationResult> out;
  experiment::BatchOptions options;
  options.seed = seed;
  options.replications = count;
  options.threads = 2;
  experiment::run_batch(scenario, options,
                        [&](results::ReplicationResult&& r) { out.push_back(std::move(r)); });
  return out;
}

double share_alarmed(const std::vector<results::ReplicationResult>& runs,
                     const results::OutputSchema& schema, const std::string& scalar) {
  const auto i = scalar_of(schema, scalar);
  double alarms = 0;
  for (const auto& r : runs)
    alarms += std::isnan(r.scalars[i]) ? 0 : 1;
  return alarms / static_cast<double>(runs.size());
}

}  // namespace

TEST_CASE("calibrated thresholds alarm on the in-control scenario at the stated rate") {
  const auto config = config_from(kSmallOrg);
  const double alpha = 0.2;
  // The calibration reports itself: announced before it starts, then each
  // replication, ending at the configured count.
  std::vector<std::uint64_t> reported;
  std::string explanation;
  model::PrepareContext context{config.seed, 2, {}};
  context.progress = [&](const model::PrepareProgress& p) {
    if (reported.empty()) explanation = p.explanation;
    reported.push_back(p.done);
    CHECK(p.total == 150);
  };
  const auto scenario = config.model->prepare(config.values, context);
  REQUIRE(reported.size() == 151);
  CHECK(reported.front() == 0);
  CHECK(reported.back() == 150);
  CHECK(explanation.find("early_warning.calibration_replications") != std::string::npos);
  const auto& schema = scenario->schema();
  // Fresh in-control replications (numbered from 0; the calibration's are
  // numbered from 2^62).
  const std::uint64_t fresh = 150;
  const auto runs = run(*scenario, config.seed, fresh);
  // Each rate is alpha up to the noise of the fresh runs (binomial, sd
  // 0.033) and of the threshold set on 150 runs (the coverage of a
  // conformal quantile, sd about 0.033): four combined sds is 0.19.
  const double tolerance = 4.0 * std::sqrt(2.0 * alpha * (1 - alpha) / fresh);
  double total = 0;
  for (const auto& indicator : workforce::kIndicators) {
    const double share =
        share_alarmed(runs, schema, "alarm_month_" + std::string(indicator.series));
    INFO(indicator.series << " alarmed in " << share);
    CHECK(share <= alpha + tolerance);
    total += share;
  }
  // Not merely never: on average over the indicators the rate is near alpha.
  CHECK(total / workforce::kIndicators.size() > alpha - tolerance / 2);
  const double hr = share_alarmed(runs, schema, "alarm_month_hr");
  CHECK(hr <= alpha + tolerance);
  CHECK(hr >= alpha - tolerance);

  // The run summary reports the calibration and what this run saw.
  std::vector<std::vector<double>> scalars;
  scalars.reserve(runs.size());
  for (const auto& r : runs)
    scalars.push_back(r.scalars);
  const auto tables = scenario->summarise(scalars);
  REQUIRE(tables.size() == 1);
  const auto& table = tables[0];
  REQUIRE(table.rows.back() == "hr");
  const auto column = [&](const std::string& name) {
    for (std::size_t c = 0; c < table.columns.size(); ++c)
      if (table.columns[c].name == name) return table.values[c];
    FAIL("no column " << name);
    return std::vector<double>{};
  };
  const auto in_sample = column("false_alarm_rate_calibration");
  const auto share = column("alarm_share");
  for (std::size_t row = 0; row < table.rows.size(); ++row) {
    INFO(table.rows[row]);
    CHECK(in_sample[row] <= alpha);
    CHECK(column("calibration_replications")[row] == 150);
  }
  CHECK(share.back() == Approx(hr));
}

TEST_CASE("a draining scenario alarms through its calibrated thresholds") {
  const auto config = config_from(kSmallOrg, kDrain);
  const auto scenario = config.model->prepare(config.values, {config.seed, 2, {}});
  const auto runs = run(*scenario, config.seed, 20);
  CHECK(share_alarmed(runs, scenario->schema(), "alarm_month_experiments") >= 0.9);
  CHECK(share_alarmed(runs, scenario->schema(), "alarm_month_approval_wait_days") >= 0.9);
}

TEST_CASE("calibration is deterministic and its counterpart ignores the schedule") {
  const auto drained = config_from(kSmallOrg, kDrain);
  const auto plain = config_from(kSmallOrg);
  const auto a = drained.model->prepare(drained.values, {drained.seed, 1, {}});
  const auto b = plain.model->prepare(plain.values, {plain.seed, 2, {}});
  // Same in-control counterpart and seed, any thread count: same thresholds.
  const std::vector<std::vector<double>> none;
  const auto thresholds = [&](const model::Scenario& scenario) {
    auto values = scenario.summarise(none)[0].values[0];
    values.pop_back();  // the HR alarm's row: its members have the thresholds
    return values;
  };
  CHECK(thresholds(*a) == thresholds(*b));
  const auto other_seed = plain.model->prepare(plain.values, {plain.seed + 1, 2, {}});
  CHECK(thresholds(*other_seed) != thresholds(*b));
}
