#pragma once
/// One cell of a table parameter, addressed as TABLE[ROW].COLUMN
/// (`hiring.plan[0].count`: row 0, counted from 0, of the table as the
/// config defines it, or as its default when the config does not). A cell
/// behaves as a scalar parameter with its column's spec, so that sweeps and
/// `--set` can vary one number of a table without restating the table.
#include <cstddef>
#include <string>
#include <string_view>

#include "engine/params/params.hpp"

namespace wfsim::params {

/// True when `key` is written as a cell path (it has a bracket); a plain
/// key path has none.
bool is_cell_path(std::string_view key);

/// The parts of TABLE[ROW].COLUMN, before they are checked against a registry.
struct CellPath {
  std::string table;
  std::size_t row = 0;
  std::string column;
};

/// Splits a cell path. Anything but TABLE[ROW].COLUMN, with ROW written as
/// a whole number without sign or leading zeros (so that one cell has one
/// spelling), is a ConfigError at `where` naming `key`.
CellPath parse_cell_path(const std::string& text, const SourceLocation& where,
                         const std::string& key);

/// A cell resolved against parameter values: which table, row and column,
/// and the column's spec, renamed to the cell's path for messages.
struct TableCell {
  std::string path;  // TABLE[ROW].COLUMN as written
  std::string table;
  std::size_t row = 0;
  std::size_t column = 0;
  ParamSpec spec;
};

/// Parses `text` and checks it against `values`: the table must be a Table
/// parameter, the column one of its columns, and the row one of the rows
/// `values` holds. Errors are ConfigErrors at `where` naming `key` (the path
/// as the user wrote it, with any prefix such as "parameters.").
TableCell resolve_cell(const ParamValues& values, const std::string& text,
                       const SourceLocation& where, const std::string& key);

/// Sets one cell: copies the table, changes the cell and sets the table
/// again, so that the table's own checks run. The row is blamed on `where`
/// from then on (a model's complaint about it points at what changed it);
/// the table keeps the location the config gave it.
void set_cell(ParamValues& values, const TableCell& cell, Value value, const SourceLocation& where);

/// The cell's present value.
Value cell_value(const ParamValues& values, const TableCell& cell);

}  // namespace wfsim::params
