#include "engine/experiment/detail/sweep_analysis.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "engine/experiment/sensitivity.hpp"

namespace wfsim::experiment::detail {

void summarise_points(std::span<const double> values, std::size_t points, std::size_t reps,
                      std::size_t outs, SweepAnalysis& a) {
  a.mean.assign(points * outs, std::numeric_limits<double>::quiet_NaN());
  a.sd.assign(points * outs, std::numeric_limits<double>::quiet_NaN());
  a.valid.assign(points * outs, 0);
  for (std::size_t p = 0; p < points; ++p) {
    const double* row = &values[p * reps * outs];
    for (std::size_t o = 0; o < outs; ++o) {
      double sum = 0.0;
      std::int64_t n = 0;
      for (std::size_t r = 0; r < reps; ++r) {
        const double x = row[r * outs + o];
        if (std::isnan(x)) continue;
        sum += x;
        ++n;
      }
      a.valid[p * outs + o] = n;
      if (n == 0) continue;
      const double mean = sum / static_cast<double>(n);
      double squares = 0.0;
      for (std::size_t r = 0; r < reps; ++r) {
        const double x = row[r * outs + o];
        if (!std::isnan(x)) squares += (x - mean) * (x - mean);
      }
      a.mean[p * outs + o] = mean;
      if (n > 1) a.sd[p * outs + o] = std::sqrt(squares / static_cast<double>(n - 1));
    }
  }
}

SweepAnalysis analyse_sweep(const SweepPlan& plan, std::span<const double> values) {
  const std::size_t points = plan.points();
  const std::size_t reps = plan.replications();
  const std::size_t outs = plan.outcomes();
  const std::size_t k = plan.factors();
  if (values.size() != points * reps * outs)
    throw std::invalid_argument("outcome array of wrong size");
  SweepAnalysis a;
  a.points = points;
  a.factors = k;
  a.outcomes = outs;
  summarise_points(values, points, reps, outs, a);

  const Design& design = plan.design();
  auto place = [&](std::vector<double>& into, const std::vector<double>& by_factor, std::size_t o) {
    for (std::size_t f = 0; f < k; ++f)
      into[f * outs + o] = by_factor[f];
  };
  std::vector<double> y(points);
  auto outcome_means = [&](std::size_t o) {
    for (std::size_t p = 0; p < points; ++p)
      y[p] = a.mean[p * outs + o];
  };
  if (design.settings.kind == DesignKind::Morris) {
    for (auto* v : {&a.mu, &a.mu_star, &a.mu_star_low, &a.mu_star_high, &a.sigma})
      v->assign(k * outs, 0.0);
    for (std::size_t o = 0; o < outs; ++o) {
      outcome_means(o);
      const MorrisIndices m = morris_indices(design, y, plan.config().seed, o);
      place(a.mu, m.mu, o);
      place(a.mu_star, m.mu_star.value, o);
      place(a.mu_star_low, m.mu_star.low, o);
      place(a.mu_star_high, m.mu_star.high, o);
      place(a.sigma, m.sigma, o);
    }
  }
  if (design.settings.kind == DesignKind::Sobol) {
    for (auto* v : {&a.first_order, &a.first_order_low, &a.first_order_high, &a.total, &a.total_low,
                    &a.total_high}) {
      v->assign(k * outs, 0.0);
    }
    for (std::size_t o = 0; o < outs; ++o) {
      outcome_means(o);
      const SobolIndices s = sobol_indices(design, y, plan.config().seed, o);
      place(a.first_order, s.first_order.value, o);
      place(a.first_order_low, s.first_order.low, o);
      place(a.first_order_high, s.first_order.high, o);
      place(a.total, s.total.value, o);
      place(a.total_low, s.total.low, o);
      place(a.total_high, s.total.high, o);
    }
  }
  return a;
}

}  // namespace wfsim::experiment::detail
