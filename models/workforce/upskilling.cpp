#include "models/workforce/upskilling.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "models/workforce/budgets.hpp"
#include "models/workforce/cohorts.hpp"
#include "models/workforce/policy.hpp"
#include "models/workforce/spending.hpp"
#include "models/workforce/world.hpp"

namespace wfsim::workforce {

void UpskillingPolicy::declare(params::BoundGroup<Policy, UpskillingPolicy> p) {
  using S = UpskillingPolicy;
  p.real("capacity_per_1000", &S::capacity_per_1000, 4, "seats/month", 0, 1000,
         "people per month who can start the upskilling programme, per 1,000 employees");
  p.real("duration_weeks", &S::duration_weeks, 6, "weeks", 0.1, 104, "length of the programme");
  p.real("fluency_gain", &S::fluency_gain, 0.35, "1", 0, 1,
         "share of the gap to full AI fluency closed by the programme");
  p.real("eligible_below", &S::eligible_below, 0.5, "1", 0, 1,
         "people with AI fluency below this are eligible, least fluent first");
  p.real("time_share", &S::time_share, 0.2, "1", 0, 1,
         "share of working time spent in the programme while enrolled");
}

bool eligible(const World& w, std::uint32_t seat, const UpskillingPolicy& upskilling) {
  const Person& person = w.people[seat];
  if (!person.present || person.stage >= Stage::Notice || person.has(kTraining)) return false;
  if (w.org.training_target.empty()) return person.fluency < upskilling.eligible_below;
  // A targeted programme trains whom it names, whatever their fluency, once.
  return !person.has(kTrained) && in_set(w.org.training_target, w.org, seat, person);
}

namespace upskilling {

void allocate_seats(World& w, const Policy& next, double heads,
                    std::span<const double> eligible_by_team, double eligible_total) {
  const double capacity = (next.budget.on() ? spending::programme_seats(next)
                                            : next.upskilling.capacity_per_1000 * heads / 1000.0) +
                          w.figures.upskill_carry;
  const auto seats = static_cast<std::int64_t>(std::floor(capacity));
  w.figures.upskill_carry = capacity - static_cast<double>(seats);
  if (seats <= 0 || eligible_total <= 0) return;
  std::vector<double> remainder(w.teams.size(), 0.0);
  std::int64_t given = 0;
  for (std::size_t team = 0; team < w.teams.size(); ++team) {
    const double exact = static_cast<double>(seats) * eligible_by_team[team] / eligible_total;
    w.teams[team].upskill_quota = static_cast<std::int64_t>(std::floor(exact));
    remainder[team] = exact - std::floor(exact);
    given += w.teams[team].upskill_quota;
  }
  const auto limit =
      static_cast<std::int64_t>(std::min<double>(static_cast<double>(seats), eligible_total));
  // The teams with the largest remainders, ties to the first team; only the
  // first limit - given of that order are needed, so only they are sorted
  // (a full sort of every team, each month, showed in profiles).
  std::vector<std::size_t> order(w.teams.size());
  std::iota(order.begin(), order.end(), 0);
  const auto before = [&](std::size_t a, std::size_t b) {
    return remainder[a] > remainder[b] || (remainder[a] == remainder[b] && a < b);
  };
  const auto needed = static_cast<std::size_t>(
      std::clamp<std::int64_t>(limit - given, 0, static_cast<std::int64_t>(order.size())));
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(needed), order.end(),
                    before);
  order.resize(needed);
  for (std::size_t i = 0; i < order.size() && given < limit; ++i) {
    if (remainder[order[i]] <= 0.0) break;
    ++w.teams[order[i]].upskill_quota;
    ++given;
  }
}

void enrol(TeamScope& t, const Policy& next) {
  TeamState& team = t.state();
  if (team.upskill_quota <= 0) return;
  std::vector<std::uint32_t> candidates;
  for (std::uint32_t seat = t.info().first_seat; seat < t.info().end_seat; ++seat) {
    if (eligible(t.w, seat, next.upskilling)) candidates.push_back(seat);
  }
  const People& p = t.w.people;
  std::sort(candidates.begin(), candidates.end(), [&](std::uint32_t a, std::uint32_t b) {
    return p[a].fluency < p[b].fluency || (p[a].fluency == p[b].fluency && a < b);
  });
  const std::size_t n =
      std::min<std::size_t>(candidates.size(), static_cast<std::size_t>(team.upskill_quota));
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t seat = candidates[i];
    t.person(seat).set(kTraining);
    t.tally().programme_starts += 1;
    t.ctx.schedule(next.upskilling.duration_weeks * 7.0, kind(TeamEvent::TrainingDone),
                   Message::of(Training{t.w.incumbent(seat), next.upskilling.fluency_gain}));
    // Training time comes out of the coming month's work.
    budgets::split_month_tokens(t.w, seat, next, t.now());
  }
  team.upskill_quota = 0;
}

void on_training_done(TeamScope& t, const Training& done) {
  if (!t.w.holds(done.trainee)) return;
  Person& p = t.person(done.trainee.seat);
  p.clear(kTraining);
  p.set(kTrained);
  p.fluency += done.fluency_gain * (1.0 - p.fluency);
}

}  // namespace upskilling

}  // namespace wfsim::workforce
