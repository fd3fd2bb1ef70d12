#include "models/workforce/workforce.hpp"

#include <filesystem>

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
    if (data.org.initial_headcount() == 0) {
      values.fail(data.settings.org.from_census() ? "org.census_file" : "org.teams",
                  "the organisation has nobody at the start");
    }
    data.schema = workforce::make_schema(data.settings.run.months);
    return std::make_unique<WorkforceScenario>(std::move(data));
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
