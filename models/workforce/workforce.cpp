#include "models/workforce/workforce.hpp"

#include "engine/params/schedule.hpp"
#include "models/workforce/settings.hpp"
#include "models/workforce/simulation.hpp"

namespace wfsim::models {

namespace {

class WorkforceScenario final : public model::Scenario {
 public:
  WorkforceScenario(workforce::ScenarioData data, std::vector<std::string> notes)
      : data_(std::move(data)), notes_(std::move(notes)) {}
  const results::OutputSchema& schema() const override { return data_.schema; }
  results::ReplicationResult run(const model::RunContext& context) const override {
    return workforce::simulate(data_, context);
  }
  std::vector<std::string> notes() const override { return notes_; }

 private:
  workforce::ScenarioData data_;
  std::vector<std::string> notes_;
};

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

  std::unique_ptr<const model::Scenario> instantiate(
      const params::ParamValues& values) const override {
    workforce::ScenarioData data;
    data.settings = workforce::read_settings(values);
    data.org = workforce::build_organisation(data.settings.org);
    if (data.org.initial_headcount() == 0) {
      values.fail(data.settings.org.from_census() ? "org.census_file" : "org.teams",
                  "the organisation has nobody at the start");
    }
    data.schema = workforce::make_schema(data.settings.run.months);
    auto notes = early_warning_notes(values, data.settings);
    return std::make_unique<WorkforceScenario>(std::move(data), std::move(notes));
  }
};

}  // namespace

std::unique_ptr<model::Model> make_workforce_model() {
  return std::make_unique<WorkforceModel>();
}

}  // namespace wfsim::models
