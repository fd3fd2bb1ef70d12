#pragma once
/// Pay (ODD 7.11): market rates with the AI premium, the organisation's
/// bands, and refreshes that move salaries towards the band.
#include <cstdint>

#include "engine/params/binding.hpp"

namespace wfsim::workforce {

struct Policy;
struct Market;
struct RoleParams;

/// `policy.pay.*`
struct PayPolicy {
  double band_position;      // the band relative to the market base salary
  double ai_premium;         // the organisation's own AI premium (times the role's weight)
  int refresh_months;        // salaries move towards the band every this many months
  double refresh_max_raise;  // largest raise at a refresh

  static void declare(params::BoundGroup<Policy, PayPolicy> p);
};

/// The market's rate for a role, $k a year.
double market_rate(const RoleParams& role, const Market& market, double wage_index);
/// What the organisation pays a new hire in the role, $k a year.
double pay_band(const RoleParams& role, const PayPolicy& pay, double wage_index);
/// Where refreshes take a salary: the band, adjusted for the rating.
inline double refresh_target(double band, std::int8_t rating) {
  return band * (0.9 + 0.05 * rating);
}
/// A refresh: towards the target, by at most the largest raise, never down.
double refreshed_salary(double salary, double target, const PayPolicy& pay);

}  // namespace wfsim::workforce
