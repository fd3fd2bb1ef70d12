#include "engine/results/schema.hpp"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <limits>
#include <optional>
#include <stdexcept>
#include <type_traits>

#include "engine/results/spill_file.hpp"

namespace wfsim::results {

std::string_view to_string(Visibility visibility) {
  switch (visibility) {
    case Visibility::Observed:
      return "observed";
    case Visibility::Latent:
      return "latent";
    case Visibility::Diagnostic:
      return "diagnostic";
  }
  return "?";
}

namespace {
template <class Items>
std::ptrdiff_t index_of(const Items& items, const std::string& name) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].name == name) return static_cast<std::ptrdiff_t>(i);
  }
  return -1;
}
}  // namespace

const Dimension* OutputSchema::find_dimension(const std::string& name) const {
  const auto i = index_of(dimensions, name);
  return i < 0 ? nullptr : &dimensions[static_cast<std::size_t>(i)];
}
std::ptrdiff_t OutputSchema::series_index(const std::string& name) const {
  return index_of(series, name);
}
std::ptrdiff_t OutputSchema::table_index(const std::string& name) const {
  return index_of(tables, name);
}
std::ptrdiff_t OutputSchema::scalar_index(const std::string& name) const {
  return index_of(scalars, name);
}

std::size_t OutputSchema::width(const SeriesSpec& spec) const {
  if (spec.by.empty()) return 1;
  const Dimension* dimension = find_dimension(spec.by);
  if (!dimension)
    throw std::logic_error("series " + spec.name + " uses unknown dimension " + spec.by);
  return dimension->labels.size();
}

std::size_t column_size(const Column& column) {
  return std::visit([](const auto& values) { return values.size(); }, column);
}

void append_column(Column& to, const Column& more) {
  std::visit(
      [&](auto& values) {
        const auto& added = std::get<std::decay_t<decltype(values)>>(more);
        values.insert(values.end(), added.begin(), added.end());
      },
      to);
}

std::size_t TableData::memory_rows() const {
  return columns.empty() ? 0 : column_size(columns.front());
}

std::size_t TableData::rows() const {
  std::size_t total = memory_rows();
  for (const SpilledBlock& block : spilled)
    total += block.rows;
  return total;
}

std::size_t TableData::memory_bytes() const {
  std::size_t bytes = 0;
  for (const Column& column : columns)
    bytes += column_size(column) * 8;
  return bytes;
}

void TableData::read_spilled(std::size_t block, std::size_t c, Column& out) const {
  const SpilledBlock& b = spilled.at(block);
  std::visit(
      [&](auto& values) {
        values.resize(b.rows);
        static_assert(sizeof(values[0]) == 8);
        spill_file->read(b.offset + c * b.rows * 8, values.data(), b.rows * 8);
      },
      out);
}

void TableData::for_each_block(const std::function<void(const std::vector<Column>&)>& visit) const {
  if (!spilled.empty()) {
    std::vector<Column> block = columns;  // the columns' types
    for (std::size_t b = 0; b < spilled.size(); ++b) {
      for (std::size_t c = 0; c < block.size(); ++c)
        read_spilled(b, c, block[c]);
      visit(block);
    }
  }
  if (memory_rows() > 0) visit(columns);
}

Column TableData::column(std::size_t c) const {
  Column all = columns.at(c);
  std::visit(
      [&](auto& values) {
        using Values = std::decay_t<decltype(values)>;
        Values gathered;
        gathered.reserve(rows());
        Column block = Values{};
        for (std::size_t b = 0; b < spilled.size(); ++b) {
          read_spilled(b, c, block);
          const auto& part = std::get<Values>(block);
          gathered.insert(gathered.end(), part.begin(), part.end());
        }
        gathered.insert(gathered.end(), values.begin(), values.end());
        values = std::move(gathered);
      },
      all);
  return all;
}

std::size_t default_table_buffer_bytes() {
  // The static's initialiser must not throw: replications on several threads
  // reach it at once, and a throwing initialiser leaves the others waiting on
  // its guard (ThreadSanitizer's runtime never wakes them). So a bad value is
  // remembered as absent and reported by every caller alike.
  static const std::optional<std::size_t> bytes = []() -> std::optional<std::size_t> {
    constexpr std::size_t kDefault = std::size_t{4} << 20;
    const char* given = std::getenv("WFSIM_TABLE_BUFFER_BYTES");
    if (given == nullptr || *given == '\0') return kDefault;
    char* end = nullptr;
    errno = 0;
    const unsigned long long value = std::strtoull(given, &end, 10);
    if (errno != 0 || *end != '\0' || std::isdigit(static_cast<unsigned char>(*given)) == 0)
      return std::nullopt;
    return static_cast<std::size_t>(value);
  }();
  if (!bytes) {
    const char* given = std::getenv("WFSIM_TABLE_BUFFER_BYTES");
    throw std::invalid_argument(std::string("WFSIM_TABLE_BUFFER_BYTES is '") +
                                (given != nullptr ? given : "") +
                                "'; it must be a whole number of bytes");
  }
  return *bytes;
}

namespace {

/// Rows of the types and number of a table's columns, all of one length;
/// returns the length.
std::size_t check_appended(const TableData& data, std::size_t table,
                           const std::vector<Column>& rows) {
  const std::size_t count = rows.empty() ? 0 : column_size(rows.front());
  bool fit = rows.size() == data.columns.size();
  for (std::size_t c = 0; fit && c < rows.size(); ++c)
    fit = rows[c].index() == data.columns[c].index() && column_size(rows[c]) == count;
  if (!fit) {
    throw std::logic_error("rows appended to table " + std::to_string(table) +
                           " do not match its columns");
  }
  return count;
}

/// Moves a table's rows in memory to the end of `file`, as one block.
void spill_rows(TableData& data, const std::shared_ptr<SpillFile>& file) {
  std::vector<SpillFile::Piece> pieces;
  for (const Column& column : data.columns) {
    std::visit(
        [&](const auto& values) {
          pieces.push_back({values.data(), values.size() * 8});
        },
        column);
  }
  const SpilledBlock block{file->append(pieces), data.memory_rows()};
  for (Column& column : data.columns) {
    std::visit(
        [](auto& values) {
          values.clear();
          values.shrink_to_fit();
        },
        column);
  }
  data.spilled.push_back(block);
  data.spill_file = file;
}

}  // namespace

void ReplicationResult::append_rows(std::size_t table, std::vector<Column>&& rows) {
  TableData& data = tables.at(table);
  if (check_appended(data, table, rows) == 0) return;
  if (data.memory_rows() == 0) {
    data.columns = std::move(rows);
  } else {
    for (std::size_t c = 0; c < rows.size(); ++c)
      append_column(data.columns[c], rows[c]);
  }
  std::size_t held = 0;
  for (const TableData& t : tables)
    held += t.memory_bytes();
  if (held <= table_buffer_bytes) return;
  // The largest tables first, into blocks as large as possible.
  while (held > table_buffer_bytes / 2) {
    TableData* largest = &tables.front();
    for (TableData& t : tables) {
      if (t.memory_bytes() > largest->memory_bytes()) largest = &t;
    }
    const std::size_t bytes = largest->memory_bytes();
    if (bytes == 0) break;
    if (!spill_) spill_ = std::make_shared<SpillFile>();
    spill_rows(*largest, spill_);
    held -= bytes;
  }
}

ReplicationResult make_result(const OutputSchema& schema, std::uint64_t replication) {
  ReplicationResult result;
  result.replication = replication;
  result.series.reserve(schema.series.size());
  for (const auto& spec : schema.series) {
    result.series.emplace_back(schema.periods * schema.width(spec),
                               std::numeric_limits<double>::quiet_NaN());
  }
  result.tables.resize(schema.tables.size());
  for (std::size_t t = 0; t < schema.tables.size(); ++t) {
    for (const auto& column : schema.tables[t].columns) {
      if (column.type == ColumnType::Float64) {
        result.tables[t].columns.emplace_back(std::vector<double>{});
      } else {
        result.tables[t].columns.emplace_back(std::vector<std::int64_t>{});
      }
    }
  }
  result.scalars.assign(schema.scalars.size(), std::numeric_limits<double>::quiet_NaN());
  return result;
}

void check_result(const OutputSchema& schema, const ReplicationResult& result) {
  if (result.series.size() != schema.series.size()) throw std::logic_error("series count mismatch");
  for (std::size_t i = 0; i < schema.series.size(); ++i) {
    if (result.series[i].size() != schema.periods * schema.width(schema.series[i])) {
      throw std::logic_error("series " + schema.series[i].name + " has the wrong length");
    }
  }
  if (result.tables.size() != schema.tables.size()) throw std::logic_error("table count mismatch");
  for (std::size_t t = 0; t < schema.tables.size(); ++t) {
    const auto& spec = schema.tables[t];
    const auto& data = result.tables[t];
    if (data.columns.size() != spec.columns.size()) {
      throw std::logic_error("table " + spec.name + " has the wrong number of columns");
    }
    if (!data.spilled.empty() && !data.spill_file) {
      throw std::logic_error("table " + spec.name + " has spilled rows but no spill file");
    }
    const std::size_t rows = data.memory_rows();
    for (std::size_t c = 0; c < spec.columns.size(); ++c) {
      const bool is_float = std::holds_alternative<std::vector<double>>(data.columns[c]);
      if (is_float != (spec.columns[c].type == ColumnType::Float64)) {
        throw std::logic_error("column " + spec.name + "." + spec.columns[c].name +
                               " has the wrong type");
      }
      if (column_size(data.columns[c]) != rows) {
        throw std::logic_error("table " + spec.name + " has ragged columns");
      }
    }
  }
  if (result.scalars.size() != schema.scalars.size())
    throw std::logic_error("scalar count mismatch");
}

}  // namespace wfsim::results
