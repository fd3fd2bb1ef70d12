#include "models/workforce/turnover.hpp"

#include <algorithm>

#include "models/workforce/contagion.hpp"
#include "models/workforce/engagement.hpp"
#include "models/workforce/world.hpp"

namespace wfsim::workforce {

void Turnover::declare(params::BoundGroup<Settings, Turnover> p) {
  using S = Turnover;
  p.real("push_midpoint", &S::push_midpoint, 0.5, "1", 0, 1,
         "engagement at which the push to leave is one half, other things at reference");
  p.real("push_steepness", &S::push_steepness, 10, "1", 0.1, 100, "steepness of the push to leave");
  p.real("push_exhaustion", &S::push_exhaustion, 0.3, "1", 0, 10,
         "push from exhaustion above its base");
  p.real("push_pay", &S::push_pay, 1.0, "1", 0, 10,
         "push from pay below the market rate (per 100 %)");
  p.real("push_contagion", &S::push_contagion, 1.0, "1", 0, 10,
         "push from colleagues' exits and searches");
  p.real("think_rate", &S::think_rate, 0.25, "1/month", 0, 100,
         "rate of moving from dissatisfied to thinking of quitting, at full push");
  p.real("search_rate", &S::search_rate, 0.15, "1/month", 0, 100,
         "rate of moving from thinking of quitting to searching, at full push and ease");
  p.real("recover_rate", &S::recover_rate, 0.2, "1/month", 0, 100,
         "rate of dropping back to content when the push is gone");
  p.real("embeddedness_hold", &S::embeddedness_hold, 0.6, "1", 0, 1,
         "share of the think and search rates that full embeddedness suppresses");
  p.real("reluctant_ease_below", &S::reluctant_ease_below, 0.3, "1", 0, 1,
         "people thinking of quitting with ease of movement below this stay, reluctantly");
  p.real("ease_base", &S::ease_base, 0.6, "1", 0, 10,
         "ease of movement of a mid-skill person in a normal market");
  p.real("offer_rate", &S::offer_rate, 0.2, "1/month", 0, 100,
         "offers per month to a searcher at ease 1");
  p.real("search_ramp_months", &S::search_ramp_months, 3, "months", 0, 60,
         "offers reach their full rate only after this long in search (applications, "
         "interviews)");
  p.real("offer_decision_days", &S::offer_decision_days, 7, "days", 0.01, 365,
         "mean time someone holds an offer before deciding");
  p.real("accept_base", &S::accept_base, -1.3, "1", -20, 20,
         "log-odds of accepting an offer at parity");
  p.real("accept_pay", &S::accept_pay, 1.0, "1", 0, 20,
         "log-odds per 10 % of pay gained by moving");
  p.real("leverage_pay_equivalent", &S::leverage_pay_equivalent, 0.25, "1", 0, 5,
         "what a unit of gap between the working leverage outside employers offer "
         "(market.outside_leverage) and one's own is worth as a share of salary to someone in "
         "an AI role (times the role's AI weight, capped at 1): in the push to leave, in "
         "accepting offers and in candidates' choices. 0.25 makes the whole range, from no "
         "leverage to full, worth a quarter of salary: about what scientists give up for the "
         "freedom to do research (Stern 2004; Sauermann and Roach 2014); an assumption");
  p.real("leverage_appraisal_months", &S::leverage_appraisal_months, 6.0, "months", 0, 120,
         "time constant of the working leverage people weigh when deciding to leave (the push "
         "and offers): each month end moves it 1 - exp(-1/T) of the way to the month's working "
         "leverage, so a change of conditions is judged over about T months of experience "
         "rather than at once; 0 weighs the latest month alone. An assumption: attitudes to a "
         "job form from accumulated experience, and a decision to leave follows a spell of "
         "dissatisfaction (Lee and Mitchell 1994; Griffeth, Hom and Gaertner 2000)");
  p.real("accept_push", &S::accept_push, 0.25, "1", 0, 20,
         "log-odds per unit of push above one half");
  p.real("accept_embeddedness", &S::accept_embeddedness, 1.5, "1", 0, 20,
         "log-odds lost per unit of embeddedness");
  p.real("personal_quit_rate", &S::personal_quit_rate, 0.0025, "1/month", 0, 1,
         "personal shocks that enact a plan to leave (relocation, family), per month");
  p.real("burnout_quit_rate", &S::burnout_quit_rate, 0.05, "1/month", 0, 10,
         "rate of quitting without an offer at full exhaustion and push");
  p.real("burnout_threshold", &S::burnout_threshold, 0.7, "1", 0, 1,
         "exhaustion above which burnout quits start");
  p.real("notice_days", &S::notice_days, 14, "days", 0, 365,
         "notice period (about 14 in the US, 30 in the UK, up to 90 elsewhere)");
  p.real("recruiter_call_rate", &S::recruiter_call_rate, 0.08, "1/month", 0, 100,
         "recruiter calls per month to a mid-skill person in a role of demand 1");
  p.real("recruiter_offer_probability", &S::recruiter_offer_probability, 0.3, "1", 0, 1,
         "chance a recruiter call comes with an offer, times ease of movement");
  p.real(
      "shock_denied", &S::shock_denied, 0.05, "1", 0, 1,
      "chance a refused approval moves a content or dissatisfied person to thinking of quitting");
  p.real("shock_budget_cut", &S::shock_budget_cut, 0.08, "1", 0, 1,
         "the same for a cut in one's compute budget");
  p.real("shock_manager_left", &S::shock_manager_left, 0.2, "1", 0, 1,
         "the same for one's manager leaving");
  p.real("shock_recruiter", &S::shock_recruiter, 0.15, "1", 0, 1,
         "the same for a recruiter call without offer");
  p.real("embed_links", &S::embed_links, 0.35, "1", 0, 1, "weight of ties (links) in embeddedness");
  p.real("embed_fit", &S::embed_fit, 0.3, "1", 0, 1,
         "weight of person-organisation fit in embeddedness");
  p.real("embed_sacrifice", &S::embed_sacrifice, 0.25, "1", 0, 1,
         "weight of what leaving costs (tenure, pay above market) in embeddedness");
  p.real("degree_reference", &S::degree_reference, 14, "ties", 1, 1000,
         "ties that count as fully linked");
}

double working_leverage(double access, double frontier, double autonomy, double unshipped_share) {
  return clamp01(access) * clamp01(frontier) * clamp01(autonomy) *
         (1.0 - 0.5 * clamp01(unshipped_share));
}

double push(const Turnover& t, double exhaustion_base, double engagement, double exhaustion,
            double pay_ratio, double leverage_weight, double outside_leverage, double work_leverage,
            double pressure) {
  // Leverage counts as pay: a gap in working leverage is worth a share of
  // salary, felt once one's own falls short of what outside employers offer.
  const double pay_gap =
      std::clamp(1.0 - pay_ratio, -0.3, 0.5) +
      leverage_in_pay(t, leverage_weight, std::max(0.0, outside_leverage - work_leverage));
  const double score = t.push_midpoint - engagement +
                       t.push_exhaustion * std::max(0.0, exhaustion - exhaustion_base) +
                       t.push_pay * pay_gap + t.push_contagion * pressure;
  return logistic(t.push_steepness * score);
}

double ease_of_movement(const Turnover& t, double role_demand, double skill, double visibility) {
  return clamp01(t.ease_base * role_demand * (0.6 + 0.8 * skill) *
                 (1.0 + 0.3 * clamp01(visibility)));
}

double embeddedness(const Turnover& t, double degree, double tenure_months, double fit,
                    double pay_ratio, double tie_loss) {
  const double links =
      std::min(1.0, degree / t.degree_reference) * std::min(1.0, tenure_months / 12.0);
  const double sacrifice =
      std::min(1.0, tenure_months / 48.0) * std::clamp(pay_ratio, 0.5, 1.5) / 1.5;
  return clamp01(t.embed_links * links + t.embed_fit * fit + t.embed_sacrifice * sacrifice -
                 tie_loss);
}

double accept_probability(const Turnover& t, double offer_pay_ratio, double leverage_weight,
                          double outside_leverage, double work_leverage, double push_u,
                          double embedded) {
  // The offer's gain: its pay, and the leverage it brings, in pay terms.
  const double gain =
      offer_pay_ratio - 1.0 + leverage_in_pay(t, leverage_weight, outside_leverage - work_leverage);
  const double x = t.accept_base + t.accept_pay * gain / 0.1 + t.accept_push * (push_u - 0.5) -
                   t.accept_embeddedness * embedded;
  return logistic(x);
}

namespace turnover {

void derive_inputs(World& w, std::uint32_t seat, const Policy& policy, double now,
                   double unshipped_share, Appraisal appraisal) {
  Person& p = w.people[seat];
  const Settings& s = w.settings;
  const RoleParams& role = w.role_params(seat);
  const RoleView& view = w.view(seat);
  const double ratio = w.pay_ratio(seat);
  p.work_leverage =
      working_leverage(p.access, policy.tokens.frontier_models, view.autonomy, unshipped_share);
  p.appraised_leverage =
      appraisal == Appraisal::Fresh || s.turnover.leverage_appraisal_months <= 0.0
          ? p.work_leverage
          : p.appraised_leverage +
                (p.work_leverage - p.appraised_leverage) * s.turnover.appraisal_step;
  p.push = push(s.turnover, s.engagement.exhaustion_base, p.engagement, p.exhaustion, ratio,
                role.leverage_weight(), policy.market.outside_leverage, p.appraised_leverage,
                p.pressure);
  p.ease = ease_of_movement(s.turnover, view.demand, p.skill,
                            p.shipped_smooth / s.engagement.shipped_reference);
  p.embedded = embeddedness(s.turnover, static_cast<double>(w.org.degree[seat]),
                            w.tenure_months(seat, now), p.fit, ratio, p.tie_loss);
}

namespace {

StageInputs inputs_of(const Person& p) {
  return {p.push, p.ease, p.embedded, p.pressure, p.exhaustion};
}

/// The first offer of the coming month, if any (memoryless). Interviews
/// take time: offers come at the full rate only after search_ramp_months of
/// searching.
void schedule_first_offer(TeamScope& t, std::uint32_t seat) {
  const Turnover& to = t.settings().turnover;
  const Person& p = t.person(seat);
  const double searched = (t.now() + 0.5 * kDaysPerMonth - p.search_since) / kDaysPerMonth;
  const double rate =
      to.offer_rate * p.ease *
      (to.search_ramp_months > 0.0 ? std::min(1.0, searched / to.search_ramp_months) : 1.0);
  if (rate <= 0.0) return;
  const double wait = t.random().exponential(1.0 / rate);
  if (wait < 1.0) {
    t.ctx.schedule(wait * kDaysPerMonth, kind(TeamEvent::Offer), Message::of(t.w.incumbent(seat)));
  }
}

}  // namespace

void month_end_transitions(TeamScope& t, std::uint32_t seat) {
  Person& p = t.person(seat);
  if (p.stage >= Stage::HoldingOffer) return;
  const Settings& s = t.settings();
  const StageStep step =
      step_stage(s.turnover, s.contagion.hazard, p.stage, inputs_of(p), true, t.random());
  if (step.quits) {
    start_notice(t, seat, step.path);
    return;
  }
  if (step.recovered || step.unreluctant) p.clear(kReluctant);
  if (step.reluctant) p.set(kReluctant);
  if (step.started_search) {
    p.search_since = t.now();
    if (t.random().bernoulli(s.contagion.visibility)) {
      contagion::notify_ties(t, seat, TieNewsKind::Search);
    }
  }
  p.stage = step.stage;
  if (p.stage == Stage::Searching) schedule_first_offer(t, seat);
}

Stage warm_start(const Turnover& t, double contagion_hazard, const StageInputs& in, bool& reluctant,
                 rng::RandomStream& random) {
  auto stage = Stage::Content;
  reluctant = false;
  for (int month = 0; month < 36; ++month) {
    const Stage before = stage;
    const StageStep step = step_stage(t, contagion_hazard, stage, in, false, random);
    stage = step.stage;
    if (step.recovered || step.unreluctant) reluctant = false;
    if (step.reluctant) reluctant = true;
    // A searcher who finds a job leaves, and a content newcomer takes the
    // seat (at 0.35 of the offer rate: about the share of offers taken).
    if (before == Stage::Searching && !step.recovered &&
        hazard_occurs(random, 0.35 * t.offer_rate * in.ease)) {
      stage = Stage::Content;
    }
  }
  return stage;
}

}  // namespace turnover

}  // namespace wfsim::workforce
