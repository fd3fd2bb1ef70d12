#include "models/workforce/simulation.hpp"

#include <cstdint>
#include <limits>

#include "models/workforce/approvals.hpp"
#include "models/workforce/budgets.hpp"
#include "models/workforce/contagion.hpp"
#include "models/workforce/early_warning.hpp"
#include "models/workforce/experiments.hpp"
#include "models/workforce/hiring.hpp"
#include "models/workforce/month_end.hpp"
#include "models/workforce/platform.hpp"
#include "models/workforce/turnover.hpp"
#include "models/workforce/upskilling.hpp"

namespace wfsim::workforce {

namespace {

using core::LpId;

/// A team's events, handed to the submodel each belongs to.
void on_team_event(TeamScope& t, const WorkforceEvent& event) {
  const Message& m = event.payload;
  switch (static_cast<TeamEvent>(event.kind)) {
    case TeamEvent::Arrival:
      experiments::on_arrival(t, m.arrival);
      break;
    case TeamEvent::ManagerReview:
      approvals::on_manager_review(t, m.request);
      break;
    case TeamEvent::ManagerDone:
      approvals::on_manager_done(t);
      break;
    case TeamEvent::Decision:
      approvals::on_decision(t, m.request);
      break;
    case TeamEvent::TopUp:
      budgets::on_top_up(t, m.request);
      break;
    case TeamEvent::Shipped:
      platform::on_shipped(t, m.prototype);
      break;
    case TeamEvent::Stale:
      platform::on_stale(t, m.prototype);
      break;
    case TeamEvent::Hire:
      hiring::on_hire(t, m.requisition);
      break;
    case TeamEvent::Offer:
      turnover::on_offer(t, m.person);
      break;
    case TeamEvent::OfferDecision:
      turnover::on_offer_decision(t, m.person);
      break;
    case TeamEvent::Exit:
      turnover::on_exit(t, m.person);
      break;
    case TeamEvent::TieNews:
      contagion::on_tie_news(t, m.tie);
      break;
    case TeamEvent::TrainingDone:
      upskilling::on_training_done(t, m.training);
      break;
  }
}

/// The seat a team event concerns, for prefetching (kNoSeat: none).
std::uint32_t seat_of(const WorkforceEvent& event) {
  const Message& m = event.payload;
  switch (static_cast<TeamEvent>(event.kind)) {
    case TeamEvent::ManagerReview:
    case TeamEvent::Decision:
    case TeamEvent::TopUp:
      return m.request.requester.seat;
    case TeamEvent::Shipped:
    case TeamEvent::Stale:
      return m.prototype.author.seat;
    case TeamEvent::Hire:
      return m.requisition.seat;
    case TeamEvent::Offer:
    case TeamEvent::OfferDecision:
    case TeamEvent::Exit:
      return m.person.seat;
    case TeamEvent::TieNews:
      return m.tie.seat;
    case TeamEvent::TrainingDone:
      return m.training.trainee.seat;
    case TeamEvent::Arrival:
    case TeamEvent::ManagerDone:
      break;
  }
  return kNoSeat;
}

struct Unit {
  std::uint8_t unused = 0;
};

/// The kernel's view of the model: routes each event and hook to the kind
/// of logical process it belongs to. All state lives in the World.
class WorkforceLogic {
 public:
  using LpState = Unit;
  using Payload = Message;

  WorkforceLogic(const ScenarioData& data, const model::RunContext& context,
                 results::ReplicationResult& result, const Observer* observer)
      : w_(data, result), observer_(observer) {
    set_up(w_, context);
    hints_ = w_.people.size() >= kHintMinSeats;
  }

  LpId lp_count() const { return w_.lps.count(); }

  void init(LpId lp, Unit&, Ctx& ctx) {
    if (!w_.lps.is_team(lp)) return;
    TeamScope t{w_, lp, ctx};
    hiring::open_planned_requisitions(t, 1);
    experiments::refresh_process(t);
  }

  void on_event(Unit&, const WorkforceEvent& event, Ctx& ctx) {
    if (observer_ != nullptr && observer_->event) observer_->event(w_, event);
    const LpId lp = ctx.self();
    if (w_.lps.is_team(lp)) {
      TeamScope t{w_, lp, ctx};
      on_team_event(t, event);
    } else if (w_.lps.is_board(lp)) {
      approvals::on_board_event(w_, lp - w_.lps.teams, event, ctx);
    } else if (w_.lps.is_platform(lp)) {
      platform::on_platform_event(w_, lp - w_.lps.teams - w_.lps.divisions, event, ctx);
    } else {
      hiring::on_requisition(w_, event.payload.requisition, ctx);
    }
  }

  /// The kernel is about to handle `event`: start loading what it touches.
  /// In a large organisation a team's record and its people are cold by the
  /// time the team's next event comes round. An arrival scans the members'
  /// rates and picks a member at random, so the record up to the rates, the
  /// tally's counts and the line of every member holding the fields events
  /// use are fetched.
  void prefetch(const WorkforceEvent& event) const {
    if (!hints_ || !w_.lps.is_team(event.target)) return;
    const TeamState& team = w_.teams[event.target];
    core::prefetch(&team);
    const TeamInfo& info = w_.org.teams[event.target];
    if (static_cast<TeamEvent>(event.kind) == TeamEvent::Arrival) {
      if (info.members() <= kInlineMembers) {
        // Every line from the record's start (fetched above) to the last
        // member's rates: the record is not line-aligned, so stepping from
        // the rates' start could miss the line holding the last of them.
        const auto* start = reinterpret_cast<const char*>(&team);
        const auto* end =
            reinterpret_cast<const char*>(team.process.inline_rates.data() + 2 * info.members());
        const std::size_t to_next_line = 64 - reinterpret_cast<std::uintptr_t>(start) % 64;
        for (const char* line = start + to_next_line; line < end; line += 64)
          core::prefetch(line);
      }
      // An experiment counts itself, its tokens and any prototype in the
      // team's tally, far from the process in the team's record.
      core::prefetch(&team.tally.experiments);
      core::prefetch(&team.tally.tokens);
      for (std::uint32_t seat = info.first_seat; seat < info.end_seat; ++seat)
        core::prefetch(&w_.people[seat]);
    } else if (const std::uint32_t seat = seat_of(event); seat < w_.people.size()) {
      core::prefetch(&w_.people[seat]);
    }
  }

  void on_period(Unit&, Ctx& ctx, std::uint64_t period) {
    const LpId lp = ctx.self();
    if (w_.lps.is_team(lp)) {
      TeamScope t{w_, lp, ctx};
      team_month_end(t, static_cast<int>(period));
    } else if (w_.lps.is_platform(lp)) {
      platform::purge_stale(w_, lp - w_.lps.teams - w_.lps.divisions, ctx);
    }
  }

  void on_period_end(std::span<Unit>, GlobalCtx& g) {
    organisation_month_end(w_, g, static_cast<int>(g.period()));
    flush_tables(w_, w_.calendar.day_of(g.now()));
    if (observer_ != nullptr && observer_->month_end)
      observer_->month_end(w_, static_cast<int>(g.period()));
  }

  /// After the run: the event tables' last rows, the totals and the early
  /// warning.
  void finish() {
    flush_tables(w_, std::numeric_limits<double>::infinity());
    fill_totals(w_.schema, w_.settings.run.months, w_.history.exposure, w_.result);
    early_warning(w_.settings.early_warning, w_.schema, w_.result, w_.history.warmup_series);
  }

 private:
  /// Below this many seats the organisation (about 400 bytes a seat with
  /// its team's share) stays in the caches, and working out what to fetch
  /// ahead only adds instructions.
  static constexpr std::size_t kHintMinSeats = 20'000;

  World w_;
  const Observer* observer_;
  bool hints_ = false;  // whether the prefetch hook fetches anything
};
static_assert(requires(const WorkforceLogic& m, const WorkforceEvent& e) { m.prefetch(e); });

}  // namespace

results::ReplicationResult simulate(const ScenarioData& data, const model::RunContext& context,
                                    const Observer* observer) {
  auto result = results::make_result(data.schema, context.replication);
  WorkforceLogic logic(data, context, result, observer);
  const Settings& s = data.settings;
  core::KernelOptions options;
  options.end_time = static_cast<double>(s.run.warmup_months + s.run.months) * kDaysPerMonth;
  options.period = kDaysPerMonth;
  options.lookahead = s.run.handoff_days;
  options.seed = context.seed;
  options.replication = context.replication;
  options.blocks = s.run.blocks;
  options.parallel =
      static_cast<std::int64_t>(data.org.initial_headcount()) >= s.run.parallel_min_employees;
  core::Kernel<WorkforceLogic> kernel(logic, std::vector<Unit>(logic.lp_count()), options);
  const auto stats = kernel.run();
  logic.finish();
  result.events = stats.events;
  return result;
}

}  // namespace wfsim::workforce
