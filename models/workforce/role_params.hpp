#pragma once
/// The figures of each role (`roles.<role>.*`, ODD section 2 and the
/// calibration table of section 8). Each figure is used by one submodel;
/// the help text of its declaration says which.
#include <array>

#include "engine/params/binding.hpp"
#include "models/workforce/roles.hpp"

namespace wfsim::workforce {

struct Settings;

struct RoleParams {
  double experiment_rate;        // experiments per month at full discretionary effort (7.2)
  double experiment_tokens;      // mean compute per experiment, M tokens (7.3)
  double core_tokens;            // in-role AI use per month at full access, M tokens (7.4)
  double prototype_probability;  // P(experiment -> prototype), mid-skill, fluent (7.3)
  double ship_effort;            // platform work to ship one prototype, platform-days (7.5)
  double feature_value;          // mean value of a shipped feature, $k (7.3)
  double core_value;             // value of in-role work per month at full effort, $k (7.13)
  double task_fit;               // share of the work inside the tools' competence (7.1)
  double market_salary;          // market base salary before any AI premium, $k/year (7.11)
  double ai_premium_weight;      // multiplier on the AI pay premium; 0: not an AI role (7.11)
  double time_to_fill_days;      // mean time to fill in a normal market (7.9)
  double ramp_months;            // months for a new hire to reach full productivity (7.2)
  double fluency_mean;           // mean AI fluency of staff and hires (5)
  double platform_share;         // share of working time given to the platform (7.5)
  double platform_builder;       // share of that work that builds and runs the platform (7.5)
  double demand;                 // outside demand relative to the market (7.7)

  /// Compute needed per month for full access (7.4).
  double need() const { return core_tokens + experiment_rate * experiment_tokens; }
  /// The weight leverage gaps carry for the role: AI roles care, capped at 1.
  double leverage_weight() const { return ai_premium_weight < 1.0 ? ai_premium_weight : 1.0; }
};

using RoleTable = std::array<RoleParams, kRoles>;

/// Declares `roles.<role>.<figure>` for every role and figure.
void declare_roles(params::BoundGroup<Settings, RoleTable> roles);

}  // namespace wfsim::workforce
