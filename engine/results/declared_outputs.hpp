#pragma once
/// Outputs declared once: each monthly series with the function that reduces
/// a period's figures to its value(s), and each event table with the row
/// member every column reads. The declarations give the schema (what the
/// writers and readers see) and fill the results, so no list of outputs has
/// to match another's order.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "engine/results/schema.hpp"

namespace wfsim::results {

/// Series reduced from a model's per-period figures.
template <class Figures>
class DeclaredSeries {
 public:
  using Fill = std::function<void(const Figures&, std::span<double>)>;

  /// A series of one value per period.
  void add(SeriesSpec spec, std::function<double(const Figures&)> value) {
    entries_.push_back(
        {std::move(spec), [value = std::move(value)](const Figures& f, std::span<double> out) {
           out[0] = value(f);
         }});
  }
  /// A series broken down by a dimension: `fill` writes one value per label.
  void add_by(SeriesSpec spec, Fill fill) {
    entries_.push_back({std::move(spec), std::move(fill)});
  }

  std::vector<SeriesSpec> specs() const {
    std::vector<SeriesSpec> specs;
    for (const auto& e : entries_)
      specs.push_back(e.spec);
    return specs;
  }

  /// Writes period `period` (0-based) of every series into storage shaped
  /// like ReplicationResult::series, whose period count may differ from the
  /// schema's (the warm-up, say).
  void write(const Figures& figures, const OutputSchema& schema, std::size_t period,
             std::vector<std::vector<double>>& series) const {
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      const std::size_t width = schema.width(schema.series[i]);
      entries_[i].fill(figures, std::span<double>(series[i].data() + period * width, width));
    }
  }

 private:
  struct Entry {
    SeriesSpec spec;
    Fill fill;
  };
  std::vector<Entry> entries_;
};

/// An event table whose rows are records of type Row, one column per member
/// (or per value computed from the row).
template <class Row>
class DeclaredTable {
 public:
  DeclaredTable(std::string name, std::string long_name) {
    spec_.name = std::move(name);
    spec_.long_name = std::move(long_name);
  }

  /// An integer column; `field` is a member pointer or a callable on a row.
  template <class Field>
  DeclaredTable& int64(std::string name, std::string units, std::string long_name, Field field,
                       Visibility visibility = Visibility::Observed) {
    return column(ColumnSpec{std::move(name), ColumnType::Int64, std::move(units),
                             std::move(long_name), "", visibility},
                  [field](const Row& row) -> Cell {
                    return static_cast<std::int64_t>(std::invoke(field, row));
                  });
  }
  template <class Field>
  DeclaredTable& float64(std::string name, std::string units, std::string long_name, Field field,
                         Visibility visibility = Visibility::Observed) {
    return column(
        ColumnSpec{std::move(name), ColumnType::Float64, std::move(units), std::move(long_name), "",
                   visibility},
        [field](const Row& row) -> Cell { return static_cast<double>(std::invoke(field, row)); });
  }
  /// Codes into the labels of `dimension`.
  template <class Field>
  DeclaredTable& category(std::string name, std::string long_name, std::string dimension,
                          Field field, Visibility visibility = Visibility::Observed) {
    return column(ColumnSpec{std::move(name), ColumnType::Category, "", std::move(long_name),
                             std::move(dimension), visibility},
                  [field](const Row& row) -> Cell {
                    return static_cast<std::int64_t>(std::invoke(field, row));
                  });
  }

  const TableSpec& spec() const { return spec_; }

  TableData fill(const std::vector<Row>& rows) const {
    TableData data;
    for (std::size_t c = 0; c < readers_.size(); ++c) {
      if (spec_.columns[c].type == ColumnType::Float64) {
        std::vector<double> values;
        values.reserve(rows.size());
        for (const Row& row : rows)
          values.push_back(std::get<double>(readers_[c](row)));
        data.columns.emplace_back(std::move(values));
      } else {
        std::vector<std::int64_t> values;
        values.reserve(rows.size());
        for (const Row& row : rows)
          values.push_back(std::get<std::int64_t>(readers_[c](row)));
        data.columns.emplace_back(std::move(values));
      }
    }
    return data;
  }

 private:
  using Cell = std::variant<std::int64_t, double>;
  DeclaredTable& column(ColumnSpec spec, std::function<Cell(const Row&)> reader) {
    spec_.columns.push_back(std::move(spec));
    readers_.push_back(std::move(reader));
    return *this;
  }
  TableSpec spec_;
  std::vector<std::function<Cell(const Row&)>> readers_;
};

}  // namespace wfsim::results
