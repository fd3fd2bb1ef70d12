#pragma once
/// The month end (ODD section 3): each team updates its people in seat
/// order (step 1, in parallel over teams), the platforms drop stale work
/// (step 2), then the organisation reduces the month's figures and takes its
/// decisions for the coming month (step 3, serial).
#include <cstdint>

#include "engine/model/model.hpp"
#include "models/workforce/events.hpp"

namespace wfsim::workforce {

struct World;
struct TeamScope;
struct Policy;
struct TimeAway;

/// Step 1 for one team. `period` is the kernel's month that just ended.
void team_month_end(TeamScope& t, int period);
/// Step 3.
void organisation_month_end(World& w, GlobalCtx& g, int period);

/// A person's share of full-time platform work (7.5).
double platform_fte(const World& w, std::uint32_t seat, double now, const Policy& policy);
double platform_fte(const World& w, std::uint32_t seat, double now, const TimeAway& away);

/// A division's month, for sizing its services.
struct DivisionMonth {
  double heads = 0;         // people at month end
  double platform_fte = 0;  // platform work, full-time equivalents
  double builder_fte = 0;   // the part that builds and runs the production platform
};

/// A division's approval board and platform for the coming month: board
/// reviewers and compute reserve from its headcount, platform capacity from
/// its platform work and the production platform in place. With a context
/// (at month ends, not at the start), a board that grew and a platform that
/// had no capacity start on their queues.
void size_division_services(World& w, std::uint32_t division, const DivisionMonth& month,
                            const Policy& policy, GlobalCtx* g);

/// The replication's initial state (ODD section 5).
void set_up(World& w, const model::RunContext& context);

}  // namespace wfsim::workforce
