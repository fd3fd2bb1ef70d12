#pragma once
/// Engagement, exhaustion and effort (ODD 7.6): job demands and resources
/// move exhaustion and engagement each month; disengagement cuts
/// discretionary effort first, exhaustion cuts in-role output.
#include <algorithm>
#include <cmath>

#include "engine/params/binding.hpp"
#include "engine/rng/random_stream.hpp"
#include "models/workforce/people.hpp"

namespace wfsim::workforce {

struct Settings;

inline double clamp01(double x) {
  return std::clamp(x, 0.0, 1.0);
}
/// 3x^2 - 2x^3 on [0, 1]: a smooth step from 0 to 1.
inline double smoothstep(double x) {
  x = clamp01(x);
  return x * x * (3.0 - 2.0 * x);
}
/// Zero-mean, unit-variance noise for the monthly drifts: uniform, because
/// one draw is far cheaper than a normal one and a month's shock is summed
/// over many months anyway.
inline double unit_noise(rng::RandomStream& random) {
  return (2.0 * random.uniform() - 1.0) * 1.7320508075688772;
}
/// Spread of person-organisation fit around 0.5.
inline constexpr double kFitSd = 0.25;

/// The job demands-resources part of `behaviour.*`.
struct Engagement {
  double engagement_mean, engagement_sd, disposition_drift;
  double engagement_rate, exhaustion_rate, engagement_noise;
  double demand_wait, demand_starved, demand_unshipped, demand_denied, demand_vacancy;
  double resource_access, resource_leverage, resource_shipped, resource_autonomy, resource_training;
  double demand_reference, resource_reference;
  double engagement_from_resources, engagement_from_demands, engagement_from_exhaustion;
  double exhaustion_base, exhaustion_from_demands, exhaustion_from_resources;
  double wait_reference_days, unshipped_reference, shipped_reference;
  double autonomy_wait_reference_days;
  double leverage_reference;
  /// Derived once from disposition_drift when settings are read: the spread
  /// sqrt(d (2 - d)) that keeps the drifting traits' variance stationary.
  double drift_spread = 0.0;

  static void declare(params::BoundGroup<Settings, Engagement> p);
};

/// The effort part of `behaviour.*`.
struct Effort {
  double discretionary_low, discretionary_high;
  double in_role_floor, exhaustion_output_cut, discretionary_share;
  double reluctant_effort_cut, search_effort_cut, notice_effort;
  double ramp_start;  // productivity of a new hire on day one

  static void declare(params::BoundGroup<Settings, Effort> p);
};

/// The job's demands this month.
struct DemandSignals {
  double wait_days = 0;      // mean approval wait of this month's decisions
  double starved_share = 0;  // share of experiment attempts blocked for lack of compute
  double unshipped = 0;      // own prototypes waiting at month end + 2 x abandoned this month
  double denied = 0;         // refused or withdrawn approvals this month
  double vacancy_rate = 0;   // the team's open seats / seats
};

/// The job's resources this month.
struct ResourceSignals {
  double access = 0;          // compute budget / need, capped at 1
  double leverage = 1;        // L
  double shipped_smooth = 0;  // features shipped per month, smoothed
  double autonomy = 0;        // share of experiments free of sign-offs (expected)
  bool training = false;      // in the upskilling programme
};

inline double demands(const Engagement& b, const DemandSignals& s) {
  return b.demand_wait * std::min(2.0, s.wait_days / b.wait_reference_days) +
         b.demand_starved * clamp01(s.starved_share) +
         b.demand_unshipped * std::min(1.5, s.unshipped / b.unshipped_reference) +
         b.demand_denied * std::min(1.0, s.denied) + b.demand_vacancy * clamp01(s.vacancy_rate);
}

inline double resources(const Engagement& b, const ResourceSignals& s) {
  return b.resource_access * clamp01(s.access) +
         b.resource_leverage * std::clamp((s.leverage - 1.0) / b.leverage_reference, -1.0, 1.5) +
         b.resource_shipped * std::min(1.0, s.shipped_smooth / b.shipped_reference) +
         b.resource_autonomy * clamp01(s.autonomy) + (s.training ? b.resource_training : 0.0);
}

/// Targets the latent state moves towards: exhaustion rises with demands
/// above the reference environment's and is relieved by resources;
/// engagement rises with resources and falls with demands and exhaustion.
inline double exhaustion_target(const Engagement& b, double demand, double resource) {
  return clamp01(b.exhaustion_base + b.exhaustion_from_demands * (demand - b.demand_reference) -
                 b.exhaustion_from_resources * (resource - b.resource_reference));
}

inline double engagement_target(const Engagement& b, double disposition, double demand,
                                double resource, double exhaustion) {
  return clamp01(disposition + b.engagement_from_resources * (resource - b.resource_reference) -
                 b.engagement_from_demands * (demand - b.demand_reference) -
                 b.engagement_from_exhaustion * std::max(0.0, exhaustion - b.exhaustion_base));
}

/// Discretionary effort D (experiments, prototypes, going beyond the role):
/// full above discretionary_high engagement, none below discretionary_low.
inline double discretionary_effort(const Effort& e, double engagement) {
  return smoothstep((engagement - e.discretionary_low) /
                    (e.discretionary_high - e.discretionary_low));
}

/// In-role effort R: cut by exhaustion, and by disengagement only once
/// engagement is below in_role_floor (withdrawal reaches core work last).
inline double in_role_effort(const Effort& e, double engagement, double exhaustion) {
  const double withdrawal = engagement >= e.in_role_floor || e.in_role_floor <= 0.0
                                ? 1.0
                                : 0.6 + 0.4 * std::max(0.0, engagement) / e.in_role_floor;
  return (1.0 - e.exhaustion_output_cut * clamp01(exhaustion)) * withdrawal;
}

/// A new hire's productivity: from ramp_start on day one to full after
/// ramp_months.
inline double ramp(const Effort& e, double ramp_months, double tenure_months) {
  if (ramp_months <= 0.0) return 1.0;
  return std::min(1.0, e.ramp_start + (1.0 - e.ramp_start) * tenure_months / ramp_months);
}

/// Disposition and fit drift towards their means, with noise that keeps
/// their spread (people change; without it, turnover would select ever more
/// engaged and better-fitting survivors and the organisation would never
/// settle).
// Inline for the same reason as step_stage: every person, every month.
inline void drift_disposition(const Engagement& b, Person& person, rng::RandomStream& random) {
  if (b.disposition_drift <= 0.0) return;
  const double drift = b.disposition_drift;
  const double spread = b.drift_spread;
  person.disposition =
      clamp01(person.disposition + drift * (b.engagement_mean - person.disposition) +
              b.engagement_sd * spread * unit_noise(random));
  person.fit =
      clamp01(person.fit + drift * (0.5 - person.fit) + kFitSd * spread * unit_noise(random));
}

/// One month of the job demands-resources dynamics.
void update_engagement(const Engagement& b, Person& person, double demand, double resource,
                       rng::RandomStream& random);

/// Effort for the coming month, from engagement, exhaustion and the turnover
/// stage (reluctant stayers, searchers and people on notice hold back).
void update_effort(const Effort& e, Person& person);

}  // namespace wfsim::workforce
