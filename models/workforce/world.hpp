#pragma once
/// One replication's state: the people in their seats, the state of every
/// logical process (teams, approval boards, platforms), the labour market's
/// view of each role, and the organisation-wide figures the month end sets.
/// Teams own their seats' people; boards and platforms their queues; they
/// reach each other only by messages (ODD section 3).
#include <array>
#include <cstdint>
#include <vector>

#include "engine/core/kernel.hpp"
#include "engine/model/model.hpp"
#include "engine/results/schema.hpp"
#include "models/workforce/approvals.hpp"
#include "models/workforce/budgets.hpp"
#include "models/workforce/calendar.hpp"
#include "models/workforce/events.hpp"
#include "models/workforce/experiments.hpp"
#include "models/workforce/fifo.hpp"
#include "models/workforce/organisation.hpp"
#include "models/workforce/outputs.hpp"
#include "models/workforce/people.hpp"
#include "models/workforce/platform.hpp"
#include "models/workforce/settings.hpp"
#include "models/workforce/tally.hpp"

namespace wfsim::workforce {

/// Everything a replication reads, shared by all replications.
struct ScenarioData {
  Settings settings;
  Organisation org;
  results::OutputSchema schema;
};

/// The labour market and the policy's effect per role, for the current
/// month (set by the organisation's month end; read-only while events run).
struct RoleView {
  double market_rate = 0;   // $k / year
  double band = 0;          // the organisation's pay for a new hire, $k / year
  double demand = 0;        // ease-of-movement multiplier
  double call_rate = 0;     // recruiter calls per month for a mid-skill person
  double time_to_fill = 0;  // mean days
  double hire_quality = 0;  // shift of new hires' mean skill
  double autonomy = 0;      // expected share of experiments free of sign-offs
  double need = 0;          // compute needed per month for full access, M tokens
  double cost_mu = 0;       // log-mean of experiment cost
  double value_mu = 0;      // log-mean of feature value (before skill and leverage)
};

/// A team's logical process: its people are the seats [first_seat, end_seat).
struct TeamState {
  ArrivalProcess process;
  Fifo<Request> reviews;  // the manager's review queue (one server)
  bool reviewing = false;
  std::int64_t upskill_quota = 0;
  Tally tally;
  TeamLog log;
};

/// Organisation-wide figures carried from month to month.
struct OrgFigures {
  double maturity = 1.0;       // the platform's (7.5)
  double wage_index = 1.0;     // market salaries relative to the start (7.11)
  BudgetNorms norms;           // (7.4)
  double upskill_carry = 0.0;  // fractional programme seats carried over (7.12)
  double heads = 0.0;          // last month end's headcount (a budget's per-head share, 7.16)
};

/// The months so far, for the attrition rate and the early warning.
struct History {
  /// The monthly series over the warm-up months, for the early-warning
  /// reference (the results hold the reported months only).
  std::vector<std::vector<double>> warmup_series;
  std::vector<double> exits_by_month, headcount_by_month;  // warm-up months included
  Exposure exposure{};
};

/// Logical processes: teams first, then one approval board and one platform
/// per division, then the labour market.
struct LpLayout {
  core::LpId teams = 0;
  core::LpId divisions = 0;

  core::LpId board(std::uint32_t division) const { return teams + division; }
  core::LpId platform(std::uint32_t division) const { return teams + divisions + division; }
  core::LpId market() const { return teams + 2 * divisions; }
  core::LpId count() const { return market() + 1; }
  bool is_team(core::LpId lp) const { return lp < teams; }
  bool is_board(core::LpId lp) const { return lp >= teams && lp < teams + divisions; }
  bool is_platform(core::LpId lp) const { return lp >= teams + divisions && lp < market(); }
};

struct World {
  World(const ScenarioData& data, results::ReplicationResult& result);

  const Settings& settings;
  const Organisation& org;
  const results::OutputSchema& schema;
  results::ReplicationResult& result;
  Calendar calendar;
  LpLayout lps;

  People people;
  std::vector<TeamState> teams;
  std::vector<BoardState> boards;
  std::vector<PlatformState> platforms;
  std::array<RoleView, kRoles> roles{};
  OrgFigures figures;
  History history;
  TableFlow table_flow;  // event-table rows between month ends

  const Policy& policy(int report_month) const { return settings.policy_for_month(report_month); }
  const Policy& policy_at(double time) const { return policy(calendar.report_month(time)); }
  const RoleParams& role_params(std::uint32_t seat) const {
    return settings.roles[static_cast<std::size_t>(people[seat].role)];
  }
  const RoleView& view(std::uint32_t seat) const {
    return roles[static_cast<std::size_t>(people[seat].role)];
  }
  const TeamInfo& team_info(std::uint32_t team) const { return org.teams[team]; }
  double tenure_months(std::uint32_t seat, double now) const {
    return Calendar::months_between(people[seat].hired_at, now);
  }
  double pay_ratio(std::uint32_t seat) const {
    return people[seat].salary / view(seat).market_rate;
  }
  /// Productivity of a new hire climbing to full (called several times per
  /// person and month: kept inline).
  double ramp(std::uint32_t seat, double now) const {
    return workforce::ramp(settings.effort, role_params(seat).ramp_months,
                           tenure_months(seat, now));
  }
  /// The seat's current incumbent is still `generation`.
  bool holds(std::uint32_t seat, std::uint32_t generation) const {
    return people[seat].present && people[seat].generation == generation;
  }
  bool holds(Incumbent who) const { return holds(who.seat, who.generation); }
  Incumbent incumbent(std::uint32_t seat) const { return {seat, people[seat].generation}; }
  /// Someone whose tie left within the last six months (contagion exposure).
  bool exposed(std::uint32_t seat, double now) const {
    return now - people[seat].last_tie_exit <= 6.0 * kDaysPerMonth;
  }
  std::int64_t new_employee_id(std::uint32_t seat) const;
};

/// What a team's handlers work with: the world, the team, and the kernel's
/// context for the event or hook being handled.
struct TeamScope {
  World& w;
  std::uint32_t team;
  Ctx& ctx;

  TeamState& state() const { return w.teams[team]; }
  Tally& tally() const { return w.teams[team].tally; }
  const TeamInfo& info() const { return w.org.teams[team]; }
  Person& person(std::uint32_t seat) const { return w.people[seat]; }
  double now() const { return ctx.now(); }
  rng::RandomStream& random() const { return ctx.random(); }
  const Policy& policy() const { return w.policy_at(ctx.now()); }
  const Settings& settings() const { return w.settings; }
  int report_month() const { return w.calendar.report_month(ctx.now()); }
  double day() const { return w.calendar.day_of(ctx.now()); }
  bool is_manager(std::uint32_t seat) const { return info().manager_seat == seat; }
  core::LpId board() const { return w.lps.board(info().division); }
  core::LpId platform() const { return w.lps.platform(info().division); }
};

}  // namespace wfsim::workforce
