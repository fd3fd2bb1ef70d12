/// Loading the organisation from an HR census CSV (ODD section 6). Every
/// problem is one located error; nothing runs on a census that fails.
#include <map>
#include <unordered_map>

#include "engine/params/csv.hpp"
#include "models/workforce/organisation_build.hpp"

namespace wfsim::workforce {

const std::vector<std::string>& census_columns() {
  static const std::vector<std::string> columns = {
      "employee_id",   "role",        "team",     "manager_id", "salary",
      "tenure_months", "performance", "division", "fluency",    "skill"};
  return columns;
}

namespace detail {

namespace {

struct Columns {
  std::size_t id, role, team, manager, salary, tenure;
  std::ptrdiff_t rating, division, fluency, skill;
};

Columns find_columns(const params::CsvTable& csv) {
  csv.reject_unknown_columns(census_columns());
  return {csv.require_column("employee_id"), csv.require_column("role"),
          csv.require_column("team"),        csv.require_column("manager_id"),
          csv.require_column("salary"),      csv.require_column("tenure_months"),
          csv.find_column("performance"),    csv.find_column("division"),
          csv.find_column("fluency"),        csv.find_column("skill")};
}

/// Teams in order of first appearance, with the division each belongs to.
struct TeamIndex {
  std::map<std::string, std::size_t> index;
  std::vector<std::string> division;
  std::vector<std::size_t> first_row;
};

/// Reads one row into the census, adding its team if new.
void read_row(const params::CsvTable& csv, const Columns& c, std::size_t r,
              std::unordered_map<std::int64_t, std::size_t>& row_of_id, TeamIndex& teams,
              CensusData& data) {
  static const auto roles = role_labels();
  const std::int64_t id = csv.integer(r, c.id, 0);
  if (!row_of_id.emplace(id, r).second) {
    csv.fail(r, c.id,
             "employee id " + std::to_string(id) + " appears twice (first on line " +
                 std::to_string(csv.line(row_of_id[id])) + ")");
  }
  const Role role = static_cast<Role>(csv.choice(r, c.role, roles));
  const std::string& team = csv.text(r, c.team);
  if (team.empty()) csv.fail(r, c.team, "every employee needs a team");
  const double salary = csv.real(r, c.salary, 1000.0, 1e8);
  const double tenure = csv.real(r, c.tenure, 0.0, 1200.0);
  std::int8_t rating = 0;
  if (c.rating >= 0 && !csv.empty(r, static_cast<std::size_t>(c.rating))) {
    rating = static_cast<std::int8_t>(csv.integer(r, static_cast<std::size_t>(c.rating), 1, 5));
  }
  // What HR knows of a person's AI fluency and skill (assessments, a skills
  // inventory); an empty cell leaves the attribute to be drawn.
  const auto optional_share = [&](std::ptrdiff_t column) {
    if (column < 0 || csv.empty(r, static_cast<std::size_t>(column))) return kNotGiven;
    return csv.real(r, static_cast<std::size_t>(column), 0.0, 1.0);
  };
  const double fluency = optional_share(c.fluency);
  const double skill = optional_share(c.skill);
  std::string division;
  if (c.division >= 0) {
    const auto column = static_cast<std::size_t>(c.division);
    division = csv.text(r, column);
    if (division.empty()) {
      csv.fail(r, column, "the division column is present, so every employee needs one");
    }
  }
  auto [it, added] = teams.index.emplace(team, data.drafts.size());
  if (added) {
    Draft d;
    d.name = team;
    data.drafts.push_back(std::move(d));
    teams.division.push_back(division);
    teams.first_row.push_back(r);
  } else if (c.division >= 0 && teams.division[it->second] != division) {
    csv.fail(r, static_cast<std::size_t>(c.division),
             "team '" + team + "' is in division '" + teams.division[it->second] + "' on line " +
                 std::to_string(csv.line(teams.first_row[it->second])) +
                 "; a team belongs to one division");
  }
  Draft& d = data.drafts[it->second];
  d.roles.push_back(role);
  d.open_month.push_back(0);
  d.census_rows.push_back(r);
  data.id.push_back(id);
  data.salary.push_back(salary / 1000.0);
  data.tenure.push_back(tenure);
  data.rating.push_back(rating);
  data.fluency.push_back(fluency);
  data.skill.push_back(skill);
}

/// Managers must exist, and the reporting lines must form a forest.
void read_managers(const params::CsvTable& csv, const Columns& c,
                   const std::unordered_map<std::int64_t, std::size_t>& row_of_id,
                   CensusData& data) {
  data.manager.assign(csv.rows(), -1);
  for (std::size_t r = 0; r < csv.rows(); ++r) {
    if (csv.empty(r, c.manager)) continue;
    const std::int64_t m = csv.integer(r, c.manager, 0);
    const auto it = row_of_id.find(m);
    if (it == row_of_id.end()) {
      csv.fail(r, c.manager, "manager " + std::to_string(m) + " is not in the census");
    }
    if (it->second == r) csv.fail(r, c.manager, "an employee cannot manage themself");
    data.manager[r] = static_cast<std::int64_t>(it->second);
  }
  std::vector<std::uint8_t> state(csv.rows(), 0);  // 0 unvisited, 1 on the path, 2 done
  for (std::size_t start = 0; start < csv.rows(); ++start) {
    std::vector<std::size_t> chain;
    auto at = static_cast<std::int64_t>(start);
    while (at >= 0 && state[static_cast<std::size_t>(at)] == 0) {
      state[static_cast<std::size_t>(at)] = 1;
      chain.push_back(static_cast<std::size_t>(at));
      at = data.manager[static_cast<std::size_t>(at)];
    }
    if (at >= 0 && state[static_cast<std::size_t>(at)] == 1) {
      csv.fail(static_cast<std::size_t>(at), c.manager,
               "the reporting lines form a cycle through employee " +
                   std::to_string(data.id[static_cast<std::size_t>(at)]));
    }
    for (std::size_t member : chain)
      state[member] = 2;
  }
}

/// A team's manager is the member most of the team reports to.
void choose_team_managers(CensusData& data) {
  for (Draft& d : data.drafts) {
    std::map<std::size_t, std::size_t> reports;  // member index -> count
    for (std::size_t i = 0; i < d.census_rows.size(); ++i) {
      const std::int64_t m = data.manager[d.census_rows[i]];
      if (m < 0) continue;
      for (std::size_t j = 0; j < d.census_rows.size(); ++j) {
        if (d.census_rows[j] == static_cast<std::size_t>(m)) ++reports[j];
      }
    }
    std::size_t best = 0;
    for (const auto& [member, count] : reports) {
      if (count > best) {
        best = count;
        d.manager = static_cast<std::ptrdiff_t>(member);
      }
    }
  }
}

}  // namespace

CensusData read_census(const std::string& path) {
  const auto csv = params::CsvTable::read_file(path);
  const Columns columns = find_columns(csv);
  if (csv.rows() == 0) {
    throw params::ConfigError(params::SourceLocation{path, 1, 0}, "",
                              "the census has a header but no employees");
  }
  CensusData data;
  data.has_division = columns.division >= 0;
  std::unordered_map<std::int64_t, std::size_t> row_of_id;
  TeamIndex teams;
  for (std::size_t r = 0; r < csv.rows(); ++r)
    read_row(csv, columns, r, row_of_id, teams, data);
  read_managers(csv, columns, row_of_id, data);
  choose_team_managers(data);
  if (data.has_division) {
    std::map<std::string, std::int64_t> index;
    for (std::size_t t = 0; t < data.drafts.size(); ++t) {
      const auto [it, added] =
          index.emplace(teams.division[t], static_cast<std::int64_t>(index.size()));
      data.drafts[t].division = it->second;
    }
  }
  return data;
}

}  // namespace detail

}  // namespace wfsim::workforce
