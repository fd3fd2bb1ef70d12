#pragma once
/// The MLOps platform (ODD 7.5): one queue per division that turns prototypes
/// into shipped features, at a capacity set by the division's platform work
/// and the platform's maturity.
#include <cstdint>

#include "engine/params/binding.hpp"
#include "models/workforce/events.hpp"
#include "models/workforce/fifo.hpp"

namespace wfsim::workforce {

struct Policy;
struct World;
struct TeamScope;

/// `policy.mlops.*` (initial maturity is fixed: Settings::initial_maturity)
struct PlatformPolicy {
  double maturity_growth_per_year;
  double days_per_fte_month;  // platform-days one full-time platform engineer delivers
  double self_serve_per_100;  // platform-days a month without platform staff, per 100 staff
  double shelf_life_days;     // prototypes waiting longer are abandoned
  double build_fte_months;    // dedicated platform work that builds a production platform
  double upkeep_fte;          // dedicated platform staff it needs to stay in service
  double erosion_per_month;   // share of it lost a month with no upkeep at all
  double manual_share;        // share of shipping capacity without one (demos deployed by hand)

  static void declare(params::BoundGroup<Policy, PlatformPolicy> p);
};

struct PlatformState {
  /// The production platform in place (deployment pipeline, monitoring,
  /// feature store), in dedicated FTE-months of work: built by platform
  /// engineers over months, eroding without upkeep.
  double built = 0.0;
  Fifo<Prototype> queue;
  bool busy = false;
  double capacity = 0.0;  // platform-days of work per day
  /// The prototype in service. Its remaining work progresses at the
  /// capacity in force, so hires, exits and maturity act on it at once: a
  /// change of capacity reschedules its completion.
  Prototype job{};
  double remaining_work = 0.0;  // platform-days
  double since = 0.0;           // when remaining_work was last brought up to date
  std::uint32_t epoch = 0;      // completions of an older epoch were superseded
};

/// How much of a production platform is in place, in [0, 1].
double readiness(const PlatformPolicy& mlops, double built);
/// One month of dedicated platform work on the production platform: it is
/// built up to build_fte_months; short of upkeep_fte, it erodes.
double build_platform(const PlatformPolicy& mlops, double built, double builder_fte);
/// What a division starts with: a platform in proportion to its dedicated
/// staff, full from upkeep_fte.
double initial_platform(const PlatformPolicy& mlops, double builder_fte);
/// A division's capacity in platform-days per day: its platform work and
/// self-serve tooling, at full strength once a production platform is in
/// place and at manual_share without one.
double platform_capacity(const PlatformPolicy& mlops, double platform_fte, double heads,
                         double maturity, double readiness);

namespace platform {

/// The platform's events.
void on_platform_event(World& w, std::uint32_t division, const WorkforceEvent& event, Ctx& ctx);
/// Month end: prototypes past their shelf life are abandoned.
void purge_stale(World& w, std::uint32_t division, Ctx& ctx);
/// Sets the coming month's capacity: the job in service goes on at the new
/// capacity, and a platform that had none starts on its queue.
void set_capacity(World& w, std::uint32_t division, double capacity, GlobalCtx& g);

// Team side: the author's shipped and abandoned work.
void on_shipped(TeamScope& t, const Prototype& prototype);
void on_stale(TeamScope& t, const Prototype& prototype);

}  // namespace platform

}  // namespace wfsim::workforce
