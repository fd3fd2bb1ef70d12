#include "models/workforce/engagement.hpp"

#include "models/workforce/people.hpp"
#include "models/workforce/roles.hpp"

namespace wfsim::workforce {

void Engagement::declare(params::BoundGroup<Settings, Engagement> p) {
  using S = Engagement;
  p.real("engagement_mean", &S::engagement_mean, 0.547, "1", 0, 1,
         "mean dispositional engagement (the level in a reference environment)");
  p.real("engagement_sd", &S::engagement_sd, 0.2, "1", 0, 1, "spread of dispositional engagement");
  p.real("disposition_drift", &S::disposition_drift, 0.05, "1/month", 0, 1,
         "monthly pull of each person's dispositional engagement and fit back to the mean, with "
         "noise that keeps their spread (people change; without it, turnover would select ever "
         "more engaged and better-fitting survivors and the organisation would never settle)");
  p.real("engagement_rate", &S::engagement_rate, 0.1, "1/month", 0, 1,
         "share of the gap to the engagement target closed per month");
  p.real("exhaustion_rate", &S::exhaustion_rate, 0.3, "1/month", 0, 1,
         "share of the gap to the exhaustion target closed per month");
  p.real("engagement_noise", &S::engagement_noise, 0.03, "1", 0, 1,
         "monthly random change in engagement");
  p.real("demand_wait", &S::demand_wait, 0.5, "1", 0, 10,
         "weight of approval waiting among demands");
  p.real("demand_starved", &S::demand_starved, 0.6, "1", 0, 10,
         "weight of compute starvation among demands");
  p.real("demand_unshipped", &S::demand_unshipped, 1.0, "1", 0, 10,
         "weight of unshipped or abandoned prototypes among demands");
  p.real("demand_denied", &S::demand_denied, 0.3, "1", 0, 10,
         "weight of refused approvals among demands");
  p.real("demand_vacancy", &S::demand_vacancy, 0.6, "1", 0, 10,
         "weight of the team's vacancy rate (covering for missing colleagues) among demands");
  p.real("resource_access", &S::resource_access, 0.3, "1", 0, 10,
         "weight of compute access among resources");
  p.real("resource_leverage", &S::resource_leverage, 0.3, "1", 0, 10,
         "weight of AI leverage among resources");
  p.real("resource_shipped", &S::resource_shipped, 0.3, "1", 0, 10,
         "weight of shipped work among resources");
  p.real("resource_autonomy", &S::resource_autonomy, 0.3, "1", 0, 10,
         "weight of autonomy (freedom to experiment without sign-off) among resources");
  p.real("resource_training", &S::resource_training, 0.15, "1", 0, 10,
         "weight of being in the upskilling programme among resources");
  p.real("demand_reference", &S::demand_reference, 0.1, "1", 0, 10,
         "demands of the reference environment (neither raise nor lower engagement)");
  p.real("resource_reference", &S::resource_reference, 0.75, "1", 0, 10,
         "resources of the reference environment");
  p.real("engagement_from_resources", &S::engagement_from_resources, 0.35, "1", 0, 10,
         "engagement gained per unit of resources above the reference");
  p.real("engagement_from_demands", &S::engagement_from_demands, 0.3, "1", 0, 10,
         "engagement lost per unit of demands above the reference");
  p.real("engagement_from_exhaustion", &S::engagement_from_exhaustion, 0.3, "1", 0, 10,
         "engagement lost per unit of exhaustion above its base");
  p.real("exhaustion_base", &S::exhaustion_base, 0.25, "1", 0, 1,
         "exhaustion in the reference environment");
  p.real("exhaustion_from_demands", &S::exhaustion_from_demands, 0.6, "1", 0, 10,
         "exhaustion gained per unit of demands above the reference");
  p.real("exhaustion_from_resources", &S::exhaustion_from_resources, 0.2, "1", 0, 10,
         "exhaustion relieved per unit of resources above the reference");
  p.real("wait_reference_days", &S::wait_reference_days, 14, "days", 0.1, 365,
         "approval wait counted as one unit of the waiting demand");
  p.real("autonomy_wait_reference_days", &S::autonomy_wait_reference_days, 10, "days", 0.1, 365,
         "least sign-off delay at which an experiment that needs sign-off counts as no longer "
         "free (autonomy falls with the share gated times delay / this)");
  p.real("unshipped_reference", &S::unshipped_reference, 1, "prototypes", 0.1, 1000,
         "waiting or abandoned prototypes counted as one unit of the unshipped demand");
  p.real("shipped_reference", &S::shipped_reference, 0.5, "features/month", 0.01, 1000,
         "shipped features per month (smoothed) counted as one unit of the shipped resource");
  p.real("leverage_reference", &S::leverage_reference, 0.3, "1", 0.01, 10,
         "leverage gain counted as one unit of the leverage resource");
}

void Effort::declare(params::BoundGroup<Settings, Effort> p) {
  using S = Effort;
  p.real("discretionary_low", &S::discretionary_low, 0.25, "1", 0, 1,
         "engagement at or below which discretionary effort stops");
  p.real("discretionary_high", &S::discretionary_high, 0.6, "1", 0, 1,
         "engagement at or above which discretionary effort is full");
  p.real("in_role_floor", &S::in_role_floor, 0.2, "1", 0, 1,
         "engagement below which in-role effort falls too (withdrawal reaches core work last)");
  p.real("exhaustion_output_cut", &S::exhaustion_output_cut, 0.4, "1", 0, 1,
         "share of in-role output lost at full exhaustion");
  p.real("discretionary_share", &S::discretionary_share, 0.3, "1", 0, 1,
         "weight of discretionary effort in the reported effort");
  p.real("reluctant_effort_cut", &S::reluctant_effort_cut, 0.5, "1", 0, 1,
         "share of discretionary effort reluctant stayers withhold");
  p.real("search_effort_cut", &S::search_effort_cut, 0.3, "1", 0, 1,
         "share of discretionary effort people searching for a job withhold");
  p.real("notice_effort", &S::notice_effort, 0.3, "1", 0, 1,
         "discretionary effort kept during notice");
  p.real("ramp_start", &S::ramp_start, 0.3, "1", 0, 1, "productivity of a new hire on day one");
}

void update_engagement(const Engagement& b, Person& person, double demand, double resource,
                       rng::RandomStream& random) {
  person.exhaustion +=
      b.exhaustion_rate * (exhaustion_target(b, demand, resource) - person.exhaustion);
  person.engagement = clamp01(person.engagement +
                              b.engagement_rate * (engagement_target(b, person.disposition, demand,
                                                                     resource, person.exhaustion) -
                                                   person.engagement) +
                              b.engagement_noise * unit_noise(random));
}

void update_effort(const Effort& e, Person& person) {
  double d = discretionary_effort(e, person.engagement);
  if (person.has(kReluctant)) d *= 1.0 - e.reluctant_effort_cut;
  if (person.stage == Stage::Searching || person.stage == Stage::HoldingOffer) {
    d *= 1.0 - e.search_effort_cut;
  }
  if (person.stage == Stage::Notice) d *= e.notice_effort;
  person.discretionary = d;
  person.in_role = in_role_effort(e, person.engagement, person.exhaustion);
  person.effort = e.discretionary_share * d + (1.0 - e.discretionary_share) * person.in_role;
}

}  // namespace wfsim::workforce
