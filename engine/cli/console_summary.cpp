#include "engine/cli/console_summary.hpp"

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
  char buffer[32];
  if (std::isnan(x)) return "-";
  const double a = std::fabs(x);
  if (a != 0.0 && (a >= 1e7 || a < 1e-3)) {
    std::snprintf(buffer, sizeof buffer, "%.3g", x);
  } else if (a >= 100 || x == std::floor(x)) {
    std::snprintf(buffer, sizeof buffer, "%.0f", x);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.3f", x);
  }
  return buffer;
}
}  // namespace

void ConsoleSummary::print(std::FILE* out) const {
  if (!columns_.empty() && schema_.periods > 0) {
    std::vector<std::size_t> widths;
    std::fprintf(out, "%6s", schema_.period_name.c_str());
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      const std::string& name = schema_.series[columns_[c]].name;
      widths.push_back(std::max<std::size_t>(name.size(), 9));
      std::fprintf(out, "  %*s", static_cast<int>(widths.back()), name.c_str());
    }
    std::fputc('\n', out);
    for (std::size_t p = 0; p < schema_.periods; ++p) {
      std::fprintf(out, "%6zu", p + 1);
      for (std::size_t c = 0; c < columns_.size(); ++c) {
        const auto& acc = by_period_[c][p];
        const double mean = acc.count ? acc.sum / static_cast<double>(acc.count) : NAN;
        std::fprintf(out, "  %*s", static_cast<int>(widths[c]), cell(mean).c_str());
      }
      std::fputc('\n', out);
    }
    if (replications_ > 1) {
      std::fprintf(out, "(means over %llu replications)\n",
                   static_cast<unsigned long long>(replications_));
    }
  }
  for (std::size_t s = 0; s < scalars_.size(); ++s) {
    const auto& spec = schema_.scalars[s];
    const auto& acc = scalars_[s];
    const double mean = acc.count ? acc.sum / static_cast<double>(acc.count) : NAN;
    std::fprintf(out, "%-32s %12s %-10s", spec.name.c_str(), cell(mean).c_str(),
                 spec.units == "1" ? "" : spec.units.c_str());
    if (acc.count > 1) {
      std::fprintf(out, " range %s .. %s", cell(acc.min).c_str(), cell(acc.max).c_str());
    }
    if (acc.count < replications_) {
      std::fprintf(out, " (%llu of %llu replications)", static_cast<unsigned long long>(acc.count),
                   static_cast<unsigned long long>(replications_));
    }
    std::fputc('\n', out);
  }
}

}  // namespace wfsim::cli
