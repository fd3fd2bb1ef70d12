/// Offers, notice and exit, and the shocks that jump stages (ODD 7.8): the
/// event-driven half of the turnover submodel (turnover.cpp holds the
/// monthly stage rules).
#include <algorithm>

#include "models/workforce/contagion.hpp"
#include "models/workforce/engagement.hpp"
#include "models/workforce/experiments.hpp"
#include "models/workforce/hiring.hpp"
#include "models/workforce/turnover.hpp"
#include "models/workforce/upskilling.hpp"
#include "models/workforce/world.hpp"

namespace wfsim::workforce::turnover {

namespace {

/// Someone gets an offer: they hold it a few days before deciding. The
/// offer pays the market rate plus the offer premium, with some spread.
void hold_offer(TeamScope& t, std::uint32_t seat, TurnoverPath path) {
  Person& p = t.person(seat);
  const Policy& policy = t.policy();
  p.stage_before_offer = p.stage;
  p.stage = Stage::HoldingOffer;
  p.path = path;
  p.offer_ratio = t.w.view(seat).market_rate * (1.0 + policy.market.offer_premium) *
                  t.random().lognormal(0.0, 0.05) / p.salary;
  t.ctx.schedule(t.random().exponential(t.settings().turnover.offer_decision_days),
                 kind(TeamEvent::OfferDecision), Message::of(t.w.incumbent(seat)));
}

}  // namespace

void recruiter_call(TeamScope& t, std::uint32_t seat) {
  const Turnover& to = t.settings().turnover;
  Person& p = t.person(seat);
  const Stage stage = p.stage;
  if (stage >= Stage::HoldingOffer) return;
  if (t.random().bernoulli(to.recruiter_offer_probability * p.ease)) {
    hold_offer(t, seat, TurnoverPath::PullOffer);
    record_shock(t, seat, ShockKind::RecruiterCall, stage);
    return;
  }
  jolt(t, seat, ShockKind::RecruiterCall, to.shock_recruiter, t.random());
}

void on_offer(TeamScope& t, Incumbent person) {
  if (!t.w.holds(person)) return;
  if (t.person(person.seat).stage != Stage::Searching) return;
  hold_offer(t, person.seat, TurnoverPath::PushSearch);
}

void on_offer_decision(TeamScope& t, Incumbent person) {
  const std::uint32_t seat = person.seat;
  Person& p = t.person(seat);
  if (!t.w.holds(person) || p.stage != Stage::HoldingOffer) return;
  const Policy& policy = t.policy();
  const double accept = accept_probability(
      t.settings().turnover, p.offer_ratio, t.w.role_params(seat).leverage_weight(),
      policy.market.outside_leverage, p.appraised_leverage, p.push, p.embedded);
  if (t.random().bernoulli(accept)) {
    start_notice(t, seat, p.path);
  } else {
    // Turning an offer down does not undo a search, and an offer out of the
    // blue leaves the person at least thinking about leaving.
    p.stage = std::max(p.stage_before_offer, Stage::Thinking);
  }
}

void start_notice(TeamScope& t, std::uint32_t seat, TurnoverPath path) {
  Person& p = t.person(seat);
  p.stage = Stage::Notice;
  p.path = path;
  p.clear(kReluctant);
  Tally& tally = t.tally();
  tally.notices[static_cast<std::size_t>(p.role)] += 1;
  if (t.report_month() >= 1) {
    (t.w.exposed(seat, t.now()) ? tally.exposed_notices : tally.unexposed_notices) += 1;
  }
  t.ctx.schedule(t.settings().turnover.notice_days, kind(TeamEvent::Exit),
                 Message::of(t.w.incumbent(seat)));
  if (t.policy().hiring.backfill) hiring::open_requisition(t, seat);
  update_effort(t.settings().effort, p);
  // No recruiter calls during notice; experiments at notice effort.
  experiments::set_rates(t.w, seat, experiments::experiment_rate(t.w, seat, t.now(), t.policy()),
                         0.0);
  experiments::refresh_process(t);
}

void on_exit(TeamScope& t, Incumbent person) {
  const std::uint32_t seat = person.seat;
  if (!t.w.holds(person)) return;
  Person& p = t.person(seat);
  World& w = t.w;
  const double now = t.now();
  const int month = t.report_month();
  const auto k = static_cast<std::size_t>(p.role);
  Tally& tally = t.tally();
  tally.exits[k] += 1;
  if (p.rating >= 4) tally.regretted[k] += 1;
  if (month >= 1 && t.state().log.recording) {
    double prior = 0.0;
    for (float e : p.effort_history)
      prior += e;
    t.state().log.exits.push_back(ExitRow{p.id, month, t.day(), seat, t.team, p.role, p.path,
                                          p.rating, w.tenure_months(seat, now), prior / 6.0,
                                          p.engagement, w.pay_ratio(seat), 0});
  }
  p.present = false;
  ++p.generation;
  p.stage = Stage::Content;
  experiments::set_rates(t.w, seat, 0.0, 0.0);
  p.waiting = 0;
  p.flags &= static_cast<std::uint8_t>(kRequisitionOpen | kHireWaiting);
  contagion::notify_ties(t, seat, TieNewsKind::Exit);
  if (t.is_manager(seat)) contagion::manager_left(t, seat);
  if (p.has(kHireWaiting)) hiring::install_waiting_hire(t, seat);
  experiments::refresh_process(t);
}

void record_shock(TeamScope& t, std::uint32_t seat, ShockKind kind, Stage before) {
  const ShockOutput output = t.settings().output.shocks;
  if (output == ShockOutput::None) return;
  const Person& p = t.person(seat);
  if (output == ShockOutput::Jumps && p.stage == before) return;
  const int month = t.report_month();
  if (month < 1 || !t.state().log.recording) return;
  t.state().log.shocks.push_back(ShockRow{p.id, month, t.day(), p.role, kind, before, p.stage});
}

void jolt(TeamScope& t, std::uint32_t seat, ShockKind kind, double p, rng::RandomStream& random) {
  Person& person = t.person(seat);
  const Stage before = person.stage;
  if (before <= Stage::Dissatisfied && random.bernoulli(p)) person.stage = Stage::Thinking;
  record_shock(t, seat, kind, before);
}

}  // namespace wfsim::workforce::turnover
