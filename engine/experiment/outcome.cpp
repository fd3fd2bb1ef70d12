#include "engine/experiment/outcome.hpp"

#include <cmath>
#include <limits>

namespace wfsim::experiment {

std::string_view to_string(Reduction reduction) {
  switch (reduction) {
    case Reduction::Sum:
      return "sum";
    case Reduction::Mean:
      return "mean";
    case Reduction::Min:
      return "min";
    case Reduction::Max:
      return "max";
    case Reduction::Last:
      return "last";
    case Reduction::At:
      return "at";
  }
  return "?";
}

const std::vector<std::string>& reduction_names() {
  static const std::vector<std::string> names = {"sum", "mean", "min", "max", "last", "at"};
  return names;
}

std::string OutcomeSpec::canonical() const {
  if (!from_series) return name + " scalar " + variable;
  return name + " series " + variable + " " + std::string(to_string(reduce)) + " " +
         std::to_string(from) + " " + std::to_string(to) + " [" + label + "]";
}

std::vector<BoundOutcome> bind_outcomes(const std::vector<OutcomeSpec>& outcomes,
                                        const results::OutputSchema& schema) {
  std::vector<BoundOutcome> bound;
  for (const auto& spec : outcomes) {
    BoundOutcome b;
    b.spec = &spec;
    const std::string key = "outcomes." + spec.name;
    // A variable the model does not report: one located error, with the
    // nearest name it does report.
    const auto unknown = [&](const std::string& kind, const auto& specs) {
      std::vector<std::string> names;
      names.reserve(specs.size());
      for (const auto& s : specs)
        names.push_back(s.name);
      return params::ConfigError(spec.where, key + "." + kind,
                                 "the model reports no " + kind + " '" + spec.variable + "'" +
                                     params::did_you_mean(spec.variable, names));
    };
    if (!spec.from_series) {
      const auto index = schema.scalar_index(spec.variable);
      if (index < 0) throw unknown("scalar", schema.scalars);
      b.index = static_cast<std::size_t>(index);
      b.units = schema.scalars[b.index].units;
      b.long_name = schema.scalars[b.index].long_name;
      bound.push_back(b);
      continue;
    }
    const auto index = schema.series_index(spec.variable);
    if (index < 0) throw unknown("series", schema.series);
    b.index = static_cast<std::size_t>(index);
    const auto& series = schema.series[b.index];
    b.width = schema.width(series);
    b.units = series.units;
    b.long_name = series.long_name;
    if (!spec.label.empty()) {
      const results::Dimension* dimension = schema.find_dimension(series.by);
      if (!dimension) {
        throw params::ConfigError(spec.where, key + ".label",
                                  "series '" + spec.variable + "' has no breakdown to pick from");
      }
      std::size_t column = dimension->labels.size();
      for (std::size_t c = 0; c < dimension->labels.size(); ++c) {
        if (dimension->labels[c] == spec.label) column = c;
      }
      if (column == dimension->labels.size()) {
        throw params::ConfigError(spec.where, key + ".label",
                                  "'" + spec.label + "' is not a " + dimension->name +
                                      params::did_you_mean(spec.label, dimension->labels));
      }
      b.column = column;
      b.all_columns = false;
    }
    const std::size_t periods = schema.periods;
    const std::size_t to = spec.to == 0 ? periods : spec.to;
    if (periods == 0 || spec.from < 1 || to > periods || spec.from > to) {
      throw params::ConfigError(spec.where, key,
                                "periods " + std::to_string(spec.from) + ".." + std::to_string(to) +
                                    " are outside the model's 1.." + std::to_string(periods) + " " +
                                    schema.period_name + "s");
    }
    b.first = spec.from - 1;
    b.last = to - 1;
    bound.push_back(b);
  }
  return bound;
}

double outcome_value(const BoundOutcome& outcome, const results::ReplicationResult& result) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  if (!outcome.spec->from_series) return result.scalars[outcome.index];
  const std::vector<double>& data = result.series[outcome.index];
  auto at = [&](std::size_t period) {
    const double* row = &data[period * outcome.width];
    if (!outcome.all_columns) return row[outcome.column];
    double sum = 0.0;
    for (std::size_t c = 0; c < outcome.width; ++c)
      sum += row[c];
    return sum;
  };
  switch (outcome.spec->reduce) {
    case Reduction::Last:
    case Reduction::At:
      return at(outcome.last);
    case Reduction::Sum:
    case Reduction::Mean:
    case Reduction::Min:
    case Reduction::Max: {
      double sum = 0.0;
      double low = INFINITY;
      double high = -INFINITY;
      std::size_t count = 0;
      for (std::size_t p = outcome.first; p <= outcome.last; ++p) {
        const double x = at(p);
        if (std::isnan(x)) continue;
        sum += x;
        low = std::min(low, x);
        high = std::max(high, x);
        ++count;
      }
      if (count == 0) return kNaN;
      switch (outcome.spec->reduce) {
        case Reduction::Sum:
          return sum;
        case Reduction::Mean:
          return sum / static_cast<double>(count);
        case Reduction::Min:
          return low;
        default:
          return high;
      }
    }
  }
  return kNaN;
}

}  // namespace wfsim::experiment
