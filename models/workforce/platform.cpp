#include "models/workforce/platform.hpp"

#include <algorithm>

#include "models/workforce/world.hpp"

namespace wfsim::workforce {

void PlatformPolicy::declare(params::BoundGroup<Policy, PlatformPolicy> p) {
  using S = PlatformPolicy;
  p.real("maturity_growth_per_year", &S::maturity_growth_per_year, 0.05, "1/year", -1, 10,
         "yearly growth of platform maturity (tooling investment)");
  p.real("platform_days_per_fte_month", &S::days_per_fte_month, 21, "platform-days", 0, 31,
         "platform work one full-time platform engineer delivers per month at maturity 1");
  p.real("self_serve_per_100", &S::self_serve_per_100, 0.5, "platform-days/month", 0, 1e4,
         "shipping capacity of self-serve tooling without platform staff (once a production "
         "platform is in place), per 100 employees of the division");
  p.real("shelf_life_days", &S::shelf_life_days, 120, "days", 1, 3650,
         "prototypes waiting longer for the platform go stale and are abandoned");
  p.real("build_fte_months", &S::build_fte_months, 24, "FTE-months", 0, 10000,
         "dedicated platform work (roles.*.platform_builder) that builds a production platform "
         "(deployment pipeline, monitoring, feature store) from nothing: 24 is four engineers "
         "for six months");
  p.real("upkeep_fte", &S::upkeep_fte, 2, "FTE", 0, 10000,
         "dedicated platform staff a division's production platform needs to stay in service; "
         "with fewer it erodes, and a division starts with a platform in proportion to its "
         "dedicated staff up to this");
  p.real("erosion_per_month", &S::erosion_per_month, 0.1, "1/month", 0, 1,
         "share of the production platform lost in a month with no dedicated staff (less with "
         "some)");
  p.real("manual_share", &S::manual_share, 0.1, "1", 0, 1,
         "share of the shipping capacity left without a production platform: demos deployed by "
         "hand");
}

double readiness(const PlatformPolicy& mlops, double built) {
  return mlops.build_fte_months > 0.0 ? std::min(1.0, built / mlops.build_fte_months) : 1.0;
}

double build_platform(const PlatformPolicy& mlops, double built, double builder_fte) {
  double next = std::min(mlops.build_fte_months, built + builder_fte);
  if (builder_fte < mlops.upkeep_fte) {
    next *= 1.0 - mlops.erosion_per_month * (1.0 - builder_fte / mlops.upkeep_fte);
  }
  return next;
}

double initial_platform(const PlatformPolicy& mlops, double builder_fte) {
  const double share = mlops.upkeep_fte > 0.0 ? std::min(1.0, builder_fte / mlops.upkeep_fte) : 1.0;
  return mlops.build_fte_months * share;
}

double platform_capacity(const PlatformPolicy& mlops, double platform_fte, double heads,
                         double maturity, double readiness) {
  const double strength = readiness + (1.0 - readiness) * mlops.manual_share;
  return strength *
         (platform_fte * mlops.days_per_fte_month * maturity +
          mlops.self_serve_per_100 * heads / 100.0) /
         kDaysPerMonth;
}

namespace platform {

namespace {

void send_to_team(World& w, core::LpId team, TeamEvent event, const Prototype& prototype,
                  Ctx& ctx) {
  ctx.send(team, w.settings.run.handoff_days, kind(event), Message::of(prototype));
}

/// Schedules the completion of the job in service at the current capacity
/// (none while there is no capacity: the job waits).
template <class Schedule>
void schedule_completion(World& w, std::uint32_t division, Schedule& schedule) {
  PlatformState& platform = w.platforms[division];
  ++platform.epoch;
  if (platform.capacity <= 0.0) return;
  schedule(platform.remaining_work / platform.capacity, Message::of(Epoch{platform.epoch}));
}

/// Serves the next prototype, one at a time. Its work is drawn when service
/// starts: Exp(mean ship_effort) platform-days. Prototypes past their shelf
/// life are abandoned on the way.
void start(World& w, std::uint32_t division, Ctx& ctx) {
  PlatformState& platform = w.platforms[division];
  if (platform.busy || platform.capacity <= 0.0) return;
  const double shelf = w.policy_at(ctx.now()).mlops.shelf_life_days;
  while (!platform.queue.empty()) {
    const Prototype prototype = platform.queue.pop();
    if (ctx.now() - prototype.created > shelf) {
      send_to_team(w, prototype.team, TeamEvent::Stale, prototype, ctx);
      continue;
    }
    platform.busy = true;
    platform.job = prototype;
    platform.remaining_work = ctx.random().exponential(
        w.settings.roles[static_cast<std::size_t>(prototype.role)].ship_effort);
    platform.since = ctx.now();
    auto schedule = [&ctx](double delay, const Message& m) {
      ctx.schedule(delay, kind(PlatformEvent::Done), m);
    };
    schedule_completion(w, division, schedule);
    return;
  }
}

}  // namespace

void on_platform_event(World& w, std::uint32_t division, const WorkforceEvent& event, Ctx& ctx) {
  switch (static_cast<PlatformEvent>(event.kind)) {
    case PlatformEvent::Prototype:
      w.platforms[division].queue.push(event.payload.prototype);
      start(w, division, ctx);
      break;
    case PlatformEvent::Done: {
      PlatformState& platform = w.platforms[division];
      if (event.payload.arrival.epoch != platform.epoch) break;  // rescheduled since
      platform.busy = false;
      platform.remaining_work = 0.0;
      send_to_team(w, platform.job.team, TeamEvent::Shipped, platform.job, ctx);
      start(w, division, ctx);
      break;
    }
    case PlatformEvent::Kick:
      start(w, division, ctx);
      break;
  }
}

void purge_stale(World& w, std::uint32_t division, Ctx& ctx) {
  PlatformState& platform = w.platforms[division];
  const double shelf = w.policy_at(ctx.now()).mlops.shelf_life_days;
  while (!platform.queue.empty() && ctx.now() - platform.queue.front().created > shelf) {
    const Prototype prototype = platform.queue.pop();
    send_to_team(w, prototype.team, TeamEvent::Stale, prototype, ctx);
  }
}

void set_capacity(World& w, std::uint32_t division, double capacity, GlobalCtx& g) {
  PlatformState& platform = w.platforms[division];
  const double old_capacity = platform.capacity;
  if (platform.busy) {
    const double done = old_capacity * (g.now() - platform.since);
    platform.remaining_work = std::max(0.0, platform.remaining_work - done);
    platform.since = g.now();
  }
  platform.capacity = capacity;
  if (platform.busy) {
    if (capacity == old_capacity) return;
    auto schedule = [&](double delay, const Message& m) {
      g.schedule(w.lps.platform(division), delay, kind(PlatformEvent::Done), m);
    };
    schedule_completion(w, division, schedule);
  } else if (old_capacity <= 0.0 && capacity > 0.0 && !platform.queue.empty()) {
    g.schedule(w.lps.platform(division), 0.0, kind(PlatformEvent::Kick));
  }
}

void on_shipped(TeamScope& t, const Prototype& prototype) {
  Tally& tally = t.tally();
  ++tally.shipped;
  tally.shipped_value += prototype.value;
  if (t.w.holds(prototype.author)) {
    Person& p = t.person(prototype.author.seat);
    p.shipped = static_cast<std::uint16_t>(p.shipped + 1);
    if (p.waiting > 0) --p.waiting;
  }
}

void on_stale(TeamScope& t, const Prototype& prototype) {
  ++t.tally().stale;
  if (t.w.holds(prototype.author)) {
    Person& p = t.person(prototype.author.seat);
    p.stale = static_cast<std::uint16_t>(p.stale + 1);
    if (p.waiting > 0) --p.waiting;
  }
}

}  // namespace platform

}  // namespace wfsim::workforce
