#pragma once
/// Leaders (ODD 7.17): a Chief AI Officer, a Head of AI or an AI platform
/// lead hired over a named team. Their pay counts; in post, they make the
/// roles they lead more attractive to candidates and, for the first two,
/// take over sign-offs in their division's approval board; a platform lead
/// works on the division's production platform.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/params/binding.hpp"
#include "models/workforce/roles.hpp"

namespace wfsim::workforce {

struct Settings;
struct Organisation;
struct World;

enum class LeaderTitle : std::uint8_t { ChiefAiOfficer, HeadOfAi, PlatformLead };
inline constexpr std::array<std::string_view, 3> kLeaderTitleNames = {
    "chief_ai_officer", "head_of_ai", "platform_lead"};

/// One row of `leaders.hire`.
struct LeaderHire {
  LeaderTitle title = LeaderTitle::HeadOfAi;
  std::string team;            // the team they lead; their remit is its division
  int month = 1;               // first month in post
  double salary = 0.0;         // $k / year; 0: the title's default
  double research_tilt = 0.0;  // + toward research, - toward product
  params::SourceLocation where;
};

/// `leaders.*`
struct Leaders {
  std::vector<LeaderHire> hires;
  std::array<double, 3> pay;  // default salary by title, $k / year
  double attraction;          // candidates' valuation of an offer in a role they lead
  double approval_relief;     // cut in the board's denial rate in their remit
  bool single_signoff;        // their one sign-off stands for the board's in their remit
  double platform_fte;        // a platform lead's own platform work

  static void declare(params::BoundGroup<Settings, Leaders> p);
};

/// A leader as placed in the organisation.
struct Leader {
  LeaderTitle title;
  std::uint32_t division;
  int month;
  double salary;  // $k / year
  double research_tilt;
};

/// Places each leader in the division of their team; a leader without a
/// team, or with a team not in the organisation, or starting after the run,
/// is a located error.
std::vector<Leader> place_leaders(const Leaders& leaders, const Organisation& org, int months);

namespace leaders {

/// Whether a leader of this title leads the role: a Chief AI Officer and a
/// Head of AI every role but product engineers; a platform lead MLOps and
/// data engineers.
bool leads(LeaderTitle title, Role role);
/// The multiplier on candidates' valuation of an offer in the role in
/// `report_month`: 1 + attraction if a leader of the role is in post.
double attraction(const World& w, Role role, int report_month);
/// Whether a Chief AI Officer or Head of AI is in post in the division.
bool signs_off(const World& w, std::uint32_t division, int report_month);
/// A platform lead's platform work in the division (FTE).
double platform_fte(const World& w, std::uint32_t division, int report_month);
/// The multiplier a leader's priorities put on the experiment rate of a role
/// in their division in `report_month`: 1 + tilt for researchers and applied
/// scientists, 1 - tilt for product engineers, AI PMs and prompt/eval
/// specialists, 1 otherwise (and without leaders).
double work_mix(const World& w, std::uint32_t division, Role role, int report_month);
/// Leaders' pay in the month, $k.
double monthly_pay(const World& w, int report_month);

}  // namespace leaders

}  // namespace wfsim::workforce
