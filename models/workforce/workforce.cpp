#include "models/workforce/workforce.hpp"

#include <filesystem>
#include <optional>
#include <string>

#include "engine/experiment/auxiliary.hpp"
#include "engine/params/schedule.hpp"
#include "models/workforce/settings.hpp"
#include "models/workforce/simulation.hpp"

namespace wfsim::models {

namespace {

class WorkforceScenario final : public model::Scenario {
 public:
  WorkforceScenario(workforce::ScenarioData data, std::vector<std::string> notes,
                    std::optional<workforce::EarlyWarningCalibration> calibration = {})
      : data_(std::move(data)), notes_(std::move(notes)), calibration_(calibration) {}
  const results::OutputSchema& schema() const override { return data_.schema; }
  results::ReplicationResult run(const model::RunContext& context) const override {
    return workforce::simulate(data_, context);
  }
  std::vector<std::string> notes() const override { return notes_; }
  std::vector<results::RunSummary> summarise(
      const std::vector<std::vector<double>>& scalars) const override {
    return {workforce::early_warning_summary(data_.settings.early_warning,
                                             calibration_ ? &*calibration_ : nullptr, scalars)};
  }

 private:
  workforce::ScenarioData data_;
  std::vector<std::string> notes_;
  std::optional<workforce::EarlyWarningCalibration> calibration_;
};

/// The scenario without its changes: every month under month 1's policies
/// and market (the warm-up's), as if the schedule were empty.
workforce::ScenarioData in_control_counterpart(const workforce::ScenarioData& data) {
  workforce::ScenarioData counterpart = data;
  auto& policy = counterpart.settings.policy;
  for (std::size_t m = 2; m < policy.size(); ++m)
    policy[m] = policy[1];
  return counterpart;
}

/// The early warning dates a drain against its reference months: a policy
/// set from the start (a config or --set) gives it nothing to see.
std::vector<std::string> early_warning_notes(const params::ParamValues& values,
                                             const workforce::Settings& settings) {
  const int reference = settings.early_warning.baseline_months;
  for (const int first : params::Timeline(values, settings.run.months).change_periods()) {
    if (first > reference) return {};
  }
  return {"early warning: no policy or market change after the reference months 1-" +
          std::to_string(reference) +
          ", so drain onset and lead times have no change to date (change a key at a month "
          "with --change KEY=VALUE@MONTH)"};
}

class WorkforceModel final : public model::Model {
 public:
  std::string_view name() const override { return "workforce"; }
  std::string_view summary() const override {
    return "a technical organisation's AI talent: leverage, compute, approvals, silent drain";
  }
  const params::ParamRegistry& parameters() const override {
    return workforce::parameter_registry();
  }

  /// Without calibration: every indicator alarms at early_warning.threshold.
  std::unique_ptr<const model::Scenario> instantiate(
      const params::ParamValues& values) const override {
    workforce::ScenarioData data = scenario_data(values);
    auto notes = early_warning_notes(values, data.settings);
    return std::make_unique<WorkforceScenario>(std::move(data), std::move(notes));
  }

  /// Calibrates the early warning's thresholds on the in-control
  /// counterpart first (early_warning.calibration_replications of them).
  std::unique_ptr<const model::Scenario> prepare(
      const params::ParamValues& values, const model::PrepareContext& context) const override {
    workforce::ScenarioData data = scenario_data(values);
    auto notes = early_warning_notes(values, data.settings);
    auto& spec = data.settings.early_warning;
    if (spec.calibration_replications <= 0)
      return std::make_unique<WorkforceScenario>(std::move(data), std::move(notes));
    const WorkforceScenario counterpart(in_control_counterpart(data), {});
    const auto replications = static_cast<std::uint64_t>(spec.calibration_replications);
    const std::string explanation =
        "calibrating the early warning's thresholds first, on " + std::to_string(replications) +
        " replications of the scenario without its schedule "
        "(early_warning.calibration_replications; 0 skips this and every indicator alarms at "
        "early_warning.threshold)";
    auto report = [&](std::uint64_t done, double elapsed) {
      if (context.progress) {
        context.progress({"calibration replications", explanation, done, replications, elapsed});
      }
    };
    report(0, 0.0);
    const auto scalars = experiment::run_auxiliary(
        counterpart, context.seed, replications, context.threads,
        [&](const experiment::BatchProgress& p) { report(p.done, p.elapsed_seconds); });
    auto calibration = workforce::calibrate_early_warning(spec, scalars);
    spec.calibrated_threshold = calibration.threshold;
    return std::make_unique<WorkforceScenario>(std::move(data), std::move(notes), calibration);
  }

 private:
  static workforce::ScenarioData scenario_data(const params::ParamValues& values) {
    workforce::ScenarioData data;
    data.settings = workforce::read_settings(values);
    data.org = workforce::build_organisation(data.settings.org);
    workforce::resolve_cohorts(data.settings.cohorts, data.org);
    data.org.leaders =
        workforce::place_leaders(data.settings.leaders, data.org, data.settings.run.months);
    workforce::place_bets(data.settings.research, data.org, data.settings.run.months);
    if (data.org.initial_headcount() == 0) {
      values.fail(data.settings.org.from_census() ? "org.census_file" : "org.teams",
                  "the organisation has nobody at the start");
    }
    data.schema = workforce::make_schema(data.settings.run.months);
    return data;
  }

  /// From the size of the organisation: the people of the organisation
  /// and of its hiring plan, each with their seat, ties and the history
  /// and results a replication keeps of them.
  std::uint64_t memory_estimate(const params::ParamValues& values) const override {
    const workforce::Settings settings = workforce::read_settings(values);
    double people = 0;
    if (settings.org.from_census()) {
      // A census row takes some 16 bytes at the least.
      std::error_code ignored;
      const auto bytes = std::filesystem::file_size(settings.org.census_file, ignored);
      people = ignored ? 0.0 : static_cast<double>(bytes) / 16.0;
    } else {
      for (const auto& block : settings.org.blocks)
        people += static_cast<double>(block.teams) * static_cast<double>(block.size);
    }
    for (const auto& hire : settings.org.plan)
      people += static_cast<double>(hire.count);
    return static_cast<std::uint64_t>(people * kBytesPerPerson);
  }

 private:
  /// Peak memory per person of a replication: 1.1 kB measured (peak
  /// resident memory of one replication of configs/baseline.yaml, 18.4 MiB
  /// at 1,000 people and 26.1 MiB at 8,000), doubled for organisations
  /// whose people have more ties, history and events.
  static constexpr double kBytesPerPerson = 2300.0;
};

}  // namespace

std::unique_ptr<model::Model> make_workforce_model() {
  return std::make_unique<WorkforceModel>();
}

}  // namespace wfsim::models
