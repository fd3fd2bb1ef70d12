#pragma once
/// What a model reports, described once so that the console summary, the
/// HDF5 writer and the Python loaders need no knowledge of any model.
#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace wfsim::results {

/// Whether management could see a quantity, or only a simulation can.
enum class Visibility { Observed, Latent, Diagnostic };
std::string_view to_string(Visibility visibility);

/// A categorical dimension, such as role.
struct Dimension {
  std::string name;
  std::string long_name;
  std::vector<std::string> labels;
};

/// One value per period per replication, optionally broken down by a
/// dimension. Missing values (for example a survey not run that month) are
/// NaN.
struct SeriesSpec {
  std::string name;
  std::string units;
  std::string long_name;
  Visibility visibility = Visibility::Observed;
  std::string by;  // name of a Dimension, or "" for a plain series
};

enum class ColumnType { Int64, Float64, Category };

struct ColumnSpec {
  std::string name;
  ColumnType type = ColumnType::Float64;
  std::string units;
  std::string long_name;
  std::string dimension;  // for Category: the Dimension whose labels the codes index
  /// Event records are what HR sees; a column of hidden state (effort before
  /// an exit, an agent panel's engagement) is Latent.
  Visibility visibility = Visibility::Observed;
};

/// One row per occurrence (an exit, a hire, a shock).
struct TableSpec {
  std::string name;
  std::string long_name;
  std::vector<ColumnSpec> columns;
};

/// One value per replication (for example an early-warning lead time).
/// Missing is NaN.
struct ScalarSpec {
  std::string name;
  std::string units;
  std::string long_name;
  Visibility visibility = Visibility::Observed;
};

struct OutputSchema {
  std::size_t periods = 0;            // reported periods, numbered 1..periods
  std::string period_name = "month";  // the time dimension's name
  std::string period_units = "months";
  std::vector<Dimension> dimensions;
  std::vector<SeriesSpec> series;
  std::vector<TableSpec> tables;
  std::vector<ScalarSpec> scalars;
  /// Series shown, in this order, in the console summary of a run.
  std::vector<std::string> console_columns;

  const Dimension* find_dimension(const std::string& name) const;
  /// Index of a series, table or scalar by name, or -1.
  std::ptrdiff_t series_index(const std::string& name) const;
  std::ptrdiff_t table_index(const std::string& name) const;
  std::ptrdiff_t scalar_index(const std::string& name) const;
  /// Values per period of a series: 1, or the size of its dimension.
  std::size_t width(const SeriesSpec& series) const;
};

using Column = std::variant<std::vector<std::int64_t>, std::vector<double>>;

struct TableData {
  std::vector<Column> columns;  // in TableSpec order; Category columns hold int64 codes
  std::size_t rows() const;
};

/// Everything one replication produced.
struct ReplicationResult {
  std::uint64_t replication = 0;
  /// series[i] holds periods x width(i) values, period-major.
  std::vector<std::vector<double>> series;
  std::vector<TableData> tables;
  std::vector<double> scalars;
  std::uint64_t events = 0;  // kernel events processed
  double wall_seconds = 0.0;
};

/// A small table about the run as a whole, computed after every replication
/// (for example each detector's false-alarm rate, detection power and median
/// lead with its confidence interval): one value per row per column.
struct RunSummary {
  std::string name;  // the table's name in the results file
  std::string long_name;
  std::string row_dimension;  // what a row is, e.g. "indicator"
  std::vector<std::string> rows;
  std::vector<ScalarSpec> columns;
  std::vector<std::vector<double>> values;  // [column][row]; NaN: none
};

/// Allocates empty storage matching a schema (series filled with NaN).
ReplicationResult make_result(const OutputSchema& schema, std::uint64_t replication);

/// Throws std::logic_error when a result does not match its schema: a model
/// bug, caught before anything is written.
void check_result(const OutputSchema& schema, const ReplicationResult& result);

}  // namespace wfsim::results
