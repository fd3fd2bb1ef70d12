#pragma once
/// A non-headcount budget in currency (ODD 7.16), split into lines the model
/// turns into mechanisms: vendor model spend (the token pool), evaluation and
/// observability tooling (platform build effort), upskilling (programme
/// seats) and a discretionary experiment fund (top-ups).
#include <vector>

#include "engine/params/binding.hpp"

namespace wfsim::workforce {

struct Policy;
struct TokenPolicy;

/// `policy.budget.*`
struct SpendingPolicy {
  double monthly;  // $k per month; 0: no budget in currency (the levers as set)
  double vendor_share, tooling_share, upskilling_share, fund_share;
  double seat_cost;         // $k per programme seat
  double tooling_fte_cost;  // $k of tooling per FTE-month of platform build it replaces

  static void declare(params::BoundGroup<Policy, SpendingPolicy> p);

  bool on() const { return monthly > 0.0; }
  double shares() const { return vendor_share + tooling_share + upskilling_share + fund_share; }
};

/// A budget whose shares do not add up to 1, in any month, is a located error.
void check_spending(const params::ParamValues& values, const std::vector<Policy>& months);

namespace spending {

/// The token policy in force: with a budget in currency, its vendor line
/// sets the budget per head (`heads`: last month's headcount).
TokenPolicy tokens_in_force(const Policy& policy, double heads);

/// M tokens per head a month bought by the vendor line at the month's price.
double vendor_tokens_per_head(const Policy& policy, double heads);
/// M tokens a month in the experiment fund, granted in top-ups.
double fund_tokens(const Policy& policy);
/// FTE-months of platform build a month the tooling line buys.
double tooling_fte(const Policy& policy);
/// Programme seats a month the upskilling line buys.
double programme_seats(const Policy& policy);

}  // namespace spending

}  // namespace wfsim::workforce
