#pragma once
/// Staged turnover (ODD 7.7, 7.8): push, ease of movement and embeddedness;
/// one stage machine (dissatisfied, thinking of quitting, searching, holding
/// an offer, notice); offers, notice and exit; shocks that jump stages.
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "engine/params/binding.hpp"
#include "engine/rng/random_stream.hpp"
#include "models/workforce/events.hpp"
#include "models/workforce/roles.hpp"

namespace wfsim::workforce {

struct Settings;
struct Policy;
struct Person;
struct World;
struct TeamScope;
struct Engagement;

/// `turnover.*` (contagion's keys aside: Contagion)
struct Turnover {
  double push_midpoint, push_steepness, push_exhaustion, push_pay, push_contagion;
  double think_rate, search_rate, recover_rate, embeddedness_hold;
  double reluctant_ease_below;
  double ease_base;
  double offer_rate, offer_decision_days, search_ramp_months;
  double accept_base, accept_pay, accept_push, accept_embeddedness;
  double leverage_pay_equivalent;    // a unit of working-leverage gap, as a share of salary
  double leverage_appraisal_months;  // time constant of the appraised working leverage
  double personal_quit_rate, burnout_quit_rate, burnout_threshold;
  double notice_days;
  double recruiter_call_rate, recruiter_offer_probability;
  double shock_denied, shock_budget_cut, shock_manager_left, shock_recruiter;
  double embed_links, embed_fit, embed_sacrifice, degree_reference;
  /// Derived once from leverage_appraisal_months when settings are read:
  /// the share of the way the appraised leverage moves each month,
  /// 1 - exp(-1 / T) (0 when T is 0, which weighs the latest month alone).
  double appraisal_step = 0.0;

  static void declare(params::BoundGroup<Settings, Turnover> p);
};

inline double logistic(double x) {
  return 1.0 / (1.0 + std::exp(-x));
}
/// Probability of at least one event of a Poisson process of `rate` over
/// `duration` (a monthly hazard turned into a probability).
inline double hazard_probability(double rate, double duration = 1.0) {
  return rate <= 0.0 ? 0.0 : 1.0 - std::exp(-rate * duration);
}

/// Whether an event of a Poisson process of monthly `rate` happens within
/// the month, given a uniform draw `u`: exactly `u < hazard_probability(rate)`,
/// but the exponential is evaluated only when `u` falls between two bounds
/// of 1 - exp(-r) (its alternating series cut after r^3 / 6 and after
/// r^4 / 24), a band r^4 / 24 wide: under one draw in ten thousand for
/// monthly hazards. The margins cover the rounding of both the bounds and
/// the exponential (a few units in the 16th digit for r <= 1), so no
/// decision differs from the plain comparison.
inline bool hazard_decides(double u, double rate) {
  if (!(rate > 0.0)) return false;
  if (rate > 1.0) return u < 1.0 - std::exp(-rate);
  constexpr double kMargin = 1e-14;
  const double r2 = rate * rate;
  const double upper = rate - 0.5 * r2 + r2 * rate * (1.0 / 6.0);
  if (u >= upper + kMargin) return false;
  const double lower = upper - r2 * r2 * (1.0 / 24.0);
  if (u < lower - kMargin) return true;
  return u < 1.0 - std::exp(-rate);
}
/// `random.bernoulli(hazard_probability(rate))`, the same draw and decision.
inline bool hazard_occurs(rng::RandomStream& random, double rate) {
  return hazard_decides(random.uniform(), rate);
}

/// Working leverage W: how much of their potential someone can use here
/// (compute access x model quality x freedom from sign-offs x the share of
/// work that ships). Outside employers offer market.outside_leverage.
double working_leverage(double access, double frontier, double autonomy, double unshipped_share);

/// A gap in working leverage (outside minus own, signed) as a share of
/// salary, for a role whose leverage weighs `leverage_weight`.
inline double leverage_in_pay(const Turnover& t, double leverage_weight, double gap) {
  return t.leverage_pay_equivalent * leverage_weight * gap;
}

/// Push to leave u in (0, 1): perceived desirability of movement.
double push(const Turnover& t, double exhaustion_base, double engagement, double exhaustion,
            double pay_ratio, double leverage_weight, double outside_leverage, double work_leverage,
            double pressure);

/// Ease of movement in [0, 1]: outside demand for the role, skill and
/// visible output.
double ease_of_movement(const Turnover& t, double role_demand, double skill, double visibility);

/// Embeddedness in [0, 1]: links (ties, strengthening over the first year),
/// fit, and sacrifice (tenure, pay above market), less recent losses.
double embeddedness(const Turnover& t, double degree, double tenure_months, double fit,
                    double pay_ratio, double tie_loss);

/// Probability of accepting an outside offer.
double accept_probability(const Turnover& t, double offer_pay_ratio, double leverage_weight,
                          double outside_leverage, double work_leverage, double push_u,
                          double embedded);

/// What the stage rules of one month see of a person.
struct StageInputs {
  double push = 0;        // u
  double ease = 0;        // m
  double embedded = 0;    // e
  double pressure = 0;    // contagion pressure p
  double exhaustion = 0;  // X, for burnout quits
};

/// The result of one month's stage rules.
struct StageStep {
  Stage stage = Stage::Content;
  bool quits = false;  // hands in notice without an offer (path in `path`)
  TurnoverPath path = TurnoverPath::Personal;
  bool recovered = false;       // dropped back to content: no longer reluctant
  bool reluctant = false;       // thinking, but cannot move: a reluctant stayer
  bool unreluctant = false;     // thinking and able to move
  bool started_search = false;  // moved from thinking to searching
};

/// The stage rules of ODD 7.8, one month, for someone content, dissatisfied,
/// thinking of quitting or searching. One rule applies per month, chosen by
/// the stage held at the start of it: (1) personal quit, (2) burnout quit
/// (both only when `with_quits`), then (3) content or dissatisfied: the push
/// decides which, and the dissatisfied may start thinking of quitting;
/// otherwise (4) back to content when the push fades, else (5) thinking:
/// reluctant when ease is low, else may start searching. Searchers' offers
/// are scheduled separately.
// Inline: it runs for every person every month, in the run and in the
// seats' past, and out of line its call costs a fifth of its work.
inline StageStep step_stage(const Turnover& t, double contagion_hazard, Stage stage,
                            const StageInputs& in, bool with_quits, rng::RandomStream& random) {
  StageStep step;
  step.stage = stage;
  const double u = in.push;
  const double hold = 1.0 - t.embeddedness_hold * in.embedded;
  if (with_quits) {
    // (1) A personal shock enacts a plan to leave; (2) burnout quits.
    const double burnout = t.burnout_quit_rate *
                           std::max(0.0, (in.exhaustion - t.burnout_threshold) /
                                             std::max(1e-9, 1.0 - t.burnout_threshold)) *
                           u;
    if (hazard_occurs(random, t.personal_quit_rate)) {
      step.quits = true;
      step.path = TurnoverPath::Personal;
      return step;
    }
    if (burnout > 0.0 && hazard_occurs(random, burnout)) {
      step.quits = true;
      step.path = TurnoverPath::PushQuit;
      return step;
    }
  }
  if (stage <= Stage::Dissatisfied) {
    // (3) The push decides between content and dissatisfied.
    step.stage = u > 0.5 ? Stage::Dissatisfied : Stage::Content;
    if (step.stage == Stage::Dissatisfied &&
        hazard_occurs(random, t.think_rate * u * hold + contagion_hazard * in.pressure)) {
      step.stage = Stage::Thinking;
    }
  } else if (hazard_occurs(random, t.recover_rate * (1.0 - u))) {
    // (4) The push faded.
    step.stage = Stage::Content;
    step.recovered = true;
  } else if (stage == Stage::Thinking) {
    // (5) Those who cannot move stay, reluctantly; the others may search.
    if (in.ease < t.reluctant_ease_below) {
      step.reluctant = true;
    } else {
      step.unreluctant = true;
      if (hazard_occurs(random,
                        in.ease * (t.search_rate * u * hold + contagion_hazard * in.pressure))) {
        step.stage = Stage::Searching;
        step.started_search = true;
      }
    }
  }
  return step;
}

namespace turnover {

/// Whether the person judges their working leverage for the first time (a
/// hire, the initial staff) or updates a judgement built over past months.
enum class Appraisal : std::uint8_t { Fresh, Update };

/// Push, ease, embeddedness and working leverage (experienced and appraised)
/// of a person this month.
void derive_inputs(World& w, std::uint32_t seat, const Policy& policy, double now,
                   double unshipped_share, Appraisal appraisal);
/// The month's stage rules for one person, and the first offer of the coming
/// month for a searcher.
void month_end_transitions(TeamScope& t, std::uint32_t seat);
/// Starts near the steady state of the stages: the monthly rules iterated
/// for three years with the person's initial inputs (someone who leaves is
/// replaced by a content newcomer).
Stage warm_start(const Turnover& t, double contagion_hazard, const StageInputs& in, bool& reluctant,
                 rng::RandomStream& random);

/// A recruiter call: an offer in hand with some probability, else a shock.
void recruiter_call(TeamScope& t, std::uint32_t seat);
void on_offer(TeamScope& t, Incumbent person);
void on_offer_decision(TeamScope& t, Incumbent person);
void start_notice(TeamScope& t, std::uint32_t seat, TurnoverPath path);
void on_exit(TeamScope& t, Incumbent person);

/// Records a shock (in the shocks table, as output.shocks says).
void record_shock(TeamScope& t, std::uint32_t seat, ShockKind kind, Stage before);
/// A shock that moves a content or dissatisfied person to thinking of
/// quitting with probability p.
void jolt(TeamScope& t, std::uint32_t seat, ShockKind kind, double p, rng::RandomStream& random);

}  // namespace turnover

}  // namespace wfsim::workforce
