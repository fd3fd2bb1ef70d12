#include "models/workforce/organisation.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <unordered_map>

#include "engine/params/csv.hpp"
#include "engine/rng/random_stream.hpp"

namespace wfsim::workforce {

namespace {

/// Structure draws use their own replication number, so the organisation
/// is the same in every replication of a scenario.
constexpr std::uint64_t kStructureReplication = ~std::uint64_t{0};
constexpr std::uint64_t kTieStream = 1;

/// Teams larger than this are not cliques: each member is tied to the
/// kLargeTeamNeighbours nearest members on either side of a ring instead.
constexpr std::size_t kCliqueLimit = 30;
constexpr std::size_t kLargeTeamNeighbours = 15;

struct Draft {
  std::string name;
  std::int64_t division = -1;
  std::vector<Role> roles;
  std::vector<std::int32_t> open_month;
  std::vector<std::size_t> census_rows;  // parallel to roles for census members
  std::ptrdiff_t manager = -1;           // index into roles
  bool planned_team = false;
};

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
    std::vector<Role> roles;
    if (block.archetype == Archetype::Custom) {
      std::array<double, kRoles> shares{};
      for (std::size_t k = 0; k < kRoles; ++k) {
        shares[k] = static_cast<double>(block.counts[k]) / static_cast<double>(block.size);
      }
      roles = roles_by_shares(shares, block.size);
    } else {
      roles = roles_by_shares(archetype_shares(block.archetype), block.size);
    }
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

}  // namespace

const std::vector<std::string>& census_columns() {
  static const std::vector<std::string> columns = {"employee_id", "role",    "team",
                                                   "manager_id",  "salary",  "tenure_months",
                                                   "performance", "division"};
  return columns;
}

namespace {

struct CensusData {
  std::vector<Draft> drafts;
  std::vector<std::int64_t> id;
  std::vector<double> salary;
  std::vector<double> tenure;
  std::vector<std::int8_t> rating;
  std::vector<std::int64_t> manager;  // -1: none
  bool has_division = false;
};

CensusData read_census(const std::string& path) {
  const auto csv = params::CsvTable::read_file(path);
  csv.reject_unknown_columns(census_columns());
  const std::size_t c_id = csv.require_column("employee_id");
  const std::size_t c_role = csv.require_column("role");
  const std::size_t c_team = csv.require_column("team");
  const std::size_t c_manager = csv.require_column("manager_id");
  const std::size_t c_salary = csv.require_column("salary");
  const std::size_t c_tenure = csv.require_column("tenure_months");
  const auto c_rating = csv.find_column("performance");
  const auto c_division = csv.find_column("division");
  if (csv.rows() == 0) {
    throw params::ConfigError(params::SourceLocation{path, 1, 0}, "",
                              "the census has a header but no employees");
  }

  CensusData data;
  data.has_division = c_division >= 0;
  const auto roles = role_labels();
  std::unordered_map<std::int64_t, std::size_t> row_of_id;
  std::map<std::string, std::size_t> team_index;
  std::vector<std::string> division_of_team;
  std::vector<std::size_t> team_first_row;
  for (std::size_t r = 0; r < csv.rows(); ++r) {
    const std::int64_t id = csv.integer(r, c_id, 0);
    if (!row_of_id.emplace(id, r).second) {
      csv.fail(r, c_id,
               "employee id " + std::to_string(id) + " appears twice (first on line " +
                   std::to_string(csv.line(row_of_id[id])) + ")");
    }
    const Role role = static_cast<Role>(csv.choice(r, c_role, roles));
    const std::string& team = csv.text(r, c_team);
    if (team.empty()) csv.fail(r, c_team, "every employee needs a team");
    const double salary = csv.real(r, c_salary, 1000.0, 1e8);
    const double tenure = csv.real(r, c_tenure, 0.0, 1200.0);
    std::int8_t rating = 0;
    if (c_rating >= 0 && !csv.empty(r, static_cast<std::size_t>(c_rating))) {
      rating = static_cast<std::int8_t>(csv.integer(r, static_cast<std::size_t>(c_rating), 1, 5));
    }
    std::string division;
    if (c_division >= 0) {
      division = csv.text(r, static_cast<std::size_t>(c_division));
      if (division.empty()) {
        csv.fail(r, static_cast<std::size_t>(c_division),
                 "the division column is present, so every employee needs one");
      }
    }
    auto [it, added] = team_index.emplace(team, data.drafts.size());
    if (added) {
      Draft d;
      d.name = team;
      data.drafts.push_back(std::move(d));
      division_of_team.push_back(division);
      team_first_row.push_back(r);
    } else if (c_division >= 0 && division_of_team[it->second] != division) {
      csv.fail(r, static_cast<std::size_t>(c_division),
               "team '" + team + "' is in division '" + division_of_team[it->second] +
                   "' on line " + std::to_string(csv.line(team_first_row[it->second])) +
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
  }
  // Managers must exist, and the reporting lines must form a forest.
  data.manager.assign(csv.rows(), -1);
  for (std::size_t r = 0; r < csv.rows(); ++r) {
    if (csv.empty(r, c_manager)) continue;
    const std::int64_t m = csv.integer(r, c_manager, 0);
    const auto it = row_of_id.find(m);
    if (it == row_of_id.end()) {
      csv.fail(r, c_manager, "manager " + std::to_string(m) + " is not in the census");
    }
    if (it->second == r) csv.fail(r, c_manager, "an employee cannot manage themself");
    data.manager[r] = static_cast<std::int64_t>(it->second);
  }
  std::vector<std::uint8_t> state(csv.rows(), 0);  // 0 unvisited, 1 on the path, 2 done
  for (std::size_t start = 0; start < csv.rows(); ++start) {
    std::vector<std::size_t> chain;
    std::int64_t at = static_cast<std::int64_t>(start);
    while (at >= 0 && state[static_cast<std::size_t>(at)] == 0) {
      state[static_cast<std::size_t>(at)] = 1;
      chain.push_back(static_cast<std::size_t>(at));
      at = data.manager[static_cast<std::size_t>(at)];
    }
    if (at >= 0 && state[static_cast<std::size_t>(at)] == 1) {
      csv.fail(static_cast<std::size_t>(at), c_manager,
               "the reporting lines form a cycle through employee " +
                   std::to_string(data.id[static_cast<std::size_t>(at)]));
    }
    for (std::size_t member : chain)
      state[member] = 2;
  }
  // A team's manager is the member most of the team reports to.
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
  if (data.has_division) {
    std::map<std::string, std::int64_t> index;
    for (std::size_t t = 0; t < data.drafts.size(); ++t) {
      const auto [it, added] =
          index.emplace(division_of_team[t], static_cast<std::int64_t>(index.size()));
      data.drafts[t].division = it->second;
    }
  }
  return data;
}

/// A tie packed for sorting: source, then target, then kind (in TieKind
/// order), so one sort of plain integers orders and deduplicates them.
using PackedTie = std::uint64_t;

void add_tie(std::vector<PackedTie>& edges, std::uint32_t a, std::uint32_t b, TieKind kind) {
  edges.push_back((static_cast<PackedTie>(a) << 33) | (static_cast<PackedTie>(b) << 2) |
                  static_cast<PackedTie>(kind));
}

}  // namespace

std::size_t Organisation::initial_headcount() const {
  return static_cast<std::size_t>(std::count(open_month.begin(), open_month.end(), 0));
}

Organisation build_organisation(const Settings& settings) {
  const OrgSpec& spec = settings.org;
  Organisation org;
  org.from_census = spec.from_census;
  CensusData census;
  std::vector<Draft> drafts;
  if (spec.from_census) {
    census = read_census(spec.census_file);
    drafts = std::move(census.drafts);
  } else {
    drafts = generated_teams(spec);
  }

  // Divisions: given, or packed in team order.
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

  // Planned growth: new teams, or seats spread over a division's teams.
  std::vector<std::size_t> next_team_in_division(static_cast<std::size_t>(divisions), 0);
  const std::size_t initial_teams = drafts.size();
  for (std::size_t i = 0; i < spec.plan.size(); ++i) {
    const PlannedHire& h = spec.plan[i];
    const std::string key = "hiring.plan[" + std::to_string(i) + "].division";
    if (h.division >= divisions) {
      throw params::ConfigError(h.where, key,
                                "division " + std::to_string(h.division) +
                                    " does not exist (the organisation has " +
                                    std::to_string(divisions) + ")");
    }
    if (h.new_team) {
      Draft d;
      d.name = "planned-" + std::to_string(i);
      d.division = h.division;
      d.roles.assign(static_cast<std::size_t>(h.count), h.role);
      d.open_month.assign(static_cast<std::size_t>(h.count), h.month);
      d.manager = 0;
      d.planned_team = true;
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
    for (std::int64_t n = 0; n < h.count; ++n) {
      Draft& d = drafts[candidates[next % candidates.size()]];
      ++next;
      d.roles.push_back(h.role);
      d.open_month.push_back(h.month);
    }
  }
  std::stable_sort(drafts.begin(), drafts.end(),
                   [](const Draft& a, const Draft& b) { return a.division < b.division; });

  // Seats, team by team.
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
      if (spec.from_census) {
        if (i < d.census_rows.size()) {
          const std::size_t row = d.census_rows[i];
          census_row_of_seat.push_back(row);
          org.census_id.push_back(census.id[row]);
          org.census_salary.push_back(census.salary[row]);
          org.census_tenure.push_back(census.tenure[row]);
          org.census_rating.push_back(census.rating[row]);
          max_id = std::max(max_id, census.id[row]);
        } else {
          census_row_of_seat.push_back(static_cast<std::size_t>(-1));
          org.census_id.push_back(-1);
          org.census_salary.push_back(0.0);
          org.census_tenure.push_back(0.0);
          org.census_rating.push_back(0);
        }
      }
    }
    team.end_seat = static_cast<std::uint32_t>(org.role.size());
    org.teams.push_back(std::move(team));
  }
  org.id_base = spec.from_census ? max_id + 1 : 0;

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

  // Ties: team cliques, reporting lines, small-world cross-team ties.
  if (seats >= (std::size_t{1} << 31)) throw std::length_error("too many seats for the tie graph");
  std::vector<PackedTie> edges;
  for (const TeamInfo& team : org.teams) {
    const std::size_t n = team.end_seat - team.first_seat;
    for (std::uint32_t a = team.first_seat; a < team.end_seat; ++a) {
      if (n <= kCliqueLimit) {
        for (std::uint32_t b = team.first_seat; b < team.end_seat; ++b) {
          if (a != b) add_tie(edges, a, b, TieKind::Team);
        }
      } else {
        for (std::size_t k = 1; k <= kLargeTeamNeighbours; ++k) {
          const auto offset = static_cast<std::uint32_t>((a - team.first_seat + k) % n);
          const std::uint32_t b = team.first_seat + offset;
          add_tie(edges, a, b, TieKind::Team);
          add_tie(edges, b, a, TieKind::Team);
        }
      }
    }
  }
  auto report = [&](std::uint32_t member, std::uint32_t manager) {
    if (member == manager || member == kNoSeat || manager == kNoSeat) return;
    if (org.team[member] == org.team[manager]) return;  // the team tie covers it
    add_tie(edges, member, manager, TieKind::ReportsTo);
    add_tie(edges, manager, member, TieKind::Manages);
  };
  if (spec.from_census) {
    std::unordered_map<std::size_t, std::uint32_t> seat_of_row;
    for (std::uint32_t s = 0; s < org.seats(); ++s) {
      if (census_row_of_seat[s] != static_cast<std::size_t>(-1)) {
        seat_of_row.emplace(census_row_of_seat[s], s);
      }
    }
    for (std::uint32_t s = 0; s < org.seats(); ++s) {
      const std::size_t row = census_row_of_seat[s];
      if (row == static_cast<std::size_t>(-1) || census.manager[row] < 0) {
        // Planned seats report to their team's manager (the team tie).
        continue;
      }
      report(s, seat_of_row.at(static_cast<std::size_t>(census.manager[row])));
    }
  } else {
    const std::uint32_t org_head = org.divisions.empty() ? kNoSeat : org.divisions[0].head_seat;
    for (const DivisionInfo& div : org.divisions) {
      report(div.head_seat, org_head);
      for (std::uint32_t t = div.first_team; t < div.end_team; ++t) {
        report(org.teams[t].manager_seat, div.head_seat);
      }
    }
  }
  const std::size_t team_count = org.teams.size();
  if (team_count > 1 && spec.cross_team_ties > 0.0) {
    const double per_seat = spec.cross_team_ties / 2.0;  // each drawn tie joins two people
    const auto locality = static_cast<std::int64_t>(std::min<std::size_t>(
        static_cast<std::size_t>(spec.tie_locality), (team_count - 1) / 2 + 1));
    for (std::uint32_t s = 0; s < org.seats(); ++s) {
      rng::RandomStream random(
          rng::StreamKey{spec.structure_seed, kStructureReplication, s, kTieStream});
      const auto whole = static_cast<std::uint64_t>(per_seat);
      const std::uint64_t count =
          whole + (random.bernoulli(per_seat - static_cast<double>(whole)) ? 1 : 0);
      const std::uint32_t own = org.team[s];
      for (std::uint64_t k = 0; k < count; ++k) {
        std::uint32_t other;
        if (random.bernoulli(spec.rewire_probability)) {
          other = static_cast<std::uint32_t>(random.index(org.seats()));
        } else {
          std::int64_t offset =
              static_cast<std::int64_t>(random.index(static_cast<std::uint64_t>(2 * locality))) -
              locality;
          if (offset >= 0) ++offset;  // never the own team
          const auto t = static_cast<std::uint32_t>(
              ((static_cast<std::int64_t>(own) + offset) % static_cast<std::int64_t>(team_count) +
               static_cast<std::int64_t>(team_count)) %
              static_cast<std::int64_t>(team_count));
          const TeamInfo& team = org.teams[t];
          if (team.end_seat == team.first_seat) continue;
          other = team.first_seat +
                  static_cast<std::uint32_t>(random.index(team.end_seat - team.first_seat));
        }
        if (org.team[other] == own) continue;
        add_tie(edges, s, other, TieKind::Cross);
        add_tie(edges, other, s, TieKind::Cross);
      }
    }
  }
  // Sort by (source, target, kind) and keep one tie per pair: a team tie or
  // a reporting line wins over a cross-team tie between the same people.
  // Bucketed by source first (a counting sort), then each seat's few ties
  // sorted: the same order as one sort of the packed keys, in linear time
  // (a single sort of 10^7 ties was most of building a large organisation).
  {
    const std::size_t seat_count = org.seats();
    std::vector<std::size_t> start(seat_count + 1, 0);
    for (const PackedTie e : edges)
      ++start[static_cast<std::size_t>(e >> 33) + 1];
    for (std::size_t seat = 0; seat < seat_count; ++seat)
      start[seat + 1] += start[seat];
    std::vector<PackedTie> bucketed(edges.size());
    std::vector<std::size_t> next(start.begin(), start.end() - 1);
    for (const PackedTie e : edges)
      bucketed[next[static_cast<std::size_t>(e >> 33)]++] = e;
    for (std::size_t seat = 0; seat < seat_count; ++seat) {
      std::sort(bucketed.begin() + static_cast<std::ptrdiff_t>(start[seat]),
                bucketed.begin() + static_cast<std::ptrdiff_t>(start[seat + 1]));
    }
    edges = std::move(bucketed);
  }
  std::vector<std::pair<std::uint32_t, std::uint32_t>> unique_edges;
  std::vector<TieProps> unique_kinds;
  unique_edges.reserve(edges.size());
  unique_kinds.reserve(edges.size());
  for (const PackedTie e : edges) {
    const auto pair = std::make_pair(static_cast<std::uint32_t>(e >> 33),
                                     static_cast<std::uint32_t>((e >> 2) & 0x7FFFFFFFu));
    if (!unique_edges.empty() && unique_edges.back() == pair) continue;
    unique_edges.push_back(pair);
    unique_kinds.push_back({static_cast<TieKind>(e & 3)});
  }
  edges.clear();
  edges.shrink_to_fit();
  org.ties = TieGraph(boost::edges_are_sorted, unique_edges.begin(), unique_edges.end(),
                      unique_kinds.begin(), org.seats());
  org.degree.assign(org.seats(), 0);
  for (const auto& e : unique_edges)
    ++org.degree[e.first];
  return org;
}

}  // namespace wfsim::workforce
