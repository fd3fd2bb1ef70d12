#pragma once
/// Hiring and the labour market (ODD 7.9): the market's view of each role,
/// requisitions and the time to fill them, and new hires.
#include <cstdint>

#include "engine/params/binding.hpp"
#include "models/workforce/events.hpp"

namespace wfsim::workforce {

struct Policy;
struct World;
struct TeamScope;

/// `policy.hiring.*`
struct HiringPolicy {
  bool backfill;                   // open a requisition when someone resigns
  double time_to_fill_multiplier;  // recruiting capacity

  static void declare(params::BoundGroup<Policy, HiringPolicy> p);
};

/// `market.*`: the labour market outside, which a schedule can change.
struct Market {
  double demand;                // outside demand for all roles
  double ai_demand;             // extra multiplier on demand for AI roles
  double ai_premium;            // the market's AI pay premium
  double wage_growth_per_year;  // growth of market salaries
  double poaching;              // intensity of recruiter calls
  double outside_leverage;      // working leverage well-funded employers offer
  double offer_premium;         // pay of an outside offer above the market rate
  double candidate_pay_sensitivity;

  static void declare(params::BoundGroup<Policy, Market> p);
};

namespace hiring {

/// Sets each role's view for `report_month` (market rate, band, demand,
/// recruiter calls, need, cost and value distributions, autonomy).
void update_role_views(World& w, int report_month);
/// Candidates' view of the organisation after a month: time to fill and
/// hire quality per role, from the pay offered and the working leverage
/// incumbents report.
void update_candidates(World& w, const Policy& next, int next_month, const double* headcount,
                       const double* work_leverage);

/// Opens a requisition for a seat (once).
void open_requisition(TeamScope& t, std::uint32_t seat);
/// Opens the requisitions of planned seats whose month has come.
void open_planned_requisitions(TeamScope& t, int internal_month);
/// The market draws the time to fill and answers with the hire.
void on_requisition(World& w, const Requisition& requisition, Ctx& ctx);
/// A hire arrives; if the leaver is still working out their notice, the
/// hire starts when they leave.
void on_hire(TeamScope& t, const Requisition& hire);
/// Installs the waiting hire in a seat its incumbent just left.
void install_waiting_hire(TeamScope& t, std::uint32_t seat);

}  // namespace hiring

}  // namespace wfsim::workforce
