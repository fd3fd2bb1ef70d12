#include "engine/cli/console_summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace wfsim::cli {

void ConsoleSummary::Accumulator::add(double x) {
  if (std::isnan(x)) return;
  if (count == 0) {
    min = max = x;
  } else {
    min = std::min(min, x);
    max = std::max(max, x);
  }
  sum += x;
  ++count;
}

ConsoleSummary::ConsoleSummary(const results::OutputSchema& schema) : schema_(schema) {
  for (const auto& name : schema.console_columns) {
    const auto index = schema.series_index(name);
    if (index >= 0) columns_.push_back(static_cast<std::size_t>(index));
  }
  by_period_.assign(columns_.size(), std::vector<Accumulator>(schema.periods));
  scalars_.resize(schema.scalars.size());
}

void ConsoleSummary::add(const results::ReplicationResult& result) {
  ++replications_;
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    const auto& spec = schema_.series[columns_[c]];
    const std::size_t width = schema_.width(spec);
    const auto& values = result.series[columns_[c]];
    for (std::size_t p = 0; p < schema_.periods; ++p) {
      // A broken-down series is shown as its total over the categories.
      double total = 0.0;
      bool any = false;
      for (std::size_t k = 0; k < width; ++k) {
        const double x = values[p * width + k];
        if (!std::isnan(x)) {
          total += x;
          any = true;
        }
      }
      by_period_[c][p].add(any ? total : NAN);
    }
  }
  for (std::size_t s = 0; s < scalars_.size(); ++s)
    scalars_[s].add(result.scalars[s]);
}

namespace {
std::string cell(double x) {
  if (std::isnan(x)) return "-";
  const double a = std::fabs(x);
  if (a != 0.0 && (a >= 1e7 || a < 1e-3)) return fmt::format("{:.3g}", x);
  if (a >= 100 || x == std::floor(x)) return fmt::format("{:.0f}", x);
  return fmt::format("{:.3f}", x);
}
}  // namespace

void ConsoleSummary::print(std::FILE* out) const {
  if (!columns_.empty() && schema_.periods > 0) {
    std::vector<std::size_t> widths;
    fmt::print(out, "{:>6}", schema_.period_name);
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      const std::string& name = schema_.series[columns_[c]].name;
      widths.push_back(std::max<std::size_t>(name.size(), 9));
      fmt::print(out, "  {:>{}}", name, widths.back());
    }
    std::fputc('\n', out);
    for (std::size_t p = 0; p < schema_.periods; ++p) {
      fmt::print(out, "{:>6}", p + 1);
      for (std::size_t c = 0; c < columns_.size(); ++c) {
        const auto& acc = by_period_[c][p];
        const double mean = acc.count ? acc.sum / static_cast<double>(acc.count) : NAN;
        fmt::print(out, "  {:>{}}", cell(mean), widths[c]);
      }
      std::fputc('\n', out);
    }
    if (replications_ > 1) {
      fmt::print(out, "(means over {} replications)\n", replications_);
    }
  }
  for (std::size_t s = 0; s < scalars_.size(); ++s) {
    const auto& spec = schema_.scalars[s];
    const auto& acc = scalars_[s];
    const double mean = acc.count ? acc.sum / static_cast<double>(acc.count) : NAN;
    fmt::print(out, "{:<32} {:>12} {:<10}", spec.name, cell(mean),
               spec.units == "1" ? "" : spec.units);
    if (acc.count > 1) fmt::print(out, " range {} .. {}", cell(acc.min), cell(acc.max));
    if (acc.count < replications_) {
      fmt::print(out, " ({} of {} replications)", acc.count, replications_);
    }
    std::fputc('\n', out);
  }
}

void print_run_summary(std::FILE* out, const results::RunSummary& table) {
  fmt::print(out, "{}: {}\n", table.name, table.long_name);
  std::size_t label_width = table.row_dimension.size();
  for (const auto& row : table.rows)
    label_width = std::max(label_width, row.size());
  std::vector<std::size_t> widths;
  fmt::print(out, "{:<{}}", table.row_dimension, label_width);
  for (const auto& column : table.columns) {
    widths.push_back(std::max<std::size_t>(column.name.size(), 6));
    fmt::print(out, "  {:>{}}", column.name, widths.back());
  }
  std::fputc('\n', out);
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    fmt::print(out, "{:<{}}", table.rows[r], label_width);
    for (std::size_t c = 0; c < table.columns.size(); ++c)
      fmt::print(out, "  {:>{}}", cell(table.values[c][r]), widths[c]);
    std::fputc('\n', out);
  }
  fmt::print(out, "units:");
  for (const auto& column : table.columns)
    if (column.units != "1") fmt::print(out, " {} [{}]", column.name, column.units);
  std::fputc('\n', out);
}

}  // namespace wfsim::cli
