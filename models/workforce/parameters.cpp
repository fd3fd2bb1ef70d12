/// The workforce model's parameter table and its reading into Settings.
/// Defaults, units and sources are documented in docs/model/ODD.md; the help
/// text here is what `wfsim params workforce` prints.
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <set>

#include "engine/params/yaml_source.hpp"
#include "models/workforce/settings.hpp"

namespace wfsim::workforce {

namespace {

using params::ParamRegistry;
using params::ParamSpec;
using params::ParamType;
using params::ParamValues;
using params::Scalar;
using params::Table;

constexpr double kInf = std::numeric_limits<double>::infinity();

/// Defaults per role, in role order: see the table in docs/model/ODD.md.
struct RoleDefault {
  const char* field;
  const char* unit;
  double min;
  double max;
  const char* help;
  std::array<double, kRoles> values;
};

// clang-format off
const RoleDefault kRoleDefaults[] = {
  // product, ml, mlops, data, applied, research, ai_pm, prompt/eval
  {"experiment_rate", "1/month", 0, 100,
   "experiments started per month at full discretionary effort and leverage 1",
   {1.0, 2.5, 0.8, 1.0, 3.0, 4.0, 0.8, 3.0}},
  {"experiment_tokens", "M tokens", 0.01, 1e6,
   "mean compute of one experiment (lognormal, sigma 1), in millions of tokens or equivalent",
   {2.0, 8.0, 4.0, 4.0, 12.0, 30.0, 1.5, 3.0}},
  {"core_tokens", "M tokens/month", 0, 1e6,
   "in-role AI tool use per month at full access (assistants, agents), millions of tokens",
   {10.0, 15.0, 10.0, 10.0, 15.0, 20.0, 5.0, 15.0}},
  {"prototype_probability", "1", 0, 1,
   "chance an experiment becomes a prototype, for a mid-skill, fluent person at leverage 1",
   {0.15, 0.12, 0.15, 0.15, 0.08, 0.05, 0.15, 0.12}},
  {"ship_effort", "platform-days", 0.01, 1000,
   "platform work needed to ship one of the role's prototypes",
   {1.5, 6.0, 4.0, 4.0, 8.0, 12.0, 1.5, 1.5}},
  {"feature_value", "$k", 0, 1e6,
   "mean value of a shipped feature (lognormal, sigma 0.8), scaled by skill and leverage",
   {60.0, 150.0, 80.0, 70.0, 250.0, 500.0, 60.0, 40.0}},
  {"core_value", "$k/month", 0, 1e5,
   "value of in-role work per month at full effort, mid skill and leverage 1",
   {22.0, 25.0, 24.0, 21.0, 27.0, 30.0, 20.0, 16.0}},
  {"task_fit", "1", 0, 2,
   "how much of the role's work lies inside the AI tools' competence (scales leverage)",
   {1.0, 0.8, 0.8, 0.9, 0.7, 0.5, 1.0, 1.2}},
  {"market_salary", "$k/year", 1, 1e4,
   "market base salary before the AI premium (moves with market.wage_growth_per_year)",
   {160.0, 180.0, 175.0, 160.0, 195.0, 230.0, 170.0, 145.0}},
  {"ai_premium_weight", "1", 0, 5,
   "multiplier on the AI pay premium (0: the role earns none; 2: twice the market premium)",
   {0.0, 1.0, 1.0, 0.5, 1.2, 2.0, 0.3, 0.8}},
  {"time_to_fill_days", "days", 1, 1000,
   "mean time to fill a requisition in a normal market with an attractive employer",
   {58.0, 75.0, 75.0, 56.0, 90.0, 150.0, 50.0, 45.0}},
  {"ramp_months", "months", 0, 36, "months for a new hire to reach full productivity",
   {4.0, 5.0, 4.0, 4.0, 5.0, 6.0, 3.0, 3.0}},
  {"fluency_mean", "1", 0, 1, "mean AI fluency (0-1) of people in the role at the start and when hired",
   {0.40, 0.65, 0.60, 0.45, 0.70, 0.75, 0.50, 0.70}},
  {"platform_share", "1", 0, 1,
   "share of working time the role gives to the shipping platform (productionising prototypes)",
   {0.0, 0.1, 0.8, 0.1, 0.0, 0.0, 0.0, 0.0}},
  {"demand", "1", 0, 10, "outside demand for the role relative to the market (ease of movement)",
   {1.0, 1.1, 1.1, 1.0, 1.15, 1.2, 1.0, 1.05}},
};
// clang-format on

ParamSpec column(std::string name, ParamType type, params::Value default_value, std::string unit,
                 double min, double max, std::string help, std::vector<std::string> choices = {}) {
  ParamSpec spec;
  spec.path = std::move(name);
  spec.type = type;
  spec.default_value = std::move(default_value);
  spec.unit = std::move(unit);
  spec.min = min;
  spec.max = max;
  spec.help = std::move(help);
  spec.choices = std::move(choices);
  return spec;
}

ParamSpec required_column(std::string name, ParamType type, std::string unit, double min,
                          double max, std::string help, std::vector<std::string> choices = {}) {
  ParamSpec spec = column(std::move(name), type, std::int64_t{0}, std::move(unit), min, max,
                          std::move(help), std::move(choices));
  spec.default_value.reset();
  return spec;
}

Table default_teams() {
  // A typical enterprise technical organisation of 1,000: mostly consumers
  // of vendor APIs, a fine-tuning group, and a small applied research group.
  Table table;
  auto row = [&](const char* archetype, std::int64_t teams) {
    std::vector<Scalar> cells = {std::string(archetype), teams, std::int64_t{10}, std::int64_t{-1}};
    for (std::size_t r = 0; r < kRoles; ++r)
      cells.emplace_back(std::int64_t{0});
    table.rows.push_back(std::move(cells));
  };
  row("consumer", 70);
  row("fine_tuner", 25);
  row("trainer", 5);
  return table;
}

}  // namespace

void declare_parameters(ParamRegistry& r) {
  // --- simulation -----------------------------------------------------------
  r.integer("simulation.months", 36, "months", 1, 600, "months simulated");
  r.integer("simulation.warmup_months", 12, "months", 0, 120,
            "months simulated before month 1 under month 1's policies and not reported, so "
            "stages, queues and backlogs start near their steady state");
  r.real("simulation.handoff_delay_days", 1.0, "days", 0.01, 30,
         "least delay of any hand-off between units (team, approval board, platform, market); "
         "the kernel's lookahead");
  r.integer("simulation.blocks", 0, "1", 0, 1 << 24,
            "LP blocks for the parallel kernel; 0 picks one from the thread count (results never "
            "depend on it)");
  r.integer("simulation.parallel_min_employees", 5000, "employees", 0, 1'000'000'000,
            "organisations at least this large run each replication on every thread; smaller ones "
            "run one replication per thread");

  // --- organisation ---------------------------------------------------------
  r.choice("org.source", "generate", {"generate", "census"},
           "generate the organisation from org.teams, or load it from org.census_file");
  r.text("org.census_file", "",
         "census CSV (employee_id, role, team, manager_id, salary, tenure_months, optional "
         "performance and division), relative to the config's folder");
  {
    std::vector<ParamSpec> columns = {
        required_column("archetype", ParamType::Choice, "", -kInf, kInf,
                        "staffing archetype of these teams, or custom role counts",
                        labels(kArchetypeNames)),
        required_column("teams", ParamType::Integer, "teams", 0, 1e7, "number of such teams"),
        column("size", ParamType::Integer, std::int64_t{10}, "people", 1, 10000,
               "people per team (archetypes); custom teams use the role counts"),
        column("division", ParamType::Integer, std::int64_t{-1}, "1", -1, 1e6,
               "division index; -1 packs teams into divisions of org.division_size"),
    };
    for (std::size_t k = 0; k < kRoles; ++k) {
      columns.push_back(column(std::string(kRoleNames[k]), ParamType::Integer, std::int64_t{0},
                               "people", 0, 10000, "people in this role per custom team"));
    }
    ParamSpec& teams =
        r.table("org.teams", columns,
                "the teams of a generated organisation: archetype (consumer, fine_tuner, trainer) "
                "and size, or custom role counts");
    teams.default_value = default_teams();
  }
  r.real("org.scale", 1.0, "1", 1e-3, 1e5,
         "multiplies the team counts of org.teams (rounded), to scale an organisation");
  r.integer("org.division_size", 1000, "employees", 1, 100'000'000,
            "employees per division when teams are packed automatically; each division has its "
            "own approval board and platform");
  r.real("org.cross_team_ties", 4.0, "ties/person", 0, 100,
         "mean cross-team ties per employee (small-world network)");
  r.integer("org.tie_locality", 3, "teams", 1, 1000,
            "local cross-team ties go to teams up to this many places away in the team ring");
  r.real("org.rewire_probability", 0.1, "1", 0, 1,
         "share of cross-team ties rewired to a random employee anywhere (Watts-Strogatz)");
  r.integer("org.structure_seed", 1, "1", 0, std::numeric_limits<std::int64_t>::max(),
            "seed of the organisation's structure (teams, roles, network), fixed across "
            "replications");
  r.real("org.manager_ic_share", 0.3, "1", 0, 1,
         "share of a team manager's time spent on individual work");
  r.real("org.tenure_mean_months", 60, "months", 0, 600,
         "mean tenure of the initial staff of a generated organisation (exponential)");
  r.real("org.skill_mean", 0.5, "1", 0, 1, "mean skill (0-1) of staff and hires");
  r.real("org.skill_sd", 0.2, "1", 0, 1, "spread of skill");

  // --- roles ----------------------------------------------------------------
  for (const auto& d : kRoleDefaults) {
    for (std::size_t k = 0; k < kRoles; ++k) {
      r.real("roles." + std::string(kRoleNames[k]) + "." + d.field, d.values[k], d.unit, d.min,
             d.max, d.help);
    }
  }

  // --- policy levers ----------------------------------------------------------
  r.real("policy.tokens.budget_per_head", 15, "M tokens/month", 0, 1e7,
         "compute budget per head per month (tokens or their equivalent)");
  r.choice("policy.tokens.rationing", "need_based", {"equal", "need_based", "request", "merit"},
           "how the pool is shared: equal per head; by role need; a base share plus top-ups "
           "requested through the approval board; by performance rating");
  r.real("policy.tokens.request_base_share", 0.5, "1", 0, 1,
         "rationing 'request': share of the per-head budget handed out up front; the rest is a "
         "division reserve granted in top-ups");
  r.real("policy.tokens.topup", 20, "M tokens", 0, 1e7, "rationing 'request': size of one top-up");
  r.real("policy.tokens.frontier_models", 1.0, "1", 0, 1,
         "quality of the models employees may use: 1 frontier models, lower for older or "
         "restricted ones (scales leverage)");
  r.real("policy.tokens.price_per_million", 4.0, "$/M tokens", 0, 1e6,
         "blended price of a million tokens, for compute_cost");
  r.integer("policy.approval.signoffs", 1, "sign-offs", 0, 6,
            "sign-offs an experiment above the sandbox threshold needs: the first by the team "
            "manager, the rest by the division's approval board");
  r.real("policy.approval.sandbox_threshold", 10, "M tokens", 0, 1e7,
         "experiments costing less run in the sandbox with no approval");
  r.real("policy.approval.latency_days", 2, "days", 0, 365,
         "calendar delay each sign-off adds beyond queueing (meetings, batching)");
  r.real("policy.approval.manager_reviews_per_day", 4, "1/day", 0.01, 1000,
         "reviews a team manager completes per day (one server per team)");
  r.real("policy.approval.board_reviewers_per_100", 1.0, "reviewers", 0, 100,
         "approval board reviewers per 100 employees of the division");
  r.real("policy.approval.board_reviews_per_day", 4, "1/day", 0.01, 1000,
         "reviews one board reviewer completes per day");
  r.real("policy.approval.denial_rate", 0.08, "1", 0, 1, "chance each sign-off is refused");
  r.real("policy.approval.max_wait_days", 45, "days", 1, 3650,
         "requests waiting longer are withdrawn when they reach a reviewer");
  r.real("policy.pay.band_position", 1.0, "1", 0.3, 3,
         "the organisation's pay band relative to the market base salary");
  r.real("policy.pay.ai_premium", 0.05, "1", 0, 5,
         "the organisation's own AI premium (times each role's ai_premium_weight)");
  r.integer("policy.pay.refresh_months", 12, "months", 1, 120,
            "salaries are refreshed towards the band every this many months");
  r.real("policy.pay.refresh_max_raise", 0.06, "1", 0, 2, "largest raise at a refresh");
  r.real("policy.upskilling.capacity_per_1000", 4, "seats/month", 0, 1000,
         "people per month who can start the upskilling programme, per 1,000 employees");
  r.real("policy.upskilling.duration_weeks", 6, "weeks", 0.1, 104, "length of the programme");
  r.real("policy.upskilling.fluency_gain", 0.35, "1", 0, 1,
         "share of the gap to full AI fluency closed by the programme");
  r.real("policy.upskilling.eligible_below", 0.5, "1", 0, 1,
         "people with AI fluency below this are eligible, least fluent first");
  r.real("policy.upskilling.time_share", 0.2, "1", 0, 1,
         "share of working time spent in the programme while enrolled");
  r.real("policy.mlops.initial_maturity", 1.0, "1", 0, 10,
         "platform maturity at the start: multiplies the shipping capacity of platform staff");
  r.real("policy.mlops.maturity_growth_per_year", 0.05, "1/year", -1, 10,
         "yearly growth of platform maturity (tooling investment)");
  r.real("policy.mlops.platform_days_per_fte_month", 21, "platform-days", 0, 31,
         "platform work one full-time platform engineer delivers per month at maturity 1");
  r.real("policy.mlops.self_serve_per_100", 0.5, "platform-days/month", 0, 1e4,
         "shipping capacity without platform staff, per 100 employees of the division");
  r.real("policy.mlops.shelf_life_days", 120, "days", 1, 3650,
         "prototypes waiting longer for the platform go stale and are abandoned");
  r.boolean("policy.hiring.backfill", true, "open a requisition when someone resigns");
  r.real("policy.hiring.time_to_fill_multiplier", 1.0, "1", 0.01, 100,
         "multiplies every role's time to fill (recruiting capacity)");

  // --- labour market ----------------------------------------------------------
  r.real("market.demand", 1.0, "1", 0, 10, "outside demand for all roles (ease of movement)");
  r.real("market.ai_demand", 1.0, "1", 0, 10,
         "extra multiplier on demand for AI roles (those with an AI premium weight)");
  r.real("market.ai_premium", 0.10, "1", 0, 5,
         "market pay premium of AI roles over non-AI engineers (Levels.fyi 2024: 9-11 %)");
  r.real("market.wage_growth_per_year", 0.03, "1/year", -0.5, 1, "growth of market salaries");
  r.real("market.poaching", 1.0, "1", 0, 100, "intensity of recruiter calls (multiplier)");
  r.real("market.outside_leverage", 0.8, "1", 0, 1,
         "working leverage (compute access x autonomy x shipping) well-funded employers offer");
  r.real("market.offer_premium", 0.12, "1", -0.5, 5,
         "pay of an outside offer above the market rate for the role");
  r.real("market.candidate_pay_sensitivity", 3.0, "1", 0, 100,
         "how strongly candidates' acceptance (and so time to fill and hire quality) follows "
         "the offered pay relative to market (exponent)");
  r.real("market.candidate_leverage_sensitivity", 1.0, "1", 0, 100,
         "how strongly AI candidates weigh the working leverage they would get (exponent, times "
         "the role's AI weight, capped at 1)");

  // --- behaviour: job demands-resources, effort, leverage -------------------------
  r.real("behaviour.engagement_mean", 0.547, "1", 0, 1,
         "mean dispositional engagement (the level in a reference environment)");
  r.real("behaviour.engagement_sd", 0.2, "1", 0, 1, "spread of dispositional engagement");
  r.real("behaviour.disposition_drift", 0.05, "1/month", 0, 1,
         "monthly pull of each person's dispositional engagement and fit back to the mean, with "
         "noise that keeps their spread (people change; without it, turnover would select ever "
         "more engaged and better-fitting survivors and the organisation would never settle)");
  r.real("behaviour.engagement_rate", 0.1, "1/month", 0, 1,
         "share of the gap to the engagement target closed per month");
  r.real("behaviour.exhaustion_rate", 0.3, "1/month", 0, 1,
         "share of the gap to the exhaustion target closed per month");
  r.real("behaviour.engagement_noise", 0.03, "1", 0, 1, "monthly random change in engagement");
  r.real("behaviour.demand_wait", 0.5, "1", 0, 10, "weight of approval waiting among demands");
  r.real("behaviour.demand_starved", 0.6, "1", 0, 10, "weight of compute starvation among demands");
  r.real("behaviour.demand_unshipped", 1.0, "1", 0, 10,
         "weight of unshipped or abandoned prototypes among demands");
  r.real("behaviour.demand_denied", 0.3, "1", 0, 10, "weight of refused approvals among demands");
  r.real("behaviour.demand_vacancy", 0.6, "1", 0, 10,
         "weight of the team's vacancy rate (covering for missing colleagues) among demands");
  r.real("behaviour.resource_access", 0.3, "1", 0, 10, "weight of compute access among resources");
  r.real("behaviour.resource_leverage", 0.3, "1", 0, 10, "weight of AI leverage among resources");
  r.real("behaviour.resource_shipped", 0.3, "1", 0, 10, "weight of shipped work among resources");
  r.real("behaviour.resource_autonomy", 0.3, "1", 0, 10,
         "weight of autonomy (freedom to experiment without sign-off) among resources");
  r.real("behaviour.resource_training", 0.15, "1", 0, 10,
         "weight of being in the upskilling programme among resources");
  r.real("behaviour.demand_reference", 0.1, "1", 0, 10,
         "demands of the reference environment (neither raise nor lower engagement)");
  r.real("behaviour.resource_reference", 0.75, "1", 0, 10,
         "resources of the reference environment");
  r.real("behaviour.engagement_from_resources", 0.35, "1", 0, 10,
         "engagement gained per unit of resources above the reference");
  r.real("behaviour.engagement_from_demands", 0.3, "1", 0, 10,
         "engagement lost per unit of demands above the reference");
  r.real("behaviour.engagement_from_exhaustion", 0.3, "1", 0, 10,
         "engagement lost per unit of exhaustion above its base");
  r.real("behaviour.exhaustion_base", 0.25, "1", 0, 1, "exhaustion in the reference environment");
  r.real("behaviour.exhaustion_from_demands", 0.6, "1", 0, 10,
         "exhaustion gained per unit of demands above the reference");
  r.real("behaviour.exhaustion_from_resources", 0.2, "1", 0, 10,
         "exhaustion relieved per unit of resources above the reference");
  r.real("behaviour.wait_reference_days", 14, "days", 0.1, 365,
         "approval wait counted as one unit of the waiting demand");
  r.real("behaviour.autonomy_wait_reference_days", 10, "days", 0.1, 365,
         "least sign-off delay at which an experiment that needs sign-off counts as no longer "
         "free (autonomy falls with the share gated times delay / this)");
  r.real("behaviour.unshipped_reference", 1, "prototypes", 0.1, 1000,
         "waiting or abandoned prototypes counted as one unit of the unshipped demand");
  r.real("behaviour.shipped_reference", 0.5, "features/month", 0.01, 1000,
         "shipped features per month (smoothed) counted as one unit of the shipped resource");
  r.real("behaviour.discretionary_low", 0.25, "1", 0, 1,
         "engagement at or below which discretionary effort stops");
  r.real("behaviour.discretionary_high", 0.6, "1", 0, 1,
         "engagement at or above which discretionary effort is full");
  r.real("behaviour.in_role_floor", 0.2, "1", 0, 1,
         "engagement below which in-role effort falls too (withdrawal reaches core work last)");
  r.real("behaviour.exhaustion_output_cut", 0.4, "1", 0, 1,
         "share of in-role output lost at full exhaustion");
  r.real("behaviour.discretionary_share", 0.3, "1", 0, 1,
         "weight of discretionary effort in the reported effort");
  r.real("behaviour.reluctant_effort_cut", 0.5, "1", 0, 1,
         "share of discretionary effort reluctant stayers withhold");
  r.real("behaviour.search_effort_cut", 0.3, "1", 0, 1,
         "share of discretionary effort people searching for a job withhold");
  r.real("behaviour.notice_effort", 0.3, "1", 0, 1, "discretionary effort kept during notice");
  r.real("behaviour.leverage_novice_gain", 0.6, "1", -1, 5,
         "AI output gain of a fully fluent novice (skill 0) with full access and frontier models");
  r.real("behaviour.leverage_expert_gain", -0.1, "1", -1, 5,
         "AI output gain of a fully fluent expert (skill 1) on familiar work");
  r.real("behaviour.leverage_reference", 0.3, "1", 0.01, 10,
         "leverage gain counted as one unit of the leverage resource");
  r.real("behaviour.ramp_start", 0.3, "1", 0, 1, "productivity of a new hire on day one");
  r.real("behaviour.engaged_above", 0.65, "1", 0, 1,
         "engagement at or above which someone counts as engaged (Gallup categories)");
  r.real("behaviour.disengaged_below", 0.35, "1", 0, 1,
         "engagement below which someone counts as actively disengaged");

  // --- turnover ----------------------------------------------------------------
  r.real("turnover.push_midpoint", 0.5, "1", 0, 1,
         "engagement at which the push to leave is one half, other things at reference");
  r.real("turnover.push_steepness", 10, "1", 0.1, 100, "steepness of the push to leave");
  r.real("turnover.push_exhaustion", 0.3, "1", 0, 10, "push from exhaustion above its base");
  r.real("turnover.push_pay", 1.0, "1", 0, 10, "push from pay below the market rate (per 100 %)");
  r.real("turnover.push_leverage", 0.15, "1", 0, 10,
         "push from the gap between outside and own working leverage, times the role's AI weight "
         "(capped at 1)");
  r.real("turnover.push_contagion", 1.0, "1", 0, 10, "push from colleagues' exits and searches");
  r.real("turnover.think_rate", 0.25, "1/month", 0, 100,
         "rate of moving from dissatisfied to thinking of quitting, at full push");
  r.real("turnover.search_rate", 0.15, "1/month", 0, 100,
         "rate of moving from thinking of quitting to searching, at full push and ease");
  r.real("turnover.recover_rate", 0.2, "1/month", 0, 100,
         "rate of dropping back to content when the push is gone");
  r.real("turnover.embeddedness_hold", 0.6, "1", 0, 1,
         "share of the think and search rates that full embeddedness suppresses");
  r.real("turnover.reluctant_ease_below", 0.3, "1", 0, 1,
         "people thinking of quitting with ease of movement below this stay, reluctantly");
  r.real("turnover.ease_base", 0.6, "1", 0, 10,
         "ease of movement of a mid-skill person in a normal market");
  r.real("turnover.offer_rate", 0.2, "1/month", 0, 100, "offers per month to a searcher at ease 1");
  r.real("turnover.search_ramp_months", 3, "months", 0, 60,
         "offers reach their full rate only after this long in search (applications, "
         "interviews)");
  r.real("turnover.offer_decision_days", 7, "days", 0.01, 365,
         "mean time someone holds an offer before deciding");
  r.real("turnover.accept_base", -1.3, "1", -20, 20, "log-odds of accepting an offer at parity");
  r.real("turnover.accept_pay", 1.0, "1", 0, 20, "log-odds per 10 % of pay gained by moving");
  r.real("turnover.accept_leverage", 0.25, "1", 0, 20,
         "log-odds per unit of working-leverage gap, times the role's AI weight (capped at 1)");
  r.real("turnover.accept_push", 0.25, "1", 0, 20, "log-odds per unit of push above one half");
  r.real("turnover.accept_embeddedness", 1.5, "1", 0, 20, "log-odds lost per unit of embeddedness");
  r.real("turnover.personal_quit_rate", 0.0025, "1/month", 0, 1,
         "personal shocks that enact a plan to leave (relocation, family), per month");
  r.real("turnover.burnout_quit_rate", 0.05, "1/month", 0, 10,
         "rate of quitting without an offer at full exhaustion and push");
  r.real("turnover.burnout_threshold", 0.7, "1", 0, 1,
         "exhaustion above which burnout quits start");
  r.real("turnover.notice_days", 14, "days", 0, 365,
         "notice period (about 14 in the US, 30 in the UK, up to 90 elsewhere)");
  r.real("turnover.recruiter_call_rate", 0.08, "1/month", 0, 100,
         "recruiter calls per month to a mid-skill person in a role of demand 1");
  r.real("turnover.recruiter_offer_probability", 0.3, "1", 0, 1,
         "chance a recruiter call comes with an offer, times ease of movement");
  r.real(
      "turnover.shock_denied", 0.05, "1", 0, 1,
      "chance a refused approval moves a content or dissatisfied person to thinking of quitting");
  r.real("turnover.shock_budget_cut", 0.08, "1", 0, 1,
         "the same for a cut in one's compute budget");
  r.real("turnover.shock_manager_left", 0.2, "1", 0, 1, "the same for one's manager leaving");
  r.real("turnover.shock_recruiter", 0.15, "1", 0, 1,
         "the same for a recruiter call without offer");
  r.real("turnover.embed_links", 0.35, "1", 0, 1, "weight of ties (links) in embeddedness");
  r.real("turnover.embed_fit", 0.3, "1", 0, 1, "weight of person-organisation fit in embeddedness");
  r.real("turnover.embed_sacrifice", 0.25, "1", 0, 1,
         "weight of what leaving costs (tenure, pay above market) in embeddedness");
  r.real("turnover.degree_reference", 14, "ties", 1, 1000, "ties that count as fully linked");
  r.real("turnover.contagion_hazard", 1.0, "1/month", 0, 100,
         "extra monthly rate of thinking of quitting, and of starting to search, per unit of "
         "contagion pressure");
  r.real("turnover.contagion_exit", 0.05, "1", 0, 10, "contagion pressure from a tie's exit");
  r.real("turnover.contagion_search", 0.02, "1", 0, 10,
         "contagion pressure from a tie's job search, once noticed");
  r.real("turnover.contagion_visibility", 0.3, "1", 0, 1, "chance a tie notices a search");
  r.real("turnover.contagion_decay", 0.2, "1/month", 0, 1, "monthly decay of contagion pressure");
  r.real("turnover.contagion_embeddedness_loss", 0.05, "1", 0, 1,
         "embeddedness lost when a tie leaves (recovers with the contagion decay)");

  // --- survey, early warning, outputs ----------------------------------------------
  r.integer("survey.every_months", 3, "months", 1, 120,
            "engagement survey cadence (quarterly by default)");
  r.real("survey.response_base", 0.7, "1", 0, 1, "response rate at engagement 0.5");
  r.real("survey.response_slope", 0.6, "1", 0, 10,
         "extra response rate per unit of engagement (disengaged people answer less)");
  r.real("survey.bias", 0.05, "1", -1, 1, "social-desirability bias of reported engagement");
  r.real("survey.noise", 0.1, "1", 0, 1, "noise of one reported answer");
  r.choice("early_warning.method", "cusum", {"cusum", "ewma"}, "change detector");
  r.real("early_warning.threshold", 4.0, "sd", 0.1, 100, "CUSUM h or EWMA L, in baseline sd units");
  r.real("early_warning.allowance", 0.5, "sd", 0, 10, "CUSUM k, in baseline sd units");
  r.real("early_warning.ewma_lambda", 0.2, "1", 0.01, 1, "EWMA smoothing weight");
  r.integer("early_warning.baseline_months", 6, "months", 2, 120,
            "the first months, used to estimate each indicator's baseline mean and sd");
  r.integer("early_warning.warmup_reference_months", 6, "months", 0, 120,
            "the last warm-up months, added before the baseline months to estimate the "
            "baseline (at most simulation.warmup_months; 0: the baseline months only)");
  r.real("early_warning.min_sd_fraction", 0.05, "1", 0, 1,
         "floor of the baseline sd as a share of the baseline mean");
  r.real("early_warning.onset_drop", 0.03, "1", 0, 1,
         "the drain begins when latent effort falls this share below its baseline mean");
  r.integer("early_warning.onset_persist_months", 3, "months", 1, 120,
            "... and stays below for this many months");
  r.choice("output.shocks", "jumps", {"jumps", "all", "none"},
           "shock table: shocks that moved someone's stage, every shock, or none");
  r.integer("output.panel_every_months", 0, "months", 0, 600,
            "agent panel snapshot every this many months; 0 for none");

  // --- schedule and hiring plan ----------------------------------------------------
  r.table(
      "schedule",
      {required_column("month", ParamType::Integer, "month", 1, 600,
                       "first month the new value holds"),
       required_column("key", ParamType::Text, "", -kInf, kInf, "a policy.* or market.* parameter"),
       required_column("value", ParamType::Text, "", -kInf, kInf, "its new value")},
      "policy and market changes at given months (a budget cut, a market correction)");
  r.table(
      "hiring.plan",
      {required_column("month", ParamType::Integer, "month", 1, 600, "month the requisitions open"),
       required_column("role", ParamType::Choice, "", -kInf, kInf, "role hired", role_labels()),
       required_column("count", ParamType::Integer, "people", 1, 1e7, "people to hire"),
       column("placement", ParamType::Choice, std::string("existing"), "", -kInf, kInf,
              "new_team: one new team of these hires; existing: spread over the division's "
              "teams",
              {"existing", "new_team"}),
       column("division", ParamType::Integer, std::int64_t{0}, "1", 0, 1e6, "division that hires")},
      "growth hires in order: requisitions open at the given month and fill through the "
      "labour market");
}

namespace {

Rationing rationing_of(const std::string& text) {
  if (text == "need_based") return Rationing::NeedBased;
  if (text == "request") return Rationing::Request;
  if (text == "merit") return Rationing::Merit;
  return Rationing::Equal;
}

Levers read_levers(const ParamValues& v) {
  Levers l;
  l.budget_per_head = v.real("policy.tokens.budget_per_head");
  l.rationing = rationing_of(v.text("policy.tokens.rationing"));
  l.request_base_share = v.real("policy.tokens.request_base_share");
  l.topup_tokens = v.real("policy.tokens.topup");
  l.frontier_models = v.real("policy.tokens.frontier_models");
  l.price_per_million = v.real("policy.tokens.price_per_million");
  l.signoffs = static_cast<int>(v.integer("policy.approval.signoffs"));
  l.sandbox_threshold = v.real("policy.approval.sandbox_threshold");
  l.latency_days = v.real("policy.approval.latency_days");
  l.manager_reviews_per_day = v.real("policy.approval.manager_reviews_per_day");
  l.board_reviewers_per_100 = v.real("policy.approval.board_reviewers_per_100");
  l.board_reviews_per_day = v.real("policy.approval.board_reviews_per_day");
  l.denial_rate = v.real("policy.approval.denial_rate");
  l.max_wait_days = v.real("policy.approval.max_wait_days");
  l.band_position = v.real("policy.pay.band_position");
  l.org_ai_premium = v.real("policy.pay.ai_premium");
  l.refresh_months = static_cast<int>(v.integer("policy.pay.refresh_months"));
  l.refresh_max_raise = v.real("policy.pay.refresh_max_raise");
  l.upskill_capacity_per_1000 = v.real("policy.upskilling.capacity_per_1000");
  l.upskill_duration_weeks = v.real("policy.upskilling.duration_weeks");
  l.upskill_fluency_gain = v.real("policy.upskilling.fluency_gain");
  l.upskill_eligible_below = v.real("policy.upskilling.eligible_below");
  l.upskill_time_share = v.real("policy.upskilling.time_share");
  l.platform_maturity_growth = v.real("policy.mlops.maturity_growth_per_year");
  l.features_per_fte_month = v.real("policy.mlops.platform_days_per_fte_month");
  l.self_serve_per_100 = v.real("policy.mlops.self_serve_per_100");
  l.shelf_life_days = v.real("policy.mlops.shelf_life_days");
  l.backfill = v.boolean("policy.hiring.backfill");
  l.time_to_fill_multiplier = v.real("policy.hiring.time_to_fill_multiplier");
  l.demand = v.real("market.demand");
  l.ai_demand = v.real("market.ai_demand");
  l.market_ai_premium = v.real("market.ai_premium");
  l.wage_growth = v.real("market.wage_growth_per_year");
  l.poaching = v.real("market.poaching");
  l.outside_leverage = v.real("market.outside_leverage");
  l.offer_premium = v.real("market.offer_premium");
  l.candidate_pay_sensitivity = v.real("market.candidate_pay_sensitivity");
  l.candidate_leverage_sensitivity = v.real("market.candidate_leverage_sensitivity");
  return l;
}

bool schedulable(const std::string& key) {
  return (key.rfind("policy.", 0) == 0 || key.rfind("market.", 0) == 0) &&
         key != "policy.mlops.initial_maturity";
}

/// Applies the schedule and returns the levers of months 1..months.
std::vector<Levers> resolve_schedule(const ParamValues& base, int months) {
  const Table& table = base.table("schedule");
  struct Change {
    int month;
    std::string key;
    params::Value value;
  };
  std::vector<Change> changes;
  std::vector<std::string> keys;
  for (const auto& path : base.registry().paths()) {
    if (schedulable(path)) keys.push_back(path);
  }
  for (std::size_t i = 0; i < table.rows.size(); ++i) {
    const auto& row = table.rows[i];
    const params::SourceLocation where =
        i < table.row_locations.size() ? table.row_locations[i] : base.where("schedule");
    const std::string prefix = "schedule[" + std::to_string(i) + "]";
    const int month = static_cast<int>(std::get<std::int64_t>(row[0]));
    const std::string& key = std::get<std::string>(row[1]);
    const std::string& text = std::get<std::string>(row[2]);
    const params::ParamSpec* target = base.registry().find(key);
    if (!target || !schedulable(key)) {
      // A key cut short is the likeliest slip; otherwise the nearest spelling.
      std::string suggestion;
      for (const auto& k : keys) {
        if (suggestion.empty() && !key.empty() && k.rfind(key, 0) == 0) suggestion = k;
      }
      if (suggestion.empty()) suggestion = params::closest_match(key, keys);
      throw params::ConfigError(
          where, prefix + ".key",
          "'" + key + "' is not a policy.* or market.* parameter" +
              (suggestion.empty() ? std::string{} : " (did you mean '" + suggestion + "'?)"));
    }
    if (month > months) {
      throw params::ConfigError(where, prefix + ".month",
                                "month " + std::to_string(month) + " is after the last month (" +
                                    std::to_string(months) + ")");
    }
    // The value is read as the target's type; errors name the row, not the
    // one-line document the value was parsed from.
    params::Value value;
    try {
      const YAML::Node node = params::load_yaml_text(text, where.file);
      value = params::parse_value(*target, node, where.file, prefix + ".value");
    } catch (const params::ConfigError& e) {
      throw params::ConfigError(where, prefix + ".value", e.message());
    }
    changes.push_back({month, key, std::move(value)});
  }
  std::stable_sort(changes.begin(), changes.end(),
                   [](const Change& a, const Change& b) { return a.month < b.month; });
  std::vector<Levers> levers(static_cast<std::size_t>(months) + 1);
  ParamValues current = base;
  std::size_t next = 0;
  for (int m = 1; m <= months; ++m) {
    while (next < changes.size() && changes[next].month <= m) {
      current.set(changes[next].key, changes[next].value, base.where("schedule"));
      ++next;
    }
    levers[static_cast<std::size_t>(m)] = read_levers(current);
  }
  levers[0] = levers[1];
  return levers;
}

std::string resolve_path(const std::string& config_file, const std::string& path) {
  namespace fs = std::filesystem;
  const fs::path p(path);
  if (p.is_absolute() || config_file.empty() || config_file.rfind("--set", 0) == 0) return path;
  const fs::path base = fs::path(config_file).parent_path();
  return (base / p).lexically_normal().string();
}

}  // namespace

Settings read_settings(const ParamValues& v) {
  Settings s;
  s.months = static_cast<int>(v.integer("simulation.months"));
  s.warmup_months = static_cast<int>(v.integer("simulation.warmup_months"));
  s.handoff_days = v.real("simulation.handoff_delay_days");
  s.blocks = static_cast<std::uint32_t>(v.integer("simulation.blocks"));
  s.parallel_min_employees = v.integer("simulation.parallel_min_employees");

  OrgSpec& o = s.org;
  o.from_census = v.text("org.source") == "census";
  if (o.from_census) {
    const std::string& file = v.text("org.census_file");
    if (file.empty()) v.fail("org.source", "org.source is census but no org.census_file is named");
    o.census_file = resolve_path(v.source_file(), file);
  }
  const Table& teams = v.table("org.teams");
  o.scale = v.real("org.scale");
  bool any_division = false;
  bool all_division = true;
  for (std::size_t i = 0; i < teams.rows.size(); ++i) {
    const auto& row = teams.rows[i];
    TeamBlock b;
    const std::string& archetype = std::get<std::string>(row[0]);
    for (std::size_t a = 0; a < kArchetypeNames.size(); ++a) {
      if (archetype == kArchetypeNames[a]) b.archetype = static_cast<Archetype>(a);
    }
    b.teams = std::llround(static_cast<double>(std::get<std::int64_t>(row[1])) * o.scale);
    b.size = std::get<std::int64_t>(row[2]);
    b.division = std::get<std::int64_t>(row[3]);
    for (std::size_t k = 0; k < kRoles; ++k)
      b.counts[k] = std::get<std::int64_t>(row[4 + k]);
    b.where = i < teams.row_locations.size() ? teams.row_locations[i] : v.where("org.teams");
    if (b.archetype == Archetype::Custom) {
      std::int64_t total = 0;
      for (auto c : b.counts)
        total += c;
      if (total == 0) {
        throw params::ConfigError(b.where, "org.teams[" + std::to_string(i) + "]",
                                  "a custom team needs at least one role count");
      }
      b.size = total;
    } else {
      for (std::size_t k = 0; k < kRoles; ++k) {
        if (b.counts[k] != 0) {
          throw params::ConfigError(
              b.where, "org.teams[" + std::to_string(i) + "]." + std::string(kRoleNames[k]),
              "role counts apply to archetype 'custom' only");
        }
      }
    }
    any_division = any_division || b.division >= 0;
    all_division = all_division && b.division >= 0;
    o.blocks.push_back(b);
  }
  if (any_division && !all_division) {
    v.fail("org.teams", "give every row a division, or none (automatic packing)");
  }
  if (!o.from_census) {
    std::int64_t people = 0;
    for (const auto& b : o.blocks)
      people += b.teams * b.size;
    if (people == 0) v.fail("org.teams", "the organisation has no employees");
    if (people > 200'000'000) v.fail("org.teams", "more than 200 million employees");
  }
  o.division_size = v.integer("org.division_size");
  o.cross_team_ties = v.real("org.cross_team_ties");
  o.tie_locality = v.integer("org.tie_locality");
  o.rewire_probability = v.real("org.rewire_probability");
  o.structure_seed = static_cast<std::uint64_t>(v.integer("org.structure_seed"));
  o.manager_ic_share = v.real("org.manager_ic_share");
  o.tenure_mean_months = v.real("org.tenure_mean_months");
  o.skill_mean = v.real("org.skill_mean");
  o.skill_sd = v.real("org.skill_sd");

  const Table& plan = v.table("hiring.plan");
  for (std::size_t i = 0; i < plan.rows.size(); ++i) {
    const auto& row = plan.rows[i];
    PlannedHire h;
    h.month = static_cast<int>(std::get<std::int64_t>(row[0]));
    const std::string& role = std::get<std::string>(row[1]);
    for (std::size_t k = 0; k < kRoles; ++k) {
      if (role == kRoleNames[k]) h.role = static_cast<Role>(k);
    }
    h.count = std::get<std::int64_t>(row[2]);
    h.new_team = std::get<std::string>(row[3]) == "new_team";
    h.division = std::get<std::int64_t>(row[4]);
    h.where = i < plan.row_locations.size() ? plan.row_locations[i] : v.where("hiring.plan");
    if (h.month > s.months) {
      throw params::ConfigError(h.where, "hiring.plan[" + std::to_string(i) + "].month",
                                "month " + std::to_string(h.month) + " is after the last month (" +
                                    std::to_string(s.months) + ")");
    }
    o.plan.push_back(h);
  }

  for (std::size_t k = 0; k < kRoles; ++k) {
    const std::string p = "roles." + std::string(kRoleNames[k]) + ".";
    RoleParams& rp = s.roles[k];
    rp.experiment_rate = v.real(p + "experiment_rate");
    rp.experiment_tokens = v.real(p + "experiment_tokens");
    rp.core_tokens = v.real(p + "core_tokens");
    rp.prototype_probability = v.real(p + "prototype_probability");
    rp.ship_effort = v.real(p + "ship_effort");
    rp.feature_value = v.real(p + "feature_value");
    rp.core_value = v.real(p + "core_value");
    rp.task_fit = v.real(p + "task_fit");
    rp.market_salary = v.real(p + "market_salary");
    rp.ai_premium_weight = v.real(p + "ai_premium_weight");
    rp.time_to_fill_days = v.real(p + "time_to_fill_days");
    rp.ramp_months = v.real(p + "ramp_months");
    rp.fluency_mean = v.real(p + "fluency_mean");
    rp.platform_share = v.real(p + "platform_share");
    rp.demand = v.real(p + "demand");
  }

  s.levers = resolve_schedule(v, s.months);
  s.initial_maturity = v.real("policy.mlops.initial_maturity");

  Behaviour& b = s.behaviour;
  b.engagement_mean = v.real("behaviour.engagement_mean");
  b.engagement_sd = v.real("behaviour.engagement_sd");
  b.disposition_drift = v.real("behaviour.disposition_drift");
  b.engagement_rate = v.real("behaviour.engagement_rate");
  b.exhaustion_rate = v.real("behaviour.exhaustion_rate");
  b.engagement_noise = v.real("behaviour.engagement_noise");
  b.demand_wait = v.real("behaviour.demand_wait");
  b.demand_starved = v.real("behaviour.demand_starved");
  b.demand_unshipped = v.real("behaviour.demand_unshipped");
  b.demand_denied = v.real("behaviour.demand_denied");
  b.demand_vacancy = v.real("behaviour.demand_vacancy");
  b.resource_access = v.real("behaviour.resource_access");
  b.resource_leverage = v.real("behaviour.resource_leverage");
  b.resource_shipped = v.real("behaviour.resource_shipped");
  b.resource_autonomy = v.real("behaviour.resource_autonomy");
  b.resource_training = v.real("behaviour.resource_training");
  b.demand_reference = v.real("behaviour.demand_reference");
  b.resource_reference = v.real("behaviour.resource_reference");
  b.engagement_from_resources = v.real("behaviour.engagement_from_resources");
  b.engagement_from_demands = v.real("behaviour.engagement_from_demands");
  b.engagement_from_exhaustion = v.real("behaviour.engagement_from_exhaustion");
  b.exhaustion_base = v.real("behaviour.exhaustion_base");
  b.exhaustion_from_demands = v.real("behaviour.exhaustion_from_demands");
  b.exhaustion_from_resources = v.real("behaviour.exhaustion_from_resources");
  b.wait_reference_days = v.real("behaviour.wait_reference_days");
  b.unshipped_reference = v.real("behaviour.unshipped_reference");
  b.autonomy_wait_reference_days = v.real("behaviour.autonomy_wait_reference_days");
  b.shipped_reference = v.real("behaviour.shipped_reference");
  b.discretionary_low = v.real("behaviour.discretionary_low");
  b.discretionary_high = v.real("behaviour.discretionary_high");
  if (b.discretionary_high <= b.discretionary_low) {
    v.fail("behaviour.discretionary_high", "must be above behaviour.discretionary_low");
  }
  b.in_role_floor = v.real("behaviour.in_role_floor");
  b.exhaustion_output_cut = v.real("behaviour.exhaustion_output_cut");
  b.discretionary_share = v.real("behaviour.discretionary_share");
  b.reluctant_effort_cut = v.real("behaviour.reluctant_effort_cut");
  b.search_effort_cut = v.real("behaviour.search_effort_cut");
  b.notice_effort = v.real("behaviour.notice_effort");
  b.leverage_novice_gain = v.real("behaviour.leverage_novice_gain");
  b.leverage_expert_gain = v.real("behaviour.leverage_expert_gain");
  b.leverage_reference = v.real("behaviour.leverage_reference");
  b.ramp_start = v.real("behaviour.ramp_start");
  b.engaged_above = v.real("behaviour.engaged_above");
  b.disengaged_below = v.real("behaviour.disengaged_below");
  if (b.disengaged_below > b.engaged_above) {
    v.fail("behaviour.disengaged_below", "must not exceed behaviour.engaged_above");
  }

  Turnover& t = s.turnover;
  t.push_midpoint = v.real("turnover.push_midpoint");
  t.push_steepness = v.real("turnover.push_steepness");
  t.push_exhaustion = v.real("turnover.push_exhaustion");
  t.push_pay = v.real("turnover.push_pay");
  t.push_leverage = v.real("turnover.push_leverage");
  t.push_contagion = v.real("turnover.push_contagion");
  t.think_rate = v.real("turnover.think_rate");
  t.search_rate = v.real("turnover.search_rate");
  t.recover_rate = v.real("turnover.recover_rate");
  t.embeddedness_hold = v.real("turnover.embeddedness_hold");
  t.reluctant_ease_below = v.real("turnover.reluctant_ease_below");
  t.ease_base = v.real("turnover.ease_base");
  t.offer_rate = v.real("turnover.offer_rate");
  t.offer_decision_days = v.real("turnover.offer_decision_days");
  t.search_ramp_months = v.real("turnover.search_ramp_months");
  t.accept_base = v.real("turnover.accept_base");
  t.accept_pay = v.real("turnover.accept_pay");
  t.accept_leverage = v.real("turnover.accept_leverage");
  t.accept_push = v.real("turnover.accept_push");
  t.accept_embeddedness = v.real("turnover.accept_embeddedness");
  t.personal_quit_rate = v.real("turnover.personal_quit_rate");
  t.burnout_quit_rate = v.real("turnover.burnout_quit_rate");
  t.burnout_threshold = v.real("turnover.burnout_threshold");
  t.notice_days = v.real("turnover.notice_days");
  t.recruiter_call_rate = v.real("turnover.recruiter_call_rate");
  t.recruiter_offer_probability = v.real("turnover.recruiter_offer_probability");
  t.shock_denied = v.real("turnover.shock_denied");
  t.shock_budget_cut = v.real("turnover.shock_budget_cut");
  t.shock_manager_left = v.real("turnover.shock_manager_left");
  t.shock_recruiter = v.real("turnover.shock_recruiter");
  t.embed_links = v.real("turnover.embed_links");
  t.embed_fit = v.real("turnover.embed_fit");
  t.embed_sacrifice = v.real("turnover.embed_sacrifice");
  t.degree_reference = v.real("turnover.degree_reference");
  t.contagion_hazard = v.real("turnover.contagion_hazard");
  t.contagion_exit = v.real("turnover.contagion_exit");
  t.contagion_search = v.real("turnover.contagion_search");
  t.contagion_visibility = v.real("turnover.contagion_visibility");
  t.contagion_decay = v.real("turnover.contagion_decay");
  t.contagion_embeddedness_loss = v.real("turnover.contagion_embeddedness_loss");

  s.survey.every_months = static_cast<int>(v.integer("survey.every_months"));
  s.survey.response_base = v.real("survey.response_base");
  s.survey.response_slope = v.real("survey.response_slope");
  s.survey.bias = v.real("survey.bias");
  s.survey.noise = v.real("survey.noise");

  EarlyWarning& e = s.early_warning;
  e.ewma = v.text("early_warning.method") == "ewma";
  e.threshold = v.real("early_warning.threshold");
  e.allowance = v.real("early_warning.allowance");
  e.ewma_lambda = v.real("early_warning.ewma_lambda");
  e.baseline_months = static_cast<int>(v.integer("early_warning.baseline_months"));
  e.warmup_reference_months = std::min(
      static_cast<int>(v.integer("early_warning.warmup_reference_months")), s.warmup_months);
  e.min_sd_fraction = v.real("early_warning.min_sd_fraction");
  e.onset_drop = v.real("early_warning.onset_drop");
  e.onset_persist_months = static_cast<int>(v.integer("early_warning.onset_persist_months"));
  if (e.baseline_months >= s.months) {
    v.fail("early_warning.baseline_months",
           "the baseline must be shorter than the run (simulation.months = " +
               std::to_string(s.months) + ")");
  }

  const std::string& shocks = v.text("output.shocks");
  s.shocks = shocks == "all" ? ShockOutput::All
                             : (shocks == "none" ? ShockOutput::None : ShockOutput::Jumps);
  s.panel_every_months = static_cast<int>(v.integer("output.panel_every_months"));
  return s;
}

}  // namespace wfsim::workforce
