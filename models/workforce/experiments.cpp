#include "models/workforce/experiments.hpp"

#include <algorithm>
#include <cmath>

#include "models/workforce/approvals.hpp"
#include "models/workforce/budgets.hpp"
#include "models/workforce/guild.hpp"
#include "models/workforce/leaders.hpp"
#include "models/workforce/turnover.hpp"
#include "models/workforce/world.hpp"

namespace wfsim::workforce::experiments {

void set_rates(World& w, std::uint32_t seat, double experiment_rate, double call_rate) {
  const std::uint32_t team = w.org.team[seat];
  double* rate = w.teams[team].process.rates() + 2 * (seat - w.org.teams[team].first_seat);
  rate[0] = experiment_rate;
  rate[1] = call_rate;
}

double experiment_rate(const World& w, std::uint32_t seat, double now, const Policy& policy) {
  return experiment_rate(w, seat, now, policy, time_away_at_start(w, seat, policy, now));
}

double experiment_rate(const World& w, std::uint32_t seat, double now, const Policy& policy,
                       const TimeAway& away) {
  const Person& p = w.people[seat];
  const bool manager = w.org.teams[w.org.team[seat]].manager_seat == seat;
  const double ic = manager ? w.settings.org.manager_ic_share : 1.0;
  // Protected time is experimenting time on top of what engagement gives
  // unprompted, in units of the latter.
  const double drive = p.discretionary + away.guild / policy.guild.unprompted_share;
  double rate = w.role_params(seat).experiment_rate * drive * p.leverage * w.ramp(seat, now) *
                (1.0 - away.training) * ic;
  if (!w.org.leaders.empty()) {
    // A month's rates are set at the end of the month before (7.17).
    rate *= leaders::work_mix(w, w.org.teams[w.org.team[seat]].division, p.role,
                              w.calendar.report_month(now + 0.5));
  }
  return rate;
}

double call_rate(const World& w, std::uint32_t seat) {
  const Person& p = w.people[seat];
  if (p.stage >= Stage::HoldingOffer) return 0.0;
  return w.view(seat).call_rate * (0.5 + p.skill) *
         (1.0 + 0.5 * std::min(1.0, p.shipped_smooth / w.settings.engagement.shipped_reference));
}

void refresh_process(TeamScope& t) {
  ArrivalProcess& process = t.state().process;
  double total = 0.0;
  const double* rate = process.rates();
  const std::size_t n = 2 * t.info().members();
  for (std::size_t i = 0; i < n; ++i)
    total += rate[i];
  ++process.epoch;
  // The pending arrival, if any, was drawn under the old rates and would be
  // ignored when it fired; dropping it now, while the team is in cache, spares
  // a visit of a cold team later. It is the only one: each refresh drops its
  // predecessor's.
  t.ctx.discard_pending(
      [](const WorkforceEvent& event) { return event.kind == kind(TeamEvent::Arrival); });
  // Rates are per month; the process runs in days.
  process.total_rate = total / kDaysPerMonth;
  if (process.total_rate > 0.0) {
    t.ctx.schedule(t.random().exponential(1.0 / process.total_rate), kind(TeamEvent::Arrival),
                   Message::of(Epoch{process.epoch}));
  }
}

namespace {

/// The member whose rate the draw `u` (uniform over the total monthly rate)
/// falls in, and whether it is their recruiter call; kNoSeat if nobody.
std::uint32_t pick_member(const TeamScope& t, double u, bool& call) {
  const TeamInfo& info = t.info();
  const double* rates = t.state().process.rates();
  std::uint32_t chosen = kNoSeat;
  call = false;
  for (std::uint32_t i = 0; i < info.members(); ++i) {
    const double experiment = rates[2 * i];
    const double recruiter = rates[2 * i + 1];
    if (experiment + recruiter <= 0.0) continue;  // vacant, or on notice with nothing to do
    chosen = info.first_seat + i;
    if (u < experiment) {
      call = false;
      break;
    }
    u -= experiment;
    call = recruiter > 0.0;
    if (u < recruiter) break;
    u -= recruiter;
  }
  return chosen;
}

}  // namespace

void on_arrival(TeamScope& t, Epoch epoch) {
  ArrivalProcess& process = t.state().process;
  if (epoch.epoch != process.epoch) return;  // superseded by a change of rates
  const double u = t.random().uniform() * process.total_rate * kDaysPerMonth;
  bool call = false;
  const std::uint32_t chosen = pick_member(t, u, call);
  const std::uint32_t current = process.epoch;
  if (chosen != kNoSeat) {
    if (call) {
      turnover::recruiter_call(t, chosen);
    } else {
      attempt_experiment(t, chosen);
    }
  }
  // Handling the event may have rescheduled the process under a new epoch.
  if (process.epoch == current && process.total_rate > 0.0) {
    t.ctx.schedule(t.random().exponential(1.0 / process.total_rate), kind(TeamEvent::Arrival),
                   Message::of(Epoch{process.epoch}));
  }
}

void attempt_experiment(TeamScope& t, std::uint32_t seat) {
  Person& p = t.person(seat);
  const Policy& policy = t.policy();
  p.attempts = static_cast<std::uint16_t>(p.attempts + 1);
  const double cost = std::exp(t.w.view(seat).cost_mu + kCostSigma * t.random().normal());
  if (p.tokens_left < cost) {
    // Compute-starved: the budget ran out before the month did.
    p.starved = static_cast<std::uint16_t>(p.starved + 1);
    // A top-up comes from the division's reserve (request rationing) or the
    // budget's experiment fund (7.16).
    if (policy.tokens.rationing == Rationing::Request ||
        (policy.budget.on() && policy.budget.fund_share > 0.0)) {
      budgets::request_top_up(t, seat);
    }
    return;
  }
  p.tokens_left -= cost;
  if (policy.approval.signoffs > 0 && cost > policy.approval.sandbox_threshold) {
    approvals::request_signoff(t, seat, cost);
    return;
  }
  t.tally().tokens += cost;
  run_experiment(t, seat);
}

void run_experiment(TeamScope& t, std::uint32_t seat) {
  Person& p = t.person(seat);
  const RoleParams& role = t.w.role_params(seat);
  Tally& tally = t.tally();
  ++tally.experiments;
  const double chance = std::min(0.95, role.prototype_probability * (0.5 + p.skill) *
                                           (0.5 + 0.5 * p.fluency / 0.6) * p.leverage);
  if (!t.random().bernoulli(chance)) return;
  ++tally.prototypes;
  p.waiting = static_cast<std::uint16_t>(p.waiting + 1);
  const double value = std::exp(t.w.view(seat).value_mu + kValueSigma * t.random().normal()) *
                       (0.5 + p.skill) * p.leverage;
  t.ctx.send(t.platform(), t.settings().run.handoff_days, kind(PlatformEvent::Prototype),
             Message::of(Prototype{t.w.incumbent(seat), t.team, p.role, value, t.now()}));
}

}  // namespace wfsim::workforce::experiments
