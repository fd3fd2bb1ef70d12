// Event tables a model appends to as it runs: rows beyond the memory set
// aside go to a spill file and come back, in order, to every reader (the
// results file and the JSON dump among them).
#include <stdlib.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "engine/io/detail/hdf5.hpp"
#include "engine/io/json_lines.hpp"
#include "engine/io/run_writer.hpp"
#include "engine/results/schema.hpp"
#include "engine/results/spill_file.hpp"
#include "tests/common/temp_dir.hpp"

using namespace wfsim;
using results::Column;
using results::ColumnType;
using testing::TempDir;

namespace {

/// Two tables: (id, time, kind) and (id, value).
results::OutputSchema two_tables() {
  results::OutputSchema s;
  s.dimensions = {{"kind", "kind of event", {"a", "b", "c"}}};
  s.tables = {{"events",
               "events",
               {{"id", ColumnType::Int64, "", "id", ""},
                {"time", ColumnType::Float64, "day", "time", ""},
                {"kind", ColumnType::Category, "", "kind", "kind"}}},
              {"values",
               "values",
               {{"id", ColumnType::Int64, "", "id", ""},
                {"value", ColumnType::Float64, "1", "value", ""}}}};
  return s;
}

/// Rows [first, first + n) of table `t`, different in every column.
std::vector<Column> rows_of(std::size_t t, std::int64_t first, std::int64_t n) {
  std::vector<std::int64_t> ids, kinds;
  std::vector<double> times;
  for (std::int64_t i = first; i < first + n; ++i) {
    ids.push_back(i);
    times.push_back(0.5 * static_cast<double>(i) + (t == 0 ? 0.0 : 1e6));
    kinds.push_back(i % 3);
  }
  if (t == 0) return {ids, times, kinds};
  return {ids, times};
}

/// Every row of a table, through for_each_block.
std::vector<Column> read_all(const results::TableData& table) {
  std::vector<Column> all = table.columns;
  for (Column& c : all)
    std::visit([](auto& v) { v.clear(); }, c);
  table.for_each_block([&](const std::vector<Column>& block) {
    REQUIRE(block.size() == all.size());
    const std::size_t rows = std::visit([](const auto& v) { return v.size(); }, block.front());
    CHECK(rows > 0);
    for (std::size_t c = 0; c < block.size(); ++c) {
      std::visit(
          [&](auto& into) {
            const auto& from = std::get<std::decay_t<decltype(into)>>(block[c]);
            CHECK(from.size() == rows);
            into.insert(into.end(), from.begin(), from.end());
          },
          all[c]);
    }
  });
  return all;
}

/// Appends rows in uneven batches to both tables of a fresh result with
/// `buffer` bytes for rows in memory; `expected` gets the same rows.
results::ReplicationResult appended(std::size_t buffer, std::vector<std::vector<Column>>& expected,
                                    std::int64_t batches = 60) {
  const auto schema = two_tables();
  auto result = results::make_result(schema, 0);
  result.table_buffer_bytes = buffer;
  expected.assign(2, {});
  for (std::size_t t = 0; t < 2; ++t)
    expected[t] = rows_of(t, 0, 0);
  std::int64_t next[2] = {0, 0};
  for (std::int64_t b = 0; b < batches; ++b) {
    for (std::size_t t = 0; t < 2; ++t) {
      const std::int64_t n = t == 0 ? (b * 37) % 101 : (b % 4 == 0 ? 250 : 0);
      auto rows = rows_of(t, next[t], n);
      for (std::size_t c = 0; c < rows.size(); ++c) {
        std::visit(
            [&](auto& into) {
              const auto& from = std::get<std::decay_t<decltype(into)>>(rows[c]);
              into.insert(into.end(), from.begin(), from.end());
            },
            expected[t][c]);
      }
      result.append_rows(t, std::move(rows));
      next[t] += n;
      std::size_t held = 0;
      for (const auto& table : result.tables)
        held += table.memory_bytes();
      CHECK(held <= buffer);
    }
  }
  results::check_result(schema, result);
  return result;
}

/// Restores an environment variable on scope exit.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

}  // namespace

TEST_CASE("rows appended past the buffer spill to a file and come back in order") {
  for (const std::size_t buffer : {std::size_t{0}, std::size_t{1000}, std::size_t{20000}}) {
    INFO("buffer " << buffer << " bytes");
    std::vector<std::vector<Column>> expected;
    const auto result = appended(buffer, expected);
    for (std::size_t t = 0; t < 2; ++t) {
      INFO("table " << t);
      const auto& table = result.tables[t];
      CHECK_FALSE(table.spilled.empty());
      CHECK(table.rows() ==
            std::visit([](const auto& v) { return v.size(); }, expected[t].front()));
      CHECK(read_all(table) == expected[t]);
      for (std::size_t c = 0; c < expected[t].size(); ++c)
        CHECK(table.column(c) == expected[t][c]);
    }
    // A copy shares the file and reads the same rows.
    const results::ReplicationResult copy = result;
    CHECK(read_all(copy.tables[0]) == expected[0]);
  }
}

TEST_CASE("rows that fit in the buffer stay in memory, with no spill file") {
  std::vector<std::vector<Column>> expected;
  const auto result = appended(std::size_t{64} << 20, expected);
  for (std::size_t t = 0; t < 2; ++t) {
    CHECK(result.tables[t].spilled.empty());
    CHECK(result.tables[t].spill_file == nullptr);
    CHECK(result.tables[t].columns == expected[t]);
  }
}

TEST_CASE("the spill file has no name, and one it cannot make is one clear error") {
  TempDir dir;
  {
    const ScopedEnv tmpdir("TMPDIR", dir.path().string());
    std::vector<std::vector<Column>> expected;
    const auto result = appended(1000, expected);
    CHECK_FALSE(result.tables[0].spilled.empty());
    CHECK(std::filesystem::is_empty(dir.path()));
    CHECK(result.tables[0].spill_file->directory() == dir.path());
  }
  const ScopedEnv tmpdir("TMPDIR", (dir / "missing").string());
  auto result = results::make_result(two_tables(), 0);
  result.table_buffer_bytes = 100;
  CHECK_THROWS_MATCHES(
      result.append_rows(0, rows_of(0, 0, 50)), results::SpillError,
      Catch::Matchers::Message("no such file or directory while setting aside "
                               "event-table rows in a temporary file in " +
                               (dir / "missing").string() + " (TMPDIR chooses the directory)"));
}

TEST_CASE("rows appended to a table must match its columns") {
  auto result = results::make_result(two_tables(), 0);
  CHECK_THROWS_AS(result.append_rows(1, rows_of(0, 0, 3)), std::logic_error);
  auto ragged = rows_of(0, 0, 3);
  std::get<std::vector<double>>(ragged[1]).pop_back();
  CHECK_THROWS_AS(result.append_rows(0, std::move(ragged)), std::logic_error);
  CHECK(result.tables[0].rows() == 0);
}

TEST_CASE("the results file and the JSON dump hold spilled rows as rows kept in memory") {
  TempDir dir;
  const auto schema = two_tables();
  std::vector<std::vector<Column>> expected;
  auto spilled = appended(1000, expected);
  auto in_memory = appended(std::size_t{64} << 20, expected);
  in_memory.replication = 1;
  REQUIRE_FALSE(spilled.tables[0].spilled.empty());
  io::RunProvenance provenance;
  provenance.model = "test";
  provenance.replications = 2;
  {
    io::RunWriter writer(dir / "run.h5", schema, provenance);
    writer.add(spilled);
    writer.add(in_memory);
    writer.commit();
  }
  const auto file = io::detail::hdf5::File::open(dir / "run.h5");
  for (std::size_t t = 0; t < 2; ++t) {
    INFO("table " << t);
    const std::string group = "tables/" + schema.tables[t].name + "/";
    for (std::size_t c = 0; c < schema.tables[t].columns.size(); ++c) {
      INFO("column " << c);
      const auto dataset = file.open_dataset(group + schema.tables[t].columns[c].name);
      std::visit(
          [&](const auto& values) {
            using T = typename std::decay_t<decltype(values)>::value_type;
            auto twice = values;
            twice.insert(twice.end(), values.begin(), values.end());
            CHECK(dataset.template read<T>() == twice);
          },
          expected[t][c]);
    }
  }
  {
    io::JsonLinesWriter dump(dir / "a.jsonl", schema, false);
    dump.add(spilled);
    dump.close();
    io::JsonLinesWriter again(dir / "b.jsonl", schema, false);
    spilled.replication = 0;
    in_memory.replication = 0;
    again.add(in_memory);
    again.close();
  }
  const auto text = [](const std::filesystem::path& p) {
    std::ifstream in(p);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  CHECK(text(dir / "a.jsonl") == text(dir / "b.jsonl"));
}
