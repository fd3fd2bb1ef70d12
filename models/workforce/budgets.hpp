#pragma once
/// Compute budgets and their rationing (ODD 7.4): each month's budget and
/// access, the in-role draw, and top-ups from the division's reserve.
#include <array>
#include <cstdint>
#include <string_view>

#include "engine/params/binding.hpp"
#include "models/workforce/events.hpp"

namespace wfsim::workforce {

struct Policy;
struct Person;
struct World;
struct TeamScope;
struct BoardState;
struct TimeAway;

enum class Rationing : std::uint8_t { Equal, NeedBased, Request, Merit };
inline constexpr std::array<std::string_view, 4> kRationingNames = {"equal", "need_based",
                                                                    "request", "merit"};

/// `policy.tokens.*`
struct TokenPolicy {
  double budget_per_head;  // M tokens per head per month: the pool is this x headcount
  Rationing rationing;
  double request_base_share;  // under `request`: the share handed out up front
  double topup_tokens;        // under `request`: one top-up
  double frontier_models;     // model quality q (scales leverage, 7.1)
  double price_per_million;   // $ per M tokens, for compute_cost

  static void declare(params::BoundGroup<Policy, TokenPolicy> p);
};

/// The organisation-wide means that normalise need- and merit-based budgets
/// (last month's, a one-month planning lag).
struct BudgetNorms {
  double need_mean = 1.0;
  double merit_mean = 1.0;
};

/// A person's merit weight under `merit` rationing (rating 1-5).
inline double merit_weight(std::int8_t rating) {
  return 0.5 + 0.25 * rating;
}

/// This month's budget of a person whose role needs `need` M tokens a month.
double allocate_budget(const TokenPolicy& tokens, const BudgetNorms& norms, double need,
                       std::int8_t rating);

/// The division's reserve for top-ups under `request` rationing.
double division_reserve(const TokenPolicy& tokens, double heads);

namespace budgets {

/// Starts a person's month (7.4, 7.1, 7.2): budget, access, leverage, the
/// in-role draw, the tokens left for experiments, and their rates in the
/// team's process. Returns true when the budget was cut by more than 20 %,
/// which is a shock (7.8) once the person is settled in.
bool start_month(World& w, std::uint32_t seat, const Policy& policy, double now);
/// The same, with the month's time away already worked out.
bool start_month(World& w, std::uint32_t seat, const Policy& policy, double now,
                 const TimeAway& away);

/// The month's tokens split between in-role use and experiments, and the
/// rates, given the time the person spends away from the role: part of every
/// month's start, and redone alone at enrolment in upskilling, where budget,
/// access (last month's top-ups included) and leverage stay as the start
/// set them.
void split_month_tokens(World& w, std::uint32_t seat, const Policy& policy, double now);
void split_month_tokens(World& w, std::uint32_t seat, const Policy& policy, double now,
                        const TimeAway& away);

/// A starved person under `request` rationing asks the board for a top-up
/// (one request at a time).
void request_top_up(TeamScope& t, std::uint32_t seat);
/// The board's answer: 0 tokens when the reserve ran dry.
void on_top_up(TeamScope& t, const Request& grant);
/// The board grants a top-up while its reserve lasts.
double grant_top_up(BoardState& board, const TokenPolicy& tokens);

}  // namespace budgets

}  // namespace wfsim::workforce
