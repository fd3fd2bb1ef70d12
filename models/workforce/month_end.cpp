#include "models/workforce/month_end.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "models/workforce/approvals.hpp"
#include "models/workforce/budgets.hpp"
#include "models/workforce/contagion.hpp"
#include "models/workforce/engagement.hpp"
#include "models/workforce/experiments.hpp"
#include "models/workforce/guild.hpp"
#include "models/workforce/hiring.hpp"
#include "models/workforce/leaders.hpp"
#include "models/workforce/pay.hpp"
#include "models/workforce/platform.hpp"
#include "models/workforce/research.hpp"
#include "models/workforce/spending.hpp"
#include "models/workforce/survey.hpp"
#include "models/workforce/turnover.hpp"
#include "models/workforce/upskilling.hpp"
#include "models/workforce/world.hpp"

namespace wfsim::workforce {

double platform_fte(const World& w, std::uint32_t seat, double now, const Policy& policy) {
  return platform_fte(w, seat, now, time_away_at_start(w, seat, policy, now));
}

double platform_fte(const World& w, std::uint32_t seat, double now, const TimeAway& away) {
  const Person& p = w.people[seat];
  return w.role_params(seat).platform_share * p.in_role * w.ramp(seat, now) *
         std::max(0.0, 1.0 - away.training - away.elsewhere);
}

void size_division_services(World& w, std::uint32_t division, const DivisionMonth& month,
                            const Policy& policy, GlobalCtx* g) {
  BoardState& board = w.boards[division];
  const std::uint32_t servers = board_servers(policy.approval, month.heads);
  board.reviews_per_day = policy.approval.board_reviews_per_day;
  if (g && servers > board.servers) {
    g->schedule(w.lps.board(division), 0.0, kind(BoardEvent::Kick));
  }
  board.servers = servers;
  board.reserve = division_reserve(policy.tokens, month.heads);
  if (policy.budget.on()) {
    // The vendor line's pool under request rationing, and the division's
    // share of the experiment fund by headcount (7.16).
    const double heads = std::max(w.figures.heads, 1.0);
    board.reserve = division_reserve(spending::tokens_in_force(policy, heads), month.heads) +
                    spending::fund_tokens(policy) * month.heads / heads;
  }
  const double ready = readiness(policy.mlops, w.platforms[division].built);
  const double capacity =
      platform_capacity(policy.mlops, month.platform_fte, month.heads, w.figures.maturity, ready);
  if (g) {
    platform::set_capacity(w, division, capacity, *g);
  } else {
    w.platforms[division].capacity = capacity;
  }
}

namespace {

/// What every person's month end in a team shares.
struct MonthEnd {
  int period;            // the kernel's month that just ended
  int month;             // the reporting month that just ended (< 1: warm-up)
  const Policy& policy;  // the month's levers
  const Policy& next;    // the coming month's
  bool survey;           // a survey month
  bool panel;            // a panel snapshot month
  bool refresh;          // a pay refresh month (warm-up months included)
  double vacancy;        // the team's open seats over its seats
};

double vacancy_rate(const TeamScope& t) {
  double open_seats = 0.0, seats = 0.0;
  for (std::uint32_t seat = t.info().first_seat; seat < t.info().end_seat; ++seat) {
    const Person& p = t.person(seat);
    if (p.present || p.has(kRequisitionOpen)) seats += 1;
    if (!p.present && p.has(kRequisitionOpen)) open_seats += 1;
  }
  return seats > 0 ? open_seats / seats : 0.0;
}

/// (7.13) What the month produced and cost, with the effort that prevailed.
void account_month(TeamScope& t, std::uint32_t seat, const MonthEnd& m) {
  const Person& p = t.person(seat);
  const RoleParams& role = t.w.role_params(seat);
  Tally& tally = t.tally();
  const double away = training_share(p, m.policy.upskilling) +
                      protected_share(t.w, seat, m.policy) +
                      research::bet_share(t.w, seat, m.month);
  tally.core_value += role.core_value * p.in_role * p.leverage * (0.5 + p.skill) *
                      t.w.ramp(seat, t.now()) * std::max(0.0, 1.0 - away);
  tally.payroll += p.salary / 12.0;
  tally.tokens += p.core_tokens;
  if (p.starved > 0) tally.starved += 1;
  if (m.month >= 1 && p.stage != Stage::Notice) {
    (t.w.exposed(seat, t.now()) ? tally.exposed_months : tally.unexposed_months) += 1;
  }
}

/// (7.6) The month's demands and resources move exhaustion and engagement.
/// Returns the unshipped share that working leverage discounts (7.7).
double job_demands_and_resources(TeamScope& t, std::uint32_t seat, const MonthEnd& m) {
  Person& p = t.person(seat);
  const Engagement& b = t.settings().engagement;
  p.shipped_smooth = 0.7 * p.shipped_smooth + 0.3 * p.shipped;
  DemandSignals ds;
  ds.wait_days = p.decisions > 0 ? p.wait_sum / p.decisions : 0.0;
  ds.starved_share = p.attempts > 0 ? static_cast<double>(p.starved) / p.attempts : 0.0;
  ds.unshipped = p.waiting + 2.0 * p.stale;
  ds.denied = p.denied;
  ds.vacancy_rate = m.vacancy;
  ResourceSignals rs;
  rs.access = p.access;
  rs.leverage = p.leverage;
  rs.shipped_smooth = p.shipped_smooth;
  rs.autonomy = t.w.view(seat).autonomy;
  rs.training = p.has(kTraining);
  drift_disposition(b, p, t.random());
  update_engagement(b, p, demands(b, ds), resources(b, rs), t.random());
  return std::min(1.0, ds.unshipped / b.unshipped_reference);
}

/// (9, 7.14) The person's month-end state in the team's tallies, the survey
/// and the panel.
void record_state(TeamScope& t, std::uint32_t seat, const MonthEnd& m, double tenure) {
  const Person& p = t.person(seat);
  const Settings& s = t.settings();
  Tally& tally = t.tally();
  const auto k = static_cast<std::size_t>(p.role);
  const Stage stage = p.stage;
  tally.headcount[k] += 1;
  tally.effort += p.effort;
  tally.discretionary += p.discretionary;
  tally.engagement += p.engagement;
  tally.exhaustion += p.exhaustion;
  tally.leverage += p.leverage;
  tally.embedded += p.embedded;
  tally.work_leverage[k] += p.work_leverage;
  if (stage >= Stage::Thinking && stage <= Stage::HoldingOffer) tally.thinking += 1;
  if (stage == Stage::Searching || stage == Stage::HoldingOffer) tally.searching += 1;
  if (p.has(kReluctant)) tally.reluctant += 1;
  if (p.engagement >= s.categories.engaged_above) tally.engaged += 1;
  if (p.engagement < s.categories.disengaged_below) tally.disengaged += 1;
  if (m.survey && stage != Stage::Notice && responds(s.survey, p.engagement, t.random())) {
    tally.survey_sum += answer(s.survey, p.engagement, t.random());
    tally.survey_n += 1;
  }
  if (m.panel && t.state().log.recording) {
    t.state().log.panel.push_back(PanelRow{
        m.month, p.id, t.team, p.role, p.stage, static_cast<std::uint8_t>(p.has(kReluctant)),
        static_cast<float>(p.engagement), static_cast<float>(p.exhaustion),
        static_cast<float>(p.effort), static_cast<float>(p.discretionary),
        static_cast<float>(p.leverage), static_cast<float>(p.access),
        static_cast<float>(p.embedded), static_cast<float>(p.fluency), static_cast<float>(p.skill),
        static_cast<float>(t.w.pay_ratio(seat)), static_cast<float>(tenure)});
  }
}

/// (7.4, 7.2) The coming month: budget, access, leverage and rates (a budget
/// cut is a shock); and what the organisation's month end needs of the
/// person.
void prepare_next_month(TeamScope& t, std::uint32_t seat, const MonthEnd& m) {
  Person& p = t.person(seat);
  p.reset_month();
  // A budget cut's shock below moves only the stage, which time away does
  // not depend on.
  const TimeAway away = time_away_at_start(t.w, seat, m.next, t.now());
  if (p.stage != Stage::Notice) {
    if (budgets::start_month(t.w, seat, m.next, t.now(), away)) {
      turnover::jolt(t, seat, ShockKind::BudgetCut, t.settings().turnover.shock_budget_cut,
                     t.random());
    }
  } else {
    p.core_tokens = 0.0;
  }
  Tally& tally = t.tally();
  const double platform = platform_fte(t.w, seat, t.now(), away);
  tally.platform_fte += platform;
  tally.platform_builder_fte += platform * t.w.role_params(seat).platform_builder;
  tally.need += t.w.view(seat).need;
  tally.merit += merit_weight(p.rating);
  if (eligible(t.w, seat, m.next.upskilling)) tally.upskill_eligible += 1;
}

/// One person's month end, in the order of ODD section 3.
void person_month_end(TeamScope& t, std::uint32_t seat, const MonthEnd& m) {
  Person& p = t.person(seat);
  const Settings& s = t.settings();
  const double tenure = t.w.tenure_months(seat, t.now());
  account_month(t, seat, m);
  const double unshipped_share = job_demands_and_resources(t, seat, m);
  turnover::derive_inputs(t.w, seat, m.policy, t.now(), unshipped_share,
                          turnover::Appraisal::Update);
  turnover::month_end_transitions(t, seat);
  decay(s.contagion, p);
  if (m.refresh) {
    p.salary = refreshed_salary(
        p.salary, refresh_target(t.w.view(seat).band, p.rating) * p.pay_position, m.policy.pay);
  }
  update_effort(s.effort, p);
  std::rotate(p.effort_history.begin(), p.effort_history.begin() + 1, p.effort_history.end());
  p.effort_history.back() = static_cast<float>(p.effort);
  record_state(t, seat, m, tenure);
  prepare_next_month(t, seat, m);
}

}  // namespace

void team_month_end(TeamScope& t, int period) {
  const Settings& s = t.settings();
  const int month = period - s.run.warmup_months;
  const Policy& policy = t.w.policy(month);
  const int panel_every = s.output.panel_every_months;
  const MonthEnd m{period,
                   month,
                   policy,
                   t.w.policy(month + 1),
                   month >= 1 && month % s.survey.every_months == 0,
                   month >= 1 && panel_every > 0 && month % panel_every == 0,
                   period % policy.pay.refresh_months == 0,
                   vacancy_rate(t)};
  for (std::uint32_t seat = t.info().first_seat; seat < t.info().end_seat; ++seat) {
    if (t.person(seat).has(kRequisitionOpen)) t.tally().open_requisitions += 1;
    if (t.person(seat).present) person_month_end(t, seat, m);
  }
  upskilling::enrol(t, m.next);
  hiring::open_planned_requisitions(t, period + 1);
  experiments::refresh_process(t);
}

namespace {

/// Exits over the trailing window (or the months so far, warm-up included)
/// per mean head, annualised: attrition as HR reports it.
double trailing_attrition(const History& h, int period) {
  const auto last = static_cast<std::size_t>(period - 1);
  const std::size_t window = std::min<std::size_t>(kAttritionWindowMonths, last + 1);
  double exits = 0, heads = 0;
  for (std::size_t i = last + 1 - window; i <= last; ++i) {
    exits += h.exits_by_month[i];
    heads += h.headcount_by_month[i];
  }
  return heads > 0
             ? exits / (heads / static_cast<double>(window)) * 12.0 / static_cast<double>(window)
             : std::numeric_limits<double>::quiet_NaN();
}

double platform_backlog(const World& w) {
  double backlog = 0;
  for (const PlatformState& platform : w.platforms)
    backlog += static_cast<double>(platform.queue.size()) + (platform.busy ? 1.0 : 0.0);
  return backlog;
}

double platform_readiness(const World& w, const Policy& policy,
                          const std::vector<DivisionMonth>& divisions) {
  double weighted = 0, heads = 0;
  for (std::size_t d = 0; d < divisions.size(); ++d) {
    weighted += divisions[d].heads * readiness(policy.mlops, w.platforms[d].built);
    heads += divisions[d].heads;
  }
  return heads > 0 ? weighted / heads : std::numeric_limits<double>::quiet_NaN();
}

/// The month's figures into the results (a warm-up month into the history).
void record_month(World& w, int period, const Tally& total,
                  const std::vector<DivisionMonth>& divisions) {
  const int month = period - w.settings.run.warmup_months;
  double exits = 0;
  for (double e : total.exits)
    exits += e;
  w.history.exits_by_month[static_cast<std::size_t>(period - 1)] = exits;
  w.history.headcount_by_month[static_cast<std::size_t>(period - 1)] = total.people();
  const Policy& policy = w.policy(month);
  const MonthFigures figures{total,
                             trailing_attrition(w.history, period),
                             platform_backlog(w),
                             platform_readiness(w, policy, divisions),
                             policy.tokens.price_per_million,
                             &policy.budget};
  if (month < 1) {
    write_month(w.schema, figures, static_cast<std::size_t>(period - 1), w.history.warmup_series);
  } else {
    write_month(w.schema, figures, static_cast<std::size_t>(month - 1), w.result.series);
    w.history.exposure[0] += total.exposed_notices;
    w.history.exposure[1] += total.exposed_months;
    w.history.exposure[2] += total.unexposed_notices;
    w.history.exposure[3] += total.unexposed_months;
  }
}

}  // namespace

void organisation_month_end(World& w, GlobalCtx& g, int period) {
  const int month = period - w.settings.run.warmup_months;
  Tally total;
  std::vector<DivisionMonth> divisions(w.boards.size());
  std::vector<double> upskill_eligible(w.teams.size());
  // One pass over the teams' tallies: each is summed and cleared for the
  // coming month while its lines are in cache.
  for (std::uint32_t team = 0; team < w.teams.size(); ++team) {
    Tally& tally = w.teams[team].tally;
    total.add(tally);
    DivisionMonth& division = divisions[w.org.teams[team].division];
    division.heads += tally.people();
    division.platform_fte += tally.platform_fte;
    division.builder_fte += tally.platform_builder_fte;
    upskill_eligible[team] = tally.upskill_eligible;
    tally = Tally{};
  }
  total.payroll += leaders::monthly_pay(w, month);   // leaders are not seats (7.17)
  total.research_spend = research::spend(w, month);  // bets (7.18)
  total.research_value = research::payoff(w, g.seed(), g.replication(), month);
  record_month(w, period, total, divisions);

  // Decisions for the coming month.
  const Policy& next = w.policy(month + 1);
  w.figures.wage_index *= std::pow(1.0 + next.market.wage_growth_per_year, 1.0 / 12.0);
  if (month >= 1) {
    w.figures.maturity *= std::pow(1.0 + next.mlops.maturity_growth_per_year, 1.0 / 12.0);
  }
  hiring::update_role_views(w, month + 1);
  const double heads = total.people();
  if (heads > 0) w.figures.heads = heads;
  if (heads > 0) {
    w.figures.norms.need_mean = total.need / heads;
    w.figures.norms.merit_mean = total.merit / heads;
  }
  hiring::update_candidates(w, next, month + 1, total.headcount.data(), total.work_leverage.data());
  for (std::uint32_t division = 0; division < w.boards.size(); ++division) {
    PlatformState& platform = w.platforms[division];
    // Tooling bought with the budget builds the platform as dedicated staff
    // would, shared among divisions by headcount (7.16).
    const double lead = leaders::platform_fte(w, division, month + 1);
    const double tooling = next.budget.on() && heads > 0
                               ? spending::tooling_fte(next) * divisions[division].heads / heads
                               : 0.0;
    platform.built = build_platform(next.mlops, platform.built,
                                    divisions[division].builder_fte + tooling + lead);
    size_division_services(w, division, divisions[division], next, &g);
  }
  upskilling::allocate_seats(w, next, heads, upskill_eligible, total.upskill_eligible);
}

}  // namespace wfsim::workforce
