#pragma once
/// The workforce model's settings: every parameter, declared once by the
/// submodel that uses it (bound to its member there), gathered here. The
/// levers and the market may change at given months (the `schedule` table);
/// they are resolved into one Policy per month before a run starts.
#include <cstdint>
#include <vector>

#include "engine/params/params.hpp"
#include "models/workforce/cohorts.hpp"
#include "models/workforce/contagion.hpp"
#include "models/workforce/early_warning.hpp"
#include "models/workforce/engagement.hpp"
#include "models/workforce/leverage.hpp"
#include "models/workforce/organisation.hpp"
#include "models/workforce/outputs.hpp"
#include "models/workforce/policy.hpp"
#include "models/workforce/research.hpp"
#include "models/workforce/role_params.hpp"
#include "models/workforce/survey.hpp"
#include "models/workforce/turnover.hpp"

namespace wfsim::workforce {

/// `simulation.*`
struct RunSettings {
  int months;
  int warmup_months;
  int history_months;   // each seat's past lived before the warm-up (generated organisations)
  double handoff_days;  // the kernel's lookahead
  std::uint32_t blocks;
  std::int64_t parallel_min_employees;

  static void declare(params::BoundGroup<Settings, RunSettings> p);
};

struct Settings {
  RunSettings run;
  OrgSpec org;
  Cohorts cohorts;  // guild.members, training.targets
  Leaders leaders;
  Research research;
  RoleTable roles;
  double initial_maturity;  // policy.mlops.initial_maturity: fixed, not scheduled
  LeverageParams leverage;
  Engagement engagement;
  Effort effort;
  Turnover turnover;
  Contagion contagion;
  Survey survey;
  EngagementCategories categories;
  EarlyWarningSpec early_warning;
  OutputOptions output;
  /// The levers and the market in force in each reported month 1..months;
  /// [0] repeats month 1 (the warm-up runs under month 1's policies).
  std::vector<Policy> policy;

  const Policy& policy_for_month(int month) const {
    const int m = month < 1 ? 1 : (month > run.months ? run.months : month);
    return policy[static_cast<std::size_t>(m)];
  }
};

/// Every parameter of the workforce model.
const params::ParamRegistry& parameter_registry();

/// Reads and cross-checks the parameters; bad input throws params::ConfigError.
Settings read_settings(const params::ParamValues& values);

}  // namespace wfsim::workforce
