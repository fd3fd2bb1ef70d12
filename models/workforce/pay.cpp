#include "models/workforce/pay.hpp"

#include <algorithm>

#include "models/workforce/hiring.hpp"
#include "models/workforce/role_params.hpp"

namespace wfsim::workforce {

void PayPolicy::declare(params::BoundGroup<Policy, PayPolicy> p) {
  using S = PayPolicy;
  p.real("band_position", &S::band_position, 1.0, "1", 0.3, 3,
         "the organisation's pay band relative to the market base salary");
  p.real("ai_premium", &S::ai_premium, 0.05, "1", 0, 5,
         "the organisation's own AI premium (times each role's ai_premium_weight)");
  p.integer("refresh_months", &S::refresh_months, 12, "months", 1, 120,
            "salaries are refreshed towards the band every this many months");
  p.real("refresh_max_raise", &S::refresh_max_raise, 0.06, "1", 0, 2, "largest raise at a refresh");
}

double market_rate(const RoleParams& role, const Market& market, double wage_index) {
  return role.market_salary * wage_index * (1.0 + market.ai_premium * role.ai_premium_weight);
}

double pay_band(const RoleParams& role, const PayPolicy& pay, double wage_index) {
  return role.market_salary * wage_index * pay.band_position *
         (1.0 + pay.ai_premium * role.ai_premium_weight);
}

double refreshed_salary(double salary, double target, const PayPolicy& pay) {
  return std::min(salary * (1.0 + pay.refresh_max_raise), std::max(salary, target));
}

}  // namespace wfsim::workforce
