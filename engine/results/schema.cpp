#include "engine/results/schema.hpp"

#include <limits>
#include <stdexcept>

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

std::size_t TableData::rows() const {
  if (columns.empty()) return 0;
  return std::visit([](const auto& c) { return c.size(); }, columns.front());
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
    const std::size_t rows = data.rows();
    for (std::size_t c = 0; c < spec.columns.size(); ++c) {
      const bool is_float = std::holds_alternative<std::vector<double>>(data.columns[c]);
      if (is_float != (spec.columns[c].type == ColumnType::Float64)) {
        throw std::logic_error("column " + spec.name + "." + spec.columns[c].name +
                               " has the wrong type");
      }
      if (std::visit([](const auto& v) { return v.size(); }, data.columns[c]) != rows) {
        throw std::logic_error("table " + spec.name + " has ragged columns");
      }
    }
  }
  if (result.scalars.size() != schema.scalars.size())
    throw std::logic_error("scalar count mismatch");
}

}  // namespace wfsim::results
