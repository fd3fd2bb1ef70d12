#include <catch2/catch.hpp>
#include <filesystem>

#include "models/workforce/settings.hpp"
#include "tests/common/model_runs.hpp"

using namespace wfsim;
using namespace wfsim::workforce;

namespace {

/// The one error a config gives when instantiated, or "".
std::string config_error(const std::string& text) {
  try {
    const auto config = testing::config_from(text, {}, "run.yaml");
    config.model->instantiate(config.values);
  } catch (const params::ConfigError& e) {
    return e.what();
  }
  return {};
}

}  // namespace

TEST_CASE("every workforce parameter is declared with help, and units for numbers") {
  const auto* model = testing::registry().find("workforce");
  REQUIRE(model);
  const auto& specs = model->parameters().specs();
  CHECK(specs.size() > 150);
  for (const auto& spec : specs) {
    INFO(spec.path);
    CHECK_FALSE(spec.help.empty());
    if (spec.numeric()) {
      CHECK_FALSE(spec.unit.empty());
      CHECK(spec.min <= spec.max);
    }
  }
  // Each role's figures are scalar keys, so sweeps can vary them.
  for (const auto& role : role_labels()) {
    CHECK(model->parameters().find("roles." + role + ".experiment_rate"));
    CHECK(model->parameters().find("roles." + role + ".market_salary"));
  }
}

TEST_CASE("every shipped workforce config is valid") {
  const std::filesystem::path configs = std::filesystem::path(WFSIM_SOURCE_DIR) / "configs";
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(configs)) {
    if (entry.path().extension() != ".yaml") continue;
    const auto config = model::load_run_config(entry.path().string(), testing::registry());
    if (config.model->name() != "workforce") continue;
    INFO(entry.path());
    CHECK_NOTHROW(config.model->instantiate(config.values));
    ++checked;
  }
  CHECK(checked >= 6);
}

TEST_CASE("schedules resolve into levers month by month") {
  const auto config = testing::config_from(
      "model: workforce\nparameters:\n  simulation: {months: 10}\n  schedule:\n"
      "    - {month: 4, key: policy.tokens.budget_per_head, value: 5}\n"
      "    - {month: 2, key: policy.approval.signoffs, value: 3}\n"
      "    - {month: 6, key: policy.tokens.rationing, value: merit}\n"
      "    - {month: 6, key: market.ai_demand, value: 0.5}\n");
  const Settings s = read_settings(config.values);
  CHECK(s.policy_for_month(1).tokens.budget_per_head == 15.0);
  CHECK(s.policy_for_month(3).tokens.budget_per_head == 15.0);
  CHECK(s.policy_for_month(4).tokens.budget_per_head == 5.0);
  CHECK(s.policy_for_month(10).tokens.budget_per_head == 5.0);
  CHECK(s.policy_for_month(1).approval.signoffs == 1);
  CHECK(s.policy_for_month(2).approval.signoffs == 3);
  CHECK(s.policy_for_month(5).tokens.rationing == Rationing::NeedBased);
  CHECK(s.policy_for_month(6).tokens.rationing == Rationing::Merit);
  CHECK(s.policy_for_month(6).market.ai_demand == 0.5);
  // Months outside the run take the nearest month's levers (the warm-up
  // runs under month 1's).
  CHECK(s.policy_for_month(-3).approval.signoffs == 1);
  CHECK(s.policy_for_month(99).tokens.budget_per_head == 5.0);
}

TEST_CASE("config errors are located and name the key") {
  const std::string head = "model: workforce\nparameters:\n";
  CHECK(config_error(head + "  policy:\n    tokens:\n      budget_per_hed: 3\n") ==
        "run.yaml:5:7: error: key 'parameters.policy.tokens.budget_per_hed': unknown parameter "
        "(did you mean 'parameters.policy.tokens.budget_per_head'?)");
  CHECK(config_error(head + "  policy:\n    approval:\n      signoffs: 9\n") ==
        "run.yaml:5:17: error: key 'parameters.policy.approval.signoffs': value 9 is out of range "
        "[0, 6]");
  CHECK(config_error(head + "  policy:\n    tokens:\n      rationing: fair\n")
            .find("run.yaml:5:18: error: key 'parameters.policy.tokens.rationing': 'fair' is not "
                  "one of equal, need_based, request, merit") == 0);
  CHECK(
      config_error(head + "  schedule:\n    - {month: 3, key: policy.tokens.budget, value: 2}\n") ==
      "run.yaml:4:7: error: key 'schedule[0].key': 'policy.tokens.budget' is not a policy.* or "
      "market.* parameter (did you mean 'policy.tokens.budget_per_head'?)");
  CHECK(config_error(head + "  schedule:\n    - {month: 3, key: org.scale, value: 2}\n")
            .find("key 'schedule[0].key': 'org.scale' is not a policy.* or market.* parameter") !=
        std::string::npos);
  CHECK(config_error(head + "  schedule:\n    - {month: 3, key: policy.approval.signoffs, value: "
                            "lots}\n") ==
        "run.yaml:4:7: error: key 'schedule[0].value': expected a whole number, got 'lots'");
  CHECK(config_error(head + "  schedule:\n    - {month: 3, key: policy.approval.denial_rate, "
                            "value: 2}\n") ==
        "run.yaml:4:7: error: key 'schedule[0].value': value 2.0 is out of range [0.0, 1.0]");
  CHECK(config_error(head + "  simulation: {months: 12}\n  schedule:\n"
                            "    - {month: 30, key: market.demand, value: 0.5}\n") ==
        "run.yaml:5:7: error: key 'schedule[0].month': month 30 is after the last month (12)");
  CHECK(config_error(head + "  simulation: {months: 12}\n  hiring:\n    plan:\n"
                            "      - {month: 2, role: researcher, count: 3, division: 4}\n") ==
        "run.yaml:6:9: error: key 'hiring.plan[0].division': division 4 does not exist (the "
        "organisation has 1)");
  CHECK(config_error(head + "  hiring:\n    plan:\n      - {month: 2, role: reseacher, count: 3}\n")
            .find("key 'parameters.hiring.plan[0].role': 'reseacher' is not one of") !=
        std::string::npos);
  CHECK(config_error(head + "  org:\n    teams:\n      - {archetype: consumer, teams: 2, "
                            "researcher: 3}\n") ==
        "run.yaml:5:9: error: key 'org.teams[0].researcher': role counts apply to archetype "
        "'custom' only");
  CHECK(config_error(head + "  org:\n    teams:\n      - {archetype: custom, teams: 2}\n") ==
        "run.yaml:5:9: error: key 'org.teams[0]': a custom team needs at least one role count");
  CHECK(config_error(head + "  org:\n    source: census\n") ==
        "run.yaml:4:13: error: key 'org.source': org.source is census but no org.census_file is "
        "named");
  CHECK(config_error(head + "  behaviour:\n    discretionary_low: 0.7\n") ==
        "run.yaml: error: key 'behaviour.discretionary_high': must be above "
        "behaviour.discretionary_low");
  CHECK(config_error(head + "  simulation: {months: 4}\n") ==
        "run.yaml: error: key 'early_warning.baseline_months': the baseline must be shorter than "
        "the run (simulation.months = 4)");
  CHECK(config_error(head + "  org:\n    teams: []\n") ==
        "run.yaml:4:12: error: key 'org.teams': the organisation has no employees");
}
