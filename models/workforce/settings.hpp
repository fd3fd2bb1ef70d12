#pragma once
/// The workforce model's parameters: declared once in a table (type, default,
/// unit, range, help), read into plain structs for the simulation. Policy and
/// market parameters may change at given months (the `schedule` table); they
/// are resolved into one `Levers` value per month before a run starts.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/params/params.hpp"
#include "models/workforce/roles.hpp"

namespace wfsim::workforce {

/// Days in a month: the kernel's period.
inline constexpr double kDaysPerMonth = 365.25 / 12.0;

/// Per-role figures (`roles.<role>.*`).
struct RoleParams {
  double experiment_rate = 0;        // experiments per month at full discretionary effort
  double experiment_tokens = 0;      // mean compute per experiment, M tokens
  double core_tokens = 0;            // in-role AI use per month at full access, M tokens
  double prototype_probability = 0;  // P(experiment -> prototype) for a mid-skill, fluent person
  double ship_effort = 0;            // platform work to ship one prototype, in platform-days
  double feature_value = 0;          // mean value of a shipped feature, $k
  double core_value = 0;             // value of in-role work per month at full effort, $k
  double task_fit = 0;           // how much of the role's work lies inside the tools' competence
  double market_salary = 0;      // market base salary before any AI premium, $k / year
  double ai_premium_weight = 0;  // multiplier on the AI pay premium (0: not an AI role)
  double time_to_fill_days = 0;  // mean time to fill a requisition in a normal market
  double ramp_months = 0;        // months for a new hire to reach full productivity
  double fluency_mean = 0;       // mean AI fluency of people hired into the role
  double platform_share = 0;     // share of working time given to the shipping platform
  double demand = 0;             // outside demand for the role, relative to the market
};

enum class Rationing : std::uint8_t { Equal, NeedBased, Request, Merit };

/// The policy levers and the market, for one month.
struct Levers {
  // Compute / tokens
  double budget_per_head = 0;
  Rationing rationing = Rationing::Equal;
  double request_base_share = 0;
  double topup_tokens = 0;
  double frontier_models = 0;
  double price_per_million = 0;
  // Approvals
  int signoffs = 0;
  double sandbox_threshold = 0;
  double latency_days = 0;
  double manager_reviews_per_day = 0;
  double board_reviewers_per_100 = 0;
  double board_reviews_per_day = 0;
  double denial_rate = 0;
  double max_wait_days = 0;
  // Pay
  double band_position = 0;
  double org_ai_premium = 0;
  int refresh_months = 0;
  double refresh_max_raise = 0;
  // Upskilling
  double upskill_capacity_per_1000 = 0;
  double upskill_duration_weeks = 0;
  double upskill_fluency_gain = 0;
  double upskill_eligible_below = 0;
  double upskill_time_share = 0;
  // MLOps platform
  double platform_maturity_growth = 0;  // per year
  double features_per_fte_month = 0;
  double self_serve_per_100 = 0;
  double shelf_life_days = 0;
  // Hiring
  bool backfill = true;
  double time_to_fill_multiplier = 0;
  // Market
  double demand = 0;
  double ai_demand = 0;
  double market_ai_premium = 0;
  double wage_growth = 0;  // per year
  double poaching = 0;
  double outside_leverage = 0;
  double offer_premium = 0;
  double candidate_pay_sensitivity = 0;
  double candidate_leverage_sensitivity = 0;
};

/// Job demands-resources, effort and leverage (`behaviour.*`).
struct Behaviour {
  double engagement_mean = 0, engagement_sd = 0, disposition_drift = 0;
  double engagement_rate = 0, exhaustion_rate = 0, engagement_noise = 0;
  double demand_wait = 0, demand_starved = 0, demand_unshipped = 0, demand_denied = 0,
         demand_vacancy = 0;
  double resource_access = 0, resource_leverage = 0, resource_shipped = 0, resource_autonomy = 0,
         resource_training = 0;
  double demand_reference = 0, resource_reference = 0;
  double engagement_from_resources = 0, engagement_from_demands = 0, engagement_from_exhaustion = 0;
  double exhaustion_base = 0, exhaustion_from_demands = 0, exhaustion_from_resources = 0;
  double wait_reference_days = 0, unshipped_reference = 0, shipped_reference = 0;
  double autonomy_wait_reference_days = 0;
  double discretionary_low = 0, discretionary_high = 0;
  double in_role_floor = 0, exhaustion_output_cut = 0, discretionary_share = 0;
  double reluctant_effort_cut = 0, search_effort_cut = 0, notice_effort = 0;
  double leverage_novice_gain = 0, leverage_expert_gain = 0, leverage_reference = 0;
  double ramp_start = 0;
  double engaged_above = 0, disengaged_below = 0;
};

/// The staged turnover process (`turnover.*`).
struct Turnover {
  double push_midpoint = 0, push_steepness = 0, push_exhaustion = 0, push_pay = 0,
         push_leverage = 0, push_contagion = 0;
  double think_rate = 0, search_rate = 0, recover_rate = 0, embeddedness_hold = 0;
  double reluctant_ease_below = 0;
  double ease_base = 0;
  double offer_rate = 0, offer_decision_days = 0, search_ramp_months = 0;
  double accept_base = 0, accept_pay = 0, accept_leverage = 0, accept_push = 0,
         accept_embeddedness = 0;
  double personal_quit_rate = 0, burnout_quit_rate = 0, burnout_threshold = 0;
  double notice_days = 0;
  double recruiter_call_rate = 0, recruiter_offer_probability = 0;
  double shock_denied = 0, shock_budget_cut = 0, shock_manager_left = 0, shock_recruiter = 0;
  double embed_links = 0, embed_fit = 0, embed_sacrifice = 0, degree_reference = 0;
  double contagion_hazard = 0;
  double contagion_exit = 0, contagion_search = 0, contagion_visibility = 0, contagion_decay = 0,
         contagion_embeddedness_loss = 0;
};

struct Survey {
  int every_months = 0;
  double response_base = 0, response_slope = 0, bias = 0, noise = 0;
};

struct EarlyWarning {
  bool ewma = false;
  double threshold = 0, allowance = 0, ewma_lambda = 0, min_sd_fraction = 0;
  int baseline_months = 0;
  int warmup_reference_months = 0;
  double onset_drop = 0;
  int onset_persist_months = 0;
};

/// One row of `org.teams`.
struct TeamBlock {
  Archetype archetype = Archetype::Consumer;
  std::int64_t teams = 0;
  std::int64_t size = 0;
  std::array<std::int64_t, kRoles> counts{};  // for Custom
  std::int64_t division = -1;
  params::SourceLocation where;
};

/// One row of `hiring.plan`.
struct PlannedHire {
  int month = 1;
  Role role = Role::ProductEngineer;
  std::int64_t count = 0;
  bool new_team = false;
  std::int64_t division = 0;
  params::SourceLocation where;
};

struct OrgSpec {
  bool from_census = false;
  std::string census_file;  // resolved against the config's folder
  std::vector<TeamBlock> blocks;
  double scale = 1.0;
  std::int64_t division_size = 0;
  double cross_team_ties = 0;
  std::int64_t tie_locality = 0;
  double rewire_probability = 0;
  std::uint64_t structure_seed = 0;
  double manager_ic_share = 0;
  double tenure_mean_months = 0;
  double skill_mean = 0, skill_sd = 0;
  std::vector<PlannedHire> plan;
};

enum class ShockOutput : std::uint8_t { Jumps, All, None };

struct Settings {
  int months = 0;
  int warmup_months = 0;
  double handoff_days = 0;
  std::uint32_t blocks = 0;
  std::int64_t parallel_min_employees = 0;
  OrgSpec org;
  std::array<RoleParams, kRoles> roles{};
  std::vector<Levers> levers;  // [month], month 1..months; index 0 unused (copy of month 1)
  double initial_maturity = 0;
  Behaviour behaviour;
  Turnover turnover;
  Survey survey;
  EarlyWarning early_warning;
  ShockOutput shocks = ShockOutput::Jumps;
  int panel_every_months = 0;

  const Levers& levers_for_month(int month) const {
    const int m = month < 1 ? 1 : (month > months ? months : month);
    return levers[static_cast<std::size_t>(m)];
  }
};

/// Declares every parameter of the workforce model.
void declare_parameters(params::ParamRegistry& registry);

/// Reads and cross-checks the parameters; bad input throws params::ConfigError.
Settings read_settings(const params::ParamValues& values);

}  // namespace wfsim::workforce
