#include <catch2/catch.hpp>
#include <string>

#include "engine/params/params.hpp"
#include "engine/params/yaml_source.hpp"

using namespace wfsim::params;

namespace {

ParamRegistry demo_registry() {
  ParamRegistry r;
  r.real("policy.tokens.budget_per_head", 1.0e6, "tokens/month", 0.0, 1.0e9, "budget");
  r.integer("policy.approvals.sign_offs", 1, "1", 0, 5, "sign-offs per experiment");
  r.boolean("policy.sandbox.enabled", true, "sandbox on");
  r.choice("policy.tokens.rationing", "equal", {"equal", "need", "merit"}, "rule");
  ParamSpec rows;
  rows.path = "month";
  rows.type = ParamType::Integer;
  rows.min = 1;
  rows.max = 600;
  ParamSpec demand;
  demand.path = "demand";
  demand.type = ParamType::Real;
  demand.default_value = 1.0;
  demand.min = 0.0;
  demand.max = 10.0;
  r.table("market.regime_changes", {rows, demand}, "market shifts");
  return r;
}

ConfigError error_of(const std::string& yaml) {
  const ParamRegistry registry = demo_registry();
  ParamValues values(registry);
  try {
    apply_yaml(values, load_yaml_text(yaml, "demo.yaml"), "demo.yaml", "parameters.");
  } catch (const ConfigError& e) {
    return e;
  }
  FAIL("expected a ConfigError for:\n" << yaml);
  throw;
}

}  // namespace

TEST_CASE("values parse into their declared types, defaults fill the rest") {
  const ParamRegistry registry = demo_registry();
  ParamValues values(registry);
  apply_yaml(values,
             load_yaml_text("policy:\n  tokens:\n    budget_per_head: 2e6\n  approvals:\n"
                            "    sign_offs: 2\nmarket:\n  regime_changes:\n    - {month: 18, "
                            "demand: 0.6}\n    - {month: 30}\n",
                            "demo.yaml"),
             "demo.yaml", "parameters.");
  CHECK(values.real("policy.tokens.budget_per_head") == 2e6);
  CHECK(values.integer("policy.approvals.sign_offs") == 2);
  CHECK(values.boolean("policy.sandbox.enabled"));
  CHECK(values.text("policy.tokens.rationing") == "equal");
  CHECK_FALSE(values.was_set("policy.tokens.rationing"));
  const Table& table = values.table("market.regime_changes");
  REQUIRE(table.rows.size() == 2);
  CHECK(std::get<std::int64_t>(table.rows[0][0]) == 18);
  CHECK(std::get<double>(table.rows[0][1]) == 0.6);
  CHECK(std::get<double>(table.rows[1][1]) == 1.0);  // column default
  CHECK(values.where("policy.approvals.sign_offs").line == 5);
  CHECK(values.where("policy.approvals.sign_offs").column == 16);
}

TEST_CASE("every bad value names the file, line, column and key path") {
  SECTION("wrong type") {
    const auto e = error_of("policy:\n  approvals:\n    sign_offs: two\n");
    CHECK(e.where().file == "demo.yaml");
    CHECK(e.where().line == 3);
    CHECK(e.where().column == 16);
    CHECK(e.key() == "parameters.policy.approvals.sign_offs");
    CHECK_THAT(e.what(), Catch::Contains("demo.yaml:3:16") && Catch::Contains("whole number"));
  }
  SECTION("out of range") {
    const auto e = error_of("policy:\n  approvals:\n    sign_offs: 9\n");
    CHECK_THAT(e.message(), Catch::Contains("out of range [0, 5]"));
  }
  SECTION("fractional integer") {
    const auto e = error_of("policy:\n  approvals:\n    sign_offs: 1.5\n");
    CHECK_THAT(e.message(), Catch::Contains("whole number"));
  }
  SECTION("unknown key, with a suggestion") {
    const auto e = error_of("policy:\n  tokens:\n    budget_per_haed: 5\n");
    CHECK(e.key() == "parameters.policy.tokens.budget_per_haed");
    CHECK(e.where().line == 3);
    CHECK(e.where().column == 5);
    CHECK_THAT(e.message(),
               Catch::Contains("did you mean 'parameters.policy.tokens.budget_per_head'"));
  }
  SECTION("unknown group") {
    const auto e = error_of("polcy:\n  tokens: {}\n");
    CHECK_THAT(e.message(), Catch::Contains("did you mean 'parameters.policy'"));
  }
  SECTION("bad choice") {
    const auto e = error_of("policy:\n  tokens:\n    rationing: meirt\n");
    CHECK_THAT(e.message(), Catch::Contains("did you mean 'merit'"));
  }
  SECTION("a group given a scalar") {
    const auto e = error_of("policy: 3\n");
    CHECK(e.key() == "parameters.policy");
    CHECK_THAT(e.message(), Catch::Contains("expected a mapping"));
  }
  SECTION("duplicate keys") {
    const auto e = error_of("policy:\n  approvals:\n    sign_offs: 1\n    sign_offs: 2\n");
    CHECK_THAT(e.message(), Catch::Contains("duplicate key"));
    CHECK(e.where().line == 4);
  }
  SECTION("bad field inside a table row") {
    const auto e = error_of("market:\n  regime_changes:\n    - {month: 18, demand: -1}\n");
    CHECK(e.key() == "parameters.market.regime_changes[0].demand");
    CHECK(e.where().line == 3);
  }
  SECTION("missing required field in a table row") {
    const auto e = error_of("market:\n  regime_changes:\n    - {demand: 2}\n");
    CHECK(e.key() == "parameters.market.regime_changes[0].month");
  }
  SECTION("unknown field in a table row") {
    const auto e = error_of("market:\n  regime_changes:\n    - {month: 3, demnad: 2}\n");
    CHECK_THAT(e.message(), Catch::Contains("did you mean 'demand'"));
  }
  SECTION("YAML syntax error") {
    const ParamRegistry registry = demo_registry();
    try {
      load_yaml_text("policy:\n  tokens: [1, 2\n", "demo.yaml");
      FAIL("no error");
    } catch (const ConfigError& e) {
      CHECK(e.where().line >= 2);
      CHECK_THAT(e.what(), Catch::StartsWith("demo.yaml:"));
    }
  }
}

TEST_CASE("values can be set programmatically, with the same checks") {
  const ParamRegistry registry = demo_registry();
  ParamValues values(registry);
  values.set("policy.approvals.sign_offs", std::int64_t{3});
  CHECK(values.integer("policy.approvals.sign_offs") == 3);
  CHECK_THROWS_AS(values.set("policy.approvals.sign_offs", std::int64_t{30}), ConfigError);
  CHECK_THROWS_AS(values.set("policy.aprovals.sign_offs", std::int64_t{1}), ConfigError);
}

TEST_CASE("the registry refuses inconsistent declarations") {
  ParamRegistry r;
  r.real("a.b", 1.0, "1", 0.0, 2.0, "");
  CHECK_THROWS_AS(r.real("a.b", 1.0, "1", 0.0, 2.0, ""), std::logic_error);
  CHECK_THROWS_AS(r.real("a.b.c", 1.0, "1", 0.0, 2.0, ""), std::logic_error);
  CHECK_THROWS_AS(r.real("a", 1.0, "1", 0.0, 2.0, ""), std::logic_error);
  CHECK_THROWS(r.real("x", 5.0, "1", 0.0, 2.0, ""));  // default out of its own range
}

TEST_CASE("resolved values round-trip through YAML") {
  const ParamRegistry registry = demo_registry();
  ParamValues values(registry);
  values.set("policy.tokens.budget_per_head", 0.1);
  values.set("policy.tokens.rationing", std::string("merit"));
  const std::string yaml = values.to_yaml(false);
  ParamValues again(registry);
  apply_yaml(again, load_yaml_text(yaml, "resolved.yaml"), "resolved.yaml", "");
  for (const auto& path : registry.paths()) {
    INFO(path << "\n" << yaml);
    CHECK(again.value(path) == values.value(path));
  }
  CHECK(edit_distance("kitten", "sitting") == 3);
}
