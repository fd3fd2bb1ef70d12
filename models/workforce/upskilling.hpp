#pragma once
/// Upskilling (ODD 7.12): programme seats shared among teams by their
/// eligible people, enrolment least fluent first, and the fluency gained.
#include <cstdint>
#include <span>

#include "engine/params/binding.hpp"
#include "models/workforce/events.hpp"
#include "models/workforce/people.hpp"

namespace wfsim::workforce {

struct Policy;
struct World;
struct TeamScope;

/// `policy.upskilling.*`
struct UpskillingPolicy {
  double capacity_per_1000;  // programme starts per month per 1,000 staff
  double duration_weeks;
  double fluency_gain;    // share of the gap to full fluency closed
  double eligible_below;  // fluency below which people may enrol
  double time_share;      // share of working time spent in the programme

  static void declare(params::BoundGroup<Policy, UpskillingPolicy> p);
};

/// The share of a person's time the programme takes this month.
inline double training_share(const Person& person, const UpskillingPolicy& upskilling) {
  return person.has(kTraining) ? upskilling.time_share : 0.0;
}
/// Whether the seat's incumbent may enrol: not on notice nor in training, and
/// fluency low or, when training.targets names people, one of them not yet
/// trained.
bool eligible(const World& w, std::uint32_t seat, const UpskillingPolicy& upskilling);

namespace upskilling {

/// Shares this month's programme seats among teams in proportion to their
/// eligible people (largest remainder, ties to the first team); fractional
/// seats carry over to the next month.
/// The month's seats: policy.upskilling.capacity_per_1000, or what the
/// budget's upskilling line buys (7.16). `eligible_by_team`: this month's
/// eligible people of each team, `eligible_total` their sum.
void allocate_seats(World& w, const Policy& next, double heads,
                    std::span<const double> eligible_by_team, double eligible_total);
/// Enrols the team's quota, least fluent first; training time comes out of
/// the coming month's work.
void enrol(TeamScope& t, const Policy& next);
void on_training_done(TeamScope& t, const Training& done);

}  // namespace upskilling

}  // namespace wfsim::workforce
