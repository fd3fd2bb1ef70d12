#include "models/workforce/survey.hpp"

#include <algorithm>

#include "models/workforce/engagement.hpp"

namespace wfsim::workforce {

void Survey::declare(params::BoundGroup<Settings, Survey> p) {
  using S = Survey;
  p.integer("every_months", &S::every_months, 3, "months", 1, 120,
            "engagement survey cadence (quarterly by default)");
  p.real("response_base", &S::response_base, 0.7, "1", 0, 1, "response rate at engagement 0.5");
  p.real("response_slope", &S::response_slope, 0.6, "1", 0, 10,
         "extra response rate per unit of engagement (disengaged people answer less)");
  p.real("bias", &S::bias, 0.05, "1", -1, 1, "social-desirability bias of reported engagement");
  p.real("noise", &S::noise, 0.1, "1", 0, 1, "noise of one reported answer");
}

void EngagementCategories::declare(params::BoundGroup<Settings, EngagementCategories> p) {
  using S = EngagementCategories;
  p.real("engaged_above", &S::engaged_above, 0.65, "1", 0, 1,
         "engagement at or above which someone counts as engaged (Gallup categories)");
  p.real("disengaged_below", &S::disengaged_below, 0.35, "1", 0, 1,
         "engagement below which someone counts as actively disengaged");
}

bool responds(const Survey& s, double engagement, rng::RandomStream& random) {
  const double respond =
      std::clamp(s.response_base + s.response_slope * (engagement - 0.5), 0.02, 1.0);
  return random.bernoulli(respond);
}

double answer(const Survey& s, double engagement, rng::RandomStream& random) {
  return clamp01(engagement + s.bias + s.noise * random.normal());
}

}  // namespace wfsim::workforce
