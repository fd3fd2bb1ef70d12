#pragma once
/// Scalar outcomes of a sweep, computed from each replication's result
/// through the model's OutputSchema: a per-replication scalar by name, or a
/// series reduced over a range of periods.
#include <cstddef>
#include <string>
#include <vector>

#include "engine/params/config_error.hpp"
#include "engine/results/schema.hpp"

namespace wfsim::experiment {

enum class Reduction { Sum, Mean, Min, Max, Last, At };
std::string_view to_string(Reduction reduction);
const std::vector<std::string>& reduction_names();

struct OutcomeSpec {
  std::string name;              // the outcome's name in the results
  params::SourceLocation where;  // where the sweep declares it
  bool from_series = false;      // else a scalar
  std::string variable;          // the scalar's or series' name in the schema
  Reduction reduce = Reduction::Sum;
  std::size_t from = 1;  // first period, 1-based
  std::size_t to = 0;    // last period, inclusive; 0 for the last one
  std::string label;     // a dimension label; "" sums over the dimension

  std::string canonical() const;
};

/// An outcome bound to a schema: where to find its data.
struct BoundOutcome {
  const OutcomeSpec* spec = nullptr;
  std::size_t index = 0;    // scalar or series index
  std::size_t width = 1;    // values per period of the series
  std::size_t column = 0;   // the label's column, when one was chosen
  bool all_columns = true;  // sum over the dimension
  std::size_t first = 0;    // 0-based period range [first, last]
  std::size_t last = 0;
  std::string units;
  std::string long_name;
};

/// Binds outcomes to a schema; throws params::ConfigError at the outcome's
/// declaration when the schema lacks what it names.
std::vector<BoundOutcome> bind_outcomes(const std::vector<OutcomeSpec>& outcomes,
                                        const results::OutputSchema& schema);

/// The outcome's value for one replication. NaN values in a series are
/// skipped by sum, mean, min and max (all NaN gives NaN); last and at
/// return what is there.
double outcome_value(const BoundOutcome& outcome, const results::ReplicationResult& result);

}  // namespace wfsim::experiment
