#include "models/workforce/people.hpp"

#include <algorithm>

#include "models/workforce/calendar.hpp"
#include "models/workforce/contagion.hpp"
#include "models/workforce/engagement.hpp"
#include "models/workforce/organisation.hpp"
#include "models/workforce/pay.hpp"
#include "models/workforce/settings.hpp"

namespace wfsim::workforce {

std::int8_t rating_from_skill(double z) {
  if (z < -1.2816) return 1;
  if (z < -0.5244) return 2;
  if (z < 0.5244) return 3;
  if (z < 1.2816) return 4;
  return 5;
}

namespace {

/// Skill as the census gives it; else from a census rating (what HR knows;
/// skill follows it, with noise) or, without one, from the normal score like
/// a generated organisation's. A rating not given follows the skill.
void skill_from_census(const OrgSpec& o, std::int8_t given, double given_skill, double z,
                       Person& person, rng::RandomStream& random) {
  const double centre[6] = {0.0, -1.6, -0.9, 0.0, 0.9, 1.6};
  double score = given > 0 ? centre[given] + 0.4 * z : z;
  if (given_skill != kNotGiven) {
    person.skill = given_skill;
    if (given == 0) score = (given_skill - o.skill_mean) / std::max(o.skill_sd, 1e-9);
  } else {
    person.skill = std::clamp(o.skill_mean + o.skill_sd * score, 0.02, 0.98);
  }
  person.rating = given > 0 ? given : rating_from_skill(score + 0.5 * random.normal());
}

/// Skill and rating, id, and tenure (hires' are set on arrival).
void draw_background(const Settings& s, const Organisation& org, std::uint32_t seat,
                     const Arrival& arrival, Person& person, rng::RandomStream& random) {
  const OrgSpec& o = s.org;
  double z = random.normal();
  switch (arrival.origin) {
    case Origin::Census:
      person.id = org.census_id[seat];
      skill_from_census(o, org.census_rating[seat], org.census_skill[seat], z, person, random);
      person.hired_at = -org.census_tenure[seat] * kDaysPerMonth;
      return;
    case Origin::Generated:
      person.id = org.id_base + seat;
      break;
    case Origin::Hire:
      z += arrival.hire_quality / std::max(o.skill_sd, 1e-9);
      break;
  }
  person.skill = std::clamp(o.skill_mean + o.skill_sd * z, 0.02, 0.98);
  person.rating = rating_from_skill(z + 0.5 * random.normal());
  if (arrival.origin == Origin::Generated) {
    const double tenure = std::min(360.0, random.exponential(std::max(o.tenure_mean_months, 1e-9)));
    person.hired_at = -tenure * kDaysPerMonth;
  }
}

/// Salary and pay position. Initial staff are paid where the refreshes keep
/// them (the rating's target times their position); hires today's band times
/// theirs, below the target until their first refresh (salary compression);
/// a census gives the salary, and the position follows from it.
void draw_pay(const Organisation& org, std::uint32_t seat, const Arrival& arrival, Person& person,
              rng::RandomStream& random) {
  const double target = refresh_target(arrival.band, person.rating);
  switch (arrival.origin) {
    case Origin::Census:
      person.salary = org.census_salary[seat];
      person.pay_position = person.salary / target;
      return;
    case Origin::Generated:
      person.pay_position = random.lognormal(0.0, 0.05);
      person.salary = target * person.pay_position;
      return;
    case Origin::Hire:
      break;
  }
  person.pay_position = random.lognormal(0.0, 0.05);
  person.salary = arrival.band * person.pay_position;
}

}  // namespace

void draw_person(const Settings& s, const Organisation& org, std::uint32_t seat,
                 const Arrival& arrival, Person& person, rng::RandomStream& random) {
  const RoleParams& role = s.roles[static_cast<std::size_t>(person.role)];
  const Engagement& b = s.engagement;
  draw_background(s, org, seat, arrival, person, random);
  person.fluency = clamp01(random.normal(role.fluency_mean, 0.15));
  // Drawn even when the census gives it, so that the draws after it do not
  // depend on which cells are filled.
  if (arrival.origin == Origin::Census && org.census_fluency[seat] != kNotGiven) {
    person.fluency = org.census_fluency[seat];
  }
  draw_pay(org, seat, arrival, person, random);
  person.disposition = clamp01(random.normal(b.engagement_mean, b.engagement_sd));
  person.fit = clamp01(random.normal(0.5, kFitSd));
  const bool hire = arrival.origin == Origin::Hire;
  person.engagement = hire ? std::min(1.0, person.disposition + 0.05)  // a honeymoon
                           : person.disposition;
  person.exhaustion = b.exhaustion_base;
  person.stage = Stage::Content;
  if (hire) {
    person.pressure = 0.0;
    person.tie_loss = 0.0;
  } else {
    start_near_steady_state(s.contagion, static_cast<double>(org.degree[seat]), person);
  }
  // Nothing of the seat's previous incumbent carries over: not the last
  // exit of a tie they saw (contagion exposure), nor their month.
  person.last_tie_exit = -1e18;
  person.shipped_smooth = 0.0;
  person.budget = 0.0;
  person.topups = 0.0;
  person.reset_month();
  person.waiting = 0;
  person.effort_history.fill(0.0f);
}

}  // namespace wfsim::workforce
