/// The social network over seats (ODD section 2): team cliques, reporting
/// lines, and small-world cross-team ties (Watts and Strogatz 1998).
#include <algorithm>
#include <stdexcept>
#include <unordered_map>
#include <utility>

#include "engine/rng/random_stream.hpp"
#include "models/workforce/organisation_build.hpp"

namespace wfsim::workforce::detail {

namespace {

/// Structure draws use their own replication number, so the organisation
/// is the same in every replication of a scenario.
constexpr std::uint64_t kStructureReplication = ~std::uint64_t{0};
constexpr std::uint64_t kTieStream = 1;

/// Teams larger than this are not cliques: each member is tied to the
/// kLargeTeamNeighbours nearest members on either side of a ring instead.
constexpr std::size_t kCliqueLimit = 30;
constexpr std::size_t kLargeTeamNeighbours = 15;

/// A tie packed for sorting: source, then target, then kind (in TieKind
/// order), so one sort of plain integers orders and deduplicates them.
using PackedTie = std::uint64_t;

void add_tie(std::vector<PackedTie>& edges, std::uint32_t a, std::uint32_t b, TieKind kind) {
  edges.push_back((static_cast<PackedTie>(a) << 33) | (static_cast<PackedTie>(b) << 2) |
                  static_cast<PackedTie>(kind));
}

void team_ties(const Organisation& org, std::vector<PackedTie>& edges) {
  for (const TeamInfo& team : org.teams) {
    const std::size_t n = team.members();
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
}

/// Reporting lines that cross teams: from a census, every manager line; a
/// generated organisation's team managers report to their division head,
/// heads to the organisation's head.
void reporting_lines(const OrgSpec& spec, const CensusData& census,
                     const std::vector<std::size_t>& census_row_of_seat, const Organisation& org,
                     std::vector<PackedTie>& edges) {
  auto report = [&](std::uint32_t member, std::uint32_t manager) {
    if (member == manager || member == kNoSeat || manager == kNoSeat) return;
    if (org.team[member] == org.team[manager]) return;  // the team tie covers it
    add_tie(edges, member, manager, TieKind::ReportsTo);
    add_tie(edges, manager, member, TieKind::Manages);
  };
  if (spec.from_census()) {
    std::unordered_map<std::size_t, std::uint32_t> seat_of_row;
    for (std::uint32_t s = 0; s < org.seats(); ++s) {
      if (census_row_of_seat[s] != static_cast<std::size_t>(-1)) {
        seat_of_row.emplace(census_row_of_seat[s], s);
      }
    }
    for (std::uint32_t s = 0; s < org.seats(); ++s) {
      const std::size_t row = census_row_of_seat[s];
      // Planned seats report to their team's manager (the team tie).
      if (row == static_cast<std::size_t>(-1) || census.manager[row] < 0) continue;
      report(s, seat_of_row.at(static_cast<std::size_t>(census.manager[row])));
    }
    return;
  }
  const std::uint32_t org_head = org.divisions.empty() ? kNoSeat : org.divisions[0].head_seat;
  for (const DivisionInfo& div : org.divisions) {
    report(div.head_seat, org_head);
    for (std::uint32_t t = div.first_team; t < div.end_team; ++t) {
      report(org.teams[t].manager_seat, div.head_seat);
    }
  }
}

/// Per seat, org.cross_team_ties / 2 ties on average (each joins two
/// people): with probability 1 - rewire_probability to a random member of a
/// team up to tie_locality places away in the team ring, otherwise anyone.
void cross_team_ties(const OrgSpec& spec, const Organisation& org, std::vector<PackedTie>& edges) {
  const std::size_t team_count = org.teams.size();
  if (team_count <= 1 || spec.cross_team_ties <= 0.0) return;
  const double per_seat = spec.cross_team_ties / 2.0;
  const auto locality = static_cast<std::int64_t>(
      std::min<std::size_t>(static_cast<std::size_t>(spec.tie_locality), (team_count - 1) / 2 + 1));
  const auto teams = static_cast<std::int64_t>(team_count);
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
            ((static_cast<std::int64_t>(own) + offset) % teams + teams) % teams);
        const TeamInfo& team = org.teams[t];
        if (team.members() == 0) continue;
        other = team.first_seat + static_cast<std::uint32_t>(random.index(team.members()));
      }
      if (org.team[other] == own) continue;
      add_tie(edges, s, other, TieKind::Cross);
      add_tie(edges, other, s, TieKind::Cross);
    }
  }
}

/// Sorts the ties by (source, target, kind): bucketed by source first (a
/// counting sort), then each seat's few ties sorted. The same order as one
/// sort of the packed keys, in linear time (a single sort of 10^7 ties was
/// most of building a large organisation).
std::vector<PackedTie> sorted_ties(const std::vector<PackedTie>& edges, std::size_t seats) {
  std::vector<std::size_t> start(seats + 1, 0);
  for (const PackedTie e : edges)
    ++start[static_cast<std::size_t>(e >> 33) + 1];
  for (std::size_t seat = 0; seat < seats; ++seat)
    start[seat + 1] += start[seat];
  std::vector<PackedTie> bucketed(edges.size());
  std::vector<std::size_t> next(start.begin(), start.end() - 1);
  for (const PackedTie e : edges)
    bucketed[next[static_cast<std::size_t>(e >> 33)]++] = e;
  for (std::size_t seat = 0; seat < seats; ++seat) {
    std::sort(bucketed.begin() + static_cast<std::ptrdiff_t>(start[seat]),
              bucketed.begin() + static_cast<std::ptrdiff_t>(start[seat + 1]));
  }
  return bucketed;
}

}  // namespace

void build_network(const OrgSpec& spec, const CensusData& census,
                   const std::vector<std::size_t>& census_row_of_seat, Organisation& org) {
  if (org.seats() >= (std::size_t{1} << 31)) {
    throw std::length_error("too many seats for the tie graph");
  }
  std::vector<PackedTie> edges;
  team_ties(org, edges);
  reporting_lines(spec, census, census_row_of_seat, org, edges);
  cross_team_ties(spec, org, edges);
  edges = sorted_ties(edges, org.seats());
  // One tie per pair: a team tie or a reporting line wins over a cross-team
  // tie between the same people (TieKind order).
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
}

}  // namespace wfsim::workforce::detail
