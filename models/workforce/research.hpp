#pragma once
/// Research bets (ODD 7.18): a project such as training a domain model, with
/// a cost, a duration, people of a named team assigned to it, a chance of
/// success and a value if it succeeds.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/params/binding.hpp"

namespace wfsim::workforce {

struct Settings;
struct Organisation;
struct World;

/// One row of `research.bets`.
struct ResearchBet {
  std::string team;         // whose people work on it
  std::int64_t people = 1;  // the team's first seats, in seat order
  int month = 1;            // first month
  std::int64_t duration_months = 6;
  double time_share = 0.8;  // of the assigned people's time
  double cost = 0.0;        // $k in all (compute, data, vendors), spread evenly
  double probability = 0.3;
  double value = 0.0;  // $k if it succeeds, when it ends
  params::SourceLocation where;

  int last_month() const { return month + static_cast<int>(duration_months) - 1; }
};

/// `research.*`
struct Research {
  std::vector<ResearchBet> bets;

  static void declare(params::BoundGroup<Settings, Research> p);
};

/// Marks each bet's seats (Organisation::bet_of_seat); a team not in the
/// organisation, fewer seats than people, a bet ending after the run or two
/// bets on one seat are located errors.
void place_bets(const Research& research, Organisation& org, int months);

namespace research {

/// The share of the seat's incumbent's time a running bet takes in the
/// reported month (0 outside bets, in the warm-up, before and after).
double bet_share(const World& w, std::uint32_t seat, int report_month);
/// What the bets cost in the month, $k.
double spend(const World& w, int report_month);
/// The value of the bets that end in the month and succeed, $k: each bet's
/// outcome is one draw of its own stream (seed, replication, bet).
double payoff(const World& w, std::uint64_t seed, std::uint64_t replication, int report_month);

}  // namespace research

}  // namespace wfsim::workforce
