#pragma once
/// The people in the organisation's seats (ODD section 2), and how a person
/// comes to be: the initial staff (ODD section 5) and new hires (7.9).
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/core/huge_pages.hpp"
#include "engine/rng/random_stream.hpp"
#include "models/workforce/roles.hpp"

namespace wfsim::workforce {

struct Settings;
struct Organisation;
struct RoleParams;

enum SeatFlag : std::uint8_t {
  kReluctant = 1,        // wants to leave, cannot move: withholds effort
  kTraining = 2,         // in the upskilling programme
  kTopUpPending = 4,     // a top-up request is with the board
  kRequisitionOpen = 8,  // the seat's requisition is open
  kHireWaiting = 16,     // a hire waits for the incumbent to leave
  kTrained = 32,         // has been through the upskilling programme
};

/// One incumbent's state (or a vacant seat's leftovers), indexed by seat.
/// Aligned to a cache line so that the fields events touch (the first 64
/// bytes, checked below) are one line, fetched ahead by one prefetch.
/// Seats of a team are contiguous, so a team's people are one block of
/// memory: the team's events and its month-end loop stay within it, and no
/// other logical process touches it.
struct alignas(64) Person {
  // Events: the team process, experiments, decisions.
  bool present = false;
  Stage stage = Stage::Content;
  std::uint8_t flags = 0;
  TurnoverPath path = TurnoverPath::Personal;
  std::uint32_t generation = 0;  // the seat's incumbents so far
  double tokens_left = 0.0;
  double skill = 0.0;
  double fluency = 0.0;
  double leverage = 1.0;
  // This month's experience, reset at month end.
  std::uint16_t attempts = 0, starved = 0, denied = 0, shipped = 0, stale = 0, waiting = 0,
                decisions = 0;
  Role role = Role::ProductEngineer;  // the seat's, copied here to stay in the same cache line
  std::int8_t rating = 3;
  float wait_sum = 0.0f;
  Stage stage_before_offer = Stage::Content;  // where a declined offer leaves the person
  std::int64_t id = -1;
  double hired_at = 0.0;
  double salary = 0.0;  // $k / year
  double push = 0.0, ease = 0.0, embedded = 0.0, work_leverage = 0.0;
  /// The working leverage as the person has come to judge it: decisions to
  /// leave weigh months of experience, not the latest month alone.
  double appraised_leverage = 0.0;
  double offer_ratio = 0.0, pressure = 0.0, tie_loss = 0.0, last_tie_exit = -1e18;
  // Month end.
  double disposition = 0.0, fit = 0.0;
  double engagement = 0.0, exhaustion = 0.0, discretionary = 0.0, in_role = 0.0, effort = 0.0;
  double access = 0.0, budget = 0.0, core_tokens = 0.0, topups = 0.0, shipped_smooth = 0.0;
  double requisition_opened = 0.0, search_since = 0.0, pending_quality = 0.0;
  /// Where the person's pay sits relative to the band for their rating: a
  /// lasting individual factor (negotiation, history), so that refreshes
  /// keep the spread of pay instead of collapsing it onto the band.
  double pay_position = 1.0;
  std::array<float, 6> effort_history{};

  bool has(SeatFlag flag) const { return (flags & flag) != 0; }
  void set(SeatFlag flag) { flags = static_cast<std::uint8_t>(flags | flag); }
  void clear(SeatFlag flag) { flags = static_cast<std::uint8_t>(flags & ~flag); }
  /// Clears the month's experience.
  void reset_month() {
    attempts = starved = denied = shipped = stale = 0;
    decisions = 0;
    wait_sum = 0.0f;
  }
};
static_assert(offsetof(Person, wait_sum) + sizeof(float) <= 64,
              "the fields events touch must share the record's first cache line");

using People = std::vector<Person, core::HugePageAllocator<Person>>;

/// Random stream of each seat's initial attributes (entity = seat).
inline constexpr std::uint64_t kSeatStream = 7;

/// Performance rating from a skill score: quintile-like bands of
/// 10 / 20 / 40 / 20 / 10 %.
std::int8_t rating_from_skill(double z);

/// Where a person comes from: the initial staff of a generated
/// organisation or of a census (ODD section 5), or a hire (7.9).
enum class Origin : std::uint8_t { Generated, Census, Hire };

/// What a new person's draws depend on besides their role.
struct Arrival {
  Origin origin = Origin::Hire;
  double band = 0;          // the role's pay band now, $k / year
  double hire_quality = 0;  // a hire's skill shift (the labour market's)
};

/// Draws a person's attributes and starting state, in one order whatever
/// their origin: skill and rating, tenure (generated staff), fluency,
/// salary, disposition and fit. Initial staff start with their ties' exits
/// near a steady state and are paid where refreshes keep them; hires start
/// with a honeymoon and today's band (salary compression).
void draw_person(const Settings& s, const Organisation& org, std::uint32_t seat,
                 const Arrival& arrival, Person& person, rng::RandomStream& random);

}  // namespace wfsim::workforce
