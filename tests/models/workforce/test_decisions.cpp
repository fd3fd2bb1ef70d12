// The decisions the model is meant to inform, written in a config: people
// named in a census, targeted upskilling, a guild with protected time,
// planned hires placed in teams, and a budget in currency.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>

#include "models/workforce/organisation.hpp"
#include "models/workforce/settings.hpp"
#include "tests/common/model_runs.hpp"

using namespace wfsim;
using namespace wfsim::workforce;
using testing::config_from;
using testing::run_config;
using testing::series_of;

namespace {

/// A census file in a fresh temporary folder; removed with the object.
struct CensusFile {
  explicit CensusFile(const std::string& text) {
    static int counter = 0;
    folder = std::filesystem::temp_directory_path() /
             ("wfsim-decisions-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(folder);
    path = (folder / "census.csv").string();
    std::ofstream(path) << text;
  }
  ~CensusFile() { std::filesystem::remove_all(folder); }
  std::filesystem::path folder;
  std::string path;
};

/// The message of the configuration error the text raises, with the census
/// path shortened to its file name; empty if none.
std::string config_error(const std::string& text, const std::string& census_path = "") {
  try {
    const auto config = config_from(text);
    config.model->instantiate(config.values);
  } catch (const params::ConfigError& e) {
    std::string message = e.what();
    const auto at = census_path.empty() ? std::string::npos : message.find(census_path);
    if (at != std::string::npos) message.replace(at, census_path.size(), "census.csv");
    return message;
  }
  return {};
}

/// A census of `teams` teams of ten ml engineers; ids 1..10 teams, the first
/// of each team its manager. `extra` columns are appended to each row.
std::string census_text(int teams, const std::string& extra_header = "",
                        const std::map<int, std::string>& extra = {}) {
  std::string text = "employee_id,role,team,manager_id,salary,tenure_months" + extra_header + "\n";
  for (int t = 0; t < teams; ++t) {
    for (int i = 0; i < 10; ++i) {
      const int id = 10 * t + i + 1;
      text += std::to_string(id) + ",ml_engineer,team-" + std::to_string(t) + "," +
              (i == 0 ? std::string() : std::to_string(10 * t + 1)) + ",180000,36";
      if (!extra_header.empty()) {
        const auto it = extra.find(id);
        const auto columns = std::count(extra_header.begin(), extra_header.end(), ',');
        text += "," + (it == extra.end() ? std::string(static_cast<std::size_t>(columns - 1), ',')
                                         : it->second);
      }
      text += "\n";
    }
  }
  return text;
}

std::string census_config(const std::string& path, const std::string& more = "") {
  return "model: workforce\nseed: 3\nparameters:\n"
         "  simulation: {months: 12, warmup_months: 0}\n"
         "  org:\n    source: census\n    census_file: " +
         path + "\n  output: {panel_every_months: 1}\n" + more;
}

/// Column `name` of the panel table of a replication, by employee id at `month`.
std::map<std::int64_t, double> panel_at(const model::RunConfig& config,
                                        const results::ReplicationResult& r, int month,
                                        const std::string& name) {
  const auto scenario = config.model->instantiate(config.values);
  const auto& schema = scenario->schema();
  const auto table = static_cast<std::size_t>(schema.table_index("panel"));
  const auto& spec = schema.tables[table];
  std::size_t column = 0;
  while (spec.columns[column].name != name)
    ++column;
  const auto& months = std::get<std::vector<std::int64_t>>(r.tables[table].columns[0]);
  const auto& ids = std::get<std::vector<std::int64_t>>(r.tables[table].columns[1]);
  const auto& values = std::get<std::vector<double>>(r.tables[table].columns[column]);
  std::map<std::int64_t, double> out;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (months[i] == month) out[ids[i]] = values[i];
  }
  return out;
}

}  // namespace

TEST_CASE("a census may give people's fluency and skill, which they then have") {
  const CensusFile file(census_text(2, ",fluency,skill", {{3, "0.95,0.9"}, {14, ",0.1"}}));
  const auto config = config_from(census_config(file.path));
  const auto org = build_organisation(read_settings(config.values).org);
  CHECK(org.census_fluency[2] == Approx(0.95));
  CHECK(org.census_skill[2] == Approx(0.9));
  CHECK(org.census_fluency[13] == kNotGiven);
  CHECK(org.census_skill[13] == Approx(0.1));
  CHECK(org.census_skill[4] == kNotGiven);
  const auto results = run_config(config, 2, 1);
  for (const auto& r : results) {
    const auto fluency = panel_at(config, r, 1, "fluency");
    const auto skill = panel_at(config, r, 1, "skill");
    if (fluency.count(3)) {
      CHECK(fluency.at(3) == Approx(0.95).margin(1e-6));  // above the programme's threshold
      CHECK(skill.at(3) == Approx(0.9).margin(1e-6));
    }
    if (skill.count(14)) CHECK(skill.at(14) == Approx(0.1).margin(1e-6));
  }
}

TEST_CASE("census fluency and skill out of range are located errors") {
  const CensusFile bad_fluency(census_text(1, ",fluency", {{4, "1.5"}}));
  CHECK(config_error(census_config(bad_fluency.path), bad_fluency.path) ==
        "census.csv:5:7: error: key 'fluency': value 1.5 is out of range [0, 1]");
  const CensusFile bad_skill(census_text(1, ",skill", {{2, "high"}}));
  CHECK(config_error(census_config(bad_skill.path), bad_skill.path) ==
        "census.csv:3:7: error: key 'skill': expected a number, got 'high'");
}

namespace {

double sum_over(const std::vector<results::ReplicationResult>& results, std::size_t series) {
  double sum = 0;
  for (const auto& r : results) {
    for (double x : r.series[series])
      sum += x;
  }
  return sum;
}

std::map<int, std::string> everyone(int people, const std::string& cells) {
  std::map<int, std::string> out;
  for (int id = 1; id <= people; ++id)
    out[id] = cells;
  return out;
}

}  // namespace

TEST_CASE("a targeted programme trains whom it names, whatever their fluency, and nobody else") {
  const CensusFile file(census_text(3, ",fluency", everyone(30, "0.7")));
  const auto config = config_from(census_config(file.path,
                                                "  policy:\n    upskilling: {capacity_per_1000: "
                                                "200, duration_weeks: 4}\n"
                                                "  training:\n    targets:\n"
                                                "      - {employee_id: 3}\n"
                                                "      - {team: team-1, role: ml_engineer}\n"));
  const auto results = run_config(config, 2, 1);
  int trained = 0;
  for (const auto& r : results) {
    for (const auto& [id, fluency] : panel_at(config, r, 6, "fluency")) {
      if (id > 30) continue;  // a hire, whose fluency is drawn
      const bool target = id == 3 || (id >= 11 && id <= 20);
      if (!target) {
        CHECK(fluency == Approx(0.7).margin(1e-6));
      } else if (fluency > 0.7 + 1e-6) {
        ++trained;
      }
    }
  }
  // Six seats a month for 30 people: every target present is trained by month 6.
  CHECK(trained >= 16);
  // Without targets nobody is eligible: everyone's fluency is above the threshold.
  const auto open = config_from(census_config(file.path,
                                              "  policy:\n    upskilling: {capacity_per_1000: "
                                              "200, duration_weeks: 4}\n"));
  for (const auto& r : run_config(open, 1, 1)) {
    for (const auto& [id, fluency] : panel_at(open, r, 6, "fluency")) {
      if (id <= 30) CHECK(fluency == Approx(0.7).margin(1e-6));
    }
  }
}

TEST_CASE("a guild's protected time buys experiments with in-role output") {
  const CensusFile file(census_text(4));
  const std::string guild =
      "  guild:\n    members:\n      - {team: team-0}\n      - {team: team-1}\n"
      "  policy:\n    guild: {time_share: 0.3}\n";
  const auto without = config_from(census_config(file.path));
  const auto with = config_from(census_config(file.path, guild));
  const auto a = run_config(without, 8, 2);
  const auto b = run_config(with, 8, 2);
  const auto scenario = without.model->instantiate(without.values);
  const auto& schema = scenario->schema();
  const auto experiments = series_of(schema, "experiments");
  const auto value = series_of(schema, "value_delivered");
  const auto shipped = series_of(schema, "shipped_value");
  CHECK(sum_over(b, experiments) > 1.3 * sum_over(a, experiments));
  const double in_role_a = sum_over(a, value) - sum_over(a, shipped);
  const double in_role_b = sum_over(b, value) - sum_over(b, shipped);
  // Half the organisation gives 30 % of its time: about 15 % less in-role value.
  CHECK(in_role_b < 0.92 * in_role_a);
  CHECK(in_role_b > 0.75 * in_role_a);
}

TEST_CASE("unknown people, teams and roles in a guild or a training list are located errors") {
  const CensusFile file(census_text(2));
  CHECK(
      config_error(census_config(file.path, "  guild:\n    members:\n      - {employee_id: 99}\n"),
                   file.path) ==
      "test.yaml:11:9: error: key 'guild.members[0].employee_id': employee 99 is not in the "
      "census");
  CHECK(
      config_error(census_config(file.path, "  training:\n    targets:\n      - {team: tema-1}\n"),
                   file.path) ==
      "test.yaml:11:9: error: key 'training.targets[0].team': team 'tema-1' is not in the "
      "organisation");
  CHECK(config_error(census_config(file.path,
                                   "  training:\n    targets:\n      - {team: team-1, role: "
                                   "researcher}\n"),
                     file.path) ==
        "test.yaml:11:9: error: key 'training.targets[0].role': no seat of this role in the team");
  CHECK(config_error("model: workforce\nparameters:\n  guild:\n    members:\n"
                     "      - {employee_id: 4}\n") ==
        "test.yaml:5:9: error: key 'guild.members[0].employee_id': employee ids need an "
        "organisation loaded from a census (org.source: census)");
}

TEST_CASE("planned hires join a named team, build a mixed team and repeat by quarter") {
  const auto config = config_from(
      "model: workforce\nparameters:\n  simulation: {months: 24}\n"
      "  org:\n    teams:\n      - {archetype: consumer, teams: 3}\n"
      "  hiring:\n    plan:\n"
      "      - {month: 1, role: mlops_engineer, count: 1, placement: new_team, team: ai-platform}\n"
      "      - {month: 1, role: ai_pm, count: 1, placement: new_team, team: ai-platform}\n"
      "      - {month: 4, role: mlops_engineer, count: 1, team: ai-platform, every_months: 3, "
      "times: 3}\n"
      "      - {month: 2, role: researcher, count: 2, team: consumer-1}\n");
  const auto org = build_organisation(read_settings(config.values).org);
  REQUIRE(org.teams.size() == 4);
  const TeamInfo* platform = nullptr;
  for (const auto& team : org.teams) {
    if (team.name == "ai-platform") platform = &team;
  }
  REQUIRE(platform != nullptr);
  std::map<int, int> mlops_by_month;
  int pms = 0;
  for (std::uint32_t s = platform->first_seat; s < platform->end_seat; ++s) {
    if (org.role[s] == Role::MlopsEngineer) ++mlops_by_month[org.open_month[s]];
    if (org.role[s] == Role::AiPm) ++pms;
  }
  CHECK(pms == 1);
  CHECK(mlops_by_month == std::map<int, int>{{1, 1}, {4, 1}, {7, 1}, {10, 1}});
  int researchers = 0;
  for (std::uint32_t s = 0; s < org.seats(); ++s) {
    if (org.role[s] != Role::Researcher) continue;
    CHECK(org.teams[org.team[s]].name == "consumer-1");
    CHECK(org.open_month[s] == 2);
    ++researchers;
  }
  CHECK(researchers == 2);
}

TEST_CASE("a plan naming a team that is not there, or repeating past the run, is a located error") {
  const std::string head =
      "model: workforce\nparameters:\n  simulation: {months: 12}\n"
      "  org:\n    teams:\n      - {archetype: consumer, teams: 3}\n  hiring:\n    plan:\n";
  CHECK(config_error(head + "      - {month: 1, role: ai_pm, count: 1, team: platfrom}\n") ==
        "test.yaml:9:9: error: key 'hiring.plan[0].team': team 'platfrom' is not in the "
        "organisation (placement new_team creates it)");
  CHECK(config_error(head + "      - {month: 1, role: ai_pm, count: 1, placement: new_team, team: "
                            "consumer-0}\n") ==
        "test.yaml:9:9: error: key 'hiring.plan[0].team': team 'consumer-0' already exists; "
        "placement existing adds seats to it");
  CHECK(config_error(head +
                     "      - {month: 3, role: ai_pm, count: 1, every_months: 3, times: 5}\n") ==
        "test.yaml:9:9: error: key 'hiring.plan[0].times': the last of 5 occurrences falls in "
        "month 15, after the last month (12)");
}

namespace {

const std::string kLab =
    "model: workforce\nseed: 5\nparameters:\n  simulation: {months: 12, warmup_months: 0}\n"
    "  org:\n    teams:\n"
    "      - {archetype: custom, teams: 10, researcher: 5, applied_scientist: 3, ml_engineer: 2}\n";

double mean_at(const std::vector<results::ReplicationResult>& results, std::size_t series,
               std::size_t from, std::size_t to) {
  double sum = 0, n = 0;
  for (const auto& r : results) {
    for (std::size_t m = from; m < to; ++m) {
      if (std::isnan(r.series[series][m])) continue;
      sum += r.series[series][m];
      n += 1;
    }
  }
  return n > 0 ? sum / n : std::nan("");
}

}  // namespace

TEST_CASE("a budget in currency buys tokens, tooling and seats, and reports what is left") {
  const auto run = [](const std::string& budget) {
    const auto config = config_from(kLab + "  policy:\n    budget: " + budget + "\n");
    return std::make_pair(run_config(config, 4, 2),
                          config.model->instantiate(config.values)->schema());
  };
  const auto [lean, schema] =
      run("{monthly: 20, vendor_share: 1, tooling_share: 0, "
          "upskilling_share: 0, experiment_fund_share: 0}");
  const auto [rich, unused] =
      run("{monthly: 2000, vendor_share: 1, tooling_share: 0, "
          "upskilling_share: 0, experiment_fund_share: 0}");
  const auto [tooled, unused2] =
      run("{monthly: 2000, vendor_share: 0.5, tooling_share: 0.5, "
          "upskilling_share: 0, experiment_fund_share: 0}");
  const auto starved = series_of(schema, "compute_starved_share");
  const auto tokens = series_of(schema, "tokens_used");
  const auto unspent = series_of(schema, "budget_unspent");
  const auto spent = series_of(schema, "budget_spent");
  const auto readiness = series_of(schema, "platform_readiness");
  // $20k a month at $4 per million tokens is 50 M tokens a head: the lab is
  // starved; $2M a month is more than it can use, and most is left.
  CHECK(mean_at(lean, starved, 0, 12) > mean_at(rich, starved, 0, 12) + 0.2);
  CHECK(mean_at(lean, tokens, 0, 12) < mean_at(rich, tokens, 0, 12));
  CHECK(mean_at(lean, spent, 0, 12) <= 20.0 + 1e-6);
  CHECK(mean_at(rich, unspent, 0, 12) > 1000.0);
  // Half of it in tooling builds the platform the lab has no staff for.
  CHECK(mean_at(rich, readiness, 9, 12) < 0.05);
  CHECK(mean_at(tooled, readiness, 9, 12) > 0.9);
}

TEST_CASE("upskilling seats come from the budget's upskilling line") {
  const auto config =
      config_from(kLab +
                      "  policy:\n    budget: {monthly: 30, vendor_share: 0.5, "
                      "tooling_share: 0, upskilling_share: 0.5, experiment_fund_share: 0, "
                      "seat_cost: 5}\n    upskilling: {capacity_per_1000: 0, eligible_below: "
                      "1}\n",
                  {});
  const auto results = run_config(config, 2, 2);
  const auto scenario = config.model->instantiate(config.values);
  const auto& schema = scenario->schema();
  const auto spent = series_of(schema, "budget_spent");
  const auto tokens = series_of(schema, "tokens_used");
  // $15k buys three seats a month at $5k: spent = compute + 3 x 5.
  for (const auto& r : results) {
    for (std::size_t m = 1; m < 6; ++m) {
      CHECK(r.series[spent][m] == Approx(r.series[tokens][m] * 4.0 / 1000.0 + 15.0));
    }
  }
}

TEST_CASE("a budget split that does not add up is a located error") {
  CHECK(config_error(kLab +
                     "  policy:\n    budget:\n      monthly: 100\n      vendor_share: 0.5\n") ==
        "test.yaml:11:21: error: key 'policy.budget.vendor_share': the budget's shares add up to "
        "0.8 (vendor 0.5 + tooling 0.1 + upskilling 0.1 + experiment fund 0.1) in month 1, "
        "not 1");
  CHECK(config_error(kLab + "  policy:\n    budget:\n      vendor_share: 0.5\n").empty());
}

namespace {

const std::string kAiOrg =
    "model: workforce\nseed: 9\nparameters:\n  simulation: {months: 12, warmup_months: 0}\n"
    "  org:\n    teams:\n      - {archetype: fine_tuner, teams: 10}\n"
    "  policy:\n    approval: {signoffs: 3, sandbox_threshold: 5}\n";

}  // namespace

TEST_CASE(
    "a leader's pay counts from the month they start, and nothing else changes without "
    "effects") {
  const std::string quiet =
      "  leaders:\n    attraction: 0\n    approval_relief: 0\n"
      "    platform_fte: 0\n    single_signoff: false\n";
  const auto without = config_from(kAiOrg + quiet);
  const auto with = config_from(kAiOrg + quiet +
                                "    hire:\n      - {title: head_of_ai, team: fine_tuner-3, "
                                "month: 4}\n");
  const auto a = run_config(without, 2, 2);
  const auto b = run_config(with, 2, 2);
  const auto payroll =
      series_of(without.model->instantiate(without.values)->schema(), "payroll_cost");
  for (std::size_t r = 0; r < a.size(); ++r) {
    for (std::size_t m = 0; m < 12; ++m) {
      const double extra = m + 1 >= 4 ? 320.0 / 12.0 : 0.0;
      CHECK(b[r].series[payroll][m] - a[r].series[payroll][m] == Approx(extra).margin(1e-6));
    }
  }
}

TEST_CASE("a Head of AI shortens approvals in their division and draws candidates") {
  const std::string plan =
      "  hiring:\n    plan:\n      - {month: 3, role: ml_engineer, count: 30, placement: "
      "new_team, team: growth}\n";
  const auto without = config_from(kAiOrg + plan);
  const auto with = config_from(kAiOrg + plan +
                                "  leaders:\n    hire:\n      - {title: head_of_ai, team: "
                                "growth}\n");
  const auto a = run_config(without, 6, 2);
  const auto b = run_config(with, 6, 2);
  const auto scenario = without.model->instantiate(without.values);
  const auto& schema = scenario->schema();
  const auto wait = series_of(schema, "approval_wait_days");
  CHECK(mean_at(b, wait, 0, 12) < 0.8 * mean_at(a, wait, 0, 12));
  // Time to fill of the planned hires (the hires table's time_to_fill column).
  const auto fill_of = [&](const std::vector<results::ReplicationResult>& results) {
    const auto table = static_cast<std::size_t>(schema.table_index("hires"));
    double sum = 0, n = 0;
    for (const auto& r : results) {
      const auto& kind = std::get<std::vector<std::int64_t>>(r.tables[table].columns[5]);
      const auto& fill = std::get<std::vector<double>>(r.tables[table].columns[6]);
      for (std::size_t i = 0; i < kind.size(); ++i) {
        if (kind[i] != 1) continue;  // planned hires only
        sum += fill[i];
        n += 1;
      }
    }
    return sum / n;
  };
  // Offers worth 15 % more to candidates: A^3 is 1.52 times higher, so time
  // to fill about a third shorter.
  CHECK(fill_of(b) < 0.85 * fill_of(a));
}

TEST_CASE("a leader without a team, or of a team not there, is a located error") {
  CHECK(config_error(kAiOrg + "  leaders:\n    hire:\n      - {title: head_of_ai, team: ''}\n") ==
        "test.yaml:12:9: error: key 'leaders.hire[0].team': a leader needs a team to lead (its "
        "division is their remit)");
  CHECK(config_error(kAiOrg +
                     "  leaders:\n    hire:\n      - {title: chief_ai_officer, team: ai}\n") ==
        "test.yaml:12:9: error: key 'leaders.hire[0].team': team 'ai' is not in the "
        "organisation");
}

TEST_CASE("a research bet costs while it runs, takes its people's time and pays if it succeeds") {
  const std::string bet =
      "  research:\n    bets:\n      - {team: fine_tuner-2, people: 5, month: 2, "
      "duration_months: 6, time_share: 1, cost: 600, value: 5000, "
      "probability: ";
  const auto sure = config_from(kAiOrg + bet + "1}\n");
  const auto doomed = config_from(kAiOrg + bet + "0}\n");
  const auto none = config_from(kAiOrg);
  const auto scenario = sure.model->instantiate(sure.values);
  const auto& schema = scenario->schema();
  const auto spend = series_of(schema, "research_spend");
  const auto value = series_of(schema, "research_value");
  const auto delivered = series_of(schema, "value_delivered");
  const auto a = run_config(sure, 8, 2);
  const auto b = run_config(doomed, 8, 2);
  const auto c = run_config(none, 8, 2);
  for (std::size_t r = 0; r < a.size(); ++r) {
    for (std::size_t m = 0; m < 12; ++m) {
      const bool running = m + 1 >= 2 && m + 1 <= 7;
      CHECK(a[r].series[spend][m] == Approx(running ? 100.0 : 0.0));
      CHECK(a[r].series[value][m] == Approx(m + 1 == 7 ? 5000.0 : 0.0));
      CHECK(b[r].series[value][m] == 0.0);
    }
    // Same draws until the bet's people leave their roles: the same month 1.
    CHECK(b[r].series[delivered][0] == c[r].series[delivered][0]);
  }
  // Five people of a hundred out of their roles for six months: about 2.5 %
  // less in-role value over the year.
  const auto shipped = series_of(schema, "shipped_value");
  const auto in_role = [&](const std::vector<results::ReplicationResult>& results) {
    return sum_over(results, delivered) - sum_over(results, shipped) - sum_over(results, value);
  };
  CHECK(in_role(b) < 0.99 * in_role(c));
  CHECK(in_role(b) > 0.95 * in_role(c));
  CHECK(sum_over(a, value) - sum_over(b, value) == Approx(8 * 5000.0));
}

TEST_CASE("a research bet with a negative duration or odds outside [0, 1] is a located error") {
  const std::string head = kAiOrg + "  research:\n    bets:\n      - {team: fine_tuner-2, ";
  const std::string negative = config_error(head + "duration_months: -3, probability: 0.2}\n");
  CHECK(negative.find("test.yaml:12:9: error: key 'parameters.research.bets[0].duration_months'") ==
        0);
  CHECK(negative.find("out of range") != std::string::npos);
  const std::string odds = config_error(head + "duration_months: 3, probability: 1.5}\n");
  CHECK(odds.find("test.yaml:12:9: error: key 'parameters.research.bets[0].probability'") == 0);
  CHECK(config_error(head + "duration_months: 13, probability: 0.5}\n") ==
        "test.yaml:12:9: error: key 'research.bets[0].duration_months': the bet ends in month 13, "
        "after the last month (12)");
  CHECK(config_error(kAiOrg + "  research:\n    bets:\n      - {team: lab, duration_months: 3, "
                              "probability: 0.5}\n") ==
        "test.yaml:12:9: error: key 'research.bets[0].team': team 'lab' is not in the "
        "organisation");
}

TEST_CASE("a leader's research tilt moves experimenting between research and product roles") {
  const std::string org =
      "model: workforce\nseed: 4\nparameters:\n  simulation: {months: 12, warmup_months: 0}\n"
      "  org:\n    teams:\n      - {archetype: custom, teams: 6, researcher: 5, "
      "product_engineer: 5}\n"
      "  policy:\n    tokens: {budget_per_head: 1000}\n"
      "  leaders:\n    attraction: 0\n    approval_relief: 0\n    single_signoff: false\n"
      "    hire:\n      - {title: head_of_ai, team: custom-0, research_tilt: ";
  const auto research = config_from(org + "0.6}\n", {"org.teams=[{archetype: custom, teams: "
                                                     "6, researcher: 10}]"});
  const auto research_down =
      config_from(org + "-0.6}\n", {"org.teams=[{archetype: custom, teams: 6, researcher: 10}]"});
  const auto product_up =
      config_from(org + "0.6}\n", {"org.teams=[{archetype: custom, teams: 6, product_engineer: "
                                   "10}]"});
  const auto product_down =
      config_from(org + "-0.6}\n", {"org.teams=[{archetype: custom, teams: 6, product_engineer: "
                                    "10}]"});
  const auto scenario = research.model->instantiate(research.values);
  const auto experiments = series_of(scenario->schema(), "experiments");
  // 1.6 / 0.4: four times the research experiments; a quarter of the product ones.
  CHECK(sum_over(run_config(research, 4, 2), experiments) >
        2.5 * sum_over(run_config(research_down, 4, 2), experiments));
  CHECK(sum_over(run_config(product_up, 4, 2), experiments) <
        0.4 * sum_over(run_config(product_down, 4, 2), experiments));
}
