#include "models/workforce/workforce.hpp"

#include "models/workforce/outputs.hpp"
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
  WorkforceModel() { workforce::declare_parameters(params_); }
  std::string_view name() const override { return "workforce"; }
  std::string_view summary() const override {
    return "a technical organisation's AI talent: leverage, compute, approvals, silent drain";
  }
  const params::ParamRegistry& parameters() const override { return params_; }

  std::unique_ptr<const model::Scenario> instantiate(
      const params::ParamValues& values) const override {
    workforce::ScenarioData data;
    data.settings = workforce::read_settings(values);
    data.org = workforce::build_organisation(data.settings);
    if (data.org.initial_headcount() == 0) {
      values.fail(data.settings.org.from_census ? "org.census_file" : "org.teams",
                  "the organisation has nobody at the start");
    }
    data.schema = workforce::make_schema(data.settings.months);
    return std::make_unique<WorkforceScenario>(std::move(data));
  }

 private:
  params::ParamRegistry params_;
};

}  // namespace

std::unique_ptr<model::Model> make_workforce_model() {
  return std::make_unique<WorkforceModel>();
}

}  // namespace wfsim::models
