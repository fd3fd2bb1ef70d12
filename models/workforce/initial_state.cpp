/// The replication's initial state (ODD section 5): the initial staff in
/// their seats, budgets and rates for the first month, turnover stages near
/// their steady state, and the divisions' boards and platforms.
#include <cmath>
#include <limits>
#include <vector>

#include "engine/core/parallel_ranges.hpp"
#include "models/workforce/budgets.hpp"
#include "models/workforce/engagement.hpp"
#include "models/workforce/hiring.hpp"
#include "models/workforce/history.hpp"
#include "models/workforce/month_end.hpp"
#include "models/workforce/turnover.hpp"
#include "models/workforce/world.hpp"

namespace wfsim::workforce {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/// Seats set up in one piece of work: a seat living its past costs tens of
/// microseconds, so a piece is a few milliseconds, long beside scheduling.
constexpr std::size_t kSeatsPerSetUpTask = 128;

/// Generated organisations live their seats' past; a census gives its
/// people as they are.
bool lives_history(const World& w) {
  return !w.org.from_census && w.settings.run.history_months > 0;
}

void allocate_history(World& w) {
  const auto months = static_cast<std::size_t>(w.settings.run.months);
  const auto warmup = static_cast<std::size_t>(w.settings.run.warmup_months);
  w.history.exits_by_month.assign(warmup + months, 0.0);
  w.history.headcount_by_month.assign(warmup + months, 0.0);
  w.history.warmup_series.resize(w.result.series.size());
  for (std::size_t i = 0; i < w.result.series.size(); ++i) {
    const std::size_t per_month = w.result.series[i].size() / months;
    w.history.warmup_series[i].assign(per_month * warmup, kNaN);
  }
}

/// Organisation-wide normalisers of budgets, from the initial staff.
BudgetNorms initial_norms(const World& w) {
  double heads = 0, need = 0, merit = 0;
  for (std::uint32_t seat = 0; seat < w.org.seats(); ++seat) {
    if (!w.people[seat].present) continue;
    heads += 1;
    need += w.view(seat).need;
    merit += merit_weight(w.people[seat].rating);
  }
  BudgetNorms norms;
  norms.need_mean = heads > 0 ? need / heads : 1.0;
  norms.merit_mean = heads > 0 ? merit / heads : 1.0;
  return norms;
}

/// A settled person's first month: budget and rates, turnover inputs, a
/// stage near the steady state, and effort.
void settle(World& w, std::uint32_t seat, const Policy& policy, rng::RandomStream& random) {
  const Settings& s = w.settings;
  Person& p = w.people[seat];
  // Effort first: the first month's experiment rates follow from it.
  update_effort(s.effort, p);
  budgets::start_month(w, seat, policy, 0.0);
  turnover::derive_inputs(w, seat, policy, 0.0, 0.0, turnover::Appraisal::Fresh);
  if (!lives_history(w)) {
    bool reluctant = false;
    p.stage = turnover::warm_start(s.turnover, s.contagion.hazard,
                                   {p.push, p.ease, p.embedded, p.pressure, p.exhaustion},
                                   reluctant, random);
    p.search_since = -s.turnover.search_ramp_months * kDaysPerMonth;
    if (reluctant) p.set(kReluctant);
  }
  update_effort(s.effort, p);
}

/// The expected share of staff eligible for upskilling, from each role's
/// fluency distribution (mean fluency_mean, sd 0.15).
double eligible_share(const World& w, const Policy& policy) {
  double seats = 0, eligible = 0;
  for (std::uint32_t seat = 0; seat < w.org.seats(); ++seat) {
    if (w.org.open_month[seat] != 0) continue;
    const double mean = w.settings.roles[static_cast<std::size_t>(w.org.role[seat])].fluency_mean;
    seats += 1;
    eligible +=
        0.5 * std::erfc((mean - policy.upskilling.eligible_below) / (0.15 * std::sqrt(2.0)));
  }
  return seats > 0 ? eligible / seats : 0.0;
}

/// Budget norms before anyone is placed: the seats' mean need, and the mean
/// merit weight of the rating bands.
BudgetNorms prior_norms(const World& w) {
  double seats = 0, need = 0;
  for (std::uint32_t seat = 0; seat < w.org.seats(); ++seat) {
    if (w.org.open_month[seat] != 0) continue;
    seats += 1;
    need += w.roles[static_cast<std::size_t>(w.org.role[seat])].need;
  }
  BudgetNorms norms;
  norms.need_mean = seats > 0 ? need / seats : 1.0;
  norms.merit_mean = merit_weight(3);
  return norms;
}

}  // namespace

void set_up(World& w, const model::RunContext& context) {
  allocate_history(w);
  hiring::update_role_views(w, 1);
  // Hiring attractiveness needs the working leverage of incumbents; until
  // the first month end, the plain time to fill.
  const Policy& policy = w.policy(1);
  for (std::size_t k = 0; k < kRoles; ++k) {
    w.roles[k].time_to_fill =
        w.settings.roles[k].time_to_fill_days * policy.hiring.time_to_fill_multiplier;
  }
  for (std::uint32_t seat = 0; seat < w.org.seats(); ++seat)
    w.people[seat].role = w.org.role[seat];
  for (std::uint32_t team = 0; team < w.teams.size(); ++team) {
    w.teams[team].process.size_for(w.org.teams[team].members());
    w.teams[team].log.recording = context.tables;
  }
  const BudgetNorms prior = prior_norms(w);
  const double eligible = eligible_share(w, policy);
  // Each seat draws from its own stream and writes only its own record, and
  // living a seat's past is most of the set-up: the seats are spread over
  // the batch's threads.
  const World& world = w;
  core::for_each_range(w.org.seats(), kSeatsPerSetUpTask, [&](std::size_t begin, std::size_t end) {
    for (auto seat = static_cast<std::uint32_t>(begin); seat < end; ++seat) {
      if (world.org.open_month[seat] != 0) continue;
      rng::RandomStream random(
          rng::StreamKey{context.seed, context.replication, seat, kSeatStream});
      Person& person = w.people[seat];
      person.present = true;
      const Origin origin = world.org.from_census ? Origin::Census : Origin::Generated;
      draw_person(world.settings, world.org, seat, {origin, world.view(seat).band, 0.0}, person,
                  random);
      if (lives_history(world)) {
        live_history(world, seat, policy, prior, eligible, person, random);
      }
    }
  });
  w.figures.norms = initial_norms(w);
  std::vector<DivisionMonth> divisions(w.boards.size());
  for (std::uint32_t team = 0; team < w.teams.size(); ++team) {
    const TeamInfo& info = w.org.teams[team];
    rng::RandomStream random(
        rng::StreamKey{context.seed, context.replication, info.first_seat, kSeatStream + 1});
    for (std::uint32_t seat = info.first_seat; seat < info.end_seat; ++seat) {
      if (!w.people[seat].present) continue;
      settle(w, seat, policy, random);
      DivisionMonth& division = divisions[info.division];
      const double platform = platform_fte(w, seat, 0.0, policy);
      division.heads += 1;
      division.platform_fte += platform;
      division.builder_fte += platform * w.role_params(seat).platform_builder;
    }
  }
  for (std::uint32_t division = 0; division < w.boards.size(); ++division) {
    w.platforms[division].built = initial_platform(policy.mlops, divisions[division].builder_fte);
    size_division_services(w, division, divisions[division], policy, nullptr);
  }
}

}  // namespace wfsim::workforce
