#include "models/workforce/cohorts.hpp"

#include <unordered_map>

#include "models/workforce/organisation.hpp"
#include "models/workforce/people.hpp"

namespace wfsim::workforce {

namespace {

std::vector<params::Column<Selector>> selector_columns(const std::string& what) {
  using C = params::Column<Selector>;
  return {
      C::integer("employee_id", &Selector::employee_id, -1, "", -1,
                 std::numeric_limits<std::int64_t>::max(),
                 "census employee id of one person " + what + "; -1: choose by team and role"),
      C::text("team", &Selector::team, "",
              "team name (a census team, or a generated team such as consumer-3): its seats "
              "whoever holds them; empty: any team"),
      C::choice("role", &Selector::role, RoleOrAny::Any, kRoleOrAnyNames,
                "only seats of this role (with team: that role in that team); any: every role"),
  };
}

/// Marks the seats one selector names.
void mark(const Selector& s, const std::string& key, const Organisation& org,
          const std::unordered_map<std::int64_t, std::uint32_t>& seat_of_id,
          std::vector<std::uint8_t>& marks) {
  if (s.employee_id >= 0) {
    if (!s.team.empty() || s.role != RoleOrAny::Any) {
      throw params::ConfigError(s.where, key + ".employee_id",
                                "give an employee id, or a team and / or a role, not both");
    }
    if (!org.from_census) {
      throw params::ConfigError(s.where, key + ".employee_id",
                                "employee ids need an organisation loaded from a census "
                                "(org.source: census)");
    }
    const auto it = seat_of_id.find(s.employee_id);
    if (it == seat_of_id.end()) {
      throw params::ConfigError(
          s.where, key + ".employee_id",
          "employee " + std::to_string(s.employee_id) + " is not in the census");
    }
    marks[it->second] = std::max<std::uint8_t>(marks[it->second], kNamedIncumbent);
    return;
  }
  if (s.team.empty() && s.role == RoleOrAny::Any) {
    throw params::ConfigError(s.where, key,
                              "name an employee_id, a team or a role (a row of nobody)");
  }
  std::uint32_t first = 0, end = org.seats();
  if (!s.team.empty()) {
    bool found = false;
    for (const TeamInfo& team : org.teams) {
      if (team.name == s.team) {
        first = team.first_seat;
        end = team.end_seat;
        found = true;
        break;
      }
    }
    if (!found) {
      throw params::ConfigError(s.where, key + ".team",
                                "team '" + s.team + "' is not in the organisation");
    }
  }
  bool any = false;
  for (std::uint32_t seat = first; seat < end; ++seat) {
    const bool role_matches =
        s.role == RoleOrAny::Any ||
        static_cast<std::size_t>(org.role[seat]) + 1 == static_cast<std::size_t>(s.role);
    if (!role_matches) continue;
    marks[seat] = std::max<std::uint8_t>(marks[seat], kAnyIncumbent);
    any = true;
  }
  if (!any) {
    throw params::ConfigError(s.where, key + ".role", "no seat of this role in the team");
  }
}

std::vector<std::uint8_t> resolve(
    const std::vector<Selector>& selectors, const std::string& key, const Organisation& org,
    const std::unordered_map<std::int64_t, std::uint32_t>& seat_of_id) {
  if (selectors.empty()) return {};
  std::vector<std::uint8_t> marks(org.seats(), kOutside);
  for (std::size_t i = 0; i < selectors.size(); ++i)
    mark(selectors[i], key + "[" + std::to_string(i) + "]", org, seat_of_id, marks);
  return marks;
}

}  // namespace

void Cohorts::declare(params::BoundGroup<Settings, Cohorts> guild,
                      params::BoundGroup<Settings, Cohorts> training) {
  guild.table("members", &Cohorts::guild, selector_columns("in the guild"), {},
              "the AI guild given protected time for experiments (policy.guild.time_share): "
              "rows of a census employee id, or a team and / or a role",
              &Selector::where);
  training.table("targets", &Cohorts::training, selector_columns("to train"), {},
                 "whom the upskilling programme trains, least fluent first among them (rows of "
                 "a census employee id, or a team and / or a role); empty: anyone below "
                 "policy.upskilling.eligible_below",
                 &Selector::where);
}

void resolve_cohorts(const Cohorts& cohorts, Organisation& org) {
  std::unordered_map<std::int64_t, std::uint32_t> seat_of_id;
  for (std::uint32_t seat = 0; seat < org.census_id.size(); ++seat) {
    if (org.census_id[seat] >= 0) seat_of_id.emplace(org.census_id[seat], seat);
  }
  org.guild = resolve(cohorts.guild, "guild.members", org, seat_of_id);
  org.training_target = resolve(cohorts.training, "training.targets", org, seat_of_id);
}

bool in_set(const std::vector<std::uint8_t>& marks, const Organisation& org, std::uint32_t seat,
            const Person& person) {
  if (marks.empty() || !person.present) return false;
  switch (marks[seat]) {
    case kAnyIncumbent:
      return true;
    case kNamedIncumbent:
      return person.id == org.census_id[seat];
    default:
      return false;
  }
}

}  // namespace wfsim::workforce
