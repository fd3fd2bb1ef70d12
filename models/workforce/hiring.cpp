#include "models/workforce/hiring.hpp"

#include <algorithm>
#include <cmath>

#include "models/workforce/approvals.hpp"
#include "models/workforce/budgets.hpp"
#include "models/workforce/engagement.hpp"
#include "models/workforce/experiments.hpp"
#include "models/workforce/leaders.hpp"
#include "models/workforce/pay.hpp"
#include "models/workforce/turnover.hpp"
#include "models/workforce/world.hpp"

namespace wfsim::workforce {

void HiringPolicy::declare(params::BoundGroup<Policy, HiringPolicy> p) {
  using S = HiringPolicy;
  p.boolean("backfill", &S::backfill, true, "open a requisition when someone resigns");
  p.real("time_to_fill_multiplier", &S::time_to_fill_multiplier, 1.0, "1", 0.01, 100,
         "multiplies every role's time to fill (recruiting capacity)");
}

void Market::declare(params::BoundGroup<Policy, Market> p) {
  using S = Market;
  p.real("demand", &S::demand, 1.0, "1", 0, 10, "outside demand for all roles (ease of movement)");
  p.real("ai_demand", &S::ai_demand, 1.0, "1", 0, 10,
         "extra multiplier on demand for AI roles (those with an AI premium weight)");
  p.real("ai_premium", &S::ai_premium, 0.10, "1", 0, 5,
         "market pay premium of AI roles over non-AI engineers (Levels.fyi 2024: 9-11 %)");
  p.real("wage_growth_per_year", &S::wage_growth_per_year, 0.03, "1/year", -0.5, 1,
         "growth of market salaries");
  p.real("poaching", &S::poaching, 1.0, "1", 0, 100, "intensity of recruiter calls (multiplier)");
  p.real("outside_leverage", &S::outside_leverage, 0.8, "1", 0, 1,
         "working leverage (compute access x model quality x autonomy x shipping) well-funded "
         "employers offer; turnover.leverage_pay_equivalent prices a gap to it");
  p.real("offer_premium", &S::offer_premium, 0.12, "1", -0.5, 5,
         "pay of an outside offer above the market rate for the role");
  p.real("candidate_pay_sensitivity", &S::candidate_pay_sensitivity, 3.0, "1", 0, 100,
         "how strongly candidates' acceptance (and so time to fill and hire quality) follows "
         "the offered pay relative to market (exponent)");
}

namespace hiring {

void update_role_views(World& w, int report_month) {
  const Policy& policy = w.policy(report_month);
  const Settings& s = w.settings;
  for (std::size_t k = 0; k < kRoles; ++k) {
    const RoleParams& role = s.roles[k];
    RoleView& v = w.roles[k];
    v.market_rate = market_rate(role, policy.market, w.figures.wage_index);
    v.band = pay_band(role, policy.pay, w.figures.wage_index);
    v.demand = policy.market.demand * role.demand *
               std::pow(policy.market.ai_demand, role.leverage_weight());
    v.call_rate = s.turnover.recruiter_call_rate * v.demand * policy.market.poaching;
    v.need = role.need();
    v.cost_mu = std::log(role.experiment_tokens) - 0.5 * kCostSigma * kCostSigma;
    v.value_mu = std::log(std::max(role.feature_value, 1e-9)) - 0.5 * kValueSigma * kValueSigma;
    v.autonomy = autonomy(policy.approval, role.experiment_tokens, s.run.handoff_days,
                          s.engagement.autonomy_wait_reference_days);
  }
}

void update_candidates(World& w, const Policy& next, int next_month, const double* headcount,
                       const double* work_leverage) {
  const Market& market = next.market;
  for (std::size_t k = 0; k < kRoles; ++k) {
    // Candidates weigh the pay offered and, for AI roles, the working
    // leverage incumbents report.
    const RoleParams& role = w.settings.roles[k];
    RoleView& v = w.roles[k];
    const double weight = role.leverage_weight();
    const double leverage =
        headcount[k] > 0 ? work_leverage[k] / headcount[k] : market.outside_leverage;
    // The offer's worth to a candidate: pay, and working leverage priced
    // as pay, against the market's.
    const double worth =
        v.band / v.market_rate *
        (1.0 - leverage_in_pay(w.settings.turnover, weight, market.outside_leverage - leverage));
    // A leader of the role in post makes the offer worth more (7.17).
    const double led = worth * leaders::attraction(w, static_cast<Role>(k), next_month);
    const double attract = std::pow(std::max(led, 0.2), market.candidate_pay_sensitivity);
    v.time_to_fill = role.time_to_fill_days * next.hiring.time_to_fill_multiplier *
                     std::max(0.25, v.demand / role.demand) / std::max(attract, 0.05);
    v.hire_quality = std::clamp(0.1 * std::log(attract), -0.15, 0.15);
  }
}

void open_requisition(TeamScope& t, std::uint32_t seat) {
  Person& p = t.person(seat);
  if (p.has(kRequisitionOpen)) return;
  p.set(kRequisitionOpen);
  p.requisition_opened = t.now();
  t.ctx.send(t.w.lps.market(), t.settings().run.handoff_days, kind(MarketEvent::Requisition),
             Message::of(Requisition{seat, t.team, p.role, 0.0}));
}

void open_planned_requisitions(TeamScope& t, int internal_month) {
  for (std::uint32_t seat = t.info().first_seat; seat < t.info().end_seat; ++seat) {
    const int open = t.w.org.open_month[seat];
    if (open > 0 && t.w.calendar.warmup_months + open == internal_month &&
        !t.person(seat).present) {
      open_requisition(t, seat);
    }
  }
}

void on_requisition(World& w, const Requisition& requisition, Ctx& ctx) {
  const RoleView& v = w.roles[static_cast<std::size_t>(requisition.role)];
  // Time to fill: gamma with shape 2 around the role's current mean.
  const double fill = ctx.random().gamma(2.0) * v.time_to_fill / 2.0;
  Requisition hire = requisition;
  hire.hire_quality = v.hire_quality;
  ctx.send(requisition.team, std::max(w.settings.run.handoff_days, fill), kind(TeamEvent::Hire),
           Message::of(hire));
}

namespace {

/// A new incumbent takes the seat: drawn as a hire, paid today's band, with
/// the rest of this month's budget in full.
void install_hire(TeamScope& t, std::uint32_t seat, double quality) {
  World& w = t.w;
  Person& p = t.person(seat);
  const double now = t.now();
  const bool planned = w.org.open_month[seat] > 0 && p.generation == 0;
  p.present = true;
  p.flags = 0;
  p.id = w.new_employee_id(seat);
  p.hired_at = now;
  draw_person(w.settings, w.org, seat, {Origin::Hire, w.view(seat).band, quality}, p, t.random());
  update_effort(w.settings.effort, p);
  p.effort_history.fill(static_cast<float>(p.effort));
  const Policy& policy = t.policy();
  budgets::start_month(w, seat, policy, now);
  turnover::derive_inputs(w, seat, policy, now, 0.0, turnover::Appraisal::Fresh);
  t.tally().hires[static_cast<std::size_t>(p.role)] += 1;
  const int month = t.report_month();
  if (month >= 1 && t.state().log.recording) {
    t.state().log.hires.push_back(HireRow{p.id, month, t.day(), t.team, p.role,
                                          planned ? HireKind::Plan : HireKind::Backfill,
                                          now - p.requisition_opened, p.skill});
  }
}

}  // namespace

void on_hire(TeamScope& t, const Requisition& hire) {
  Person& p = t.person(hire.seat);
  if (!p.has(kRequisitionOpen)) return;
  if (p.present) {
    // The incumbent is still working out their notice: the hire starts
    // when they leave.
    p.set(kHireWaiting);
    p.pending_quality = hire.hire_quality;
    return;
  }
  install_hire(t, hire.seat, hire.hire_quality);
  experiments::refresh_process(t);
}

void install_waiting_hire(TeamScope& t, std::uint32_t seat) {
  Person& p = t.person(seat);
  p.clear(kHireWaiting);
  install_hire(t, seat, p.pending_quality);
}

}  // namespace hiring

}  // namespace wfsim::workforce
