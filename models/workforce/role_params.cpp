#include "models/workforce/role_params.hpp"

#include <string>

namespace wfsim::workforce {

namespace {

/// One figure of every role: its declaration and per-role defaults.
struct RoleFigure {
  const char* key;
  double RoleParams::*member;
  const char* unit;
  double min;
  double max;
  const char* help;
  std::array<double, kRoles> defaults;
};

// Role order: product, ml, mlops, data, applied, research, ai_pm, prompt/eval.
// clang-format off
const RoleFigure kFigures[] = {
  {"experiment_rate", &RoleParams::experiment_rate, "1/month", 0, 100,
   "experiments started per month at full discretionary effort and leverage 1",
   {1.0, 2.5, 0.8, 1.0, 3.0, 4.0, 0.8, 3.0}},
  {"experiment_tokens", &RoleParams::experiment_tokens, "M tokens", 0.01, 1e6,
   "mean compute of one experiment (lognormal, sigma 1), in millions of tokens or equivalent",
   {2.0, 8.0, 4.0, 4.0, 12.0, 30.0, 1.5, 3.0}},
  {"core_tokens", &RoleParams::core_tokens, "M tokens/month", 0, 1e6,
   "in-role AI tool use per month at full access (assistants, agents), millions of tokens",
   {10.0, 15.0, 10.0, 10.0, 15.0, 20.0, 5.0, 15.0}},
  {"prototype_probability", &RoleParams::prototype_probability, "1", 0, 1,
   "chance an experiment becomes a prototype, for a mid-skill, fluent person at leverage 1",
   {0.15, 0.12, 0.15, 0.15, 0.08, 0.05, 0.15, 0.12}},
  {"ship_effort", &RoleParams::ship_effort, "platform-days", 0.01, 1000,
   "platform work needed to ship one of the role's prototypes",
   {1.5, 6.0, 4.0, 4.0, 8.0, 12.0, 1.5, 1.5}},
  {"feature_value", &RoleParams::feature_value, "$k", 0, 1e6,
   "mean value of a shipped feature (lognormal, sigma 0.8), scaled by skill and leverage",
   {60.0, 150.0, 80.0, 70.0, 250.0, 500.0, 60.0, 40.0}},
  {"core_value", &RoleParams::core_value, "$k/month", 0, 1e5,
   "value of in-role work per month at full effort, mid skill and leverage 1",
   {22.0, 25.0, 24.0, 21.0, 27.0, 30.0, 20.0, 16.0}},
  {"task_fit", &RoleParams::task_fit, "1", 0, 2,
   "how much of the role's work lies inside the AI tools' competence (scales leverage)",
   {1.0, 0.8, 0.8, 0.9, 0.7, 0.5, 1.0, 1.2}},
  {"market_salary", &RoleParams::market_salary, "$k/year", 1, 1e4,
   "market base salary before the AI premium (moves with market.wage_growth_per_year)",
   {160.0, 180.0, 175.0, 160.0, 195.0, 230.0, 170.0, 145.0}},
  {"ai_premium_weight", &RoleParams::ai_premium_weight, "1", 0, 5,
   "multiplier on the AI pay premium (0: the role earns none; 2: twice the market premium)",
   {0.0, 1.0, 1.0, 0.5, 1.2, 2.0, 0.3, 0.8}},
  {"time_to_fill_days", &RoleParams::time_to_fill_days, "days", 1, 1000,
   "mean time to fill a requisition in a normal market with an attractive employer",
   {58.0, 75.0, 75.0, 56.0, 90.0, 150.0, 50.0, 45.0}},
  {"ramp_months", &RoleParams::ramp_months, "months", 0, 36,
   "months for a new hire to reach full productivity",
   {4.0, 5.0, 4.0, 4.0, 5.0, 6.0, 3.0, 3.0}},
  {"fluency_mean", &RoleParams::fluency_mean, "1", 0, 1,
   "mean AI fluency (0-1) of people in the role at the start and when hired",
   {0.40, 0.65, 0.60, 0.45, 0.70, 0.75, 0.50, 0.70}},
  {"platform_share", &RoleParams::platform_share, "1", 0, 1,
   "share of working time the role gives to the shipping platform (productionising prototypes)",
   {0.0, 0.1, 0.8, 0.1, 0.0, 0.0, 0.0, 0.0}},
  {"platform_builder", &RoleParams::platform_builder, "1", 0, 1,
   "share of the role's platform work that builds and runs the production platform "
   "(deployment pipeline, monitoring, feature store); the rest only ships through it",
   {0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0}},
  {"demand", &RoleParams::demand, "1", 0, 10,
   "outside demand for the role relative to the market (ease of movement)",
   {1.0, 1.1, 1.1, 1.0, 1.15, 1.2, 1.0, 1.05}},
};
// clang-format on

}  // namespace

// NOLINTNEXTLINE(performance-unnecessary-value-param): a group is a small handle
void declare_roles(params::BoundGroup<Settings, RoleTable> roles) {
  // Figure by figure, every role: `wfsim params` lists each figure's roles
  // together.
  for (const RoleFigure& figure : kFigures) {
    for (std::size_t k = 0; k < kRoles; ++k) {
      auto role = roles.group(kRoleNames[k], [k](RoleTable& t) -> RoleParams& { return t[k]; });
      role.real(figure.key, figure.member, figure.defaults[k], figure.unit, figure.min, figure.max,
                figure.help);
    }
  }
}

}  // namespace wfsim::workforce
