#pragma once
/// The organisation's structure: seats (positions), teams, divisions, the
/// reporting tree and the social network. Built once per scenario, either
/// generated from `org.teams` or loaded from a census, and shared read-only
/// by every replication.
///
/// A seat is a position with a fixed role and team. People come and go; the
/// network joins seats, and an incumbent's ties grow in strength with their
/// tenure (a new hire inherits the seat's ties but is barely linked yet).
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "models/workforce/roles.hpp"
#include "models/workforce/settings.hpp"

namespace wfsim::workforce {

inline constexpr std::uint32_t kNoSeat = std::numeric_limits<std::uint32_t>::max();

enum class TieKind : std::uint8_t { Team, Manages, ReportsTo, Cross };
struct TieProps {
  TieKind kind = TieKind::Team;
};

/// Directed CSR graph over seats; every social tie appears in both
/// directions, a reporting line as Manages one way and ReportsTo the other.
using TieGraph =
    boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, TieProps,
                                       boost::no_property, std::uint32_t, std::uint32_t>;

struct TeamInfo {
  std::uint32_t first_seat = 0;
  std::uint32_t end_seat = 0;
  std::uint32_t division = 0;
  std::uint32_t manager_seat = kNoSeat;  // a member of the team, or none
  std::string name;
};

struct DivisionInfo {
  std::uint32_t first_team = 0;
  std::uint32_t end_team = 0;
  std::uint32_t head_seat = kNoSeat;
  std::string name;
};

struct Organisation {
  // Per seat.
  std::vector<Role> role;
  std::vector<std::uint32_t> team;
  /// 0: filled at the start; m >= 1: a planned seat whose requisition opens
  /// at month m.
  std::vector<std::int32_t> open_month;
  /// From a census (empty for generated organisations).
  std::vector<std::int64_t> census_id;
  std::vector<double> census_salary;       // $k / year
  std::vector<double> census_tenure;       // months
  std::vector<std::int8_t> census_rating;  // 1-5, 0 when not given

  std::vector<TeamInfo> teams;
  std::vector<DivisionInfo> divisions;
  TieGraph ties;
  /// Degree of each seat in `ties`, counting each neighbour once.
  std::vector<std::uint32_t> degree;

  /// Employee ids of people hired into the simulation start above this.
  std::int64_t id_base = 0;
  bool from_census = false;

  std::uint32_t seats() const { return static_cast<std::uint32_t>(role.size()); }
  std::size_t initial_headcount() const;
};

/// Builds the organisation a config describes. Census problems throw
/// params::ConfigError naming the file, line and column.
Organisation build_organisation(const Settings& settings);

/// The census columns, in the documented order.
const std::vector<std::string>& census_columns();

}  // namespace wfsim::workforce
