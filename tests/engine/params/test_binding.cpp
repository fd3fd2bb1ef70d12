/// Parameters declared once and bound to members; time-varying values
/// through the schedule.
#include <array>
#include <catch2/catch.hpp>
#include <string>
#include <string_view>

#include "engine/params/binding.hpp"
#include "engine/params/schedule.hpp"
#include "engine/params/yaml_source.hpp"

using namespace wfsim::params;

namespace {

enum class Rule : std::uint8_t { Equal, Need, Merit };
constexpr std::array<std::string_view, 3> kRuleNames = {"equal", "need", "merit"};

struct Hire {
  int month = 0;
  Rule rule = Rule::Equal;
  std::array<std::int64_t, 2> counts{};
  SourceLocation where;
};

struct Policy {
  double budget = 0;
  Rule rule = Rule::Equal;
};

struct Settings {
  int months = 0;
  bool backfill = false;
  std::string name;
  Policy policy;
  std::array<double, 2> rates{};
  std::vector<Hire> plan;
};

void declare_policy(BoundGroup<Policy, Policy> p) {
  p.real("budget", &Policy::budget, 15.0, "M tokens/month", 0, 1e6, "budget per head");
  p.choice("rule", &Policy::rule, Rule::Need, kRuleNames, "rationing rule");
}

struct Declared {
  ParamRegistry registry;
  Binding<Settings> settings{registry};
  Binding<Policy> policy{registry};
  Declared() {
    auto root = settings.root();
    root.integer("simulation.months", &Settings::months, 36, "months", 1, 600, "months run");
    root.boolean("hiring.backfill", &Settings::backfill, true, "backfill exits");
    root.text("name", &Settings::name, "org", "a label");
    for (std::size_t i = 0; i < 2; ++i) {
      root.real(
          "rates.r" + std::to_string(i), [i](Settings& s) -> double& { return s.rates[i]; },
          0.5 * static_cast<double>(i + 1), "1/month", 0, 10, "a rate");
    }
    using C = Column<Hire>;
    root.table<Hire>("hiring.plan", &Settings::plan,
                     {C::integer("month", &Hire::month, std::nullopt, "month", 1, 600, "when"),
                      C::choice("rule", &Hire::rule, Rule::Equal, kRuleNames, "a choice"),
                      C::integer(
                          "a", [](Hire& h) -> std::int64_t& { return h.counts[0]; },
                          std::int64_t{0}, "people", 0, 100, "count a"),
                      C::integer(
                          "b", [](Hire& h) -> std::int64_t& { return h.counts[1]; },
                          std::int64_t{0}, "people", 0, 100, "count b")},
                     {Hire{3, Rule::Merit, {1, 2}, {}}}, "planned hires", &Hire::where);
    // The policy is bound twice: as part of Settings (month 1) and on its
    // own for the per-month timeline.
    declare_policy(
        BoundGroup<Policy, Policy>(policy, "policy", [](Policy& p) -> Policy& { return p; }));
    registry.schedule({"month", 600, {"policy"}, {}}, "changes at given months");
  }
};

ParamValues load(const Declared& d, const std::string& yaml) {
  ParamValues values(d.registry);
  values.set_source_file("demo.yaml");
  apply_yaml(values, load_yaml_text(yaml, "demo.yaml"), "demo.yaml", "");
  return values;
}

}  // namespace

TEST_CASE("a binding declares each parameter once and reads it into its member") {
  Declared d;
  const auto* budget = d.registry.find("policy.budget");
  REQUIRE(budget);
  CHECK(budget->unit == "M tokens/month");
  CHECK(d.registry.find("rates.r1")->min == 0);

  const Settings defaults = d.settings.read(ParamValues(d.registry));
  CHECK(defaults.months == 36);
  CHECK(defaults.backfill);
  CHECK(defaults.name == "org");
  CHECK(defaults.rates[1] == 1.0);
  REQUIRE(defaults.plan.size() == 1);
  CHECK(defaults.plan[0].rule == Rule::Merit);
  CHECK(defaults.plan[0].counts[1] == 2);

  const Settings s = d.settings.read(load(d, R"(
simulation: {months: 12}
hiring:
  backfill: false
  plan:
    - {month: 2, rule: need, b: 7}
    - {month: 5}
rates: {r0: 2.5}
)"));
  CHECK(s.months == 12);
  CHECK_FALSE(s.backfill);
  CHECK(s.rates[0] == 2.5);
  REQUIRE(s.plan.size() == 2);
  CHECK(s.plan[0].rule == Rule::Need);
  CHECK(s.plan[0].counts[0] == 0);
  CHECK(s.plan[0].counts[1] == 7);
  CHECK(s.plan[1].month == 5);
  CHECK(s.plan[1].where.line == 7);
}

TEST_CASE("a timeline applies scheduled changes from their month on") {
  Declared d;
  const auto values = load(d, R"(
policy: {budget: 20}
schedule:
  - {month: 4, key: policy.rule, value: merit}
  - {month: 1, key: policy.budget, value: 18}
  - {month: 4, key: policy.budget, value: 8}
)");
  const Timeline timeline(values, 6);
  CHECK(timeline.change_periods() == std::vector<int>{1, 4});
  const auto policy = timeline.read_each_period(d.policy);
  REQUIRE(policy.size() == 7);
  CHECK(policy[0].budget == 18);
  CHECK(policy[3].budget == 18);
  CHECK(policy[3].rule == Rule::Need);
  CHECK(policy[4].budget == 8);
  CHECK(policy[6].rule == Rule::Merit);
  CHECK(d.registry.schedulable("policy.budget"));
  CHECK_FALSE(d.registry.schedulable("simulation.months"));
}

TEST_CASE("a schedule row that cannot apply is a located error naming the row") {
  Declared d;
  auto error_of = [&](const std::string& yaml, int periods) -> std::string {
    try {
      Timeline(load(d, yaml), periods);
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "no error";
  };
  CHECK_THAT(error_of("schedule:\n  - {month: 2, key: simulation.months, value: 3}\n", 6),
             Catch::Contains("schedule[0].key") && Catch::Contains("not a policy.* parameter"));
  CHECK_THAT(error_of("schedule:\n  - {month: 2, key: policy.budg, value: 3}\n", 6),
             Catch::Contains("did you mean 'policy.budget'"));
  CHECK_THAT(error_of("schedule:\n  - {month: 9, key: policy.budget, value: 3}\n", 6),
             Catch::Contains("schedule[0].month") && Catch::Contains("after the last month (6)"));
  CHECK_THAT(error_of("schedule:\n  - {month: 2, key: policy.rule, value: best}\n", 6),
             Catch::Contains("demo.yaml:2:") && Catch::Contains("schedule[0].value"));
}
