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

  static void declare(params::BoundGroup<Policy, PlatformPolicy> p);
};

struct PlatformState {
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

/// A division's capacity in platform-days per day.
double platform_capacity(const PlatformPolicy& mlops, double platform_fte, double heads,
                         double maturity);

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
