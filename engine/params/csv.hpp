#pragma once
/// Reading CSV files (RFC 4180, as HR and spreadsheet tools export them) with
/// every error located: file, line and column name.
///
/// Accepted: a header row naming the columns; comma separators; fields quoted
/// with double quotes (a quote inside is doubled, commas and line breaks may
/// appear inside); CRLF or LF line ends; a UTF-8 byte-order mark; blank lines
/// (skipped); spaces around unquoted fields (trimmed). Column names match
/// case-insensitively after trimming.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "engine/params/config_error.hpp"

namespace wfsim::params {

class CsvTable {
 public:
  /// Reads a file; a missing file or a malformed record is a ConfigError.
  static CsvTable read_file(const std::string& path);
  /// Parses text; `name` stands for the file in messages.
  static CsvTable parse(std::string_view text, const std::string& name);

  const std::string& file() const { return file_; }
  const std::vector<std::string>& header() const { return header_; }
  std::size_t rows() const { return rows_.size(); }
  /// The line on which record `row` (0-based, header excluded) starts.
  int line(std::size_t row) const { return lines_[row]; }

  /// Index of a column by name, or -1.
  std::ptrdiff_t find_column(std::string_view name) const;
  /// Index of a column that must exist; a missing column is an error at the
  /// header line, with a did-you-mean among the present columns.
  std::size_t require_column(std::string_view name) const;
  /// Throws for the first header column that is not in `known`, with a
  /// did-you-mean, and for a column named twice.
  void reject_unknown_columns(const std::vector<std::string>& known) const;

  /// The trimmed text of a cell.
  const std::string& text(std::size_t row, std::size_t column) const;
  bool empty(std::size_t row, std::size_t column) const { return text(row, column).empty(); }
  /// A cell that must hold a whole number in [min, max].
  std::int64_t integer(std::size_t row, std::size_t column,
                       std::int64_t min = std::numeric_limits<std::int64_t>::min(),
                       std::int64_t max = std::numeric_limits<std::int64_t>::max()) const;
  /// A cell that must hold a finite number in [min, max].
  double real(std::size_t row, std::size_t column,
              double min = -std::numeric_limits<double>::infinity(),
              double max = std::numeric_limits<double>::infinity()) const;
  /// A cell that must be one of `choices`.
  std::size_t choice(std::size_t row, std::size_t column,
                     const std::vector<std::string>& choices) const;

  /// The location of a cell: its record's first line and the column's
  /// 1-based position.
  SourceLocation where(std::size_t row, std::size_t column) const;
  /// Throws a ConfigError about a cell, naming the column.
  [[noreturn]] void fail(std::size_t row, std::size_t column, const std::string& message) const;

 private:
  std::string file_;
  std::vector<std::string> header_;
  std::vector<std::string> header_key_;  // lower-cased, for matching
  std::vector<std::vector<std::string>> rows_;
  std::vector<int> lines_;
  int header_line_ = 1;
};

}  // namespace wfsim::params
