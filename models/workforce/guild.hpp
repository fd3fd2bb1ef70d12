#pragma once
/// Protected time (ODD 7.15): a guild of named people given a share of their
/// working time for experiments, paid for in in-role output.
#include <cstdint>

#include "engine/params/binding.hpp"

namespace wfsim::workforce {

struct Policy;
struct World;

/// `policy.guild.*`
struct GuildPolicy {
  double time_share;        // share of working time protected for experiments
  double unprompted_share;  // share a fully engaged person gives them unprompted

  static void declare(params::BoundGroup<Policy, GuildPolicy> p);
};

/// The share of the seat's incumbent's time protected for experiments: the
/// guild's time share for a member of guild.members, else 0.
double protected_share(const World& w, std::uint32_t seat, const Policy& policy);

/// The shares of a month's working time the seat's incumbent spends out of
/// their role: the budget split, the experiment rate and the platform work
/// all weigh them, and a person's month start works them out once.
struct TimeAway {
  double training;   // in the upskilling programme
  double guild;      // protected for experiments (protected_share)
  double elsewhere;  // the guild's and a research bet's (7.18)
};
/// Time away in the month that starts at or runs through `now`: a month's
/// start is set at the end of the month before, so half a day on tells which
/// month it is.
TimeAway time_away_at_start(const World& w, std::uint32_t seat, const Policy& policy, double now);

}  // namespace wfsim::workforce
