#include "models/workforce/budgets.hpp"

#include <algorithm>

#include "models/workforce/experiments.hpp"
#include "models/workforce/guild.hpp"
#include "models/workforce/leverage.hpp"
#include "models/workforce/policy.hpp"
#include "models/workforce/spending.hpp"
#include "models/workforce/upskilling.hpp"
#include "models/workforce/world.hpp"

namespace wfsim::workforce {

void TokenPolicy::declare(params::BoundGroup<Policy, TokenPolicy> p) {
  using S = TokenPolicy;
  p.real("budget_per_head", &S::budget_per_head, 15, "M tokens/month", 0, 1e7,
         "compute budget per head per month (tokens or their equivalent)");
  p.choice("rationing", &S::rationing, Rationing::NeedBased, kRationingNames,
           "how the pool is shared: equal per head; by role need; a base share plus top-ups "
           "requested through the approval board; by performance rating");
  p.real("request_base_share", &S::request_base_share, 0.5, "1", 0, 1,
         "rationing 'request': share of the per-head budget handed out up front; the rest is a "
         "division reserve granted in top-ups");
  p.real("topup", &S::topup_tokens, 20, "M tokens", 0, 1e7,
         "rationing 'request': size of one top-up");
  p.real("frontier_models", &S::frontier_models, 1.0, "1", 0, 1,
         "quality of the models employees may use: 1 frontier models, lower for older or "
         "restricted ones (scales leverage)");
  p.real("price_per_million", &S::price_per_million, 4.0, "$/M tokens", 0, 1e6,
         "blended price of a million tokens, for compute_cost");
}

double allocate_budget(const TokenPolicy& tokens, const BudgetNorms& norms, double need,
                       std::int8_t rating) {
  switch (tokens.rationing) {
    case Rationing::Equal:
      return tokens.budget_per_head;
    case Rationing::NeedBased:
      return tokens.budget_per_head * need / norms.need_mean;
    case Rationing::Merit:
      return tokens.budget_per_head * merit_weight(rating) / norms.merit_mean;
    case Rationing::Request:
      return tokens.budget_per_head * tokens.request_base_share;
  }
  return tokens.budget_per_head;
}

double division_reserve(const TokenPolicy& tokens, double heads) {
  return tokens.rationing == Rationing::Request
             ? (1.0 - tokens.request_base_share) * tokens.budget_per_head * heads
             : 0.0;
}

namespace budgets {

bool start_month(World& w, std::uint32_t seat, const Policy& policy, double now) {
  return start_month(w, seat, policy, now, time_away_at_start(w, seat, policy, now));
}

bool start_month(World& w, std::uint32_t seat, const Policy& policy, double now,
                 const TimeAway& away) {
  Person& p = w.people[seat];
  const RoleParams& role = w.role_params(seat);
  const double need = w.view(seat).need;
  const double old_budget = p.budget;
  const double budget = policy.budget.on()
                            ? allocate_budget(spending::tokens_in_force(policy, w.figures.heads),
                                              w.figures.norms, need, p.rating)
                            : allocate_budget(policy.tokens, w.figures.norms, need, p.rating);
  p.budget = budget;
  p.access = need > 0.0 ? std::min(1.0, (budget + p.topups) / need) : 1.0;
  p.topups = 0.0;
  p.leverage = leverage(w.settings.leverage, policy.tokens.frontier_models, p.access, p.fluency,
                        role.task_fit, p.skill);
  split_month_tokens(w, seat, policy, now, away);
  return old_budget > 0.0 && budget < 0.8 * old_budget;
}

void split_month_tokens(World& w, std::uint32_t seat, const Policy& policy, double now) {
  split_month_tokens(w, seat, policy, now, time_away_at_start(w, seat, policy, now));
}

void split_month_tokens(World& w, std::uint32_t seat, const Policy& policy, double now,
                        const TimeAway& away) {
  Person& p = w.people[seat];
  const double out_of_role = away.training + away.elsewhere;
  // In-role AI use is a steady draw on the month's budget; experiments take
  // what is left.
  p.core_tokens = std::min(
      p.budget, w.role_params(seat).core_tokens * p.in_role * std::max(0.0, 1.0 - out_of_role));
  p.tokens_left = p.budget - p.core_tokens;
  experiments::set_rates(w, seat, experiments::experiment_rate(w, seat, now, policy, away),
                         experiments::call_rate(w, seat));
}

void request_top_up(TeamScope& t, std::uint32_t seat) {
  Person& p = t.person(seat);
  if (p.has(kTopUpPending)) return;
  p.set(kTopUpPending);
  const Request r{
      t.w.incumbent(seat), t.team, RequestKind::TopUp, Verdict::Pending, 1, 0, 0.0, t.now()};
  t.ctx.send(t.board(), t.settings().run.handoff_days, kind(BoardEvent::Request), Message::of(r));
}

void on_top_up(TeamScope& t, const Request& grant) {
  if (!t.w.holds(grant.requester)) return;
  Person& p = t.person(grant.requester.seat);
  p.clear(kTopUpPending);
  p.tokens_left += grant.tokens;
  p.topups += grant.tokens;
}

double grant_top_up(BoardState& board, const TokenPolicy& tokens) {
  if (board.reserve < tokens.topup_tokens) return 0.0;
  board.reserve -= tokens.topup_tokens;
  return tokens.topup_tokens;
}

}  // namespace budgets

}  // namespace wfsim::workforce
