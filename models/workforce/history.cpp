#include "models/workforce/history.hpp"

#include <algorithm>
#include <cmath>

#include "models/workforce/contagion.hpp"
#include "models/workforce/engagement.hpp"
#include "models/workforce/experiments.hpp"
#include "models/workforce/leverage.hpp"
#include "models/workforce/pay.hpp"
#include "models/workforce/turnover.hpp"
#include "models/workforce/upskilling.hpp"
#include "models/workforce/world.hpp"

namespace wfsim::workforce {

namespace {

/// What stays fixed over a seat's past: its role and the environment of the
/// first month (7.3, 7.4, 7.6).
struct SeatPast {
  const Settings& s;
  const Policy& policy;
  const RoleParams& role;
  const RoleView& view;
  double degree;
  double growth;        // of market salaries, a month
  double gated;         // share of the role's experiments that need sign-off
  double refused;       // chance an experiment that needs sign-off is refused
  double wait_days;     // least wait of one that needs sign-off
  double enrol_chance;  // a month, for someone eligible for upskilling
};

/// What an incumbent's past months share: their compute and leverage, and
/// the working leverage W they weigh against outside offers (access, models,
/// autonomy), which changes only with them.
struct Means {
  double budget = 0;
  double access = 0;
  double leverage = 1;
  double prototype_chance = 0;
  double work_leverage = 0;
};

Means means_of(const SeatPast& seat, const BudgetNorms& norms, const Person& p) {
  Means m;
  m.budget = allocate_budget(seat.policy.tokens, norms, seat.view.need, p.rating);
  m.access = seat.view.need > 0.0 ? std::min(1.0, m.budget / seat.view.need) : 1.0;
  m.leverage = leverage(seat.s.leverage, seat.policy.tokens.frontier_models, m.access, p.fluency,
                        seat.role.task_fit, p.skill);
  m.prototype_chance = std::min(0.95, seat.role.prototype_probability * (0.5 + p.skill) *
                                          (0.5 + 0.5 * p.fluency / 0.6) * m.leverage);
  m.work_leverage =
      working_leverage(m.access, seat.policy.tokens.frontier_models, seat.view.autonomy, 0.0);
  return m;
}

/// A month's expected visible work (7.2, 7.3): the features the person's
/// experiments would ship (the platform taken as shipping what comes), at
/// the effort the reference environment sustains. The past is lived in the
/// job demands-resources model's reference environment, where engagement
/// sits at the disposition and exhaustion at its base (7.6): the
/// environment of the run itself is not known before it runs, and the
/// warm-up months settle engagement and exhaustion there.
void live_month(const SeatPast& seat, const Means& m, Person& p) {
  p.engagement = p.disposition;
  p.exhaustion = seat.s.engagement.exhaustion_base;
  const double attempts =
      seat.role.experiment_rate * discretionary_effort(seat.s.effort, p.engagement) * m.leverage;
  const double starved =
      attempts > 0.0 ? clamp01(1.0 - m.budget / (attempts * seat.role.experiment_tokens)) : 0.0;
  p.shipped_smooth =
      attempts * (1.0 - starved) * (1.0 - seat.gated * seat.refused) * m.prototype_chance;
}

/// Upskilling in the past (7.12): the eligible enrol at the rate the
/// programme's seats allow, and gain fluency.
void train(const SeatPast& seat, Person& p, Means& m, const BudgetNorms& norms,
           rng::RandomStream& random) {
  const UpskillingPolicy& u = seat.policy.upskilling;
  if (p.fluency >= u.eligible_below || seat.enrol_chance <= 0.0) return;
  if (!random.bernoulli(seat.enrol_chance)) return;
  p.fluency += u.fluency_gain * (1.0 - p.fluency);
  m = means_of(seat, norms, p);
}

/// One month of a person's past: do they leave? (7.7, 7.8) `market` is the
/// market rate of their role that month.
bool leaves(const SeatPast& seat, const Means& m, Person& p, double market, double tenure,
            double& searched, rng::RandomStream& random) {
  const Turnover& t = seat.s.turnover;
  live_month(seat, m, p);
  const double ratio = p.salary / market;
  const double visibility = p.shipped_smooth / seat.s.engagement.shipped_reference;
  const double outside = seat.policy.market.outside_leverage;
  const double weight = seat.role.leverage_weight();
  const double u = push(t, seat.s.engagement.exhaustion_base, p.engagement, p.exhaustion, ratio,
                        weight, outside, m.work_leverage, p.pressure);
  const double ease = ease_of_movement(t, seat.view.demand, p.skill, visibility);
  const double embedded = embeddedness(t, seat.degree, tenure, p.fit, ratio, p.tie_loss);
  const StageStep step = step_stage(t, seat.s.contagion.hazard, p.stage,
                                    {u, ease, embedded, p.pressure, p.exhaustion}, true, random);
  if (step.quits) return true;
  p.stage = step.stage;
  if (step.recovered || step.unreluctant) p.clear(kReluctant);
  if (step.reluctant) p.set(kReluctant);
  searched = p.stage == Stage::Searching ? searched + 1.0 : 0.0;
  auto accepts = [&] {
    const double offer =
        market * (1.0 + seat.policy.market.offer_premium) * random.lognormal(0.0, 0.05) / p.salary;
    return random.bernoulli(
        accept_probability(t, offer, weight, outside, m.work_leverage, u, embedded));
  };
  if (p.stage == Stage::Searching) {
    const double ramp =
        t.search_ramp_months > 0.0 ? std::min(1.0, searched / t.search_ramp_months) : 1.0;
    if (hazard_occurs(random, t.offer_rate * ease * ramp) && accepts()) {
      return true;
    }
  }
  const double calls =
      seat.view.call_rate * (0.5 + p.skill) * (1.0 + 0.5 * std::min(1.0, visibility));
  if (hazard_occurs(random, calls)) {
    if (random.bernoulli(t.recruiter_offer_probability * ease)) {
      if (accepts()) return true;
      p.stage = std::max(p.stage, Stage::Thinking);
    } else if (p.stage <= Stage::Dissatisfied && random.bernoulli(t.shock_recruiter)) {
      p.stage = Stage::Thinking;
    }
  }
  return false;
}

SeatPast seat_past(const World& w, std::uint32_t seat, const Policy& policy,
                   double eligible_share) {
  const double enrol_chance =
      eligible_share > 0.0
          ? std::min(1.0, policy.upskilling.capacity_per_1000 / 1000.0 / eligible_share)
          : 0.0;
  const Settings& s = w.settings;
  const RoleParams& role = w.role_params(seat);
  const RoleView& view = w.view(seat);
  const ApprovalPolicy& a = policy.approval;
  const double gated =
      a.signoffs == 0 ? 0.0 : share_above(role.experiment_tokens, kCostSigma, a.sandbox_threshold);
  return {s,
          policy,
          role,
          view,
          static_cast<double>(w.org.degree[seat]),
          std::pow(1.0 + policy.market.wage_growth_per_year, 1.0 / 12.0),
          gated,
          1.0 - std::pow(1.0 - a.denial_rate, a.signoffs),
          a.signoffs * a.latency_days + (a.signoffs > 0 ? 1.0 / a.manager_reviews_per_day : 0.0),
          enrol_chance};
}

}  // namespace

void live_history(const World& w, std::uint32_t seat, const Policy& policy,
                  const BudgetNorms& norms, double eligible_share, Person& person,
                  rng::RandomStream& random) {
  const Settings& s = w.settings;
  const SeatPast past = seat_past(w, seat, policy, eligible_share);
  const int months = s.run.history_months;
  // Pay as of the past: the market and the band grew since.
  const double back = std::pow(past.growth, -months);
  double market = past.view.market_rate * back;
  double band = past.view.band * back;
  person.salary *= back;
  // Pressure and tie loss of someone whose ties are all a year old.
  Person settled;
  start_near_steady_state(s.contagion, past.degree, settled);
  // The first incumbent of the past is already `tenure` months in the seat.
  double tenure = -person.hired_at / kDaysPerMonth;
  double searched = 0.0;
  Means means = means_of(past, norms, person);
  person.engagement = person.disposition;
  for (int ago = months; ago > 0; --ago) {
    // Colleagues' exits weigh in proportion to how well one knows them.
    const double strength = std::min(1.0, tenure / 12.0);
    person.pressure = settled.pressure * strength;
    person.tie_loss = settled.tie_loss * strength;
    if (leaves(past, means, person, market, tenure, searched, random)) {
      const std::int64_t id = person.id;
      draw_person(s, w.org, seat, {Origin::Hire, band, 0.0}, person, random);
      person.id = id;
      person.flags = 0;
      tenure = 0.0;
      searched = 0.0;
      means = means_of(past, norms, person);
    }
    drift_disposition(s.engagement, person, random);
    train(past, person, means, norms, random);
    tenure += 1.0;
    market *= past.growth;
    band *= past.growth;
    // Refreshes fall on the calendar's refresh months, the start among them.
    if ((ago - 1) % policy.pay.refresh_months == 0) {
      person.salary = refreshed_salary(
          person.salary, refresh_target(band, person.rating) * person.pay_position, policy.pay);
    }
  }
  live_month(past, means, person);
  person.hired_at = -tenure * kDaysPerMonth;
  person.search_since = -searched * kDaysPerMonth;
  person.pressure = settled.pressure * std::min(1.0, tenure / 12.0);
  person.tie_loss = settled.tie_loss * std::min(1.0, tenure / 12.0);
  person.effort_history.fill(0.0f);
}

}  // namespace wfsim::workforce
