#include "models/workforce/workforce.hpp"

#include "models/workforce/settings.hpp"
#include "models/workforce/simulation.hpp"

namespace wfsim::models {

namespace {

class WorkforceScenario final : public model::Scenario {
 public:
  explicit WorkforceScenario(workforce::ScenarioData data) : data_(std::move(data)) {}
  const results::OutputSchema& schema() const override { return data_.schema; }
  results::ReplicationResult run(const model::RunContext& context) const override {
    return workforce::simulate(data_, context);
  }

 private:
  workforce::ScenarioData data_;
};

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
    workforce::resolve_cohorts(data.settings.cohorts, data.org);
    data.org.leaders =
        workforce::place_leaders(data.settings.leaders, data.org, data.settings.run.months);
    workforce::place_bets(data.settings.research, data.org, data.settings.run.months);
    if (data.org.initial_headcount() == 0) {
      values.fail(data.settings.org.from_census() ? "org.census_file" : "org.teams",
                  "the organisation has nobody at the start");
    }
    data.schema = workforce::make_schema(data.settings.run.months);
    return std::make_unique<WorkforceScenario>(std::move(data));
  }
};

}  // namespace

std::unique_ptr<model::Model> make_workforce_model() {
  return std::make_unique<WorkforceModel>();
}

}  // namespace wfsim::models
