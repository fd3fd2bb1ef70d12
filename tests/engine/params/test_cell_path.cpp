// Cells of table parameters: the TABLE[ROW].COLUMN syntax, its resolution
// against a registry and a config's values, and setting one cell.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "engine/params/cell_path.hpp"
#include "engine/params/yaml_source.hpp"

using namespace wfsim::params;

namespace {

ParamSpec column(std::string name, ParamType type, double min, double max) {
  ParamSpec spec;
  spec.path = std::move(name);
  spec.type = type;
  spec.min = min;
  spec.max = max;
  return spec;
}

ParamRegistry cell_registry() {
  ParamRegistry r;
  r.real("market.demand", 1.0, "1", 0.0, 10.0, "demand");
  ParamSpec kind = column("kind", ParamType::Choice, -INFINITY, INFINITY);
  kind.choices = {"boom", "bust"};
  kind.default_value = std::string("boom");
  r.table(
      "market.regimes",
      {column("month", ParamType::Integer, 1, 600), column("level", ParamType::Real, 0, 10), kind},
      "market shifts");
  // A table whose default has rows: a cell indexes the default when the
  // config does not set the table.
  ParamSpec seats;
  seats.path = "org.seats";
  seats.type = ParamType::Table;
  seats.columns = {column("count", ParamType::Integer, 0, 100)};
  seats.default_value = Table{{{std::int64_t{4}}, {std::int64_t{6}}}, {}};
  r.add(seats);
  return r;
}

const std::string kConfig =
    "market:\n"
    "  regimes:\n"
    "    - {month: 3, level: 0.5}\n"
    "    - {month: 9, level: 2.0, kind: bust}\n";

ParamValues configured(const ParamRegistry& registry) {
  ParamValues values(registry);
  values.set_source_file("demo.yaml");
  apply_yaml(values, load_yaml_text(kConfig, "demo.yaml"), "demo.yaml", "parameters.");
  return values;
}

const SourceLocation kWhere{"sweep.yaml", 7, 3};

ConfigError parse_error(const std::string& text) {
  try {
    parse_cell_path(text, kWhere, "parameters." + text);
  } catch (const ConfigError& e) {
    return e;
  }
  FAIL("expected a ConfigError for " << text);
  throw;
}

ConfigError resolve_error(const std::string& text) {
  const ParamRegistry registry = cell_registry();
  const ParamValues values = configured(registry);
  try {
    resolve_cell(values, text, kWhere, "parameters." + text);
  } catch (const ConfigError& e) {
    return e;
  }
  FAIL("expected a ConfigError for " << text);
  throw;
}

}  // namespace

TEST_CASE("a cell path splits into table, row and column") {
  CHECK(is_cell_path("market.regimes[1].level"));
  CHECK(is_cell_path("market.regimes]"));
  CHECK_FALSE(is_cell_path("market.demand"));
  const CellPath cell = parse_cell_path("market.regimes[12].level", kWhere, "k");
  CHECK(cell.table == "market.regimes");
  CHECK(cell.row == 12);
  CHECK(cell.column == "level");
}

TEST_CASE("a malformed cell path is one error at the key's location") {
  struct Case {
    std::string text;
    std::string words;
  };
  const std::vector<Case> cases = {
      {"market.regimes[0.level", "missing ']'"},
      {"market.regimes]0[.level", "']' before '['"},
      {"[0].level", "comes before '['"},
      {"market.regimes[].level", "whole number counted from 0"},
      {"market.regimes[-1].level", "whole number counted from 0"},
      {"market.regimes[ 1].level", "whole number counted from 0"},
      {"market.regimes[01].level", "leading zeros"},
      {"market.regimes[0]", "name a column"},
      {"market.regimes[0].", "name a column"},
      {"market.regimes[0]level", "'.COLUMN'"},
      {"market.regimes[0].level[1].x", "tables do not nest"},
      {"market.regimes[0].level.x", "without dots"},
      {"market.regimes[9999999999].level", "too large"},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    const ConfigError e = parse_error(c.text);
    CHECK(e.key() == "parameters." + c.text);
    CHECK(e.where().line == 7);
    CHECK(e.where().column == 3);
    CHECK_THAT(e.message(), Catch::Contains(c.words));
    CHECK_THAT(std::string(e.what()),
               Catch::StartsWith("sweep.yaml:7:3: error: key 'parameters." + c.text + "'"));
  }
}

TEST_CASE("a cell resolves to its column's spec") {
  const ParamRegistry registry = cell_registry();
  const ParamValues values = configured(registry);
  const TableCell cell = resolve_cell(values, "market.regimes[1].level", kWhere, "k");
  CHECK(cell.table == "market.regimes");
  CHECK(cell.row == 1);
  CHECK(cell.column == 1);
  CHECK(cell.spec.type == ParamType::Real);
  CHECK(cell.spec.max == 10.0);
  CHECK(cell.spec.path == "market.regimes[1].level");
  CHECK(std::get<double>(cell_value(values, cell)) == 2.0);
  const TableCell choice = resolve_cell(values, "market.regimes[0].kind", kWhere, "k");
  CHECK(choice.spec.choices == std::vector<std::string>{"boom", "bust"});
  // Rows of a default table count when the config does not set it.
  const TableCell seat = resolve_cell(values, "org.seats[1].count", kWhere, "k");
  CHECK(std::get<std::int64_t>(cell_value(values, seat)) == 6);
}

TEST_CASE("a cell of what is not a table, or not there, is a located error") {
  SECTION("unknown table, with a did-you-mean") {
    const ConfigError e = resolve_error("market.regims[0].level");
    CHECK(e.key() == "parameters.market.regims[0].level");
    CHECK_THAT(e.message(), Catch::Contains("unknown table parameter 'market.regims'") &&
                                Catch::Contains("did you mean 'market.regimes'"));
    CHECK(e.where().line == 7);
  }
  SECTION("a scalar parameter") {
    const ConfigError e = resolve_error("market.demand[0].level");
    CHECK_THAT(e.message(), Catch::Contains("is a real parameter, not a table"));
  }
  SECTION("a group") {
    CHECK_THAT(resolve_error("market[0].level").message(), Catch::Contains("group of parameters"));
  }
  SECTION("unknown column, with a did-you-mean and the columns") {
    const ConfigError e = resolve_error("market.regimes[0].levle");
    CHECK(e.key() == "parameters.market.regimes[0].levle");
    CHECK_THAT(e.message(), Catch::Contains("no column 'levle'") &&
                                Catch::Contains("did you mean 'level'") &&
                                Catch::Contains("month, level, kind"));
  }
  SECTION("a row beyond the config's table") {
    const ConfigError e = resolve_error("market.regimes[2].level");
    CHECK_THAT(e.message(),
               Catch::Contains("row 2 does not exist") && Catch::Contains("2 rows, 0 to 1"));
    CHECK(e.where().column == 3);
  }
  SECTION("a row beyond the default table") {
    CHECK_THAT(resolve_error("org.seats[2].count").message(),
               Catch::Contains("row 2 does not exist") && Catch::Contains("its default"));
  }
}

TEST_CASE("setting a cell changes that cell alone and checks it") {
  const ParamRegistry registry = cell_registry();
  ParamValues values = configured(registry);
  const SourceLocation config_where = values.where("market.regimes");
  const TableCell level = resolve_cell(values, "market.regimes[1].level", kWhere, "k");
  // An integer is a fine value for a real column, as in a config file.
  set_cell(values, level, std::int64_t{7}, kWhere);
  const Table& table = values.table("market.regimes");
  REQUIRE(table.rows.size() == 2);
  CHECK(std::get<double>(table.rows[1][1]) == 7.0);
  CHECK(std::get<std::int64_t>(table.rows[1][0]) == 9);
  CHECK(std::get<std::string>(table.rows[1][2]) == "bust");
  CHECK(std::get<double>(table.rows[0][1]) == 0.5);
  // What changed the row is blamed for it; the table keeps its place.
  CHECK(table.row_locations[1].file == "sweep.yaml");
  CHECK(table.row_locations[0].file == "demo.yaml");
  CHECK(values.where("market.regimes").line == config_where.line);

  const TableCell month = resolve_cell(values, "market.regimes[0].month", kWhere, "k");
  set_cell(values, month, std::int64_t{5}, kWhere);
  CHECK(std::get<std::int64_t>(values.table("market.regimes").rows[0][0]) == 5);
  CHECK(std::get<double>(values.table("market.regimes").rows[1][1]) == 7.0);

  try {
    set_cell(values, level, 11.0, kWhere);
    FAIL("a value out of the column's range was accepted");
  } catch (const ConfigError& e) {
    CHECK(e.key() == "market.regimes[1].level");
    CHECK_THAT(e.message(), Catch::Contains("out of range [0.0, 10.0]"));
    CHECK(e.where().line == 7);
  }
  const TableCell kind = resolve_cell(values, "market.regimes[0].kind", kWhere, "k");
  CHECK_THROWS_AS(set_cell(values, kind, std::string("flat"), kWhere), ConfigError);
  set_cell(values, kind, std::string("bust"), kWhere);
  CHECK(std::get<std::string>(values.table("market.regimes").rows[0][2]) == "bust");
}

TEST_CASE("a cell of a default table makes the table set") {
  const ParamRegistry registry = cell_registry();
  ParamValues values(registry);
  values.set_source_file("demo.yaml");
  CHECK_FALSE(values.was_set("org.seats"));
  const TableCell seat = resolve_cell(values, "org.seats[0].count", kWhere, "k");
  set_cell(values, seat, std::int64_t{9}, kWhere);
  CHECK(values.was_set("org.seats"));
  CHECK(std::get<std::int64_t>(values.table("org.seats").rows[0][0]) == 9);
  CHECK(std::get<std::int64_t>(values.table("org.seats").rows[1][0]) == 6);
}
