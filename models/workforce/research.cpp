#include "models/workforce/research.hpp"

#include "engine/rng/random_stream.hpp"
#include "models/workforce/world.hpp"

namespace wfsim::workforce {

namespace {

/// Random stream of a bet's outcome (entity = the bet's index).
constexpr std::uint64_t kBetStream = 11;

std::vector<params::Column<ResearchBet>> bet_columns() {
  using C = params::Column<ResearchBet>;
  return {
      C::text("team", &ResearchBet::team, std::nullopt,
              "the team whose people work on the bet (a census, generated or planned team)"),
      C::integer("people", &ResearchBet::people, 1, "people", 1, 100000,
                 "people assigned: the team's first seats, in seat order"),
      C::integer("month", &ResearchBet::month, 1, "month", 1, 600, "first month of the bet"),
      C::integer("duration_months", &ResearchBet::duration_months, std::nullopt, "months", 1, 600,
                 "how long the bet runs; its outcome is known at the end of its last month"),
      C::real("time_share", &ResearchBet::time_share, 0.8, "1", 0, 1,
              "share of the assigned people's time the bet takes from their roles"),
      C::real("cost", &ResearchBet::cost, 0, "$k", 0, 1e9,
              "what the bet costs besides its people's time (compute, data, vendors), spread "
              "evenly over its months"),
      C::real("probability", &ResearchBet::probability, std::nullopt, "1", 0, 1,
              "chance that the bet succeeds"),
      C::real("value", &ResearchBet::value, 0, "$k", 0, 1e12,
              "value delivered when it succeeds, at its end (for example the value of a "
              "domain model over its useful life)"),
  };
}

}  // namespace

void Research::declare(params::BoundGroup<Settings, Research> p) {
  p.table("bets", &Research::bets, bet_columns(), {},
          "research bets: team, people, first month, duration, time share, cost, probability "
          "of success, value if it succeeds",
          &ResearchBet::where);
}

void place_bets(const Research& research, Organisation& org, int months) {
  if (research.bets.empty()) return;
  org.bet_of_seat.assign(org.seats(), -1);
  for (std::size_t i = 0; i < research.bets.size(); ++i) {
    const ResearchBet& b = research.bets[i];
    const std::string key = "research.bets[" + std::to_string(i) + "]";
    const TeamInfo* team = nullptr;
    for (const TeamInfo& t : org.teams) {
      if (t.name == b.team) {
        team = &t;
        break;
      }
    }
    if (team == nullptr) {
      throw params::ConfigError(b.where, key + ".team",
                                "team '" + b.team + "' is not in the organisation");
    }
    if (b.people > static_cast<std::int64_t>(team->members())) {
      throw params::ConfigError(b.where, key + ".people",
                                std::to_string(b.people) + " people, but team '" + b.team +
                                    "' has " + std::to_string(team->members()) + " seats");
    }
    if (b.last_month() > months) {
      throw params::ConfigError(b.where, key + ".duration_months",
                                "the bet ends in month " + std::to_string(b.last_month()) +
                                    ", after the last month (" + std::to_string(months) + ")");
    }
    for (std::uint32_t s = team->first_seat; s < team->first_seat + b.people; ++s) {
      if (org.bet_of_seat[s] >= 0) {
        throw params::ConfigError(b.where, key + ".team",
                                  "seat " + std::to_string(s - team->first_seat) + " of team '" +
                                      b.team + "' is already on research.bets[" +
                                      std::to_string(org.bet_of_seat[s]) + "]");
      }
      org.bet_of_seat[s] = static_cast<std::int32_t>(i);
    }
  }
}

namespace research {

namespace {

bool running(const ResearchBet& b, int report_month) {
  return report_month >= b.month && report_month <= b.last_month();
}

}  // namespace

double bet_share(const World& w, std::uint32_t seat, int report_month) {
  if (w.org.bet_of_seat.empty() || w.org.bet_of_seat[seat] < 0) return 0.0;
  const ResearchBet& b =
      w.settings.research.bets[static_cast<std::size_t>(w.org.bet_of_seat[seat])];
  return running(b, report_month) ? b.time_share : 0.0;
}

double spend(const World& w, int report_month) {
  double total = 0.0;
  for (const ResearchBet& b : w.settings.research.bets) {
    if (running(b, report_month)) total += b.cost / static_cast<double>(b.duration_months);
  }
  return total;
}

double payoff(const World& w, std::uint64_t seed, std::uint64_t replication, int report_month) {
  double total = 0.0;
  const auto& bets = w.settings.research.bets;
  for (std::size_t i = 0; i < bets.size(); ++i) {
    if (bets[i].last_month() != report_month) continue;
    rng::RandomStream random(rng::StreamKey{seed, replication, i, kBetStream});
    if (random.bernoulli(bets[i].probability)) total += bets[i].value;
  }
  return total;
}

}  // namespace research

}  // namespace wfsim::workforce
