#pragma once
/// Turnover contagion (ODD 7.10): a colleague's exit or noticed search adds
/// pressure to leave and costs embeddedness; a manager's exit is a shock.
#include <cstdint>

#include "engine/params/binding.hpp"
#include "models/workforce/events.hpp"

namespace wfsim::workforce {

struct Settings;
struct Person;
struct TeamScope;

/// `turnover.contagion_*`
struct Contagion {
  double hazard;             // extra monthly think and search rate per unit of pressure
  double exit;               // pressure from a tie's exit
  double search;             // pressure from a tie's noticed search
  double visibility;         // chance a tie notices a search
  double decay;              // monthly decay of pressure and tie loss
  double embeddedness_loss;  // embeddedness lost when a tie leaves

  static void declare(params::BoundGroup<Settings, Contagion> p);
};

/// Monthly exit rate among one's ties assumed when starting pressure and tie
/// loss at their steady state.
inline constexpr double kAssumedExitRate = 0.012;

/// Starting pressure and tie loss for a person with `degree` ties.
void start_near_steady_state(const Contagion& c, double degree, Person& person);
/// Month end: pressure and tie loss fade.
void decay(const Contagion& c, Person& person);

namespace contagion {

/// Tells `seat`'s ties of an exit or a search: ties in the team at once,
/// ties in other teams by a message (one hand-off later).
void notify_ties(TeamScope& t, std::uint32_t seat, TieNewsKind news);
void on_tie_news(TeamScope& t, const TieNews& news);
/// A team manager left: a shock to each member of the team.
void manager_left(TeamScope& t, std::uint32_t manager_seat);

}  // namespace contagion

}  // namespace wfsim::workforce
