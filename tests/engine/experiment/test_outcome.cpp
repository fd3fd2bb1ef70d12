#include <catch2/catch.hpp>
#include <cmath>

#include "engine/experiment/outcome.hpp"

using namespace wfsim;
using namespace wfsim::experiment;

namespace {

results::OutputSchema schema() {
  results::OutputSchema s;
  s.periods = 4;
  s.dimensions = {{"role", "role", {"engineer", "researcher"}}};
  s.series = {{"exits", "people", "exits", results::Visibility::Observed, ""},
              {"headcount", "people", "headcount", results::Visibility::Observed, "role"}};
  s.scalars = {{"lead_time", "months", "lead", results::Visibility::Observed}};
  return s;
}

results::ReplicationResult result() {
  auto r = results::make_result(schema(), 0);
  r.series[0] = {1, std::nan(""), 3, 4};
  r.series[1] = {10, 1, 20, 2, 30, 3, 40, 4};  // period-major, two roles
  r.scalars[0] = 2.5;
  return r;
}

double value(OutcomeSpec spec) {
  spec.name = "o";
  const std::vector<OutcomeSpec> specs = {spec};
  const auto bound = bind_outcomes(specs, schema());
  return outcome_value(bound[0], result());
}

OutcomeSpec series(const std::string& name, Reduction reduce, std::size_t from = 1,
                   std::size_t to = 0, const std::string& label = "") {
  OutcomeSpec spec;
  spec.from_series = true;
  spec.variable = name;
  spec.reduce = reduce;
  spec.from = from;
  spec.to = to;
  spec.label = label;
  return spec;
}

}  // namespace

TEST_CASE("series reductions skip missing periods") {
  CHECK(value(series("exits", Reduction::Sum)) == 8.0);
  CHECK(value(series("exits", Reduction::Mean)) == Approx(8.0 / 3.0));
  CHECK(value(series("exits", Reduction::Min, 2)) == 3.0);
  CHECK(value(series("exits", Reduction::Max, 1, 3)) == 3.0);
  CHECK(value(series("exits", Reduction::Last, 1, 3)) == 3.0);
  CHECK(std::isnan(value(series("exits", Reduction::At, 2, 2))));
  CHECK(std::isnan(value(series("exits", Reduction::Sum, 2, 2))));
}

TEST_CASE("series with a breakdown: one label, or the total over labels") {
  CHECK(value(series("headcount", Reduction::Last)) == 44.0);
  CHECK(value(series("headcount", Reduction::Sum, 1, 0, "researcher")) == 10.0);
  CHECK(value(series("headcount", Reduction::At, 2, 2, "engineer")) == 20.0);
}

TEST_CASE("scalars by name") {
  OutcomeSpec spec;
  spec.variable = "lead_time";
  CHECK(value(spec) == 2.5);
}

TEST_CASE("names, labels and periods the schema lacks are located errors") {
  OutcomeSpec spec = series("headcount", Reduction::Sum, 1, 0, "resercher");
  spec.where = {"s.yaml", 7, 3};
  try {
    value(spec);
    FAIL("accepted an unknown label");
  } catch (const params::ConfigError& e) {
    CHECK(e.where().line == 7);
    CHECK(e.key() == "outcomes.o.label");
    CHECK_THAT(e.message(), Catch::Contains("did you mean 'researcher'"));
  }
  CHECK_THROWS_WITH(value(series("exits", Reduction::Sum, 1, 5)), Catch::Contains("1..4"));
  CHECK_THROWS_WITH(value(series("exit", Reduction::Sum)), Catch::Contains("did you mean 'exits'"));
  CHECK_THROWS_WITH(value(series("exits", Reduction::Sum, 1, 0, "engineer")),
                    Catch::Contains("no breakdown"));
}
