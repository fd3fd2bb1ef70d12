#include <boost/graph/breadth_first_search.hpp>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <numeric>
#include <set>

#include "models/workforce/organisation.hpp"
#include "models/workforce/settings.hpp"
#include "tests/common/model_runs.hpp"

using namespace wfsim;
using namespace wfsim::workforce;

namespace {

Organisation organisation_of(const std::string& parameters,
                             const std::vector<std::string>& overrides = {}) {
  const auto config =
      testing::config_from("model: workforce\nparameters:\n" + parameters, overrides);
  return build_organisation(read_settings(config.values).org);
}

/// A census file in a fresh temporary folder; removed with the object.
struct CensusFile {
  explicit CensusFile(const std::string& text) {
    static int counter = 0;
    folder = std::filesystem::temp_directory_path() /
             ("wfsim-census-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(folder);
    path = (folder / "census.csv").string();
    std::ofstream(path) << text;
  }
  ~CensusFile() { std::filesystem::remove_all(folder); }
  std::filesystem::path folder;
  std::string path;
};

std::string census_error(const std::string& text) {
  const CensusFile file(text);
  try {
    const auto config = testing::config_from(
        "model: workforce\nparameters:\n  org:\n    source: census\n    census_file: " + file.path +
        "\n");
    config.model->instantiate(config.values);
  } catch (const params::ConfigError& e) {
    std::string message = e.what();
    // Report the message relative to the file, which is a temporary path.
    const auto at = message.find(file.path);
    if (at != std::string::npos) message.replace(at, file.path.size(), "census.csv");
    return message;
  }
  return {};
}

const std::string kHeader = "employee_id,role,team,manager_id,salary,tenure_months,performance\n";

}  // namespace

TEST_CASE("archetype teams get the brief's role shares, the manager holding the main role") {
  const auto org = organisation_of(
      "  org:\n    teams:\n"
      "      - {archetype: consumer, teams: 3, size: 10}\n"
      "      - {archetype: fine_tuner, teams: 2, size: 10}\n"
      "      - {archetype: trainer, teams: 1, size: 20}\n"
      "      - {archetype: custom, teams: 1, researcher: 2, mlops_engineer: 3}\n");
  REQUIRE(org.teams.size() == 7);
  REQUIRE(org.seats() == 30 + 20 + 20 + 5);
  auto count = [&](std::uint32_t team, Role role) {
    int n = 0;
    for (std::uint32_t s = org.teams[team].first_seat; s < org.teams[team].end_seat; ++s) {
      n += org.role[s] == role;
    }
    return n;
  };
  CHECK(count(0, Role::ProductEngineer) == 7);
  CHECK(count(0, Role::AiPm) == 2);
  CHECK(count(0, Role::PromptEvalSpecialist) == 1);
  CHECK(count(3, Role::MlEngineer) == 4);
  CHECK(count(3, Role::MlopsEngineer) == 3);
  CHECK(count(3, Role::DataEngineer) == 2);
  CHECK(count(3, Role::AppliedScientist) == 1);
  CHECK(count(5, Role::Researcher) == 6);
  CHECK(count(5, Role::MlopsEngineer) == 7);
  CHECK(count(6, Role::MlopsEngineer) == 3);
  for (const auto& team : org.teams) {
    REQUIRE(team.manager_seat == team.first_seat);
    // The manager holds the team's most common role.
    std::map<Role, int> roles;
    for (std::uint32_t s = team.first_seat; s < team.end_seat; ++s)
      ++roles[org.role[s]];
    int best = 0;
    for (const auto& [role, n] : roles)
      best = std::max(best, n);
    CHECK(roles[org.role[team.manager_seat]] == best);
  }
  CHECK(org.initial_headcount() == org.seats());
}

TEST_CASE("divisions pack teams by size and each has a head reporting to the organisation's") {
  const auto org = organisation_of(
      "  org:\n    division_size: 25\n    teams:\n      - {archetype: consumer, teams: 9, "
      "size: 10}\n");
  REQUIRE(org.divisions.size() == 3);
  for (const auto& div : org.divisions) {
    CHECK(div.end_team - div.first_team == 3);
    CHECK(div.head_seat == org.teams[div.first_team].manager_seat);
  }
  // Team managers report to their division head, heads to the organisation's head.
  auto reports_to = [&](std::uint32_t from, std::uint32_t to) {
    const auto [first, last] = boost::out_edges(from, org.ties);
    for (auto e = first; e != last; ++e) {
      if (boost::target(*e, org.ties) == to && org.ties[*e].kind == TieKind::ReportsTo) return true;
    }
    return false;
  };
  CHECK(reports_to(org.teams[4].manager_seat, org.divisions[1].head_seat));
  CHECK(reports_to(org.divisions[2].head_seat, org.divisions[0].head_seat));
  CHECK_FALSE(reports_to(org.teams[4].manager_seat, org.divisions[0].head_seat));
}

TEST_CASE("the tie network is symmetric, cliquish within teams and small-world across them") {
  const auto org =
      organisation_of("  org:\n    teams:\n      - {archetype: consumer, teams: 60}\n");
  const auto n = org.seats();
  std::set<std::pair<std::uint32_t, std::uint32_t>> edges;
  std::size_t cross = 0;
  for (std::uint32_t s = 0; s < n; ++s) {
    const auto [first, last] = boost::out_edges(s, org.ties);
    for (auto e = first; e != last; ++e) {
      const auto t = static_cast<std::uint32_t>(boost::target(*e, org.ties));
      CHECK(t != s);
      edges.emplace(s, t);
      cross += org.ties[*e].kind == TieKind::Cross;
      if (org.ties[*e].kind == TieKind::Team) CHECK(org.team[s] == org.team[t]);
      if (org.ties[*e].kind == TieKind::Cross) CHECK(org.team[s] != org.team[t]);
    }
  }
  for (const auto& [a, b] : edges)
    CHECK(edges.count({b, a}) == 1);
  // About org.cross_team_ties (4) cross ties per person.
  CHECK(static_cast<double>(cross) / n == Approx(4.0).margin(0.6));
  // Small world: every seat is reached from seat 0, in few steps.
  std::vector<std::uint32_t> distance(n, 0);
  std::vector<bool> seen(n, false);
  std::vector<std::uint32_t> queue = {0};
  seen[0] = true;
  for (std::size_t i = 0; i < queue.size(); ++i) {
    const auto [first, last] = boost::out_edges(queue[i], org.ties);
    for (auto e = first; e != last; ++e) {
      const auto t = static_cast<std::uint32_t>(boost::target(*e, org.ties));
      if (!seen[t]) {
        seen[t] = true;
        distance[t] = distance[queue[i]] + 1;
        queue.push_back(t);
      }
    }
  }
  CHECK(queue.size() == n);
  const double mean_distance =
      std::accumulate(distance.begin(), distance.end(), 0.0) / static_cast<double>(n);
  CHECK(mean_distance < 6.0);
  // ... and the structure is fixed by org.structure_seed alone.
  const auto again =
      organisation_of("  org:\n    teams:\n      - {archetype: consumer, teams: 60}\n");
  CHECK(std::equal(org.degree.begin(), org.degree.end(), again.degree.begin()));
  const auto other = organisation_of(
      "  org:\n    structure_seed: 99\n    teams:\n"
      "      - {archetype: consumer, teams: 60}\n");
  CHECK_FALSE(std::equal(org.degree.begin(), org.degree.end(), other.degree.begin()));
}

TEST_CASE("planned hires become vacant seats in new or existing teams") {
  const auto org = organisation_of(
      "  simulation: {months: 12}\n"
      "  org:\n    teams:\n      - {archetype: consumer, teams: 4}\n"
      "  hiring:\n    plan:\n"
      "      - {month: 2, role: mlops_engineer, count: 5, placement: new_team}\n"
      "      - {month: 3, role: researcher, count: 6}\n");
  REQUIRE(org.teams.size() == 5);
  CHECK(org.initial_headcount() == 40);
  const auto& planned = org.teams[4];
  CHECK(planned.end_seat - planned.first_seat == 5);
  for (std::uint32_t s = planned.first_seat; s < planned.end_seat; ++s) {
    CHECK(org.role[s] == Role::MlopsEngineer);
    CHECK(org.open_month[s] == 2);
  }
  // Six researchers spread round-robin over the four existing teams.
  std::vector<int> per_team(4, 0);
  for (std::uint32_t s = 0; s < org.seats(); ++s) {
    if (org.role[s] == Role::Researcher) {
      CHECK(org.open_month[s] == 3);
      ++per_team[org.team[s]];
    }
  }
  CHECK(per_team == std::vector<int>{2, 2, 1, 1});
}

TEST_CASE("the example census loads: teams, managers, divisions, salaries, ratings") {
  const std::string source = WFSIM_SOURCE_DIR;
  const auto config = testing::config_from(
      "model: workforce\nparameters:\n  org:\n    source: census\n    census_file: "
      "census/example-org.csv\n",
      {}, source + "/configs/census-example.yaml");
  const auto org = build_organisation(read_settings(config.values).org);
  CHECK(org.seats() == 84);
  CHECK(org.teams.size() == 10);
  CHECK(org.divisions.size() == 2);
  CHECK(org.teams[0].name == "leadership");
  CHECK(org.teams[0].manager_seat == kNoSeat);  // the head manages no one in their own team
  CHECK(org.teams[1].name == "search-ranking");
  CHECK(org.census_id[org.teams[1].manager_seat] == 1002);
  CHECK(org.census_salary[0] == Approx(186.6));  // $k
  CHECK(org.census_tenure[0] == Approx(42.1));
  CHECK(org.id_base == 1085);
}

TEST_CASE("census rows are read with quoting, optional columns and any column order") {
  const CensusFile file(
      "team,employee_id,role,manager_id,salary,tenure_months\n"
      "\"Search, ranking\",7,ml_engineer,,190000,12\n"
      "\"Search, ranking\",8,data_engineer,7,160000,3.5\n");
  const auto config = testing::config_from(
      "model: workforce\nparameters:\n  org:\n    source: census\n    census_file: " + file.path +
      "\n");
  const auto org = build_organisation(read_settings(config.values).org);
  REQUIRE(org.seats() == 2);
  CHECK(org.teams[0].name == "Search, ranking");
  CHECK(org.teams[0].manager_seat == 0);
  CHECK(org.census_rating[1] == 0);  // no performance column
  CHECK(org.divisions.size() == 1);
}

TEST_CASE("every census error names the file, line and column") {
  const std::string ok = "1,ml_engineer,a,,190000,12,3\n";
  CHECK(census_error(kHeader + ok + "2,ml_enginer,a,1,150000,2,3\n") ==
        "census.csv:3:2: error: key 'role': 'ml_enginer' is not one of product_engineer, "
        "ml_engineer, mlops_engineer, data_engineer, applied_scientist, researcher, ai_pm, "
        "prompt_eval_specialist (did you mean 'ml_engineer'?)");
  CHECK(census_error(kHeader + ok + "1,ml_engineer,a,,150000,2,3\n") ==
        "census.csv:3:1: error: key 'employee_id': employee id 1 appears twice (first on line 2)");
  CHECK(census_error(kHeader + ok + "2,ml_engineer,a,9,150000,2,3\n") ==
        "census.csv:3:4: error: key 'manager_id': manager 9 is not in the census");
  CHECK(census_error(kHeader + "1,ml_engineer,a,2,190000,12,3\n2,ml_engineer,a,1,150000,2,3\n")
            .find("census.csv:2:4: error: key 'manager_id': the reporting lines form a cycle") ==
        0);
  CHECK(census_error(kHeader + "1,ml_engineer,a,1,190000,12,3\n") ==
        "census.csv:2:4: error: key 'manager_id': an employee cannot manage themself");
  CHECK(census_error(kHeader + ok + "2,ml_engineer,a,1,lots,2,3\n") ==
        "census.csv:3:5: error: key 'salary': expected a number, got 'lots'");
  CHECK(census_error(kHeader + ok + "2,ml_engineer,a,1,150000,-2,3\n") ==
        "census.csv:3:6: error: key 'tenure_months': value -2 is out of range [0, 1200]");
  CHECK(census_error(kHeader + ok + "2,ml_engineer,a,1,150000,2,7\n") ==
        "census.csv:3:7: error: key 'performance': value 7 is out of range [1, 5]");
  CHECK(census_error(kHeader + ok + "2,ml_engineer,,1,150000,2,3\n") ==
        "census.csv:3:3: error: key 'team': every employee needs a team");
  CHECK(census_error(kHeader + ok + "2,ml_engineer,a,1,150000,2\n") ==
        "census.csv:3: error: the record has 6 fields but the header names 7 columns");
  CHECK(census_error("employee_id,role,team,manager_id,salary\n1,ml_engineer,a,,1\n") ==
        "census.csv:1: error: key 'tenure_months': required column is missing from the header");
  CHECK(census_error("employee_id,role,team,manager_id,salary,tenure_month\n") ==
        "census.csv:1:6: error: key 'tenure_month': unknown column (did you mean "
        "'tenure_months'?)");
  CHECK(census_error(kHeader) == "census.csv:1: error: the census has a header but no employees");
  CHECK(census_error("employee_id,role,team,manager_id,salary,tenure_months,division\n"
                     "1,ml_engineer,a,,190000,12,x\n2,ml_engineer,a,1,150000,2,y\n") ==
        "census.csv:3:7: error: key 'division': team 'a' is in division 'x' on line 2; a team "
        "belongs to one division");
}

TEST_CASE("a missing census file is one error naming it") {
  const auto config = testing::config_from(
      "model: workforce\nparameters:\n  org:\n    source: census\n    census_file: nowhere.csv\n",
      {}, "folder/run.yaml");
  try {
    config.model->instantiate(config.values);
    FAIL("no error");
  } catch (const params::ConfigError& e) {
    CHECK(std::string(e.what()) ==
          "folder/nowhere.csv: error: cannot open the file (No such file or directory)");
  }
}
