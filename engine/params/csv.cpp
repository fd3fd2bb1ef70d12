#include "engine/params/csv.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

namespace wfsim::params {

namespace {

std::string trim(std::string_view text) {
  std::size_t first = 0;
  std::size_t last = text.size();
  while (first < last && (text[first] == ' ' || text[first] == '\t'))
    ++first;
  while (last > first && (text[last - 1] == ' ' || text[last - 1] == '\t'))
    --last;
  return std::string(text.substr(first, last - first));
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string format_bound(double x) {
  std::ostringstream out;
  out << x;
  return out.str();
}

struct Record {
  std::vector<std::string> fields;
  int line = 0;
};

/// Splits text into records; quoted fields keep their content verbatim,
/// unquoted ones are trimmed. Fully blank lines are skipped.
std::vector<Record> split_records(std::string_view text, const std::string& name) {
  std::vector<Record> records;
  if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF &&
      static_cast<unsigned char>(text[1]) == 0xBB && static_cast<unsigned char>(text[2]) == 0xBF) {
    text.remove_prefix(3);
  }
  int line = 1;
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    Record record;
    record.line = line;
    bool blank = true;
    for (;;) {  // one field per iteration
      std::string field;
      // Leading blanks before an opening quote are not part of the field.
      std::size_t j = i;
      while (j < n && (text[j] == ' ' || text[j] == '\t'))
        ++j;
      if (j < n && text[j] == '"') {
        blank = false;
        const int quote_line = line;
        const int quote_column = static_cast<int>(record.fields.size()) + 1;
        i = j + 1;
        for (;;) {
          if (i >= n) {
            throw ConfigError(SourceLocation{name, quote_line, quote_column}, "",
                              "a quoted field is never closed");
          }
          const char c = text[i];
          if (c == '"') {
            if (i + 1 < n && text[i + 1] == '"') {
              field += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          if (c == '\n') ++line;
          field += c;
          ++i;
        }
        while (i < n && (text[i] == ' ' || text[i] == '\t'))
          ++i;
        if (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          throw ConfigError(SourceLocation{name, line, quote_column}, "",
                            "unexpected text after a closing quote (a quote inside a quoted "
                            "field must be doubled)");
        }
      } else {
        std::size_t end = i;
        while (end < n && text[end] != ',' && text[end] != '\n' && text[end] != '\r')
          ++end;
        const std::string_view raw = text.substr(i, end - i);
        if (raw.find('"') != std::string_view::npos) {
          throw ConfigError(SourceLocation{name, line, static_cast<int>(record.fields.size()) + 1},
                            "", "a quote inside an unquoted field (quote the whole field)");
        }
        field = trim(raw);
        if (!field.empty()) blank = false;
        i = end;
      }
      record.fields.push_back(std::move(field));
      if (i < n && text[i] == ',') {
        blank = false;
        ++i;
        continue;
      }
      // End of the record: CRLF, LF, a lone CR, or the end of the text.
      if (i < n && text[i] == '\r') ++i;
      if (i < n && text[i] == '\n') ++i;
      ++line;
      break;
    }
    if (!blank) records.push_back(std::move(record));
  }
  return records;
}

}  // namespace

CsvTable CsvTable::read_file(const std::string& path) {
  return parse(read_input_file(path, "file"), path);
}

CsvTable CsvTable::parse(std::string_view text, const std::string& name) {
  CsvTable table;
  table.file_ = name;
  auto records = split_records(text, name);
  if (records.empty()) throw ConfigError(SourceLocation{name, 0, 0}, "", "the file is empty");
  table.header_line_ = records.front().line;
  std::set<std::string> seen;
  for (std::size_t c = 0; c < records.front().fields.size(); ++c) {
    const std::string& column = records.front().fields[c];
    const SourceLocation at{name, table.header_line_, static_cast<int>(c) + 1};
    if (column.empty()) throw ConfigError(at, "", "the header has an empty column name");
    if (!seen.insert(lower(column)).second) {
      throw ConfigError(at, column, "the column is named twice in the header");
    }
    table.header_.push_back(column);
    table.header_key_.push_back(lower(column));
  }
  const std::size_t width = table.header_.size();
  for (std::size_t r = 1; r < records.size(); ++r) {
    Record& record = records[r];
    if (record.fields.size() != width) {
      throw ConfigError(SourceLocation{name, record.line, 0}, "",
                        "the record has " + std::to_string(record.fields.size()) +
                            " fields but the header names " + std::to_string(width) + " columns");
    }
    table.rows_.push_back(std::move(record.fields));
    table.lines_.push_back(record.line);
  }
  return table;
}

std::ptrdiff_t CsvTable::find_column(std::string_view name) const {
  const std::string key = lower(trim(name));
  for (std::size_t c = 0; c < header_key_.size(); ++c) {
    if (header_key_[c] == key) return static_cast<std::ptrdiff_t>(c);
  }
  return -1;
}

std::size_t CsvTable::require_column(std::string_view name) const {
  const auto index = find_column(name);
  if (index >= 0) return static_cast<std::size_t>(index);
  throw ConfigError(
      SourceLocation{file_, header_line_, 0}, std::string(name),
      "required column is missing from the header" + did_you_mean(std::string(name), header_));
}

void CsvTable::reject_unknown_columns(const std::vector<std::string>& known) const {
  for (std::size_t c = 0; c < header_key_.size(); ++c) {
    bool found = false;
    for (const auto& k : known)
      found = found || lower(k) == header_key_[c];
    if (!found) {
      throw ConfigError(SourceLocation{file_, header_line_, static_cast<int>(c) + 1}, header_[c],
                        "unknown column" + did_you_mean(header_key_[c], known));
    }
  }
}

const std::string& CsvTable::text(std::size_t row, std::size_t column) const {
  return rows_.at(row).at(column);
}

SourceLocation CsvTable::where(std::size_t row, std::size_t column) const {
  return SourceLocation{file_, lines_.at(row), static_cast<int>(column) + 1};
}

void CsvTable::fail(std::size_t row, std::size_t column, const std::string& message) const {
  throw ConfigError(where(row, column), header_.at(column), message);
}

std::int64_t CsvTable::integer(std::size_t row, std::size_t column, std::int64_t min,
                               std::int64_t max) const {
  const std::string& cell = text(row, column);
  if (cell.empty()) fail(row, column, "expected a whole number, the cell is empty");
  std::int64_t value = 0;
  const char* first = cell.data();
  const char* last = cell.data() + cell.size();
  if (*first == '+') ++first;
  const auto [ptr, ec] = std::from_chars(first, last, value);
  if (ec != std::errc{} || ptr != last) {
    fail(row, column, "expected a whole number, got '" + cell + "'");
  }
  if (value < min || value > max) {
    fail(row, column,
         "value " + cell + " is out of range [" + std::to_string(min) + ", " + std::to_string(max) +
             "]");
  }
  return value;
}

double CsvTable::real(std::size_t row, std::size_t column, double min, double max) const {
  const std::string& cell = text(row, column);
  if (cell.empty()) fail(row, column, "expected a number, the cell is empty");
  double value = 0.0;
  const char* first = cell.data();
  const char* last = cell.data() + cell.size();
  if (*first == '+') ++first;
  const auto [ptr, ec] = std::from_chars(first, last, value);
  if (ec != std::errc{} || ptr != last || !std::isfinite(value)) {
    fail(row, column, "expected a number, got '" + cell + "'");
  }
  if (value < min || value > max) {
    fail(row, column,
         "value " + cell + " is out of range [" + format_bound(min) + ", " + format_bound(max) +
             "]");
  }
  return value;
}

std::size_t CsvTable::choice(std::size_t row, std::size_t column,
                             const std::vector<std::string>& choices) const {
  const std::string key = lower(text(row, column));
  for (std::size_t i = 0; i < choices.size(); ++i) {
    if (lower(choices[i]) == key) return i;
  }
  std::string list;
  for (const auto& c : choices)
    list += (list.empty() ? "" : ", ") + c;
  fail(row, column,
       "'" + text(row, column) + "' is not one of " + list + did_you_mean(key, choices));
}

}  // namespace wfsim::params
