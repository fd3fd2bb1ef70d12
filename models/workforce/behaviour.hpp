#pragma once
/// The behavioural equations of the workforce model, as pure functions. Each
/// is documented with its equation in docs/model/ODD.md (section 7); the
/// simulation calls them from its event handlers and month-end updates.
#include <algorithm>
#include <cmath>

#include "models/workforce/settings.hpp"

namespace wfsim::workforce {

inline double clamp01(double x) {
  return std::clamp(x, 0.0, 1.0);
}
inline double logistic(double x) {
  return 1.0 / (1.0 + std::exp(-x));
}
/// 3x^2 - 2x^3 on [0, 1]: a smooth step from 0 to 1.
inline double smoothstep(double x) {
  x = clamp01(x);
  return x * x * (3.0 - 2.0 * x);
}
/// Probability of at least one event of a Poisson process of `rate` over
/// `duration` (a monthly hazard turned into a probability).
inline double hazard_probability(double rate, double duration = 1.0) {
  return rate <= 0.0 ? 0.0 : 1.0 - std::exp(-rate * duration);
}

/// Leverage L: the output multiplier AI tools give. The gain falls with
/// skill, from the novice gain to the expert gain (Brynjolfsson, Li and
/// Raymond: +34 % novices, about 0 for top performers; METR: experts can be
/// slower on familiar work), and needs fluency, compute access, model
/// quality and tasks inside the tools' competence.
inline double leverage(const Behaviour& b, double frontier, double access, double fluency,
                       double task_fit, double skill) {
  const double gain = b.leverage_novice_gain * (1.0 - skill) + b.leverage_expert_gain * skill;
  return std::max(0.1, 1.0 + frontier * access * fluency * task_fit * gain);
}

/// Discretionary effort D (experiments, prototypes, going beyond the role):
/// full above discretionary_high engagement, none below discretionary_low.
inline double discretionary_effort(const Behaviour& b, double engagement) {
  return smoothstep((engagement - b.discretionary_low) /
                    (b.discretionary_high - b.discretionary_low));
}

/// In-role effort R: cut by exhaustion, and by disengagement only once
/// engagement is below in_role_floor (withdrawal reaches core work last).
inline double in_role_effort(const Behaviour& b, double engagement, double exhaustion) {
  const double withdrawal = engagement >= b.in_role_floor || b.in_role_floor <= 0.0
                                ? 1.0
                                : 0.6 + 0.4 * std::max(0.0, engagement) / b.in_role_floor;
  return (1.0 - b.exhaustion_output_cut * clamp01(exhaustion)) * withdrawal;
}

/// The job's demands this month (job demands-resources model).
struct DemandSignals {
  double wait_days = 0;      // mean approval wait of this month's decisions
  double starved_share = 0;  // share of experiment attempts blocked for lack of compute
  double unshipped = 0;      // own prototypes waiting at month end + 2 x abandoned this month
  double denied = 0;         // refused or withdrawn approvals this month
  double vacancy_rate = 0;   // the team's open seats / seats
};

inline double demands(const Behaviour& b, const DemandSignals& s) {
  return b.demand_wait * std::min(2.0, s.wait_days / b.wait_reference_days) +
         b.demand_starved * clamp01(s.starved_share) +
         b.demand_unshipped * std::min(1.5, s.unshipped / b.unshipped_reference) +
         b.demand_denied * std::min(1.0, s.denied) + b.demand_vacancy * clamp01(s.vacancy_rate);
}

/// The job's resources this month.
struct ResourceSignals {
  double access = 0;          // compute budget / need, capped at 1
  double leverage = 1;        // L
  double shipped_smooth = 0;  // features shipped per month, smoothed
  double autonomy = 0;        // share of experiments free of sign-offs (expected)
  bool training = false;      // in the upskilling programme
};

inline double resources(const Behaviour& b, const ResourceSignals& s) {
  return b.resource_access * clamp01(s.access) +
         b.resource_leverage * std::clamp((s.leverage - 1.0) / b.leverage_reference, -1.0, 1.5) +
         b.resource_shipped * std::min(1.0, s.shipped_smooth / b.shipped_reference) +
         b.resource_autonomy * clamp01(s.autonomy) + (s.training ? b.resource_training : 0.0);
}

/// Targets the latent state moves towards: exhaustion rises with demands
/// above the reference environment's and is relieved by resources;
/// engagement rises with resources and falls with demands and exhaustion.
inline double exhaustion_target(const Behaviour& b, double demand, double resource) {
  return clamp01(b.exhaustion_base + b.exhaustion_from_demands * (demand - b.demand_reference) -
                 b.exhaustion_from_resources * (resource - b.resource_reference));
}

inline double engagement_target(const Behaviour& b, double disposition, double demand,
                                double resource, double exhaustion) {
  return clamp01(disposition + b.engagement_from_resources * (resource - b.resource_reference) -
                 b.engagement_from_demands * (demand - b.demand_reference) -
                 b.engagement_from_exhaustion * std::max(0.0, exhaustion - b.exhaustion_base));
}

/// Working leverage W: how much of their potential someone can use here
/// (compute access x model quality x freedom from sign-offs x the share of
/// work that ships). Outside employers offer market.outside_leverage.
inline double working_leverage(double access, double frontier, double autonomy,
                               double unshipped_share) {
  return clamp01(access) * clamp01(frontier) * clamp01(autonomy) *
         (1.0 - 0.5 * clamp01(unshipped_share));
}

/// Push to leave u in (0, 1): perceived desirability of movement.
inline double push(const Turnover& t, const Behaviour& b, double engagement, double exhaustion,
                   double pay_ratio, double ai_weight, double outside_leverage,
                   double work_leverage, double pressure) {
  const double pay_gap = std::clamp(1.0 - pay_ratio, -0.3, 0.5);
  const double leverage_gap = ai_weight * std::max(0.0, outside_leverage - work_leverage);
  const double score = t.push_midpoint - engagement +
                       t.push_exhaustion * std::max(0.0, exhaustion - b.exhaustion_base) +
                       t.push_pay * pay_gap + t.push_leverage * leverage_gap +
                       t.push_contagion * pressure;
  return logistic(t.push_steepness * score);
}

/// Ease of movement in [0, 1]: outside demand for the role, skill and
/// visible output.
inline double ease_of_movement(const Turnover& t, double role_demand, double skill,
                               double visibility) {
  return clamp01(t.ease_base * role_demand * (0.6 + 0.8 * skill) *
                 (1.0 + 0.3 * clamp01(visibility)));
}

/// Embeddedness in [0, 1]: links (ties, strengthening over the first year),
/// fit, and sacrifice (tenure, pay above market), less recent losses.
inline double embeddedness(const Turnover& t, double degree, double tenure_months, double fit,
                           double pay_ratio, double tie_loss) {
  const double links =
      std::min(1.0, degree / t.degree_reference) * std::min(1.0, tenure_months / 12.0);
  const double sacrifice =
      std::min(1.0, tenure_months / 48.0) * std::clamp(pay_ratio, 0.5, 1.5) / 1.5;
  return clamp01(t.embed_links * links + t.embed_fit * fit + t.embed_sacrifice * sacrifice -
                 tie_loss);
}

/// Probability of accepting an outside offer.
inline double accept_probability(const Turnover& t, double offer_pay_ratio, double ai_weight,
                                 double outside_leverage, double work_leverage, double push_u,
                                 double embedded) {
  const double x = t.accept_base + t.accept_pay * (offer_pay_ratio - 1.0) / 0.1 +
                   t.accept_leverage * ai_weight * (outside_leverage - work_leverage) +
                   t.accept_push * (push_u - 0.5) - t.accept_embeddedness * embedded;
  return logistic(x);
}

/// P(cost > threshold) for an experiment cost drawn lognormal with the
/// given mean and log-sd: the share of experiments that need sign-off.
inline double share_above(double mean, double sigma, double threshold) {
  if (threshold <= 0.0) return 1.0;
  const double mu = std::log(mean) - 0.5 * sigma * sigma;
  return 0.5 * std::erfc((std::log(threshold) - mu) / (sigma * std::sqrt(2.0)));
}

}  // namespace wfsim::workforce
