#pragma once
/// Experimental designs on the unit cube [0, 1]^k: which points of
/// parameter space a sweep runs. Every design is a pure function of its
/// settings, the factors and the seed (random draws come from Philox streams
/// keyed by the seed), so that any process can rebuild it and agree on it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/experiment/factor.hpp"

namespace wfsim::experiment {

enum class DesignKind { Grid, LatinHypercube, Morris, Sobol };
std::string_view to_string(DesignKind kind);
const std::vector<std::string>& design_names();

struct DesignSettings {
  DesignKind kind = DesignKind::Grid;
  /// Latin hypercube: points. Sobol: N, the base samples (a power of two).
  std::uint64_t samples = 0;
  /// Morris: r trajectories of k + 1 points on a p-level grid.
  std::uint64_t trajectories = 0;
  std::uint64_t levels = 4;
  /// Bootstrap resamples for confidence intervals (Sobol indices, Morris
  /// mu*); 0 leaves the bounds NaN.
  std::uint64_t bootstrap = 1000;
  double confidence = 0.95;

  std::string canonical() const;
};

/// A Morris step: from point `step` - 1 to point `step` of a trajectory, one
/// factor moved by `delta` (+-Delta on the unit cube).
struct MorrisStep {
  std::size_t factor = 0;
  double delta = 0.0;
};

struct Design {
  DesignSettings settings;
  std::size_t factors = 0;
  std::size_t points = 0;
  /// unit[point * factors + factor], in [0, 1].
  std::vector<double> unit;
  /// Morris: steps[trajectory * factors + j] leads to point
  /// trajectory * (factors + 1) + j + 1.
  std::vector<MorrisStep> morris_steps;

  double at(std::size_t point, std::size_t factor) const { return unit[point * factors + factor]; }
};

/// Sobol design layout (Saltelli 2010): sample j owns the k + 2 consecutive
/// points A_j, AB_j^(1), ..., AB_j^(k), B_j, where AB^(i) is A with column i
/// taken from B. Keeping a sample's points together means a shard or a
/// killed run holds whole samples more often than not.
inline std::size_t sobol_group_size(std::size_t factors) {
  return factors + 2;
}
/// Role of a point within its sample: 0 for A, i + 1 for AB^(i), k + 1 for B.
inline std::size_t sobol_role(std::size_t point, std::size_t factors) {
  return point % sobol_group_size(factors);
}

/// The number of points a design will have; throws std::invalid_argument
/// when the settings cannot make one (checked earlier for user input).
std::size_t design_points(const DesignSettings& settings, const std::vector<Factor>& factors);

/// Builds the design. `seed` keys every random draw.
Design make_design(const DesignSettings& settings, const std::vector<Factor>& factors,
                   std::uint64_t seed);

/// Stream keys used by designs and analyses: replication number
/// kDesignReplication is never a simulation replication (those count from
/// 0), so design draws never coincide with a model's.
inline constexpr std::uint64_t kDesignReplication = ~std::uint64_t{0};
enum DesignStream : std::uint64_t {
  kLatinStream = 1,
  kMorrisStream = 2,
  kSobolShiftStream = 3,
  kBootstrapStream = 4,
};

}  // namespace wfsim::experiment
