#pragma once
/// Approvals (ODD 7.3): sign-offs by the team manager, then the division's
/// approval board; refusals, withdrawals after too long a wait, and the
/// autonomy people lose to sign-offs (7.6).
#include <cstdint>

#include "engine/params/binding.hpp"
#include "models/workforce/events.hpp"
#include "models/workforce/fifo.hpp"

namespace wfsim::workforce {

struct Policy;
struct World;
struct TeamScope;

/// `policy.approval.*`
struct ApprovalPolicy {
  int signoffs;                    // an experiment above the sandbox needs this many
  double sandbox_threshold;        // M tokens; cheaper experiments need none
  double latency_days;             // calendar delay per sign-off beyond queueing
  double manager_reviews_per_day;  // the team manager: one server
  double board_reviewers_per_100;  // board servers per 100 of the division's staff
  double board_reviews_per_day;    // per board reviewer
  double denial_rate;              // chance each sign-off refuses
  double max_wait_days;            // requests older than this are withdrawn at review

  static void declare(params::BoundGroup<Policy, ApprovalPolicy> p);
};

/// A division's approval board: a FIFO queue with `servers` reviewers. It
/// also keeps the division's compute reserve for top-ups (7.4).
struct BoardState {
  Fifo<Request> queue;
  std::uint32_t busy = 0;
  std::uint32_t servers = 1;
  double reviews_per_day = 1.0;
  double reserve = 0.0;
};

/// Board reviewers for a division of `heads` people: at least one.
std::uint32_t board_servers(const ApprovalPolicy& approval, double heads);

/// The expected share of a role's experiments free of sign-offs (7.6): the
/// share below the sandbox, and freedom lost in proportion to how long the
/// sign-offs take at the least.
double autonomy(const ApprovalPolicy& approval, double experiment_tokens, double handoff_days,
                double autonomy_wait_reference_days);

namespace approvals {

/// Sends an experiment costing `tokens` (already reserved) for sign-off: to
/// the manager's queue, or straight to the board when the requester is the
/// manager or the team has none.
void request_signoff(TeamScope& t, std::uint32_t seat, double tokens);

// Team side: the manager's review queue and the decisions.
void on_manager_review(TeamScope& t, const Request& request);
void on_manager_done(TeamScope& t);
void on_decision(TeamScope& t, const Request& decision);

/// The board's events.
void on_board_event(World& w, std::uint32_t division, const WorkforceEvent& event, Ctx& ctx);

}  // namespace approvals

}  // namespace wfsim::workforce
