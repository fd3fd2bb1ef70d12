#include "models/workforce/leaders.hpp"

#include "models/workforce/world.hpp"

namespace wfsim::workforce {

namespace {

std::vector<params::Column<LeaderHire>> hire_columns() {
  using C = params::Column<LeaderHire>;
  return {
      C::choice("title", &LeaderHire::title, std::nullopt, kLeaderTitleNames,
                "chief_ai_officer, head_of_ai (lead every AI role) or platform_lead (MLOps and "
                "data engineers)"),
      C::text("team", &LeaderHire::team, std::nullopt,
              "the team the leader heads (a census, generated or planned team); their remit is "
              "its division"),
      C::integer("month", &LeaderHire::month, 1, "month", 1, 600, "first month in post"),
      C::real("salary", &LeaderHire::salary, 0, "$k/year", 0, 1e5,
              "the leader's pay; 0: leaders.pay_<title>"),
      C::real("research_tilt", &LeaderHire::research_tilt, 0, "1", -1, 1,
              "the leader's priorities in their division: research roles experiment 1 + tilt "
              "times as often, product-facing roles 1 - tilt times (+: toward research, -: "
              "toward product); 0: no change"),
  };
}

}  // namespace

void Leaders::declare(params::BoundGroup<Settings, Leaders> p) {
  using S = Leaders;
  p.table("hire", &S::hires, hire_columns(), {},
          "leaders hired over a named team: title, team, first month in post, pay",
          &LeaderHire::where);
  p.real(
      "pay_chief_ai_officer", [](S& s) -> double& { return s.pay[0]; }, 450, "$k/year", 0, 1e5,
      "default pay of a Chief AI Officer (base and bonus, large US employers)");
  p.real(
      "pay_head_of_ai", [](S& s) -> double& { return s.pay[1]; }, 320, "$k/year", 0, 1e5,
      "default pay of a Head of AI");
  p.real(
      "pay_platform_lead", [](S& s) -> double& { return s.pay[2]; }, 260, "$k/year", 0, 1e5,
      "default pay of an AI platform lead");
  p.real("attraction", &S::attraction, 0.15, "1", 0, 2,
         "a leader in post makes an offer in a role they lead worth this much more to "
         "candidates (shorter time to fill, better hires)");
  p.real("approval_relief", &S::approval_relief, 0.5, "1", 0, 1,
         "in a Chief AI Officer's or Head of AI's division, the board's denial rate falls by this "
         "share");
  p.boolean("single_signoff", &S::single_signoff, true,
            "in a Chief AI Officer's or Head of AI's division, a request needing several board "
            "sign-offs needs one (theirs)");
  p.real("platform_fte", &S::platform_fte, 0.5, "FTE", 0, 1,
         "share of a platform lead's time spent building and keeping up the division's "
         "production platform");
}

std::vector<Leader> place_leaders(const Leaders& leaders, const Organisation& org, int months) {
  std::vector<Leader> placed;
  for (std::size_t i = 0; i < leaders.hires.size(); ++i) {
    const LeaderHire& h = leaders.hires[i];
    const std::string key = "leaders.hire[" + std::to_string(i) + "]";
    if (h.team.empty()) {
      throw params::ConfigError(h.where, key + ".team",
                                "a leader needs a team to lead (its division is their remit)");
    }
    const TeamInfo* team = nullptr;
    for (const TeamInfo& t : org.teams) {
      if (t.name == h.team) {
        team = &t;
        break;
      }
    }
    if (team == nullptr) {
      throw params::ConfigError(h.where, key + ".team",
                                "team '" + h.team + "' is not in the organisation");
    }
    if (h.month > months) {
      throw params::ConfigError(h.where, key + ".month",
                                "month " + std::to_string(h.month) + " is after the last month (" +
                                    std::to_string(months) + ")");
    }
    const auto title = static_cast<std::size_t>(h.title);
    placed.push_back({h.title, team->division, h.month,
                      h.salary > 0.0 ? h.salary : leaders.pay[title], h.research_tilt});
  }
  return placed;
}

namespace leaders {

bool leads(LeaderTitle title, Role role) {
  if (title == LeaderTitle::PlatformLead) {
    return role == Role::MlopsEngineer || role == Role::DataEngineer;
  }
  return role != Role::ProductEngineer;
}

double attraction(const World& w, Role role, int report_month) {
  for (const Leader& l : w.org.leaders) {
    if (l.month <= report_month && leads(l.title, role)) {
      return 1.0 + w.settings.leaders.attraction;
    }
  }
  return 1.0;
}

bool signs_off(const World& w, std::uint32_t division, int report_month) {
  for (const Leader& l : w.org.leaders) {
    if (l.month <= report_month && l.division == division && l.title != LeaderTitle::PlatformLead) {
      return true;
    }
  }
  return false;
}

double platform_fte(const World& w, std::uint32_t division, int report_month) {
  double fte = 0.0;
  for (const Leader& l : w.org.leaders) {
    if (l.month <= report_month && l.division == division && l.title == LeaderTitle::PlatformLead) {
      fte += w.settings.leaders.platform_fte;
    }
  }
  return fte;
}

double work_mix(const World& w, std::uint32_t division, Role role, int report_month) {
  double mix = 1.0;
  for (const Leader& l : w.org.leaders) {
    if (l.month > report_month || l.division != division) continue;
    switch (role) {
      case Role::Researcher:
      case Role::AppliedScientist:
        mix *= 1.0 + l.research_tilt;
        break;
      case Role::ProductEngineer:
      case Role::AiPm:
      case Role::PromptEvalSpecialist:
        mix *= 1.0 - l.research_tilt;
        break;
      default:
        break;
    }
  }
  return mix;
}

double monthly_pay(const World& w, int report_month) {
  double pay = 0.0;
  for (const Leader& l : w.org.leaders) {
    if (l.month <= report_month) pay += l.salary / 12.0;
  }
  return pay;
}

}  // namespace leaders

}  // namespace wfsim::workforce
