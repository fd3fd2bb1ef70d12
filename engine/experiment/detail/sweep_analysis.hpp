#pragma once
/// What a finished sweep reports besides the raw outcomes: per-point
/// summaries over replications and, for Morris and Sobol designs, the
/// sensitivity indices of each outcome. Indices are computed on each point's
/// mean over replications.
#include <cstdint>
#include <span>
#include <vector>

#include "engine/experiment/sweep.hpp"

namespace wfsim::experiment::detail {

struct SweepAnalysis {
  std::size_t points = 0;
  std::size_t factors = 0;
  std::size_t outcomes = 0;
  /// point x outcome: mean and standard deviation (n - 1) over the
  /// replications whose value is not NaN, and how many those were.
  std::vector<double> mean;
  std::vector<double> sd;
  std::vector<std::int64_t> valid;
  /// factor x outcome; empty when the design has no such index.
  std::vector<double> mu, mu_star, mu_star_low, mu_star_high, sigma;   // Morris
  std::vector<double> first_order, first_order_low, first_order_high;  // Sobol
  std::vector<double> total, total_low, total_high;                    // Sobol
};

/// Fills the per-point summaries (mean, sd, valid) of `points` points.
void summarise_points(std::span<const double> values, std::size_t points, std::size_t replications,
                      std::size_t outcomes, SweepAnalysis& into);

/// `values[point * replications * outcomes + replication * outcomes + outcome]`
/// for every point of the plan.
SweepAnalysis analyse_sweep(const SweepPlan& plan, std::span<const double> values);

}  // namespace wfsim::experiment::detail
