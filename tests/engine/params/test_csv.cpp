#include <catch2/catch.hpp>
#include <string>

#include "engine/params/csv.hpp"

using wfsim::params::ConfigError;
using wfsim::params::CsvTable;

namespace {

/// The message of the ConfigError `body` throws, or "" when it does not.
template <class F>
std::string error_of(F&& body) {
  try {
    body();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return {};
}

}  // namespace

TEST_CASE("CSV reads quoted fields, CRLF, a BOM and blank lines") {
  const std::string text =
      "\xEF\xBB\xBF"
      "id, name ,note\r\n"
      "1,\"Smith, Ann\",\"said \"\"hi\"\"\"\r\n"
      "\r\n"
      " 2 , Bob ,\"two\nlines\"\r\n";
  const auto table = CsvTable::parse(text, "people.csv");
  REQUIRE(table.header() == std::vector<std::string>{"id", "name", "note"});
  REQUIRE(table.rows() == 2);
  CHECK(table.text(0, 1) == "Smith, Ann");
  CHECK(table.text(0, 2) == "said \"hi\"");
  CHECK(table.integer(1, 0) == 2);
  CHECK(table.text(1, 1) == "Bob");
  CHECK(table.text(1, 2) == "two\nlines");
  CHECK(table.line(0) == 2);
  CHECK(table.line(1) == 4);  // the blank line 3 is skipped
  CHECK(table.find_column("NAME") == 1);
  CHECK(table.find_column("missing") == -1);
}

TEST_CASE("CSV line numbers count line breaks inside quoted fields") {
  const auto table = CsvTable::parse("a,b\n1,\"x\ny\nz\"\n2,3\n", "f.csv");
  REQUIRE(table.rows() == 2);
  CHECK(table.line(1) == 5);
  const std::string message = error_of([&] { table.integer(1, 1, 5, 10); });
  CHECK(message == "f.csv:5:2: error: key 'b': value 3 is out of range [5, 10]");
}

TEST_CASE("CSV cell errors name the file, line, column and column name") {
  const auto table = CsvTable::parse("id,salary,role\n7,abc,ml\n8,,x\n", "census.csv");
  CHECK(error_of([&] { table.real(0, 1); }) ==
        "census.csv:2:2: error: key 'salary': expected a number, got 'abc'");
  CHECK(error_of([&] { table.real(1, 1); }) ==
        "census.csv:3:2: error: key 'salary': expected a number, the cell is empty");
  CHECK(error_of([&] { table.integer(0, 0, 10, 20); }).find("out of range [10, 20]") !=
        std::string::npos);
  const std::string choice = error_of([&] { table.choice(0, 2, {"ml_engineer", "researcher"}); });
  CHECK(choice.rfind("census.csv:2:3: error: key 'role': 'ml' is not one of", 0) == 0);
  CHECK(table.choice(0, 2, {"ML", "researcher"}) == 0);  // case-insensitive
}

TEST_CASE("CSV structural errors are located") {
  CHECK(error_of([] { CsvTable::parse("a,b\n1,2,3\n", "x.csv"); }) ==
        "x.csv:2: error: the record has 3 fields but the header names 2 columns");
  CHECK(error_of([] { CsvTable::parse("a,b\n1,\"open\n", "x.csv"); }) ==
        "x.csv:2:2: error: a quoted field is never closed");
  CHECK(error_of([] {
          CsvTable::parse("a,b\n1,\"x\"y\n", "x.csv");
        }).find("x.csv:2:2: error: unexpected text after a closing quote") == 0);
  CHECK(error_of([] {
          CsvTable::parse("a,b\n1,x\"y\n", "x.csv");
        }).find("x.csv:2:2: error: a quote inside an unquoted field") == 0);
  CHECK(error_of([] { CsvTable::parse("a,A\n1,2\n", "x.csv"); }) ==
        "x.csv:1:2: error: key 'A': the column is named twice in the header");
  CHECK(error_of([] { CsvTable::parse("\n\n", "x.csv"); }) == "x.csv: error: the file is empty");
  CHECK(error_of([] {
          CsvTable::read_file("/nonexistent/dir/none.csv");
        }).find("cannot open the file") != std::string::npos);
}

TEST_CASE("CSV header checks suggest the intended column") {
  const auto table = CsvTable::parse("employee_id,rol\n1,x\n", "c.csv");
  CHECK(error_of([&] { table.require_column("role"); }) ==
        "c.csv:1: error: key 'role': required column is missing from the header (did you mean "
        "'rol'?)");
  CHECK(error_of([&] {
          table.reject_unknown_columns({"employee_id", "role"});
        }) == "c.csv:1:2: error: key 'rol': unknown column (did you mean 'role'?)");
  CHECK(error_of([&] { table.reject_unknown_columns({"employee_id", "rol"}); }).empty());
}
