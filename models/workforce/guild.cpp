#include "models/workforce/guild.hpp"

#include "models/workforce/cohorts.hpp"
#include "models/workforce/research.hpp"
#include "models/workforce/upskilling.hpp"
#include "models/workforce/world.hpp"

namespace wfsim::workforce {

void GuildPolicy::declare(params::BoundGroup<Policy, GuildPolicy> p) {
  using S = GuildPolicy;
  p.real("time_share", &S::time_share, 0.2, "1", 0, 0.8,
         "share of working time the members of guild.members may spend on experiments; it "
         "comes out of their in-role work");
  p.real("unprompted_share", &S::unprompted_share, 0.1, "1", 0.01, 1,
         "share of working time a fully engaged person gives to experiments unprompted "
         "(discretionary effort 1); protected time adds time_share / unprompted_share to "
         "discretionary effort in the experiment rate");
}

double protected_share(const World& w, std::uint32_t seat, const Policy& policy) {
  if (w.org.guild.empty()) return 0.0;  // most organisations have no guild
  return in_set(w.org.guild, w.org, seat, w.people[seat]) ? policy.guild.time_share : 0.0;
}

TimeAway time_away_at_start(const World& w, std::uint32_t seat, const Policy& policy, double now) {
  const double guild = protected_share(w, seat, policy);
  // Without research bets the share is 0 whatever the month.
  const double bet = w.org.bet_of_seat.empty()
                         ? 0.0
                         : research::bet_share(w, seat, w.calendar.report_month(now + 0.5));
  return {training_share(w.people[seat], policy.upskilling), guild, guild + bet};
}

}  // namespace wfsim::workforce
