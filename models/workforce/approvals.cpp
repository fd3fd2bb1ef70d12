#include "models/workforce/approvals.hpp"

#include <algorithm>
#include <cmath>

#include "models/workforce/experiments.hpp"
#include "models/workforce/leaders.hpp"
#include "models/workforce/turnover.hpp"
#include "models/workforce/world.hpp"

namespace wfsim::workforce {

void ApprovalPolicy::declare(params::BoundGroup<Policy, ApprovalPolicy> p) {
  using S = ApprovalPolicy;
  p.integer("signoffs", &S::signoffs, 1, "sign-offs", 0, 6,
            "sign-offs an experiment above the sandbox threshold needs: the first by the team "
            "manager, the rest by the division's approval board");
  p.real("sandbox_threshold", &S::sandbox_threshold, 10, "M tokens", 0, 1e7,
         "experiments costing less run in the sandbox with no approval");
  p.real("latency_days", &S::latency_days, 2, "days", 0, 365,
         "calendar delay each sign-off adds beyond queueing (meetings, batching)");
  p.real("manager_reviews_per_day", &S::manager_reviews_per_day, 4, "1/day", 0.01, 1000,
         "reviews a team manager completes per day (one server per team)");
  p.real("board_reviewers_per_100", &S::board_reviewers_per_100, 1.0, "reviewers", 0, 100,
         "approval board reviewers per 100 employees of the division");
  p.real("board_reviews_per_day", &S::board_reviews_per_day, 4, "1/day", 0.01, 1000,
         "reviews one board reviewer completes per day");
  p.real("denial_rate", &S::denial_rate, 0.08, "1", 0, 1, "chance each sign-off is refused");
  p.real("max_wait_days", &S::max_wait_days, 45, "days", 1, 3650,
         "requests waiting longer are withdrawn when they reach a reviewer");
}

std::uint32_t board_servers(const ApprovalPolicy& approval, double heads) {
  return static_cast<std::uint32_t>(
      std::max(1.0, std::round(approval.board_reviewers_per_100 * heads / 100.0)));
}

double autonomy(const ApprovalPolicy& a, double experiment_tokens, double handoff_days,
                double autonomy_wait_reference_days) {
  const double gated = share_above(experiment_tokens, kCostSigma, a.sandbox_threshold);
  const double delay =
      a.signoffs == 0 ? 0.0
                      : a.signoffs * a.latency_days + 1.0 / a.manager_reviews_per_day +
                            (a.signoffs - 1) * (1.0 / a.board_reviews_per_day + 2.0 * handoff_days);
  return 1.0 - gated * std::min(1.0, delay / autonomy_wait_reference_days);
}

namespace approvals {

namespace {

void start_manager_review(TeamScope& t);

/// The requester hears the answer: an approved experiment runs; a refused
/// or withdrawn one returns its compute and may be a shock.
void decide(TeamScope& t, const Request& r, Verdict verdict) {
  const std::uint32_t seat = r.requester.seat;
  if (!t.w.holds(r.requester)) return;
  Person& p = t.person(seat);
  const double wait = t.now() - r.submitted;
  p.decisions = static_cast<std::uint16_t>(p.decisions + 1);
  p.wait_sum += static_cast<float>(wait);
  Tally& tally = t.tally();
  tally.wait_sum += wait;
  ++tally.decisions;
  if (verdict == Verdict::Approved) {
    tally.tokens += r.tokens;
    experiments::run_experiment(t, seat);
    return;
  }
  p.tokens_left += r.tokens;
  p.denied = static_cast<std::uint16_t>(p.denied + 1);
  turnover::jolt(t, seat, ShockKind::ApprovalDenied, t.settings().turnover.shock_denied,
                 t.random());
}

void send_to_board(TeamScope& t, const Request& r, double latency_days) {
  t.ctx.send(t.board(), t.settings().run.handoff_days + latency_days, kind(BoardEvent::Request),
             Message::of(r));
}

/// Takes up the next request: requests of people who left are dropped, and
/// those that waited too long are withdrawn.
void start_manager_review(TeamScope& t) {
  TeamState& team = t.state();
  const ApprovalPolicy& a = t.policy().approval;
  while (!team.reviews.empty()) {
    const Request& head = team.reviews.front();
    if (!t.w.holds(head.requester)) {
      team.reviews.pop();
      continue;
    }
    if (t.now() - head.submitted > a.max_wait_days) {
      const Request gone = team.reviews.pop();
      decide(t, gone, Verdict::Withdrawn);
      continue;
    }
    team.reviewing = true;
    t.ctx.schedule(t.random().exponential(1.0 / a.manager_reviews_per_day),
                   kind(TeamEvent::ManagerDone));
    return;
  }
  team.reviewing = false;
}

}  // namespace

void request_signoff(TeamScope& t, std::uint32_t seat, double tokens) {
  const ApprovalPolicy& a = t.policy().approval;
  const Request r{t.w.incumbent(seat),
                  t.team,
                  RequestKind::Experiment,
                  Verdict::Pending,
                  static_cast<std::uint8_t>(a.signoffs),
                  0,
                  tokens,
                  t.now()};
  ++t.tally().requests;
  const std::uint32_t manager = t.info().manager_seat;
  if (manager != kNoSeat && manager != seat && t.person(manager).present) {
    t.ctx.schedule(a.latency_days, kind(TeamEvent::ManagerReview), Message::of(r));
  } else {
    send_to_board(t, r, a.latency_days);
  }
}

void on_manager_review(TeamScope& t, const Request& request) {
  TeamState& team = t.state();
  team.reviews.push(request);
  if (!team.reviewing) start_manager_review(t);
}

void on_manager_done(TeamScope& t) {
  TeamState& team = t.state();
  team.reviewing = false;
  if (!team.reviews.empty()) {
    Request r = team.reviews.pop();
    const ApprovalPolicy& a = t.policy().approval;
    if (t.w.holds(r.requester)) {
      if (t.random().bernoulli(a.denial_rate)) {
        decide(t, r, Verdict::Denied);
      } else if (r.signoffs_left > 1) {
        r.signoffs_left = static_cast<std::uint8_t>(r.signoffs_left - 1);
        send_to_board(t, r, a.latency_days);
      } else {
        decide(t, r, Verdict::Approved);
      }
    }
  }
  start_manager_review(t);
}

void on_decision(TeamScope& t, const Request& decision) {
  decide(t, decision, decision.verdict);
}

namespace {

void answer(const Request& r, Verdict verdict, double delay, Ctx& ctx) {
  Request decision = r;
  decision.verdict = verdict;
  ctx.send(decision.team, delay, kind(TeamEvent::Decision), Message::of(decision));
}

void start_board_reviews(World& w, std::uint32_t division, Ctx& ctx) {
  BoardState& board = w.boards[division];
  const ApprovalPolicy& a = w.policy_at(ctx.now()).approval;
  const double handoff = w.settings.run.handoff_days;
  while (board.busy < board.servers && !board.queue.empty()) {
    const Request r = board.queue.pop();
    if (r.kind == RequestKind::Experiment && ctx.now() - r.submitted > a.max_wait_days) {
      answer(r, Verdict::Withdrawn, handoff, ctx);
      continue;
    }
    ++board.busy;
    ctx.schedule(ctx.random().exponential(1.0 / board.reviews_per_day), kind(BoardEvent::Done),
                 Message::of(r));
  }
}

void on_board_done(World& w, std::uint32_t division, Request r, Ctx& ctx) {
  BoardState& board = w.boards[division];
  if (board.busy > 0) --board.busy;
  const Policy& policy = w.policy_at(ctx.now());
  const ApprovalPolicy& a = policy.approval;
  const double handoff = w.settings.run.handoff_days;
  if (r.kind == RequestKind::TopUp) {
    Request grant = r;
    grant.tokens = budgets::grant_top_up(board, policy.tokens);
    ctx.send(r.team, handoff, kind(TeamEvent::TopUp), Message::of(grant));
    start_board_reviews(w, division, ctx);
    return;
  }
  // A Chief AI Officer or Head of AI in post decides for the division's AI
  // work: fewer refusals, and their one sign-off stands for the board's (7.17).
  const bool leader = leaders::signs_off(w, division, w.calendar.report_month(ctx.now()));
  const double denial =
      leader ? a.denial_rate * (1.0 - w.settings.leaders.approval_relief) : a.denial_rate;
  if (ctx.random().bernoulli(denial)) {
    answer(r, Verdict::Denied, handoff + a.latency_days * r.board_signoffs, ctx);
  } else if (r.signoffs_left > 1 && !(leader && w.settings.leaders.single_signoff)) {
    // The next sign-off, by another reviewer; its calendar delay is added
    // to the answer's.
    r.signoffs_left = static_cast<std::uint8_t>(r.signoffs_left - 1);
    r.board_signoffs = static_cast<std::uint8_t>(r.board_signoffs + 1);
    board.queue.push(r);
  } else {
    answer(r, Verdict::Approved, handoff + a.latency_days * r.board_signoffs, ctx);
  }
  start_board_reviews(w, division, ctx);
}

}  // namespace

void on_board_event(World& w, std::uint32_t division, const WorkforceEvent& event, Ctx& ctx) {
  switch (static_cast<BoardEvent>(event.kind)) {
    case BoardEvent::Request:
      w.boards[division].queue.push(event.payload.request);
      start_board_reviews(w, division, ctx);
      break;
    case BoardEvent::Done:
      on_board_done(w, division, event.payload.request, ctx);
      break;
    case BoardEvent::Kick:
      start_board_reviews(w, division, ctx);
      break;
  }
}

}  // namespace approvals

}  // namespace wfsim::workforce
