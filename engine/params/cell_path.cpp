#include "engine/params/cell_path.hpp"

#include <charconv>
#include <stdexcept>
#include <vector>

namespace wfsim::params {

namespace {

constexpr std::string_view kShape = "TABLE[ROW].COLUMN";
/// Rows beyond this are no table's; the bound keeps the number in range.
constexpr std::size_t kMaxRowDigits = 9;

[[noreturn]] void malformed(const SourceLocation& where, const std::string& key,
                            const std::string& reason) {
  throw ConfigError(where, key, "not a cell path " + std::string(kShape) + ": " + reason);
}

std::size_t parse_row(const std::string& digits, const SourceLocation& where,
                      const std::string& key) {
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) {
    malformed(where, key, "the row is a whole number counted from 0, got '" + digits + "'");
  }
  if (digits.size() > 1 && digits[0] == '0') {
    malformed(where, key, "write the row without leading zeros, got '" + digits + "'");
  }
  if (digits.size() > kMaxRowDigits) malformed(where, key, "row " + digits + " is too large");
  std::size_t row = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), row);
  return row;
}

std::string parse_column(const std::string& rest, const SourceLocation& where,
                         const std::string& key) {
  if (rest.empty()) malformed(where, key, "name a column after the row");
  if (rest[0] != '.') malformed(where, key, "expected '.COLUMN' after ']'");
  std::string column = rest.substr(1);
  if (column.empty()) malformed(where, key, "name a column after the '.'");
  if (column.find_first_of("[]") != std::string::npos) {
    malformed(where, key, "tables do not nest: a cell path has one [ROW]");
  }
  if (column.find('.') != std::string::npos) {
    malformed(where, key, "a column is one name, without dots, got '" + column + "'");
  }
  return column;
}

std::vector<std::string> table_paths(const ParamRegistry& registry) {
  std::vector<std::string> tables;
  for (const auto& spec : registry.specs()) {
    if (spec.type == ParamType::Table) tables.push_back(spec.path);
  }
  return tables;
}

const ParamSpec& find_table(const ParamRegistry& registry, const std::string& table,
                            const SourceLocation& where, const std::string& key) {
  const ParamSpec* spec = registry.find(table);
  if (!spec) {
    if (registry.is_group(table)) {
      throw ConfigError(where, key,
                        "'" + table + "' is a group of parameters, not a table parameter");
    }
    const std::vector<std::string> tables = table_paths(registry);
    std::string suggestion = did_you_mean(table, tables);
    if (suggestion.empty()) suggestion = did_you_mean(table, registry.paths());
    throw ConfigError(where, key, "unknown table parameter '" + table + "'" + suggestion);
  }
  if (spec->type != ParamType::Table) {
    throw ConfigError(where, key,
                      "'" + table + "' is " + (spec->type == ParamType::Integer ? "an " : "a ") +
                          std::string(to_string(spec->type)) +
                          " parameter, not a table: only a table's cells take [ROW].COLUMN");
  }
  return *spec;
}

std::size_t find_column(const ParamSpec& table, const std::string& column,
                        const SourceLocation& where, const std::string& key) {
  std::vector<std::string> names;
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    if (table.columns[c].path == column) return c;
    names.push_back(table.columns[c].path);
  }
  std::string list;
  for (const auto& name : names)
    list += (list.empty() ? "" : ", ") + name;
  throw ConfigError(where, key,
                    "table " + table.path + " has no column '" + column + "'" +
                        did_you_mean(column, names) + "; its columns: " + list);
}

void check_row(const ParamValues& values, const CellPath& cell, const SourceLocation& where,
               const std::string& key) {
  const std::size_t rows = values.table(cell.table).rows.size();
  if (cell.row < rows) return;
  const std::string whose =
      values.was_set(cell.table) ? "" : " (its default: the config sets none)";
  const std::string has =
      rows == 0   ? "has no rows"
      : rows == 1 ? "has one row, row 0"
                  : "has " + std::to_string(rows) + " rows, 0 to " + std::to_string(rows - 1);
  throw ConfigError(
      where, key,
      "row " + std::to_string(cell.row) + " does not exist: " + cell.table + " " + has + whose);
}

Scalar to_scalar(Value value) {
  return std::visit(
      [](auto&& v) -> Scalar {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, Table>) {
          throw std::logic_error("a table cannot be a cell of a table");
        } else {
          return std::forward<decltype(v)>(v);
        }
      },
      std::move(value));
}

}  // namespace

bool is_cell_path(std::string_view key) {
  return key.find_first_of("[]") != std::string_view::npos;
}

CellPath parse_cell_path(const std::string& text, const SourceLocation& where,
                         const std::string& key) {
  const std::size_t open = text.find('[');
  if (open == std::string::npos) malformed(where, key, "']' without '['");
  CellPath cell;
  cell.table = text.substr(0, open);
  if (cell.table.empty()) malformed(where, key, "the table's key path comes before '['");
  if (cell.table.find(']') != std::string::npos) malformed(where, key, "']' before '['");
  const std::size_t close = text.find(']', open);
  if (close == std::string::npos) malformed(where, key, "missing ']' after the row");
  cell.row = parse_row(text.substr(open + 1, close - open - 1), where, key);
  cell.column = parse_column(text.substr(close + 1), where, key);
  return cell;
}

TableCell resolve_cell(const ParamValues& values, const std::string& text,
                       const SourceLocation& where, const std::string& key) {
  const CellPath path = parse_cell_path(text, where, key);
  const ParamSpec& table = find_table(values.registry(), path.table, where, key);
  TableCell cell;
  cell.path = text;
  cell.table = path.table;
  cell.row = path.row;
  cell.column = find_column(table, path.column, where, key);
  check_row(values, path, where, key);
  cell.spec = table.columns[cell.column];
  cell.spec.path = text;
  return cell;
}

void set_cell(ParamValues& values, const TableCell& cell, Value value,
              const SourceLocation& where) {
  const SourceLocation table_where = values.where(cell.table);
  Table table = values.table(cell.table);
  if (cell.row >= table.rows.size()) {
    // The table was replaced since the cell was resolved.
    throw ConfigError(where, cell.path,
                      "row " + std::to_string(cell.row) + " does not exist: " + cell.table +
                          " has " + std::to_string(table.rows.size()) + " rows");
  }
  table.rows[cell.row][cell.column] =
      to_scalar(checked(cell.spec, std::move(value), where, cell.path));
  table.row_locations.resize(table.rows.size(), table_where);
  table.row_locations[cell.row] = where;
  values.set(cell.table, std::move(table), table_where);
}

Value cell_value(const ParamValues& values, const TableCell& cell) {
  const Scalar& scalar = values.table(cell.table).rows.at(cell.row).at(cell.column);
  return std::visit([](const auto& v) -> Value { return v; }, scalar);
}

}  // namespace wfsim::params
