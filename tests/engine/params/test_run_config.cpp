#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "engine/model/run_config.hpp"
#include "models/builtin.hpp"

using namespace wfsim;

namespace {
params::ConfigError config_error(const std::string& yaml) {
  const auto models = models::builtin_models();
  try {
    model::parse_run_config(yaml, "run.yaml", models);
  } catch (const params::ConfigError& e) {
    return e;
  }
  FAIL("expected a ConfigError for:\n" << yaml);
  throw;
}
}  // namespace

TEST_CASE("a run config names its model, seed, replications and parameters") {
  const auto models = models::builtin_models();
  const auto config = model::parse_run_config(
      "model: phold\nseed: 9\nreplications: 3\nparameters:\n  lps: 16\n", "run.yaml", models);
  CHECK(config.model->name() == "phold");
  CHECK(config.seed == 9);
  CHECK(config.replications == 3);
  CHECK(config.values.integer("lps") == 16);
  const std::string resolved = model::resolved_yaml(config);
  CHECK_THAT(resolved, Catch::Contains("lookahead: 1.0") && Catch::Contains("lps: 16"));
  // The resolved form is itself a valid config with the same values.
  const auto again = model::parse_run_config(resolved, "resolved.yaml", models);
  CHECK(again.values.integer("lps") == 16);
  CHECK(again.seed == 9);
}

TEST_CASE("run config errors are located") {
  SECTION("unknown model") {
    const auto e = config_error("model: phlod\n");
    CHECK(e.key() == "model");
    CHECK(e.where().line == 1);
    CHECK(e.where().column == 8);
    CHECK_THAT(e.message(), Catch::Contains("did you mean 'phold'"));
  }
  SECTION("missing model") {
    const auto e = config_error("seed: 3\n");
    CHECK(e.key() == "model");
    CHECK_THAT(e.message(), Catch::Contains("missing"));
  }
  SECTION("unknown top-level key") {
    const auto e = config_error("model: phold\nreplicatons: 3\n");
    CHECK(e.where().line == 2);
    CHECK_THAT(e.message(), Catch::Contains("did you mean 'replications'"));
  }
  SECTION("replications must be positive") {
    const auto e = config_error("model: phold\nreplications: 0\n");
    CHECK(e.key() == "replications");
  }
  SECTION("cross-key constraint checked by the model") {
    const auto models = models::builtin_models();
    auto config = model::parse_run_config(
        "model: phold\nparameters:\n  lookahead: 2.0\n  mean_delay: 1.0\n", "run.yaml", models);
    try {
      config.model->instantiate(config.values);
      FAIL("no error");
    } catch (const params::ConfigError& e) {
      CHECK(e.key() == "mean_delay");
      CHECK(e.where().line == 4);
    }
  }
  SECTION("empty file") {
    const auto e = config_error("");
    CHECK_THAT(e.message(), Catch::Contains("empty"));
  }
}

TEST_CASE("command-line overrides are parsed and checked like the file") {
  const auto models = models::builtin_models();
  auto config = model::parse_run_config("model: phold\n", "run.yaml", models);
  model::apply_overrides(config, {"lps=64", "seed=5", "parameters.remote=0.5"});
  CHECK(config.values.integer("lps") == 64);
  CHECK(config.values.real("remote") == 0.5);
  CHECK(config.seed == 5);
  CHECK_THROWS_AS(model::apply_overrides(config, {"lsp=3"}), params::ConfigError);
  CHECK_THROWS_AS(model::apply_overrides(config, {"remote=2"}), params::ConfigError);
  CHECK_THROWS_AS(model::apply_overrides(config, {"remote"}), params::ConfigError);
}

TEST_CASE("a run config may date its first period; the default is the documented epoch") {
  const auto models = models::builtin_models();
  const auto plain = model::parse_run_config("model: phold\n", "run.yaml", models);
  CHECK(plain.start_date == results::kDefaultStartDate);
  auto dated =
      model::parse_run_config("model: phold\nstart_date: 2025-03-01\n", "run.yaml", models);
  CHECK(dated.start_date == results::Date{2025, 3, 1});
  CHECK_THAT(model::resolved_yaml(dated), Catch::Contains("start_date: 2025-03-01"));
  model::apply_overrides(dated, {"start_date=2026-01-01"});
  CHECK(dated.start_date == results::Date{2026, 1, 1});
  const auto e = config_error("model: phold\nstart_date: 2025-02-30\n");
  CHECK(e.key() == "start_date");
  CHECK(e.where().line == 2);
  CHECK(e.where().column == 13);
}

namespace {
const std::string kPlanned =
    "model: workforce\n"
    "parameters:\n"
    "  simulation: {months: 12}\n"
    "  hiring:\n"
    "    plan:\n"
    "      - {month: 2, role: researcher, count: 10}\n"
    "      - {month: 4, role: ml_engineer, count: 2}\n";

params::ConfigError override_error(const std::string& assignment) {
  const auto models = models::builtin_models();
  auto config = model::parse_run_config(kPlanned, "run.yaml", models);
  try {
    model::apply_overrides(config, {assignment});
  } catch (const params::ConfigError& e) {
    return e;
  }
  FAIL("expected a ConfigError for " << assignment);
  throw;
}
}  // namespace

TEST_CASE("an override of one cell of a table changes that cell alone") {
  const auto models = models::builtin_models();
  auto config = model::parse_run_config(kPlanned, "run.yaml", models);
  model::apply_overrides(config,
                         {"hiring.plan[0].count=30", "parameters.hiring.plan[1].role=researcher"});
  const params::Table& plan = config.values.table("hiring.plan");
  REQUIRE(plan.rows.size() == 2);
  const auto& columns = config.values.registry().find("hiring.plan")->columns;
  auto cell = [&](std::size_t row, const std::string& name) {
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (columns[c].path == name) return plan.rows[row][c];
    }
    FAIL("no column " << name);
    throw;
  };
  CHECK(std::get<std::int64_t>(cell(0, "count")) == 30);
  CHECK(std::get<std::int64_t>(cell(0, "month")) == 2);
  CHECK(std::get<std::string>(cell(1, "role")) == "researcher");
  CHECK(std::get<std::int64_t>(cell(1, "count")) == 2);
}

TEST_CASE("a bad cell in --set names the argument and the key") {
  struct Case {
    std::string assignment;
    std::string key;
    std::string words;
  };
  const std::vector<Case> cases = {
      {"hiring.plan[2].count=3", "hiring.plan[2].count", "row 2 does not exist"},
      {"hiring.plan[0].cuont=3", "hiring.plan[0].cuont", "did you mean 'count'"},
      {"simulation.months[0].x=3", "simulation.months[0].x", "not a table"},
      {"hiring.plan[0.count=3", "hiring.plan[0.count", "missing ']'"},
      {"hiring.plan[0].count=many", "hiring.plan[0].count", "whole number"},
      {"hiring.plan[0].count=0", "hiring.plan[0].count", "out of range"},
  };
  for (const auto& c : cases) {
    INFO(c.assignment);
    const params::ConfigError e = override_error(c.assignment);
    CHECK(e.where().file == "--set " + c.assignment);
    CHECK(e.key() == c.key);
    CHECK_THAT(e.message(), Catch::Contains(c.words));
  }
}

TEST_CASE("a schedule changes scalar parameters only, not cells") {
  const params::ConfigError change = override_error("--change hiring.plan[0].count=3@4");
  CHECK(change.where().file == "--change hiring.plan[0].count=3@4");
  CHECK(change.key() == "hiring.plan[0].count");
  CHECK_THAT(change.message(),
             Catch::Contains("scalar parameters only") && Catch::Contains("--set"));
  const auto models = models::builtin_models();
  const auto config = model::parse_run_config(
      kPlanned + "  schedule:\n    - {month: 3, key: 'hiring.plan[0].count', value: 3}\n",
      "run.yaml", models);
  try {
    config.model->instantiate(config.values);
    FAIL("a schedule row with a cell was accepted");
  } catch (const params::ConfigError& e) {
    CHECK(e.key() == "schedule[0].key");
    CHECK_THAT(e.message(), Catch::Contains("scalar parameters only"));
  }
}
