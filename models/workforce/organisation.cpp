#include "models/workforce/organisation.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <numeric>
#include <stdexcept>

#include "models/workforce/organisation_build.hpp"

namespace wfsim::workforce {

namespace {

std::vector<params::Column<TeamBlock>> team_columns() {
  using C = params::Column<TeamBlock>;
  std::vector<C> columns = {
      C::choice("archetype", &TeamBlock::archetype, std::nullopt, kArchetypeNames,
                "staffing archetype of these teams, or custom role counts"),
      C::integer("teams", &TeamBlock::teams, std::nullopt, "teams", 0, 10'000'000,
                 "number of such teams"),
      C::integer("size", &TeamBlock::size, 10, "people", 1, 10000,
                 "people per team (archetypes); custom teams use the role counts"),
      C::integer("division", &TeamBlock::division, -1, "1", -1, 1'000'000,
                 "division index; -1 packs teams into divisions of org.division_size"),
  };
  for (std::size_t k = 0; k < kRoles; ++k) {
    columns.push_back(C::integer(
        std::string(kRoleNames[k]), [k](TeamBlock& b) -> std::int64_t& { return b.counts[k]; }, 0,
        "people", 0, 10000, "people in this role per custom team"));
  }
  return columns;
}

/// A typical enterprise technical organisation of 1,000: mostly consumers of
/// vendor APIs, a fine-tuning group, and a small applied research group.
std::vector<TeamBlock> default_teams() {
  auto block = [](Archetype archetype, std::int64_t teams) {
    TeamBlock b;
    b.archetype = archetype;
    b.teams = teams;
    b.size = 10;
    return b;
  };
  return {block(Archetype::Consumer, 70), block(Archetype::FineTuner, 25),
          block(Archetype::Trainer, 5)};
}

std::vector<params::Column<PlannedHire>> plan_columns() {
  using C = params::Column<PlannedHire>;
  return {
      C::integer("month", &PlannedHire::month, std::nullopt, "month", 1, 600,
                 "month the requisitions open"),
      C::choice("role", &PlannedHire::role, std::nullopt, kRoleNames, "role hired"),
      C::integer("count", &PlannedHire::count, std::nullopt, "people", 1, 10'000'000,
                 "people to hire"),
      C::choice("placement", &PlannedHire::placement, Placement::Existing, kPlacementNames,
                "new_team: one new team of these hires; existing: spread over the division's "
                "teams"),
      C::integer("division", &PlannedHire::division, 0, "1", 0, 1'000'000,
                 "division that hires (a named existing team's division is its own)"),
      C::text("team", &PlannedHire::team, "",
              "existing: the named team gets the seats (a census or generated team, or one "
              "planned above); new_team: rows naming the same new team build one team, mixed "
              "roles allowed; empty: as placement says"),
      C::integer("every_months", &PlannedHire::every_months, 0, "months", 0, 600,
                 "repeat the row's hires this often (3: quarterly); 0: once"),
      C::integer("times", &PlannedHire::times, 1, "1", 1, 600,
                 "occurrences of the row in all, the first at month (with every_months)"),
  };
}

std::string resolve_path(const std::string& config_file, const std::string& path) {
  namespace fs = std::filesystem;
  const fs::path p(path);
  if (p.is_absolute() || config_file.empty() || config_file.rfind("--set", 0) == 0) return path;
  const fs::path base = fs::path(config_file).parent_path();
  return (base / p).lexically_normal().string();
}

}  // namespace

void OrgSpec::declare(params::BoundGroup<Settings, OrgSpec> org,
                      params::BoundGroup<Settings, OrgSpec> hiring) {
  using S = OrgSpec;
  org.choice("source", &S::source, OrgSource::Generate, kOrgSourceNames,
             "generate the organisation from org.teams, or load it from org.census_file");
  org.text("census_file", &S::census_file, "",
           "census CSV (employee_id, role, team, manager_id, salary, tenure_months, optional "
           "performance, division, fluency and skill), relative to the config's folder");
  org.table("teams", &S::blocks, team_columns(), default_teams(),
            "the teams of a generated organisation: archetype (consumer, fine_tuner, trainer) "
            "and size, or custom role counts",
            &TeamBlock::where);
  org.real("scale", &S::scale, 1.0, "1", 1e-3, 1e5,
           "multiplies the team counts of org.teams (rounded), to scale an organisation");
  org.integer("division_size", &S::division_size, 1000, "employees", 1, 100'000'000,
              "employees per division when teams are packed automatically; each division has "
              "its own approval board and platform");
  org.real("cross_team_ties", &S::cross_team_ties, 4.0, "ties/person", 0, 100,
           "mean cross-team ties per employee (small-world network)");
  org.integer("tie_locality", &S::tie_locality, 3, "teams", 1, 1000,
              "local cross-team ties go to teams up to this many places away in the team ring");
  org.real("rewire_probability", &S::rewire_probability, 0.1, "1", 0, 1,
           "share of cross-team ties rewired to a random employee anywhere (Watts-Strogatz)");
  org.integer("structure_seed", &S::structure_seed, 1, "1", 0,
              std::numeric_limits<std::int64_t>::max(),
              "seed of the organisation's structure (teams, roles, network), fixed across "
              "replications");
  org.real("manager_ic_share", &S::manager_ic_share, 0.3, "1", 0, 1,
           "share of a team manager's time spent on individual work");
  org.real("tenure_mean_months", &S::tenure_mean_months, 60, "months", 0, 600,
           "mean tenure of the initial staff of a generated organisation (exponential)");
  org.real("skill_mean", &S::skill_mean, 0.5, "1", 0, 1, "mean skill (0-1) of staff and hires");
  org.real("skill_sd", &S::skill_sd, 0.2, "1", 0, 1, "spread of skill");
  hiring.table("plan", &S::plan, plan_columns(), {},
               "growth hires in order: requisitions open at the given month and fill through "
               "the labour market",
               &PlannedHire::where);
}

namespace {

void check_block(TeamBlock& b, std::size_t i) {
  if (b.archetype == Archetype::Custom) {
    std::int64_t total = 0;
    for (auto c : b.counts)
      total += c;
    if (total == 0) {
      throw params::ConfigError(b.where, "org.teams[" + std::to_string(i) + "]",
                                "a custom team needs at least one role count");
    }
    b.size = total;
    return;
  }
  for (std::size_t k = 0; k < kRoles; ++k) {
    if (b.counts[k] != 0) {
      throw params::ConfigError(
          b.where, "org.teams[" + std::to_string(i) + "]." + std::string(kRoleNames[k]),
          "role counts apply to archetype 'custom' only");
    }
  }
}

}  // namespace

void OrgSpec::finish(const params::ParamValues& v, int months) {
  if (from_census()) {
    if (census_file.empty()) {
      v.fail("org.source", "org.source is census but no org.census_file is named");
    }
    census_file = resolve_path(v.source_file(), census_file);
  }
  bool any_division = false;
  bool all_division = true;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    TeamBlock& b = blocks[i];
    b.teams = std::llround(static_cast<double>(b.teams) * scale);
    check_block(b, i);
    any_division = any_division || b.division >= 0;
    all_division = all_division && b.division >= 0;
  }
  if (any_division && !all_division) {
    v.fail("org.teams", "give every row a division, or none (automatic packing)");
  }
  if (!from_census()) {
    std::int64_t people = 0;
    for (const auto& b : blocks)
      people += b.teams * b.size;
    if (people == 0) v.fail("org.teams", "the organisation has no employees");
    if (people > 200'000'000) v.fail("org.teams", "more than 200 million employees");
  }
  for (std::size_t i = 0; i < plan.size(); ++i) {
    const PlannedHire& h = plan[i];
    const std::string key = "hiring.plan[" + std::to_string(i) + "]";
    if (h.month > months) {
      throw params::ConfigError(h.where, key + ".month",
                                "month " + std::to_string(h.month) + " is after the last month (" +
                                    std::to_string(months) + ")");
    }
    if (h.times > 1 && h.every_months == 0) {
      throw params::ConfigError(h.where, key + ".every_months",
                                "a row that repeats (times > 1) needs every_months > 0");
    }
    const int last = h.month_of(h.times - 1);
    if (last > months) {
      throw params::ConfigError(h.where, key + ".times",
                                "the last of " + std::to_string(h.times) +
                                    " occurrences falls in month " + std::to_string(last) +
                                    ", after the last month (" + std::to_string(months) + ")");
    }
  }
}

std::size_t Organisation::initial_headcount() const {
  return static_cast<std::size_t>(std::count(open_month.begin(), open_month.end(), 0));
}

namespace {

using detail::CensusData;
using detail::Draft;

/// Splits `size` people over role shares by largest remainder, dominant
/// role first, so that seat 0 (the manager) holds the team's main role.
std::vector<Role> roles_by_shares(const std::array<double, kRoles>& shares, std::int64_t size) {
  std::array<std::int64_t, kRoles> counts{};
  std::array<double, kRoles> remainder{};
  std::int64_t assigned = 0;
  for (std::size_t k = 0; k < kRoles; ++k) {
    const double exact = shares[k] * static_cast<double>(size);
    counts[k] = static_cast<std::int64_t>(std::floor(exact));
    remainder[k] = exact - static_cast<double>(counts[k]);
    assigned += counts[k];
  }
  while (assigned < size) {
    std::size_t best = 0;
    for (std::size_t k = 1; k < kRoles; ++k) {
      if (remainder[k] > remainder[best]) best = k;
    }
    ++counts[best];
    remainder[best] = -1.0;
    ++assigned;
  }
  std::vector<std::size_t> order(kRoles);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return counts[a] > counts[b]; });
  std::vector<Role> roles;
  for (std::size_t k : order) {
    for (std::int64_t i = 0; i < counts[k]; ++i)
      roles.push_back(static_cast<Role>(k));
  }
  return roles;
}

std::vector<Draft> generated_teams(const OrgSpec& spec) {
  std::vector<Draft> drafts;
  for (const TeamBlock& block : spec.blocks) {
    std::array<double, kRoles> shares = archetype_shares(block.archetype);
    if (block.archetype == Archetype::Custom) {
      for (std::size_t k = 0; k < kRoles; ++k) {
        shares[k] = static_cast<double>(block.counts[k]) / static_cast<double>(block.size);
      }
    }
    const std::vector<Role> roles = roles_by_shares(shares, block.size);
    for (std::int64_t t = 0; t < block.teams; ++t) {
      Draft d;
      d.name = std::string(kArchetypeNames[static_cast<std::size_t>(block.archetype)]) + "-" +
               std::to_string(drafts.size());
      d.division = block.division;
      d.roles = roles;
      d.open_month.assign(roles.size(), 0);
      d.manager = 0;
      drafts.push_back(std::move(d));
    }
  }
  return drafts;
}

/// Divisions as given, or teams packed into divisions of division_size in
/// order. Returns the number of divisions.
std::int64_t assign_divisions(const OrgSpec& spec, std::vector<Draft>& drafts) {
  const bool explicit_divisions = !drafts.empty() && drafts.front().division >= 0;
  if (!explicit_divisions) {
    std::int64_t division = 0;
    std::int64_t people = 0;
    for (Draft& d : drafts) {
      if (people >= spec.division_size) {
        ++division;
        people = 0;
      }
      d.division = division;
      people += static_cast<std::int64_t>(d.roles.size());
    }
  }
  std::int64_t divisions = 0;
  for (const Draft& d : drafts)
    divisions = std::max(divisions, d.division + 1);
  return divisions;
}

/// Appends a row's seats (every occurrence) to a team.
void add_seats(const PlannedHire& h, Draft& d) {
  for (std::int64_t k = 0; k < h.times; ++k) {
    for (std::int64_t n = 0; n < h.count; ++n) {
      d.roles.push_back(h.role);
      d.open_month.push_back(h.month_of(k));
    }
  }
}

/// A row naming a team: the existing team gets its seats, or rows naming the
/// same new team build one (mixed) team.
void add_named_seats(const PlannedHire& h, std::size_t i, std::int64_t divisions,
                     std::map<std::string, std::size_t>& team_of_name, std::vector<Draft>& drafts) {
  const std::string key = "hiring.plan[" + std::to_string(i) + "]";
  const auto it = team_of_name.find(h.team);
  if (h.placement == Placement::Existing) {
    if (it == team_of_name.end()) {
      throw params::ConfigError(
          h.where, key + ".team",
          "team '" + h.team + "' is not in the organisation (placement new_team creates it)");
    }
    add_seats(h, drafts[it->second]);
    return;
  }
  if (h.division >= divisions) {
    throw params::ConfigError(h.where, key + ".division",
                              "division " + std::to_string(h.division) +
                                  " does not exist (the organisation has " +
                                  std::to_string(divisions) + ")");
  }
  if (it != team_of_name.end()) {
    Draft& d = drafts[it->second];
    if (!d.planned_team) {
      throw params::ConfigError(
          h.where, key + ".team",
          "team '" + h.team + "' already exists; placement existing adds seats to it");
    }
    if (d.division != h.division) {
      throw params::ConfigError(h.where, key + ".division",
                                "the new team '" + h.team + "' was planned in division " +
                                    std::to_string(d.division) + " by an earlier row");
    }
    add_seats(h, d);
    return;
  }
  Draft d;
  d.name = h.team;
  d.division = h.division;
  d.manager = 0;
  d.planned_team = true;
  add_seats(h, d);
  team_of_name.emplace(h.team, drafts.size());
  drafts.push_back(std::move(d));
}

/// Planned growth: a new team of the hires, seats spread round-robin over
/// the division's initial teams, or seats of a named team.
void add_planned_seats(const OrgSpec& spec, std::int64_t divisions, std::vector<Draft>& drafts) {
  std::vector<std::size_t> next_team_in_division(static_cast<std::size_t>(divisions), 0);
  const std::size_t initial_teams = drafts.size();
  std::map<std::string, std::size_t> team_of_name;
  for (std::size_t t = 0; t < drafts.size(); ++t)
    team_of_name.emplace(drafts[t].name, t);
  for (std::size_t i = 0; i < spec.plan.size(); ++i) {
    const PlannedHire& h = spec.plan[i];
    if (!h.team.empty()) {
      add_named_seats(h, i, divisions, team_of_name, drafts);
      continue;
    }
    const std::string key = "hiring.plan[" + std::to_string(i) + "].division";
    if (h.division >= divisions) {
      throw params::ConfigError(h.where, key,
                                "division " + std::to_string(h.division) +
                                    " does not exist (the organisation has " +
                                    std::to_string(divisions) + ")");
    }
    if (h.placement == Placement::NewTeam) {
      Draft d;
      d.name = "planned-" + std::to_string(i);
      d.division = h.division;
      d.manager = 0;
      d.planned_team = true;
      add_seats(h, d);
      drafts.push_back(std::move(d));
      continue;
    }
    std::vector<std::size_t> candidates;
    for (std::size_t t = 0; t < initial_teams; ++t) {
      if (drafts[t].division == h.division) candidates.push_back(t);
    }
    if (candidates.empty()) {
      throw params::ConfigError(h.where, key, "the division has no teams to place hires in");
    }
    std::size_t& next = next_team_in_division[static_cast<std::size_t>(h.division)];
    for (std::int64_t k = 0; k < h.times; ++k) {
      for (std::int64_t n = 0; n < h.count; ++n) {
        Draft& d = drafts[candidates[next % candidates.size()]];
        ++next;
        d.roles.push_back(h.role);
        d.open_month.push_back(h.month_of(k));
      }
    }
  }
}

/// Numbers the seats team by team; returns each seat's census row (-1 for
/// planned seats; empty for a generated organisation).
std::vector<std::size_t> lay_out_seats(const OrgSpec& spec, const std::vector<Draft>& drafts,
                                       const CensusData& census, Organisation& org) {
  std::size_t seats = 0;
  for (const Draft& d : drafts)
    seats += d.roles.size();
  if (seats >= kNoSeat) throw std::length_error("too many seats");
  org.role.reserve(seats);
  org.team.reserve(seats);
  org.open_month.reserve(seats);
  std::vector<std::size_t> census_row_of_seat;
  std::int64_t max_id = -1;
  for (const Draft& d : drafts) {
    TeamInfo team;
    team.first_seat = static_cast<std::uint32_t>(org.role.size());
    team.division = static_cast<std::uint32_t>(d.division);
    team.name = d.name;
    if (d.manager >= 0) team.manager_seat = team.first_seat + static_cast<std::uint32_t>(d.manager);
    for (std::size_t i = 0; i < d.roles.size(); ++i) {
      org.role.push_back(d.roles[i]);
      org.team.push_back(static_cast<std::uint32_t>(org.teams.size()));
      org.open_month.push_back(d.open_month[i]);
      if (!spec.from_census()) continue;
      const bool member = i < d.census_rows.size();
      const std::size_t row = member ? d.census_rows[i] : static_cast<std::size_t>(-1);
      census_row_of_seat.push_back(row);
      org.census_id.push_back(member ? census.id[row] : -1);
      org.census_salary.push_back(member ? census.salary[row] : 0.0);
      org.census_tenure.push_back(member ? census.tenure[row] : 0.0);
      org.census_rating.push_back(member ? census.rating[row] : std::int8_t{0});
      org.census_fluency.push_back(member ? census.fluency[row] : kNotGiven);
      org.census_skill.push_back(member ? census.skill[row] : kNotGiven);
      if (member) max_id = std::max(max_id, census.id[row]);
    }
    team.end_seat = static_cast<std::uint32_t>(org.role.size());
    org.teams.push_back(std::move(team));
  }
  org.id_base = spec.from_census() ? max_id + 1 : 0;
  return census_row_of_seat;
}

/// Each division's range of teams, and its head: the first team manager.
void describe_divisions(std::int64_t divisions, Organisation& org) {
  org.divisions.resize(static_cast<std::size_t>(divisions));
  for (std::size_t d = 0; d < org.divisions.size(); ++d) {
    org.divisions[d].first_team = static_cast<std::uint32_t>(org.teams.size());
    org.divisions[d].name = "division-" + std::to_string(d);
  }
  for (std::size_t t = 0; t < org.teams.size(); ++t) {
    DivisionInfo& div = org.divisions[org.teams[t].division];
    div.first_team = std::min(div.first_team, static_cast<std::uint32_t>(t));
    div.end_team = std::max(div.end_team, static_cast<std::uint32_t>(t + 1));
  }
  for (auto& div : org.divisions) {
    if (div.end_team == 0) div.first_team = 0;  // a division with no teams
    for (std::uint32_t t = div.first_team; t < div.end_team; ++t) {
      if (org.teams[t].manager_seat != kNoSeat) {
        div.head_seat = org.teams[t].manager_seat;
        break;
      }
    }
  }
}

}  // namespace

Organisation build_organisation(const OrgSpec& spec) {
  Organisation org;
  org.from_census = spec.from_census();
  CensusData census;
  std::vector<Draft> drafts;
  if (spec.from_census()) {
    census = detail::read_census(spec.census_file);
    drafts = std::move(census.drafts);
  } else {
    drafts = generated_teams(spec);
  }
  const std::int64_t divisions = assign_divisions(spec, drafts);
  add_planned_seats(spec, divisions, drafts);
  std::stable_sort(drafts.begin(), drafts.end(),
                   [](const Draft& a, const Draft& b) { return a.division < b.division; });
  const auto census_row_of_seat = lay_out_seats(spec, drafts, census, org);
  describe_divisions(divisions, org);
  detail::build_network(spec, census, census_row_of_seat, org);
  return org;
}

}  // namespace wfsim::workforce
