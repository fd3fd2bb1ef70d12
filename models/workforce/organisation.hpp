#pragma once
/// The organisation's structure (ODD sections 2, 5 and 6): seats
/// (positions), teams, divisions, the reporting tree and the social network.
/// Built once per scenario, generated from `org.teams` or loaded from a
/// census (census.cpp), and shared read-only by every replication.
///
/// A seat is a position with a fixed role and team. People come and go; the
/// network joins seats, and an incumbent's ties grow in strength with their
/// tenure (a new hire inherits the seat's ties but is barely linked yet).
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "engine/params/binding.hpp"
#include "models/workforce/leaders.hpp"
#include "models/workforce/roles.hpp"

namespace wfsim::workforce {

struct Settings;

/// One row of `org.teams`.
struct TeamBlock {
  Archetype archetype = Archetype::Consumer;
  std::int64_t teams = 0;                     // after org.scale
  std::int64_t size = 0;                      // a custom team: the sum of its role counts
  std::array<std::int64_t, kRoles> counts{};  // for Custom
  std::int64_t division = -1;
  params::SourceLocation where;
};

/// One row of `hiring.plan`.
struct PlannedHire {
  int month = 1;
  Role role = Role::ProductEngineer;
  std::int64_t count = 0;
  Placement placement = Placement::Existing;
  std::int64_t division = 0;
  std::string team;               // a named team to join or create; empty: as placement says
  std::int64_t every_months = 0;  // > 0: the row repeats this often
  std::int64_t times = 1;         // how many times the row's hires open in all
  params::SourceLocation where;

  int month_of(std::int64_t occurrence) const {
    return month + static_cast<int>(occurrence * every_months);
  }
};

enum class OrgSource : std::uint8_t { Generate, Census };
inline constexpr std::array<std::string_view, 2> kOrgSourceNames = {"generate", "census"};

/// `org.*` and `hiring.plan`.
struct OrgSpec {
  OrgSource source = OrgSource::Generate;
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

  bool from_census() const { return source == OrgSource::Census; }

  static void declare(params::BoundGroup<Settings, OrgSpec> org,
                      params::BoundGroup<Settings, OrgSpec> hiring);
  /// Checks what the table cannot (custom role counts, divisions given for
  /// all rows or none, the size of the organisation, plan months), applies
  /// org.scale and resolves the census path. Throws params::ConfigError.
  void finish(const params::ParamValues& values, int months);
};

/// A census attribute left empty: the person's is drawn (ODD 5.2).
inline constexpr double kNotGiven = -1.0;

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

  std::uint32_t members() const { return end_seat - first_seat; }
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
  std::vector<double> census_fluency;      // 0-1, kNotGiven when not given
  std::vector<double> census_skill;        // 0-1, kNotGiven when not given

  /// Per seat, membership of the guild and of the upskilling targets
  /// (cohorts.hpp: Membership); empty when the set is.
  std::vector<std::uint8_t> guild, training_target;
  /// Leaders placed in their divisions (leaders.hpp).
  std::vector<Leader> leaders;
  /// Per seat, the research bet it works on (research.hpp), -1: none; empty
  /// without bets.
  std::vector<std::int32_t> bet_of_seat;

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
Organisation build_organisation(const OrgSpec& spec);

/// The census columns, in the documented order.
const std::vector<std::string>& census_columns();

}  // namespace wfsim::workforce
