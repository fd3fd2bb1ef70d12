#include "models/workforce/spending.hpp"

#include <cmath>
#include <string>

#include "models/workforce/policy.hpp"

namespace wfsim::workforce {

void SpendingPolicy::declare(params::BoundGroup<Policy, SpendingPolicy> p) {
  using S = SpendingPolicy;
  p.real("monthly", &S::monthly, 0, "$k/month", 0, 1e7,
         "non-headcount AI budget a month, split by the shares below; it replaces "
         "policy.tokens.budget_per_head and policy.upskilling.capacity_per_1000 and adds "
         "platform tooling and an experiment fund; 0: no budget in currency");
  p.real("vendor_share", &S::vendor_share, 0.7, "1", 0, 1,
         "share for vendor model spend: the token pool, at policy.tokens.price_per_million, "
         "shared by policy.tokens.rationing");
  p.real("tooling_share", &S::tooling_share, 0.1, "1", 0, 1,
         "share for evaluation and observability tooling: builds the production platform as "
         "dedicated platform work would (tooling_fte_cost per FTE-month)");
  p.real("upskilling_share", &S::upskilling_share, 0.1, "1", 0, 1,
         "share for the upskilling programme: seats at seat_cost each");
  p.real("experiment_fund_share", &S::fund_share, 0.1, "1", 0, 1,
         "share for a discretionary experiment fund: tokens the approval boards grant in "
         "top-ups (policy.tokens.topup) to people whose budget ran out, under any rationing");
  p.real("seat_cost", &S::seat_cost, 3.0, "$k/seat", 0.01, 1000,
         "cost of one place in the upskilling programme (fees and materials; the time is "
         "costed as lost output)");
  p.real("tooling_fte_cost", &S::tooling_fte_cost, 20.0, "$k/FTE-month", 0.01, 10000,
         "tooling spend that replaces one FTE-month of platform build (about a platform "
         "engineer's loaded monthly cost)");
}

void check_spending(const params::ParamValues& values, const std::vector<Policy>& months) {
  for (std::size_t m = 1; m < months.size(); ++m) {
    const SpendingPolicy& b = months[m].budget;
    if (!b.on()) continue;
    if (months[m].tokens.price_per_million <= 0.0) {
      values.fail("policy.tokens.price_per_million",
                  "a budget in currency (policy.budget.monthly) needs a token price above 0");
    }
    if (std::abs(b.shares() - 1.0) <= 1e-9) continue;
    std::string blame = "policy.budget.vendor_share";
    for (const char* key :
         {"policy.budget.vendor_share", "policy.budget.tooling_share",
          "policy.budget.upskilling_share", "policy.budget.experiment_fund_share"}) {
      if (values.was_set(key)) {
        blame = key;
        break;
      }
    }
    auto number = [](double x) {
      std::string s = std::to_string(x);
      s.erase(s.find_last_not_of('0') + 1);
      if (!s.empty() && s.back() == '.') s.pop_back();
      return s;
    };
    values.fail(blame, "the budget's shares add up to " + number(b.shares()) + " (vendor " +
                           number(b.vendor_share) + " + tooling " + number(b.tooling_share) +
                           " + upskilling " + number(b.upskilling_share) + " + experiment fund " +
                           number(b.fund_share) + ") in month " + std::to_string(m) + ", not 1");
  }
}

namespace spending {

namespace {

double tokens_for(const Policy& policy, double dollars_k) {
  const double price = policy.tokens.price_per_million;
  return price > 0.0 ? dollars_k * 1000.0 / price : 0.0;
}

}  // namespace

TokenPolicy tokens_in_force(const Policy& policy, double heads) {
  TokenPolicy tokens = policy.tokens;
  if (policy.budget.on()) tokens.budget_per_head = vendor_tokens_per_head(policy, heads);
  return tokens;
}

double vendor_tokens_per_head(const Policy& policy, double heads) {
  const SpendingPolicy& b = policy.budget;
  return heads > 0.0 ? tokens_for(policy, b.monthly * b.vendor_share) / heads : 0.0;
}

double fund_tokens(const Policy& policy) {
  return tokens_for(policy, policy.budget.monthly * policy.budget.fund_share);
}

double tooling_fte(const Policy& policy) {
  const SpendingPolicy& b = policy.budget;
  return b.monthly * b.tooling_share / b.tooling_fte_cost;
}

double programme_seats(const Policy& policy) {
  const SpendingPolicy& b = policy.budget;
  return b.monthly * b.upskilling_share / b.seat_cost;
}

}  // namespace spending

}  // namespace wfsim::workforce
