#pragma once
/// What a model reports, described once so that the console summary, the
/// HDF5 writer and the Python loaders need no knowledge of any model.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
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

/// Values in a column.
std::size_t column_size(const Column& column);
/// Appends `more`'s values to `to`; both must hold the same type.
void append_column(Column& to, const Column& more);

class SpillFile;  // engine/results/spill_file.hpp

/// Rows of a table moved to a spill file: each column's values in turn,
/// 8 bytes a value, from `offset`.
struct SpilledBlock {
  std::uint64_t offset = 0;
  std::size_t rows = 0;
};

/// An event table's rows. A model that fills a table at the end of a
/// replication puts its rows in `columns`; one that appends them as the run
/// goes (ReplicationResult::append_rows) may find the earlier ones moved, a
/// block at a time, to a spill file, so that memory does not grow with
/// simulated time. Readers of every row use for_each_block or column().
struct TableData {
  /// In TableSpec order; Category columns hold int64 codes. The rows after
  /// the spilled blocks (all of them when none are).
  std::vector<Column> columns;
  /// The table's first rows, in order.
  std::vector<SpilledBlock> spilled;
  std::shared_ptr<const SpillFile> spill_file;

  /// Every row, spilled or in memory.
  std::size_t rows() const;
  /// Rows in `columns`.
  std::size_t memory_rows() const;
  /// Bytes of the rows in `columns`.
  std::size_t memory_bytes() const;
  /// Reads column `c` of spilled block `block` into `out` (whose type must
  /// be the column's). Throws SpillError.
  void read_spilled(std::size_t block, std::size_t c, Column& out) const;
  /// Calls `visit` with the rows in order, a block at a time: each spilled
  /// block read back (one block in memory at a time), then the rows in
  /// memory. Blocks are never empty.
  void for_each_block(const std::function<void(const std::vector<Column>&)>& visit) const;
  /// Every row of column `c`.
  Column column(std::size_t c) const;
};

/// The memory a replication's appended table rows may take before they
/// spill: the environment variable WFSIM_TABLE_BUFFER_BYTES, else 4 MiB.
std::size_t default_table_buffer_bytes();

/// Everything one replication produced.
struct ReplicationResult {
  std::uint64_t replication = 0;
  /// series[i] holds periods x width(i) values, period-major.
  std::vector<std::vector<double>> series;
  std::vector<TableData> tables;
  std::vector<double> scalars;
  std::uint64_t events = 0;  // kernel events processed
  double wall_seconds = 0.0;

  /// Appends rows to table `table` (one vector per column, of the column's
  /// type, all of one length). The tables' rows stay in memory until
  /// together they take more than `table_buffer_bytes`; then the rows of
  /// the largest tables move to a spill file shared by the replication's
  /// tables (created then) until they take half as much. Throws SpillError
  /// when the file cannot be written.
  void append_rows(std::size_t table, std::vector<Column>&& rows);
  std::size_t table_buffer_bytes = default_table_buffer_bytes();

 private:
  std::shared_ptr<SpillFile> spill_;
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
