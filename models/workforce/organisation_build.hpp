#pragma once
/// How the organisation is built (organisation.cpp, census.cpp, network.cpp):
/// teams are drafted first (generated or from a census), planned growth is
/// added, then seats are laid out team by team and the network is drawn.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "models/workforce/organisation.hpp"

namespace wfsim::workforce::detail {

/// A team before its seats are numbered.
struct Draft {
  std::string name;
  std::int64_t division = -1;
  std::vector<Role> roles;
  std::vector<std::int32_t> open_month;
  std::vector<std::size_t> census_rows;  // parallel to roles for census members
  std::ptrdiff_t manager = -1;           // index into roles
  bool planned_team = false;
};

/// A census as read: its teams as drafts, and per row the person's record.
struct CensusData {
  std::vector<Draft> drafts;
  std::vector<std::int64_t> id;
  std::vector<double> salary;  // $k / year
  std::vector<double> tenure;  // months
  std::vector<std::int8_t> rating;
  std::vector<double> fluency, skill;  // kNotGiven when the cell is empty
  std::vector<std::int64_t> manager;   // row of the manager, -1: none
  bool has_division = false;
};

/// Reads and checks a census CSV (ODD section 6).
CensusData read_census(const std::string& path);

/// Draws the network: team cliques, reporting lines and small-world
/// cross-team ties. `census_row_of_seat` is empty for a generated
/// organisation.
void build_network(const OrgSpec& spec, const CensusData& census,
                   const std::vector<std::size_t>& census_row_of_seat, Organisation& org);

}  // namespace wfsim::workforce::detail
