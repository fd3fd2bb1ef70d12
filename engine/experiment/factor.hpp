#pragma once
/// A factor of a sweep: one model parameter, named by its key path, or one
/// cell of a table parameter (TABLE[ROW].COLUMN), and how it varies.
/// Designs work on the unit cube; a factor maps a unit coordinate u in
/// [0, 1] to a parameter value:
///
/// - a range {min, max}: uniform on [min, max] (integers: each whole number
///   of [min, max] equally likely; u = 1 gives max);
/// - levels [v1, v2, ...]: level floor(u k), the last one at u = 1;
/// - a distribution: its quantile at u. Distributions with unbounded support
///   use u clamped to [0.001, 0.999], so that grid and Morris designs, whose
///   coordinates include 0 and 1, stay finite.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "engine/params/cell_path.hpp"
#include "engine/params/params.hpp"

namespace wfsim::experiment {

enum class FactorKind { Range, Levels, Distribution };
enum class DistributionKind { Uniform, LogUniform, Normal, LogNormal, Triangular };

std::string_view to_string(DistributionKind kind);
const std::vector<std::string>& distribution_names();

struct Factor {
  std::string path;                       // parameter key path, or a table cell's TABLE[ROW].COLUMN
  params::SourceLocation where;           // where the sweep declares it
  params::ParamSpec spec;                 // the parameter's declaration; a cell's column's
  std::optional<params::TableCell> cell;  // set when the factor varies one cell of a table
  FactorKind kind = FactorKind::Range;
  DistributionKind distribution = DistributionKind::Uniform;
  double min = 0.0;  // Range; uniform, log-uniform, triangular bounds
  double max = 0.0;
  double mode = 0.0;  // triangular
  double mean = 0.0;  // normal; the log's mean for log-normal
  double sd = 0.0;    // normal; the log's standard deviation for log-normal
  std::vector<params::Value> levels;
  /// Points of a grid design along this factor (ranges and distributions);
  /// 0 when the sweep did not say.
  std::size_t grid_points = 0;

  /// Levels of a factor whose values are not numbers (choices, booleans,
  /// text) are written to the design matrix as their index.
  bool categorical() const;
  /// The parameter value at unit coordinate u.
  params::Value value_at(double u) const;
  /// The number recorded in the design matrix at u: the value, or the level
  /// index of a categorical factor.
  double number_at(double u) const;
  /// Grid design: how many points, and the unit coordinate of point i.
  std::size_t grid_size() const;
  double grid_coordinate(std::size_t i) const;
  /// A one-line canonical description, part of the sweep's identity.
  std::string canonical() const;
};

/// The standard normal quantile, to full double precision.
double normal_quantile(double p);

}  // namespace wfsim::experiment
