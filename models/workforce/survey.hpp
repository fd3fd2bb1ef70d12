#pragma once
/// The engagement survey (ODD 7.14) and the Gallup categories of engagement.
#include "engine/params/binding.hpp"
#include "engine/rng/random_stream.hpp"

namespace wfsim::workforce {

struct Settings;

/// `survey.*`
struct Survey {
  int every_months;
  double response_base, response_slope, bias, noise;

  static void declare(params::BoundGroup<Settings, Survey> p);
};

/// `behaviour.engaged_above`, `behaviour.disengaged_below` (Gallup).
struct EngagementCategories {
  double engaged_above;
  double disengaged_below;

  static void declare(params::BoundGroup<Settings, EngagementCategories> p);
};

/// Whether someone of this engagement answers the survey; disengaged people
/// answer less often.
bool responds(const Survey& s, double engagement, rng::RandomStream& random);
/// The answer: biased upwards (social desirability) and noisy.
double answer(const Survey& s, double engagement, rng::RandomStream& random);

}  // namespace wfsim::workforce
