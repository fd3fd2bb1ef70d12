#pragma once
/// Sensitivity indices from a design and one outcome per point.
///
/// Morris elementary effects (Morris 1991; mu* of Campolongo et al. 2007):
/// EE_i = (y(x + Delta e_i) - y(x)) / Delta on the unit cube, so effects are
/// in units of the outcome per full range of the factor. Per factor over the
/// r trajectories: mu = mean EE, mu* = mean |EE|, sigma = standard deviation
/// of EE (n - 1 denominator).
///
/// Sobol indices from the Saltelli (2010) scheme with Jansen's (1999)
/// estimators, V the variance of the 2N values f(A), f(B):
///   S_i  = (V - 1/(2N) sum_j (f(B)_j - f(AB_i)_j)^2) / V
///   ST_i = 1/(2N) sum_j (f(A)_j - f(AB_i)_j)^2 / V
/// Confidence bounds are bootstrap percentile intervals over resampled
/// samples j (or trajectories for mu*), drawn from a Philox stream keyed by
/// the seed, so they are reproducible.
///
/// Any NaN among the values an index needs makes that index NaN.
#include <cstdint>
#include <span>
#include <vector>

#include "engine/experiment/design.hpp"

namespace wfsim::experiment {

/// An index per factor with its confidence bounds (NaN without bootstrap).
struct IndexEstimate {
  std::vector<double> value;
  std::vector<double> low;
  std::vector<double> high;
};

struct MorrisIndices {
  std::vector<double> mu;
  IndexEstimate mu_star;
  std::vector<double> sigma;
};

struct SobolIndices {
  IndexEstimate first_order;
  IndexEstimate total;
};

/// `y[point]` for every point of a Morris design. `stream_entity` separates
/// the bootstrap streams of different outcomes.
MorrisIndices morris_indices(const Design& design, std::span<const double> y, std::uint64_t seed,
                             std::uint64_t stream_entity);

/// `y[point]` for every point of a Sobol (Saltelli) design.
SobolIndices sobol_indices(const Design& design, std::span<const double> y, std::uint64_t seed,
                           std::uint64_t stream_entity);

/// Linear-interpolation quantile (type 7) of sorted values.
double sorted_quantile(std::span<const double> sorted, double q);

}  // namespace wfsim::experiment
