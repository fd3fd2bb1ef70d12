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

/// Disposition, fit and the latent state they start from.
void draw_disposition(const Engagement& b, Person& person, rng::RandomStream& random) {
  person.disposition = clamp01(random.normal(b.engagement_mean, b.engagement_sd));
  person.fit = clamp01(random.normal(0.5, kFitSd));
}

/// Skill from a census rating (what HR knows; skill follows it, with noise)
/// or, without one, from the normal score like a generated organisation's.
void skill_from_census(const Settings& s, std::int8_t given, double z, Person& person,
                       rng::RandomStream& random) {
  const double centre[6] = {0.0, -1.6, -0.9, 0.0, 0.9, 1.6};
  const double score = given > 0 ? centre[given] + 0.4 * z : z;
  person.skill = std::clamp(s.org.skill_mean + s.org.skill_sd * score, 0.02, 0.98);
  person.rating = given > 0 ? given : rating_from_skill(score + 0.5 * random.normal());
}

}  // namespace

void place_initial(const Settings& s, const Organisation& org, std::uint32_t seat, double band,
                   Person& person, rng::RandomStream& random) {
  const RoleParams& role = s.roles[static_cast<std::size_t>(person.role)];
  const OrgSpec& o = s.org;
  person.present = true;
  person.generation = 0;
  const double z = random.normal();
  if (org.from_census) {
    person.id = org.census_id[seat];
    skill_from_census(s, org.census_rating[seat], z, person, random);
    person.hired_at = -org.census_tenure[seat] * kDaysPerMonth;
    person.salary = org.census_salary[seat];
  } else {
    person.id = org.id_base + seat;
    person.skill = std::clamp(o.skill_mean + o.skill_sd * z, 0.02, 0.98);
    person.rating = rating_from_skill(z + 0.5 * random.normal());
    const double tenure = std::min(360.0, random.exponential(std::max(o.tenure_mean_months, 1e-9)));
    person.hired_at = -tenure * kDaysPerMonth;
    // Pay: where the yearly refreshes keep it, with individual spread.
    person.salary = refresh_target(band, person.rating) * random.lognormal(0.0, 0.05);
  }
  person.fluency = clamp01(random.normal(role.fluency_mean, 0.15));
  draw_disposition(s.engagement, person, random);
  person.engagement = person.disposition;
  person.exhaustion = s.engagement.exhaustion_base;
  start_near_steady_state(s.contagion, static_cast<double>(org.degree[seat]), person);
  person.stage = Stage::Content;
  person.effort_history.fill(0.0f);
}

void draw_hire(const Settings& s, const RoleParams& role, double hire_quality, double band,
               Person& person, rng::RandomStream& random) {
  const OrgSpec& o = s.org;
  const double z = random.normal() + hire_quality / std::max(o.skill_sd, 1e-9);
  person.skill = std::clamp(o.skill_mean + o.skill_sd * z, 0.02, 0.98);
  person.rating = rating_from_skill(z + 0.5 * random.normal());
  person.fluency = clamp01(random.normal(role.fluency_mean, 0.15));
  person.salary = band * random.lognormal(0.0, 0.05);
  draw_disposition(s.engagement, person, random);
  person.engagement = std::min(1.0, person.disposition + 0.05);  // a honeymoon
  person.exhaustion = s.engagement.exhaustion_base;
  person.stage = Stage::Content;
  person.pressure = 0.0;
  person.tie_loss = 0.0;
  person.shipped_smooth = 0.0;
  person.budget = 0.0;
  person.topups = 0.0;
  person.reset_month();
  person.waiting = 0;
}

}  // namespace wfsim::workforce
