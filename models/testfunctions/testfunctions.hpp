#pragma once
/// Analytic test functions of sensitivity analysis, as models: each
/// replication evaluates the function once at the configured point and
/// reports it as the scalar `y`. Their variance decompositions are known in
/// closed form, which is what makes them verification models for sweeps.
///
/// - `ishigami`: y = sin x1 + a sin^2 x2 + b x3^4 sin x1, x_i uniform on
///   [-pi, pi] (Ishigami and Homma 1990).
/// - `sobol_g`: y = prod_i (|4 x_i - 2| + a_i) / (1 + a_i), x_i uniform on
///   [0, 1], eight inputs by default and up to 64 (Saltelli and Sobol
///   1995).
///
/// Both take an optional `noise_sd`: Gaussian noise added to y from the
/// replication's random stream, so that replications differ and common
/// random numbers can be observed.
#include <array>
#include <memory>
#include <span>
#include <vector>

#include "engine/model/model.hpp"

namespace wfsim::models {

std::unique_ptr<model::Model> make_ishigami_model();
std::unique_ptr<model::Model> make_sobol_g_model();

/// Ishigami function at (x1, x2, x3).
double ishigami(double x1, double x2, double x3, double a, double b);

/// Exact first-order and total Sobol indices of a test function.
struct ExactIndices {
  std::vector<double> first_order;
  std::vector<double> total;
};
/// Of the Ishigami function with x_i uniform on [-pi, pi].
ExactIndices ishigami_indices(double a, double b);

/// The G function's inputs: `inputs` of them (1 to kSobolGMaxInputs, 8 by
/// default) take part.
inline constexpr std::size_t kSobolGInputs = 8;
inline constexpr std::size_t kSobolGMaxInputs = 64;
/// The coefficients of the first eight inputs when a config does not set
/// them: two important inputs, two moderate, four nearly inert; inputs
/// beyond the eighth default to 99 (nearly inert) too.
inline constexpr std::array<double, kSobolGInputs> kSobolGDefaultA = {0.0,  1.0,  4.5,  9.0,
                                                                      99.0, 99.0, 99.0, 99.0};
/// Sobol G function of x with coefficients a (the same length).
double sobol_g(std::span<const double> x, std::span<const double> a);
/// Of the Sobol G function with x_i uniform on [0, 1].
ExactIndices sobol_g_indices(std::span<const double> a);

}  // namespace wfsim::models
