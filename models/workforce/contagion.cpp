#include "models/workforce/contagion.hpp"

#include <algorithm>

#include "models/workforce/turnover.hpp"
#include "models/workforce/world.hpp"

namespace wfsim::workforce {

void Contagion::declare(params::BoundGroup<Settings, Contagion> p) {
  using S = Contagion;
  p.real("contagion_hazard", &S::hazard, 1.0, "1/month", 0, 100,
         "extra monthly rate of thinking of quitting, and of starting to search, per unit of "
         "contagion pressure");
  p.real("contagion_exit", &S::exit, 0.05, "1", 0, 10, "contagion pressure from a tie's exit");
  p.real("contagion_search", &S::search, 0.02, "1", 0, 10,
         "contagion pressure from a tie's job search, once noticed");
  p.real("contagion_visibility", &S::visibility, 0.3, "1", 0, 1, "chance a tie notices a search");
  p.real("contagion_decay", &S::decay, 0.2, "1/month", 0, 1, "monthly decay of contagion pressure");
  p.real("contagion_embeddedness_loss", &S::embeddedness_loss, 0.05, "1", 0, 1,
         "embeddedness lost when a tie leaves (recovers with the contagion decay)");
}

void start_near_steady_state(const Contagion& c, double degree, Person& person) {
  const double tie_exits = kAssumedExitRate * degree;
  const double decay = std::max(c.decay, 0.05);
  person.pressure = tie_exits * c.exit / decay;
  person.tie_loss = tie_exits * c.embeddedness_loss / decay;
}

void decay(const Contagion& c, Person& person) {
  person.pressure *= 1.0 - c.decay;
  person.tie_loss *= 1.0 - c.decay;
}

namespace contagion {

namespace {

/// Ties strengthen over the first year: a newcomer barely knew the leaver.
double tie_strength(const TeamScope& t, std::uint32_t seat) {
  return std::min(1.0, t.w.tenure_months(seat, t.now()) / 12.0);
}

void tie_exit(TeamScope& t, std::uint32_t seat) {
  Person& p = t.person(seat);
  if (!p.present) return;
  const Contagion& c = t.settings().contagion;
  const double strength = tie_strength(t, seat);
  p.pressure += c.exit * strength;
  p.tie_loss += c.embeddedness_loss * strength;
  p.last_tie_exit = t.now();
  if (t.settings().output.shocks == ShockOutput::All) {
    turnover::record_shock(t, seat, ShockKind::TieExit, p.stage);
  }
}

void tie_search(TeamScope& t, std::uint32_t seat) {
  Person& p = t.person(seat);
  if (!p.present) return;
  p.pressure += t.settings().contagion.search * tie_strength(t, seat);
}

/// One person's manager left: they lose a tie that held them, and it is a
/// shock.
void lost_manager(TeamScope& t, std::uint32_t seat) {
  Person& p = t.person(seat);
  if (!p.present) return;
  p.tie_loss += t.settings().contagion.embeddedness_loss;
  turnover::jolt(t, seat, ShockKind::ManagerLeft, t.settings().turnover.shock_manager_left,
                 t.random());
}

}  // namespace

void notify_ties(TeamScope& t, std::uint32_t seat, TieNewsKind news) {
  const Organisation& org = t.w.org;
  const auto [first, last] = boost::out_edges(seat, org.ties);
  for (auto e = first; e != last; ++e) {
    const auto other = static_cast<std::uint32_t>(boost::target(*e, org.ties));
    const std::uint32_t other_team = org.team[other];
    if (other_team == t.team) {
      if (news == TieNewsKind::Exit) {
        tie_exit(t, other);
      } else if (news == TieNewsKind::Search) {
        tie_search(t, other);
      }
      continue;
    }
    // A manager's exit reaches their reports in other teams as such.
    const bool manager = news == TieNewsKind::Exit && org.ties[*e].kind == TieKind::Manages;
    t.ctx.send(other_team, t.settings().run.handoff_days, kind(TeamEvent::TieNews),
               Message::of(TieNews{other, other_team, manager ? TieNewsKind::ManagerLeft : news}));
  }
}

void on_tie_news(TeamScope& t, const TieNews& news) {
  switch (news.news) {
    case TieNewsKind::Exit:
      tie_exit(t, news.seat);
      break;
    case TieNewsKind::ManagerLeft:
      tie_exit(t, news.seat);
      lost_manager(t, news.seat);
      break;
    case TieNewsKind::Search:
      tie_search(t, news.seat);
      break;
  }
}

void manager_left(TeamScope& t, std::uint32_t manager_seat) {
  const TeamInfo& info = t.info();
  for (std::uint32_t other = info.first_seat; other < info.end_seat; ++other) {
    if (other != manager_seat) lost_manager(t, other);
  }
}

}  // namespace contagion

}  // namespace wfsim::workforce
