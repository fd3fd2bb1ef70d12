#include "models/workforce/simulation.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>

#include "engine/core/kernel.hpp"
#include "models/workforce/behaviour.hpp"
#include "models/workforce/outputs.hpp"

namespace wfsim::workforce {

namespace {

using core::Event;
using core::EventContext;
using core::GlobalContext;
using core::LpId;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/// Random stream of each seat's initial attributes (entity = seat).
constexpr std::uint64_t kSeatStream = 7;
/// Log-sd of experiment costs and of feature values.
constexpr double kCostSigma = 1.0;
constexpr double kValueSigma = 0.8;
/// Zero-mean, unit-variance noise for the monthly drifts: uniform, because
/// one draw is far cheaper than a normal one and a month's shock is summed
/// over many months anyway.
inline double unit_noise(rng::RandomStream& random) {
  return (2.0 * random.uniform() - 1.0) * 1.7320508075688772;
}

/// Monthly exit rate assumed when starting contagion pressure near its
/// steady state.
constexpr double kAssumedExitRate = 0.012;
/// Spread of person-organisation fit around 0.5.
constexpr double kFitSd = 0.25;

enum EventKind : std::uint32_t {
  // team LPs
  kArrival,        // the team's superposed experiment / recruiter-call process
  kManagerReview,  // a request reaches the manager's review queue
  kManagerDone,    // the manager finishes the review at the head of the queue
  kDecision,       // the approval board's answer
  kTopUp,          // compute top-up granted (or refused: 0)
  kShipped,        // a prototype shipped
  kStale,          // a prototype abandoned at the platform
  kHire,           // a requisition filled
  kOffer,          // an outside offer to a searcher
  kOfferDecision,  // the decision on a held offer
  kExit,           // the end of a notice period
  kTieNews,        // a tie in another team left, searched, or was one's manager
  kTrainingDone,   // the upskilling programme ends
  // approval boards
  kBoardRequest,
  kBoardDone,
  kBoardKick,
  // platforms
  kPrototype,
  kPlatformDone,
  kPlatformKick,
  // the labour market
  kRequisition,
};

/// Event payload. Requests and prototypes travel as this too.
struct Message {
  std::uint32_t seat = 0;
  std::uint32_t generation = 0;  // the seat's incumbent; the team's epoch for kArrival
  std::uint32_t team = 0;        // the team to answer
  std::uint8_t code = 0;         // request kind, decision, tie news kind, role
  std::uint8_t count = 0;        // sign-offs still needed
  std::uint16_t extra = 0;       // board sign-offs done
  double x = 0.0;                // tokens, value, quality
  double t = 0.0;                // when submitted, created or opened
};

enum RequestKind : std::uint8_t { kExperimentRequest, kTopUpRequest };
enum DecisionCode : std::uint8_t { kApproved, kDenied, kWithdrawn };
enum TieNewsCode : std::uint8_t { kTieExitNews, kTieSearchNews, kManagerLeftNews };

enum SeatFlag : std::uint8_t {
  kReluctant = 1,
  kTraining = 2,
  kTopUpPending = 4,
  kRequisitionOpen = 8,
  kHireWaiting = 16,
};

/// One incumbent's state (or a vacant seat's leftovers), indexed by seat.
/// Aligned to a cache line so that the fields events touch (the first 64
/// bytes, checked below) are one line, fetched ahead by one prefetch.
/// Seats of a team are contiguous, so a team's people are one block of
/// memory: the team's events and its month-end loop stay within it, and no
/// other LP touches it. Fields an event touches come first.
struct alignas(64) Person {
  // Events: the team process, experiments, decisions.
  std::uint8_t present = 0;
  std::uint8_t stage = 0;
  std::uint8_t flags = 0;
  std::uint8_t path = 0;
  std::uint32_t generation = 0;
  double tokens_left = 0.0;
  double skill = 0.0;
  double fluency = 0.0;
  double leverage = 1.0;
  // This month's experience, reset at month end.
  std::uint16_t attempts = 0, starved = 0, denied = 0, shipped = 0, stale = 0, waiting = 0,
                decisions = 0;
  std::uint8_t role = 0;  // the seat's, copied here to stay in the same cache line
  std::int8_t rating = 3;
  float wait_sum = 0.0f;
  std::int64_t id = -1;
  double hired_at = 0.0;
  double salary = 0.0;
  double push = 0.0, ease = 0.0, embedded = 0.0, work_leverage = 0.0;
  double offer_ratio = 0.0, pressure = 0.0, tie_loss = 0.0, last_tie_exit = -1e18;
  // Month end.
  double disposition = 0.0, fit = 0.0;
  double engagement = 0.0, exhaustion = 0.0, discretionary = 0.0, in_role = 0.0, effort = 0.0;
  double access = 0.0, budget = 0.0, core_tokens = 0.0, topups = 0.0, shipped_smooth = 0.0;
  double requisition_opened = 0.0, search_since = 0.0, pending_quality = 0.0;
  std::array<float, 6> effort_history{};
};
static_assert(offsetof(Person, wait_sum) + sizeof(float) <= 64,
              "the fields events touch must share the record's first cache line");
using People = std::vector<Person>;

/// A team's figures for the month, reduced in team order by the serial hook.
struct Tally {
  std::array<double, kRoles> headcount{}, exits{}, regretted{}, notices{}, hires{};
  std::array<double, kRoles> work_leverage{};
  double experiments = 0, prototypes = 0, shipped = 0, shipped_value = 0, core_value = 0;
  double tokens = 0, wait_sum = 0, decisions = 0, payroll = 0, requests = 0, stale = 0;
  double effort = 0, discretionary = 0, engagement = 0, exhaustion = 0, leverage = 0;
  double embedded = 0, thinking = 0, searching = 0, reluctant = 0, starved = 0, engaged = 0,
         disengaged = 0;
  double survey_sum = 0, survey_n = 0, open_requisitions = 0;
  double platform_fte = 0, need = 0, merit = 0, upskill_eligible = 0;
  // Resignations and person-months with and without a tie who left in the
  // six months before, for the contagion relative risk.
  double exposed_notices = 0, exposed_months = 0, unexposed_notices = 0, unexposed_months = 0;

  void add(const Tally& o) {
    for (std::size_t k = 0; k < kRoles; ++k) {
      headcount[k] += o.headcount[k];
      exits[k] += o.exits[k];
      regretted[k] += o.regretted[k];
      notices[k] += o.notices[k];
      hires[k] += o.hires[k];
      work_leverage[k] += o.work_leverage[k];
    }
    experiments += o.experiments;
    prototypes += o.prototypes;
    shipped += o.shipped;
    shipped_value += o.shipped_value;
    core_value += o.core_value;
    tokens += o.tokens;
    wait_sum += o.wait_sum;
    decisions += o.decisions;
    payroll += o.payroll;
    requests += o.requests;
    stale += o.stale;
    effort += o.effort;
    discretionary += o.discretionary;
    engagement += o.engagement;
    exhaustion += o.exhaustion;
    leverage += o.leverage;
    embedded += o.embedded;
    thinking += o.thinking;
    searching += o.searching;
    reluctant += o.reluctant;
    starved += o.starved;
    engaged += o.engaged;
    disengaged += o.disengaged;
    survey_sum += o.survey_sum;
    survey_n += o.survey_n;
    open_requisitions += o.open_requisitions;
    platform_fte += o.platform_fte;
    need += o.need;
    merit += o.merit;
    upskill_eligible += o.upskill_eligible;
    exposed_notices += o.exposed_notices;
    exposed_months += o.exposed_months;
    unexposed_notices += o.unexposed_notices;
    unexposed_months += o.unexposed_months;
  }
  double people() const {
    double n = 0;
    for (double h : headcount)
      n += h;
    return n;
  }
};

struct ExitRow {
  std::int64_t employee;
  std::int64_t month;
  double day;
  std::uint32_t seat;
  std::uint32_t team;
  std::uint8_t role;
  std::uint8_t path;
  std::int8_t rating;
  double tenure, effort_prior, engagement, salary_ratio;
};
struct HireRow {
  std::int64_t employee;
  std::int64_t month;
  double day;
  std::uint32_t team;
  std::uint8_t role;
  std::uint8_t kind;
  double time_to_fill, skill;
};
struct ShockRow {
  std::int64_t employee;
  std::int64_t month;
  double day;
  std::uint8_t role, kind, before, after;
};
struct PanelRow {
  std::int64_t month, employee;
  std::uint32_t team;
  std::uint8_t role, stage, reluctant;
  float engagement, exhaustion, effort, discretionary, leverage, access, embedded, fluency, skill,
      salary_ratio, tenure;
};

/// A FIFO of messages with amortised O(1) pops and no per-item allocation.
class MessageQueue {
 public:
  bool empty() const { return head_ == items_.size(); }
  std::size_t size() const { return items_.size() - head_; }
  const Message& front() const { return items_[head_]; }
  void push(const Message& m) { items_.push_back(m); }
  Message pop() {
    Message m = items_[head_++];
    if (head_ == items_.size()) {
      items_.clear();
      head_ = 0;
    } else if (head_ > 64 && head_ * 2 > items_.size()) {
      items_.erase(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(head_));
      head_ = 0;
    }
    return m;
  }

 private:
  std::vector<Message> items_;
  std::size_t head_ = 0;
};

/// Teams up to this size keep their members' rates inline.
inline constexpr std::size_t kInlineMembers = 16;

struct Team {
  std::uint32_t epoch = 0;
  double total_rate = 0.0;
  /// Per member, in seat order: experiment rate, recruiter-call rate (per
  /// month; 0 for a vacant seat). Kept with the team rather than the person
  /// because every event of the team's process scans them all; held inline
  /// for teams of up to kInlineMembers so the scan costs no extra cache miss.
  std::array<double, 2 * kInlineMembers> inline_rates{};
  std::vector<double> large_rates;
  double* rates() { return large_rates.empty() ? inline_rates.data() : large_rates.data(); }
  void size_rates(std::size_t members) {
    inline_rates.fill(0.0);
    large_rates.assign(members > kInlineMembers ? 2 * members : 0, 0.0);
  }
  MessageQueue reviews;
  bool reviewing = false;
  std::int64_t upskill_quota = 0;
  Tally tally;
  std::vector<ExitRow> exits;
  std::vector<HireRow> hires;
  std::vector<ShockRow> shocks;
  std::vector<PanelRow> panel;
};

struct Board {
  MessageQueue queue;
  std::uint32_t busy = 0;
  std::uint32_t servers = 1;
  double reviews_per_day = 1.0;
  double reserve = 0.0;  // compute for top-ups (rationing 'request')
};

struct Platform {
  MessageQueue queue;
  bool busy = false;
  double capacity = 0.0;  // platform-days of work per day
};

/// The labour market and the policy's effect per role, for the current
/// month (set by the serial hook; read-only while events run).
struct RoleView {
  double market_rate = 0;   // $k / year
  double band = 0;          // the organisation's pay for a new hire, $k / year
  double demand = 0;        // ease-of-movement multiplier
  double call_rate = 0;     // recruiter calls per month for a mid-skill person
  double time_to_fill = 0;  // mean days
  double hire_quality = 0;  // shift of new hires' mean skill
  double autonomy = 0;      // expected share of experiments free of sign-offs
  double need = 0;          // compute needed per month for full access, M tokens
  double cost_mu = 0;       // log-mean of experiment cost
  double value_mu = 0;      // log-mean of feature value (before skill and leverage)
};

struct Unit {
  std::uint8_t unused = 0;
};

class WorkforceLogic {
 public:
  using LpState = Unit;
  using Payload = Message;
  using Ctx = EventContext<Message>;

  WorkforceLogic(const ScenarioData& data, const model::RunContext& context,
                 results::ReplicationResult& result)
      : s_(data.settings),
        b_(data.settings.behaviour),
        t_(data.settings.turnover),
        org_(data.org),
        result_(result),
        people_(data.org.seats()),
        teams_(data.org.teams.size()),
        boards_(data.org.divisions.size()),
        platforms_(data.org.divisions.size()) {
    team_count_ = static_cast<LpId>(teams_.size());
    division_count_ = static_cast<LpId>(boards_.size());
    market_lp_ = team_count_ + 2 * division_count_;
    warmup_ = s_.warmup_months;
    maturity_ = s_.initial_maturity;
    setup(context);
  }

  LpId lp_count() const { return market_lp_ + 1; }

  // --- kernel callbacks --------------------------------------------------------

  void init(LpId lp, Unit&, Ctx& ctx) {
    if (lp >= team_count_) return;
    const auto t = static_cast<std::uint32_t>(lp);
    open_planned_requisitions(t, 1, ctx);
    refresh_process(t, ctx);
  }

  void on_event(Unit&, const Event<Message>& event, Ctx& ctx) {
    const Message& m = event.payload;
    const LpId lp = ctx.self();
    switch (event.kind) {
      case kArrival:
        on_arrival(lp, m, ctx);
        break;
      case kManagerReview:
        on_manager_review(lp, m, ctx);
        break;
      case kManagerDone:
        on_manager_done(lp, ctx);
        break;
      case kDecision:
        decide(lp, m, m.code, ctx);
        break;
      case kTopUp:
        on_top_up(m);
        break;
      case kShipped:
        on_shipped(lp, m);
        break;
      case kStale:
        on_stale(lp, m);
        break;
      case kHire:
        on_hire(lp, m, ctx);
        break;
      case kOffer:
        on_offer(lp, m, ctx);
        break;
      case kOfferDecision:
        on_offer_decision(lp, m, ctx);
        break;
      case kExit:
        on_exit(lp, m, ctx);
        break;
      case kTieNews:
        on_tie_news(lp, m, ctx);
        break;
      case kTrainingDone:
        on_training_done(m);
        break;
      case kBoardRequest:
        on_board_request(lp, m, ctx);
        break;
      case kBoardDone:
        on_board_done(lp, m, ctx);
        break;
      case kBoardKick:
        start_board_reviews(board_of(lp), ctx);
        break;
      case kPrototype:
        on_prototype(lp, m, ctx);
        break;
      case kPlatformDone:
        on_platform_done(lp, m, ctx);
        break;
      case kPlatformKick:
        start_platform(platform_of(lp), ctx);
        break;
      case kRequisition:
        on_requisition(m, ctx);
        break;
      default:
        break;
    }
  }

  /// The kernel is about to handle `event`: start loading what it touches.
  /// In a large organisation a team's record and its people are cold by the
  /// time the team's next event comes round. An arrival scans the members'
  /// rates and picks a member at random, so the rates and the line of every
  /// member holding the fields events use are fetched.
  void prefetch(const Event<Message>& event) const {
    if (event.target >= team_count_) return;
    const auto team = static_cast<std::uint32_t>(event.target);
    const Team& tm = teams_[team];
    core::prefetch(&tm);
    const TeamInfo& ti = info(team);
    if (event.kind == kArrival) {
      const std::uint32_t members = ti.end_seat - ti.first_seat;
      if (members <= kInlineMembers) {
        const auto* rates = reinterpret_cast<const char*>(tm.inline_rates.data());
        const std::size_t bytes = 2 * sizeof(double) * members;
        for (std::size_t offset = 0; offset < bytes; offset += 64)
          core::prefetch(rates + offset);
      }
      for (std::uint32_t seat = ti.first_seat; seat < ti.end_seat; ++seat)
        prefetch_person(seat);
    } else if (event.payload.seat < people_.size()) {
      prefetch_person(event.payload.seat);
    }
  }

  void prefetch_person(std::uint32_t seat) const { core::prefetch(&people_[seat]); }

  void on_period(Unit&, Ctx& ctx, std::uint64_t period) {
    const LpId lp = ctx.self();
    if (lp < team_count_) {
      month_end(static_cast<std::uint32_t>(lp), ctx, static_cast<int>(period));
    } else if (lp >= team_count_ + division_count_ && lp < market_lp_) {
      purge_stale(platform_of(lp), ctx);
    }
  }

  void on_period_end(std::span<Unit>, GlobalContext<Message>& g) {
    organisation_month_end(g, static_cast<int>(g.period()));
  }

  // --- after the run -------------------------------------------------------------

  void finish();

 private:
  // --- layout helpers ------------------------------------------------------------
  std::uint32_t board_of(LpId lp) const { return lp - team_count_; }
  std::uint32_t platform_of(LpId lp) const { return lp - team_count_ - division_count_; }
  LpId board_lp(std::uint32_t division) const { return team_count_ + division; }
  LpId platform_lp(std::uint32_t division) const {
    return team_count_ + division_count_ + division;
  }
  const TeamInfo& info(std::uint32_t team) const { return org_.teams[team]; }
  Role role_of(std::uint32_t seat) const { return static_cast<Role>(people_[seat].role); }
  std::size_t role_index(std::uint32_t seat) const { return people_[seat].role; }
  double* rates(std::uint32_t team, std::uint32_t seat) {
    return teams_[team].rates() + 2 * (seat - org_.teams[team].first_seat);
  }
  const RoleParams& params_of(std::uint32_t seat) const { return s_.roles[role_index(seat)]; }

  /// Internal month of a time: month m covers [(m-1) M, m M).
  static int internal_month(double time) {
    return static_cast<int>(std::floor(time / kDaysPerMonth)) + 1;
  }
  int report_month(double time) const { return internal_month(time) - warmup_; }
  const Levers& levers(int report_month) const { return s_.levers_for_month(report_month); }
  const Levers& levers_at(double time) const { return levers(report_month(time)); }
  double day_of(double time) const { return time - warmup_ * kDaysPerMonth; }
  double tenure_months(std::uint32_t seat, double now) const {
    return std::max(0.0, (now - people_[seat].hired_at) / kDaysPerMonth);
  }
  bool exposed(std::uint32_t seat, double now) const {
    return now - people_[seat].last_tie_exit <= 6.0 * kDaysPerMonth;
  }
  bool holds(std::uint32_t seat, std::uint32_t generation) const {
    return people_[seat].present && people_[seat].generation == generation;
  }
  double pay_ratio(std::uint32_t seat) const {
    return people_[seat].salary / roles_[role_index(seat)].market_rate;
  }
  double training_share(std::uint32_t seat, const Levers& l) const {
    return (people_[seat].flags & kTraining) ? l.upskill_time_share : 0.0;
  }
  double ramp(std::uint32_t seat, double now) const {
    const double months = params_of(seat).ramp_months;
    if (months <= 0.0) return 1.0;
    return std::min(1.0, b_.ramp_start + (1.0 - b_.ramp_start) * tenure_months(seat, now) / months);
  }
  static std::int8_t rating_from_skill(double z) {
    // Quintile-like bands: 10 % / 20 % / 40 % / 20 % / 10 %.
    if (z < -1.2816) return 1;
    if (z < -0.5244) return 2;
    if (z < 0.5244) return 3;
    if (z < 1.2816) return 4;
    return 5;
  }
  std::int64_t new_employee_id(std::uint32_t seat) const {
    return org_.id_base + static_cast<std::int64_t>(seat) +
           static_cast<std::int64_t>(org_.seats()) *
               static_cast<std::int64_t>(people_[seat].generation);
  }

  // --- set-up ----------------------------------------------------------------------
  void setup(const model::RunContext& context);
  void compute_views(int report_month);
  void place_initial(std::uint32_t seat, rng::RandomStream& random);
  double allocate_budget(std::uint32_t seat, const Levers& l) const;
  void prepare_seat(std::uint32_t seat, const Levers& l, double now, bool allow_shock,
                    std::uint32_t team, rng::RandomStream& random);
  void update_effort(std::uint32_t seat);
  void derive_turnover_inputs(std::uint32_t seat, const Levers& l, double now,
                              double unshipped_share);

  // --- team processes --------------------------------------------------------------
  void refresh_process(std::uint32_t team, Ctx& ctx);
  void on_arrival(std::uint32_t team, const Message& m, Ctx& ctx);
  void attempt_experiment(std::uint32_t team, std::uint32_t seat, Ctx& ctx);
  void run_experiment(std::uint32_t team, std::uint32_t seat, Ctx& ctx);
  void recruiter_call(std::uint32_t team, std::uint32_t seat, Ctx& ctx);
  void on_manager_review(std::uint32_t team, const Message& m, Ctx& ctx);
  void start_manager_review(std::uint32_t team, Ctx& ctx);
  void on_manager_done(std::uint32_t team, Ctx& ctx);
  void decide(std::uint32_t team, const Message& m, std::uint8_t code, Ctx& ctx);
  void on_top_up(const Message& m);
  void on_shipped(std::uint32_t team, const Message& m);
  void on_stale(std::uint32_t team, const Message& m);
  void hold_offer(std::uint32_t team, std::uint32_t seat, TurnoverPath path, Ctx& ctx);
  void on_offer(std::uint32_t team, const Message& m, Ctx& ctx);
  void on_offer_decision(std::uint32_t team, const Message& m, Ctx& ctx);
  void start_notice(std::uint32_t team, std::uint32_t seat, TurnoverPath path, Ctx& ctx);
  void on_exit(std::uint32_t team, const Message& m, Ctx& ctx);
  void on_hire(std::uint32_t team, const Message& m, Ctx& ctx);
  void install_hire(std::uint32_t team, std::uint32_t seat, double quality, double opened,
                    Ctx& ctx);
  void on_tie_news(std::uint32_t team, const Message& m, Ctx& ctx);
  void tie_exit(std::uint32_t team, std::uint32_t seat, double now);
  void manager_left(std::uint32_t team, std::uint32_t seat, double now, rng::RandomStream& random);
  void notify_ties(std::uint32_t team, std::uint32_t seat, TieNewsCode code, Ctx& ctx);
  void on_training_done(const Message& m);
  void shock(std::uint32_t team, std::uint32_t seat, ShockKind kind, Stage before, double now);
  /// A shock that moves a content or dissatisfied person to thinking of
  /// quitting with probability p.
  void jolt(std::uint32_t team, std::uint32_t seat, ShockKind kind, double p, double now,
            rng::RandomStream& random);
  void month_end(std::uint32_t team, Ctx& ctx, int period);
  void open_planned_requisitions(std::uint32_t team, int internal_month, Ctx& ctx);
  void open_requisition(std::uint32_t team, std::uint32_t seat, Ctx& ctx);

  // --- shared services -------------------------------------------------------------
  void on_board_request(LpId lp, const Message& m, Ctx& ctx);
  void on_board_done(LpId lp, const Message& m, Ctx& ctx);
  void start_board_reviews(std::uint32_t division, Ctx& ctx);
  void on_prototype(LpId lp, const Message& m, Ctx& ctx);
  void on_platform_done(LpId lp, const Message& m, Ctx& ctx);
  void start_platform(std::uint32_t division, Ctx& ctx);
  void purge_stale(std::uint32_t division, Ctx& ctx);
  void on_requisition(const Message& m, Ctx& ctx);

  // --- organisation-wide month end ---------------------------------------------------
  void organisation_month_end(GlobalContext<Message>& g, int period);
  void write_month(int month, const Tally& total);

  const Settings& s_;
  const Behaviour& b_;
  const Turnover& t_;
  const Organisation& org_;
  results::ReplicationResult& result_;

  People people_;
  std::vector<Team> teams_;
  std::vector<Board> boards_;
  std::vector<Platform> platforms_;
  std::array<RoleView, kRoles> roles_{};

  LpId team_count_ = 0;
  LpId division_count_ = 0;
  LpId market_lp_ = 0;
  int warmup_ = 0;
  /// The monthly series over the warm-up months, for the early-warning
  /// reference (the results hold the reported months only).
  std::vector<std::vector<double>> warmup_series_;
  double maturity_ = 1.0;
  double wage_index_ = 1.0;
  double need_mean_ = 1.0;
  double merit_mean_ = 1.0;
  double upskill_carry_ = 0.0;
  std::vector<double> exits_by_month_, headcount_by_month_;
  std::array<double, 4> exposure_{};  // exposed notices, months; unexposed notices, months
};
static_assert(requires(const WorkforceLogic& m, const Event<Message>& e) { m.prefetch(e); });

// ===================================================================================
// Set-up
// ===================================================================================

void WorkforceLogic::compute_views(int month) {
  const Levers& l = levers(month);
  for (std::size_t k = 0; k < kRoles; ++k) {
    const RoleParams& rp = s_.roles[k];
    RoleView& v = roles_[k];
    const double w = rp.ai_premium_weight;
    v.market_rate = rp.market_salary * wage_index_ * (1.0 + l.market_ai_premium * w);
    v.band = rp.market_salary * wage_index_ * l.band_position * (1.0 + l.org_ai_premium * w);
    v.demand = l.demand * rp.demand * std::pow(l.ai_demand, std::min(1.0, w));
    v.call_rate = t_.recruiter_call_rate * v.demand * l.poaching;
    v.need = rp.core_tokens + rp.experiment_rate * rp.experiment_tokens;
    v.cost_mu = std::log(rp.experiment_tokens) - 0.5 * kCostSigma * kCostSigma;
    v.value_mu = std::log(std::max(rp.feature_value, 1e-9)) - 0.5 * kValueSigma * kValueSigma;
    // Autonomy: freedom lost in proportion to the share of experiments that
    // need sign-off and to how long the sign-offs take at the least.
    const double gated = share_above(rp.experiment_tokens, kCostSigma, l.sandbox_threshold);
    const double delay =
        l.signoffs == 0
            ? 0.0
            : l.signoffs * l.latency_days + 1.0 / l.manager_reviews_per_day +
                  (l.signoffs - 1) * (1.0 / l.board_reviews_per_day + 2.0 * s_.handoff_days);
    v.autonomy = 1.0 - gated * std::min(1.0, delay / b_.autonomy_wait_reference_days);
  }
}

void WorkforceLogic::setup(const model::RunContext& context) {
  exits_by_month_.assign(static_cast<std::size_t>(warmup_ + s_.months), 0.0);
  headcount_by_month_.assign(static_cast<std::size_t>(warmup_ + s_.months), 0.0);
  warmup_series_.resize(result_.series.size());
  for (std::size_t i = 0; i < result_.series.size(); ++i) {
    const std::size_t per_month = result_.series[i].size() / static_cast<std::size_t>(s_.months);
    warmup_series_[i].assign(per_month * static_cast<std::size_t>(warmup_), kNaN);
  }
  compute_views(1);
  // Hiring attractiveness needs the working leverage of incumbents; until
  // the first month end, assume full leverage.
  const Levers& l = levers(1);
  for (std::size_t k = 0; k < kRoles; ++k) {
    roles_[k].time_to_fill = s_.roles[k].time_to_fill_days * l.time_to_fill_multiplier;
  }
  for (std::uint32_t seat = 0; seat < org_.seats(); ++seat) {
    people_[seat].role = static_cast<std::uint8_t>(org_.role[seat]);
  }
  for (std::uint32_t team = 0; team < teams_.size(); ++team) {
    teams_[team].size_rates(info(team).end_seat - info(team).first_seat);
  }
  for (std::uint32_t seat = 0; seat < org_.seats(); ++seat) {
    if (org_.open_month[seat] != 0) continue;
    rng::RandomStream random(rng::StreamKey{context.seed, context.replication, seat, kSeatStream});
    place_initial(seat, random);
  }
  // Organisation-wide normalisers of budgets, from the initial staff.
  double heads = 0, need = 0, merit = 0;
  for (std::uint32_t seat = 0; seat < org_.seats(); ++seat) {
    if (!people_[seat].present) continue;
    heads += 1;
    need += roles_[role_index(seat)].need;
    merit += 0.5 + 0.25 * people_[seat].rating;
  }
  need_mean_ = heads > 0 ? need / heads : 1.0;
  merit_mean_ = heads > 0 ? merit / heads : 1.0;
  std::vector<double> division_heads(boards_.size(), 0.0), division_fte(boards_.size(), 0.0);
  for (std::uint32_t team = 0; team < teams_.size(); ++team) {
    const TeamInfo& ti = info(team);
    rng::RandomStream random(
        rng::StreamKey{context.seed, context.replication, ti.first_seat, kSeatStream + 1});
    for (std::uint32_t seat = ti.first_seat; seat < ti.end_seat; ++seat) {
      if (!people_[seat].present) continue;
      prepare_seat(seat, l, 0.0, false, team, random);
      derive_turnover_inputs(seat, l, 0.0, 0.0);
      // Start near the steady state of the turnover stages: iterate the
      // monthly stage transitions for two years with the person's initial
      // push and ease (someone who leaves is replaced by a content
      // newcomer); the warm-up months settle the rest.
      const double u = people_[seat].push;
      const double ease = people_[seat].ease;
      const double hold = 1.0 - t_.embeddedness_hold * people_[seat].embedded;
      const double contagion = t_.contagion_hazard * people_[seat].pressure;
      auto stage = Stage::Content;
      bool reluctant = false;
      for (int month = 0; month < 36; ++month) {
        if (stage <= Stage::Dissatisfied) {
          stage = u > 0.5 ? Stage::Dissatisfied : Stage::Content;
          if (stage == Stage::Dissatisfied &&
              random.bernoulli(hazard_probability(t_.think_rate * u * hold + contagion))) {
            stage = Stage::Thinking;
          }
        } else if (random.bernoulli(hazard_probability(t_.recover_rate * (1.0 - u)))) {
          stage = Stage::Content;
          reluctant = false;
        } else if (stage == Stage::Thinking) {
          reluctant = ease < t_.reluctant_ease_below;
          if (!reluctant && random.bernoulli(hazard_probability(
                                ease * (t_.search_rate * u * hold + contagion)))) {
            stage = Stage::Searching;
          }
        } else if (random.bernoulli(hazard_probability(0.35 * t_.offer_rate * ease))) {
          stage = Stage::Content;
        }
      }
      people_[seat].stage = static_cast<std::uint8_t>(stage);
      people_[seat].search_since = -t_.search_ramp_months * kDaysPerMonth;
      if (reluctant) people_[seat].flags |= kReluctant;
      update_effort(seat);
      division_heads[ti.division] += 1;
      division_fte[ti.division] +=
          params_of(seat).platform_share * people_[seat].in_role * ramp(seat, 0.0);
    }
  }
  for (std::size_t div = 0; div < boards_.size(); ++div) {
    Board& board = boards_[div];
    board.servers = static_cast<std::uint32_t>(
        std::max(1.0, std::round(l.board_reviewers_per_100 * division_heads[div] / 100.0)));
    board.reviews_per_day = l.board_reviews_per_day;
    board.reserve = l.rationing == Rationing::Request
                        ? (1.0 - l.request_base_share) * l.budget_per_head * division_heads[div]
                        : 0.0;
    platforms_[div].capacity = (division_fte[div] * l.features_per_fte_month * maturity_ +
                                l.self_serve_per_100 * division_heads[div] / 100.0) /
                               kDaysPerMonth;
  }
}

void WorkforceLogic::place_initial(std::uint32_t seat, rng::RandomStream& random) {
  const RoleParams& rp = params_of(seat);
  const OrgSpec& o = s_.org;
  People& p = people_;
  p[seat].present = 1;
  p[seat].generation = 0;
  const double z = random.normal();
  if (org_.from_census) {
    p[seat].id = org_.census_id[seat];
    const std::int8_t given = org_.census_rating[seat];
    // The rating is what HR knows; skill follows it, with noise.
    const double centre[6] = {0.0, -1.6, -0.9, 0.0, 0.9, 1.6};
    const double score = given > 0 ? centre[given] + 0.4 * z : z;
    p[seat].skill = std::clamp(o.skill_mean + o.skill_sd * score, 0.02, 0.98);
    p[seat].rating = given > 0 ? given : rating_from_skill(score + 0.5 * random.normal());
    p[seat].hired_at = -org_.census_tenure[seat] * kDaysPerMonth;
    p[seat].salary = org_.census_salary[seat];
  } else {
    p[seat].id = org_.id_base + seat;
    p[seat].skill = std::clamp(o.skill_mean + o.skill_sd * z, 0.02, 0.98);
    p[seat].rating = rating_from_skill(z + 0.5 * random.normal());
    const double tenure = std::min(360.0, random.exponential(std::max(o.tenure_mean_months, 1e-9)));
    p[seat].hired_at = -tenure * kDaysPerMonth;
    // Pay: where the yearly refreshes keep it (the band, adjusted for the
    // rating), with individual spread.
    const RoleView& v = roles_[role_index(seat)];
    p[seat].salary = v.band * (0.9 + 0.05 * p[seat].rating) * random.lognormal(0.0, 0.05);
  }
  p[seat].fluency = clamp01(random.normal(rp.fluency_mean, 0.15));
  p[seat].disposition = clamp01(random.normal(b_.engagement_mean, b_.engagement_sd));
  p[seat].fit = clamp01(random.normal(0.5, kFitSd));
  p[seat].engagement = p[seat].disposition;
  p[seat].exhaustion = b_.exhaustion_base;
  // Contagion pressure and lost ties near their steady state, taking a
  // monthly exit rate of 1.2 % among one's ties.
  const double tie_exits = kAssumedExitRate * static_cast<double>(org_.degree[seat]);
  const double decay = std::max(t_.contagion_decay, 0.05);
  p[seat].pressure = tie_exits * t_.contagion_exit / decay;
  p[seat].tie_loss = tie_exits * t_.contagion_embeddedness_loss / decay;
  p[seat].stage = static_cast<std::uint8_t>(Stage::Content);
  const float start = 0.0f;
  p[seat].effort_history.fill(start);
}

double WorkforceLogic::allocate_budget(std::uint32_t seat, const Levers& l) const {
  switch (l.rationing) {
    case Rationing::Equal:
      return l.budget_per_head;
    case Rationing::NeedBased:
      return l.budget_per_head * roles_[role_index(seat)].need / need_mean_;
    case Rationing::Merit:
      return l.budget_per_head * (0.5 + 0.25 * people_[seat].rating) / merit_mean_;
    case Rationing::Request:
      return l.budget_per_head * l.request_base_share;
  }
  return l.budget_per_head;
}

void WorkforceLogic::update_effort(std::uint32_t seat) {
  People& p = people_;
  const auto stage = static_cast<Stage>(p[seat].stage);
  double d = discretionary_effort(b_, p[seat].engagement);
  if (p[seat].flags & kReluctant) d *= 1.0 - b_.reluctant_effort_cut;
  if (stage == Stage::Searching || stage == Stage::HoldingOffer) d *= 1.0 - b_.search_effort_cut;
  if (stage == Stage::Notice) d *= b_.notice_effort;
  p[seat].discretionary = d;
  p[seat].in_role = in_role_effort(b_, p[seat].engagement, p[seat].exhaustion);
  p[seat].effort = b_.discretionary_share * d + (1.0 - b_.discretionary_share) * p[seat].in_role;
}

void WorkforceLogic::derive_turnover_inputs(std::uint32_t seat, const Levers& l, double now,
                                            double unshipped_share) {
  People& p = people_;
  const std::size_t k = role_index(seat);
  const RoleParams& rp = s_.roles[k];
  const double ratio = pay_ratio(seat);
  p[seat].work_leverage =
      working_leverage(p[seat].access, l.frontier_models, roles_[k].autonomy, unshipped_share);
  p[seat].push = push(t_, b_, p[seat].engagement, p[seat].exhaustion, ratio,
                      std::min(1.0, rp.ai_premium_weight), l.outside_leverage,
                      p[seat].work_leverage, p[seat].pressure);
  p[seat].ease = ease_of_movement(t_, roles_[k].demand, p[seat].skill,
                                  p[seat].shipped_smooth / b_.shipped_reference);
  p[seat].embedded = embeddedness(t_, static_cast<double>(org_.degree[seat]),
                                  tenure_months(seat, now), p[seat].fit, ratio, p[seat].tie_loss);
}

void WorkforceLogic::prepare_seat(std::uint32_t seat, const Levers& l, double now, bool allow_shock,
                                  std::uint32_t team, rng::RandomStream& random) {
  People& p = people_;
  const std::size_t k = role_index(seat);
  const RoleParams& rp = s_.roles[k];
  const double old_budget = p[seat].budget;
  const double budget = allocate_budget(seat, l);
  if (allow_shock && old_budget > 0.0 && budget < 0.8 * old_budget) {
    jolt(team, seat, ShockKind::BudgetCut, t_.shock_budget_cut, now, random);
  }
  p[seat].budget = budget;
  const double need = roles_[k].need;
  p[seat].access = need > 0.0 ? std::min(1.0, (budget + p[seat].topups) / need) : 1.0;
  p[seat].topups = 0.0;
  p[seat].leverage =
      leverage(b_, l.frontier_models, p[seat].access, p[seat].fluency, rp.task_fit, p[seat].skill);
  const double share = training_share(seat, l);
  // In-role AI use is a steady draw on the month's budget; experiments take
  // what is left.
  p[seat].core_tokens = std::min(budget, rp.core_tokens * p[seat].in_role * (1.0 - share));
  p[seat].tokens_left = budget - p[seat].core_tokens;
  const bool manager = info(team).manager_seat == seat;
  const double ic = manager ? s_.org.manager_ic_share : 1.0;
  double* rate = rates(team, seat);
  rate[0] = rp.experiment_rate * p[seat].discretionary * p[seat].leverage * ramp(seat, now) *
            (1.0 - share) * ic;
  const auto stage = static_cast<Stage>(p[seat].stage);
  rate[1] = stage >= Stage::HoldingOffer
                ? 0.0
                : roles_[k].call_rate * (0.5 + p[seat].skill) *
                      (1.0 + 0.5 * std::min(1.0, p[seat].shipped_smooth / b_.shipped_reference));
}

// ===================================================================================
// Team processes
// ===================================================================================

void WorkforceLogic::refresh_process(std::uint32_t team, Ctx& ctx) {
  Team& tm = teams_[team];
  double total = 0.0;
  const double* rate = tm.rates();
  const std::size_t n = 2 * (info(team).end_seat - info(team).first_seat);
  for (std::size_t i = 0; i < n; ++i)
    total += rate[i];
  ++tm.epoch;
  // Rates are per month; the process runs in days.
  tm.total_rate = total / kDaysPerMonth;
  if (tm.total_rate > 0.0) {
    Message m;
    m.generation = tm.epoch;
    ctx.schedule(ctx.random().exponential(1.0 / tm.total_rate), kArrival, m);
  }
}

void WorkforceLogic::on_arrival(std::uint32_t team, const Message& m, Ctx& ctx) {
  Team& tm = teams_[team];
  if (m.generation != tm.epoch) return;  // superseded by a change of rates
  const TeamInfo& ti = info(team);
  double u = ctx.random().uniform() * tm.total_rate * kDaysPerMonth;
  std::uint32_t chosen = kNoSeat;
  bool call = false;
  const std::uint32_t members = ti.end_seat - ti.first_seat;
  for (std::uint32_t i = 0; i < members; ++i) {
    const double experiment = tm.rates()[2 * i];
    const double recruiter = tm.rates()[2 * i + 1];
    if (experiment + recruiter <= 0.0) continue;  // vacant, or on notice with nothing to do
    chosen = ti.first_seat + i;
    if (u < experiment) {
      call = false;
      break;
    }
    u -= experiment;
    call = recruiter > 0.0;
    if (u < recruiter) break;
    u -= recruiter;
  }
  const std::uint32_t epoch = tm.epoch;
  if (chosen != kNoSeat) {
    if (call) {
      recruiter_call(team, chosen, ctx);
    } else {
      attempt_experiment(team, chosen, ctx);
    }
  }
  if (tm.epoch == epoch && tm.total_rate > 0.0) {
    Message next;
    next.generation = tm.epoch;
    ctx.schedule(ctx.random().exponential(1.0 / tm.total_rate), kArrival, next);
  }
}

void WorkforceLogic::attempt_experiment(std::uint32_t team, std::uint32_t seat, Ctx& ctx) {
  People& p = people_;
  const Levers& l = levers_at(ctx.now());
  const RoleView& v = roles_[role_index(seat)];
  p[seat].attempts = static_cast<std::uint16_t>(p[seat].attempts + 1);
  const double cost = std::exp(v.cost_mu + kCostSigma * ctx.random().normal());
  if (p[seat].tokens_left < cost) {
    // Compute-starved: the budget ran out before the month did.
    p[seat].starved = static_cast<std::uint16_t>(p[seat].starved + 1);
    if (l.rationing == Rationing::Request && !(p[seat].flags & kTopUpPending)) {
      p[seat].flags |= kTopUpPending;
      Message r;
      r.seat = seat;
      r.generation = p[seat].generation;
      r.team = team;
      r.code = kTopUpRequest;
      r.count = 1;
      r.t = ctx.now();
      ctx.send(board_lp(info(team).division), s_.handoff_days, kBoardRequest, r);
    }
    return;
  }
  p[seat].tokens_left -= cost;
  if (l.signoffs > 0 && cost > l.sandbox_threshold) {
    Message r;
    r.seat = seat;
    r.generation = p[seat].generation;
    r.team = team;
    r.code = kExperimentRequest;
    r.count = static_cast<std::uint8_t>(l.signoffs);
    r.x = cost;
    r.t = ctx.now();
    ++teams_[team].tally.requests;
    const std::uint32_t manager = info(team).manager_seat;
    if (manager != kNoSeat && manager != seat && p[manager].present) {
      ctx.schedule(l.latency_days, kManagerReview, r);
    } else {
      ctx.send(board_lp(info(team).division), s_.handoff_days + l.latency_days, kBoardRequest, r);
    }
    return;
  }
  teams_[team].tally.tokens += cost;
  run_experiment(team, seat, ctx);
}

void WorkforceLogic::run_experiment(std::uint32_t team, std::uint32_t seat, Ctx& ctx) {
  People& p = people_;
  const RoleParams& rp = params_of(seat);
  const RoleView& v = roles_[role_index(seat)];
  Tally& tally = teams_[team].tally;
  ++tally.experiments;
  const double chance = std::min(0.95, rp.prototype_probability * (0.5 + p[seat].skill) *
                                           (0.5 + 0.5 * p[seat].fluency / 0.6) * p[seat].leverage);
  if (!ctx.random().bernoulli(chance)) return;
  ++tally.prototypes;
  p[seat].waiting = static_cast<std::uint16_t>(p[seat].waiting + 1);
  Message proto;
  proto.seat = seat;
  proto.generation = p[seat].generation;
  proto.team = team;
  proto.code = static_cast<std::uint8_t>(role_of(seat));
  proto.x = std::exp(v.value_mu + kValueSigma * ctx.random().normal()) * (0.5 + p[seat].skill) *
            p[seat].leverage;
  proto.t = ctx.now();
  ctx.send(platform_lp(info(team).division), s_.handoff_days, kPrototype, proto);
}

void WorkforceLogic::recruiter_call(std::uint32_t team, std::uint32_t seat, Ctx& ctx) {
  People& p = people_;
  const auto stage = static_cast<Stage>(p[seat].stage);
  if (stage >= Stage::HoldingOffer) return;
  if (ctx.random().bernoulli(t_.recruiter_offer_probability * p[seat].ease)) {
    hold_offer(team, seat, TurnoverPath::PullOffer, ctx);
    shock(team, seat, ShockKind::RecruiterCall, stage, ctx.now());
    return;
  }
  jolt(team, seat, ShockKind::RecruiterCall, t_.shock_recruiter, ctx.now(), ctx.random());
}

void WorkforceLogic::on_manager_review(std::uint32_t team, const Message& m, Ctx& ctx) {
  Team& tm = teams_[team];
  tm.reviews.push(m);
  if (!tm.reviewing) start_manager_review(team, ctx);
}

void WorkforceLogic::start_manager_review(std::uint32_t team, Ctx& ctx) {
  Team& tm = teams_[team];
  const Levers& l = levers_at(ctx.now());
  while (!tm.reviews.empty()) {
    const Message& head = tm.reviews.front();
    if (!holds(head.seat, head.generation)) {
      tm.reviews.pop();
      continue;
    }
    if (ctx.now() - head.t > l.max_wait_days) {
      const Message gone = tm.reviews.pop();
      decide(team, gone, kWithdrawn, ctx);
      continue;
    }
    tm.reviewing = true;
    ctx.schedule(ctx.random().exponential(1.0 / l.manager_reviews_per_day), kManagerDone);
    return;
  }
  tm.reviewing = false;
}

void WorkforceLogic::on_manager_done(std::uint32_t team, Ctx& ctx) {
  Team& tm = teams_[team];
  tm.reviewing = false;
  if (!tm.reviews.empty()) {
    Message r = tm.reviews.pop();
    const Levers& l = levers_at(ctx.now());
    if (holds(r.seat, r.generation)) {
      if (ctx.random().bernoulli(l.denial_rate)) {
        decide(team, r, kDenied, ctx);
      } else if (r.count > 1) {
        r.count = static_cast<std::uint8_t>(r.count - 1);
        ctx.send(board_lp(info(team).division), s_.handoff_days + l.latency_days, kBoardRequest, r);
      } else {
        decide(team, r, kApproved, ctx);
      }
    }
  }
  start_manager_review(team, ctx);
}

void WorkforceLogic::decide(std::uint32_t team, const Message& m, std::uint8_t code, Ctx& ctx) {
  People& p = people_;
  const std::uint32_t seat = m.seat;
  if (!holds(seat, m.generation)) return;
  const double wait = ctx.now() - m.t;
  p[seat].decisions = static_cast<std::uint16_t>(p[seat].decisions + 1);
  p[seat].wait_sum += static_cast<float>(wait);
  Tally& tally = teams_[team].tally;
  tally.wait_sum += wait;
  ++tally.decisions;
  if (code == kApproved) {
    tally.tokens += m.x;
    run_experiment(team, seat, ctx);
    return;
  }
  // Refused or withdrawn: the reserved compute is returned.
  p[seat].tokens_left += m.x;
  p[seat].denied = static_cast<std::uint16_t>(p[seat].denied + 1);
  jolt(team, seat, ShockKind::ApprovalDenied, t_.shock_denied, ctx.now(), ctx.random());
}

void WorkforceLogic::on_top_up(const Message& m) {
  if (!holds(m.seat, m.generation)) return;
  people_[m.seat].flags &= static_cast<std::uint8_t>(~kTopUpPending);
  people_[m.seat].tokens_left += m.x;
  people_[m.seat].topups += m.x;
}

void WorkforceLogic::on_shipped(std::uint32_t team, const Message& m) {
  Tally& tally = teams_[team].tally;
  ++tally.shipped;
  tally.shipped_value += m.x;
  if (holds(m.seat, m.generation)) {
    people_[m.seat].shipped = static_cast<std::uint16_t>(people_[m.seat].shipped + 1);
    if (people_[m.seat].waiting > 0) --people_[m.seat].waiting;
  }
}

void WorkforceLogic::on_stale(std::uint32_t team, const Message& m) {
  ++teams_[team].tally.stale;
  if (holds(m.seat, m.generation)) {
    people_[m.seat].stale = static_cast<std::uint16_t>(people_[m.seat].stale + 1);
    if (people_[m.seat].waiting > 0) --people_[m.seat].waiting;
  }
}

void WorkforceLogic::hold_offer(std::uint32_t team, std::uint32_t seat, TurnoverPath path,
                                Ctx& ctx) {
  People& p = people_;
  (void)team;
  const Levers& l = levers_at(ctx.now());
  p[seat].stage = static_cast<std::uint8_t>(Stage::HoldingOffer);
  p[seat].path = static_cast<std::uint8_t>(path);
  p[seat].offer_ratio = roles_[role_index(seat)].market_rate * (1.0 + l.offer_premium) *
                        ctx.random().lognormal(0.0, 0.05) / p[seat].salary;
  Message m;
  m.seat = seat;
  m.generation = p[seat].generation;
  ctx.schedule(ctx.random().exponential(t_.offer_decision_days), kOfferDecision, m);
}

void WorkforceLogic::on_offer(std::uint32_t team, const Message& m, Ctx& ctx) {
  if (!holds(m.seat, m.generation)) return;
  if (static_cast<Stage>(people_[m.seat].stage) != Stage::Searching) return;
  hold_offer(team, m.seat, TurnoverPath::PushSearch, ctx);
}

void WorkforceLogic::on_offer_decision(std::uint32_t team, const Message& m, Ctx& ctx) {
  People& p = people_;
  const std::uint32_t seat = m.seat;
  if (!holds(seat, m.generation) || static_cast<Stage>(p[seat].stage) != Stage::HoldingOffer) {
    return;
  }
  const Levers& l = levers_at(ctx.now());
  const double accept =
      accept_probability(t_, p[seat].offer_ratio, std::min(1.0, params_of(seat).ai_premium_weight),
                         l.outside_leverage, p[seat].work_leverage, p[seat].push, p[seat].embedded);
  const auto path = static_cast<TurnoverPath>(p[seat].path);
  if (ctx.random().bernoulli(accept)) {
    start_notice(team, seat, path, ctx);
  } else {
    p[seat].stage = static_cast<std::uint8_t>(path == TurnoverPath::PushSearch ? Stage::Searching
                                                                               : Stage::Thinking);
  }
}

void WorkforceLogic::start_notice(std::uint32_t team, std::uint32_t seat, TurnoverPath path,
                                  Ctx& ctx) {
  People& p = people_;
  p[seat].stage = static_cast<std::uint8_t>(Stage::Notice);
  p[seat].path = static_cast<std::uint8_t>(path);
  p[seat].flags &= static_cast<std::uint8_t>(~kReluctant);
  Tally& tally = teams_[team].tally;
  tally.notices[role_index(seat)] += 1;
  if (report_month(ctx.now()) >= 1) {
    (exposed(seat, ctx.now()) ? tally.exposed_notices : tally.unexposed_notices) += 1;
  }
  Message m;
  m.seat = seat;
  m.generation = p[seat].generation;
  ctx.schedule(t_.notice_days, kExit, m);
  if (levers_at(ctx.now()).backfill) open_requisition(team, seat, ctx);
  update_effort(seat);
  const RoleParams& rp = params_of(seat);
  const bool manager = info(team).manager_seat == seat;
  double* rate = rates(team, seat);
  rate[0] = rp.experiment_rate * p[seat].discretionary * p[seat].leverage * ramp(seat, ctx.now()) *
            (manager ? s_.org.manager_ic_share : 1.0);
  rate[1] = 0.0;
  refresh_process(team, ctx);
}

void WorkforceLogic::open_requisition(std::uint32_t team, std::uint32_t seat, Ctx& ctx) {
  People& p = people_;
  if (p[seat].flags & kRequisitionOpen) return;
  p[seat].flags |= kRequisitionOpen;
  p[seat].requisition_opened = ctx.now();
  Message r;
  r.seat = seat;
  r.team = team;
  r.code = static_cast<std::uint8_t>(role_of(seat));
  r.t = ctx.now();
  ctx.send(market_lp_, s_.handoff_days, kRequisition, r);
}

void WorkforceLogic::open_planned_requisitions(std::uint32_t team, int internal_month, Ctx& ctx) {
  const TeamInfo& ti = info(team);
  for (std::uint32_t seat = ti.first_seat; seat < ti.end_seat; ++seat) {
    const int open = org_.open_month[seat];
    if (open > 0 && warmup_ + open == internal_month && !people_[seat].present) {
      open_requisition(team, seat, ctx);
    }
  }
}

void WorkforceLogic::on_exit(std::uint32_t team, const Message& m, Ctx& ctx) {
  People& p = people_;
  const std::uint32_t seat = m.seat;
  if (!holds(seat, m.generation)) return;
  const double now = ctx.now();
  const int month = report_month(now);
  const std::size_t k = role_index(seat);
  Team& tm = teams_[team];
  tm.tally.exits[k] += 1;
  if (p[seat].rating >= 4) tm.tally.regretted[k] += 1;
  if (month >= 1) {
    double prior = 0.0;
    for (float e : p[seat].effort_history)
      prior += e;
    tm.exits.push_back(ExitRow{p[seat].id, month, day_of(now), seat, team,
                               static_cast<std::uint8_t>(k), p[seat].path, p[seat].rating,
                               tenure_months(seat, now), prior / 6.0, p[seat].engagement,
                               pay_ratio(seat)});
  }
  p[seat].present = 0;
  ++p[seat].generation;
  p[seat].stage = static_cast<std::uint8_t>(Stage::Content);
  rates(team, seat)[0] = 0.0;
  rates(team, seat)[1] = 0.0;
  p[seat].waiting = 0;
  p[seat].flags &= static_cast<std::uint8_t>(kRequisitionOpen | kHireWaiting);
  notify_ties(team, seat, kTieExitNews, ctx);
  if (info(team).manager_seat == seat) {
    const TeamInfo& ti = info(team);
    for (std::uint32_t other = ti.first_seat; other < ti.end_seat; ++other) {
      if (other != seat) manager_left(team, other, now, ctx.random());
    }
  }
  if (p[seat].flags & kHireWaiting) {
    p[seat].flags &= static_cast<std::uint8_t>(~kHireWaiting);
    install_hire(team, seat, p[seat].pending_quality, p[seat].requisition_opened, ctx);
  }
  refresh_process(team, ctx);
}

void WorkforceLogic::notify_ties(std::uint32_t team, std::uint32_t seat, TieNewsCode code,
                                 Ctx& ctx) {
  const auto [first, last] = boost::out_edges(seat, org_.ties);
  for (auto e = first; e != last; ++e) {
    const std::uint32_t other = static_cast<std::uint32_t>(boost::target(*e, org_.ties));
    const TieKind kind = org_.ties[*e].kind;
    const std::uint32_t other_team = org_.team[other];
    if (other_team == team) {
      if (code == kTieExitNews) {
        tie_exit(team, other, ctx.now());
      } else if (code == kTieSearchNews && people_[other].present) {
        people_[other].pressure +=
            t_.contagion_search * std::min(1.0, tenure_months(other, ctx.now()) / 12.0);
      }
      continue;
    }
    Message m;
    m.seat = other;
    m.team = other_team;
    m.code = static_cast<std::uint8_t>(code);
    if (code == kTieExitNews && kind == TieKind::Manages) m.code = kManagerLeftNews;
    ctx.send(other_team, s_.handoff_days, kTieNews, m);
  }
}

void WorkforceLogic::tie_exit(std::uint32_t team, std::uint32_t seat, double now) {
  People& p = people_;
  if (!p[seat].present) return;
  // Ties strengthen over the first year: a newcomer barely knew the leaver.
  const double strength = std::min(1.0, tenure_months(seat, now) / 12.0);
  p[seat].pressure += t_.contagion_exit * strength;
  p[seat].tie_loss += t_.contagion_embeddedness_loss * strength;
  p[seat].last_tie_exit = now;
  if (s_.shocks == ShockOutput::All) {
    shock(team, seat, ShockKind::TieExit, static_cast<Stage>(p[seat].stage), now);
  }
}

void WorkforceLogic::manager_left(std::uint32_t team, std::uint32_t seat, double now,
                                  rng::RandomStream& random) {
  if (!people_[seat].present) return;
  people_[seat].tie_loss += t_.contagion_embeddedness_loss;
  jolt(team, seat, ShockKind::ManagerLeft, t_.shock_manager_left, now, random);
}

void WorkforceLogic::on_tie_news(std::uint32_t team, const Message& m, Ctx& ctx) {
  switch (m.code) {
    case kTieExitNews:
      tie_exit(team, m.seat, ctx.now());
      break;
    case kManagerLeftNews:
      tie_exit(team, m.seat, ctx.now());
      manager_left(team, m.seat, ctx.now(), ctx.random());
      break;
    case kTieSearchNews:
      if (people_[m.seat].present) {
        people_[m.seat].pressure +=
            t_.contagion_search * std::min(1.0, tenure_months(m.seat, ctx.now()) / 12.0);
      }
      break;
    default:
      break;
  }
}

void WorkforceLogic::on_hire(std::uint32_t team, const Message& m, Ctx& ctx) {
  People& p = people_;
  const std::uint32_t seat = m.seat;
  if (!(p[seat].flags & kRequisitionOpen)) return;
  if (p[seat].present) {
    // The incumbent is still working out their notice: the hire starts
    // when they leave.
    p[seat].flags |= kHireWaiting;
    p[seat].pending_quality = m.x;
    return;
  }
  install_hire(team, seat, m.x, p[seat].requisition_opened, ctx);
  refresh_process(team, ctx);
}

void WorkforceLogic::install_hire(std::uint32_t team, std::uint32_t seat, double quality,
                                  double opened, Ctx& ctx) {
  People& p = people_;
  const double now = ctx.now();
  const RoleParams& rp = params_of(seat);
  const RoleView& v = roles_[role_index(seat)];
  const OrgSpec& o = s_.org;
  auto& random = ctx.random();
  const bool planned = org_.open_month[seat] > 0 && p[seat].generation == 0;
  p[seat].present = 1;
  p[seat].flags = 0;
  p[seat].id = new_employee_id(seat);
  p[seat].hired_at = now;
  const double z = random.normal() + quality / std::max(o.skill_sd, 1e-9);
  p[seat].skill = std::clamp(o.skill_mean + o.skill_sd * z, 0.02, 0.98);
  p[seat].rating = rating_from_skill(z + 0.5 * random.normal());
  p[seat].fluency = clamp01(random.normal(rp.fluency_mean, 0.15));
  p[seat].salary = v.band * random.lognormal(0.0, 0.05);
  p[seat].disposition = clamp01(random.normal(b_.engagement_mean, b_.engagement_sd));
  p[seat].fit = clamp01(random.normal(0.5, kFitSd));
  p[seat].engagement = std::min(1.0, p[seat].disposition + 0.05);  // a honeymoon
  p[seat].exhaustion = b_.exhaustion_base;
  p[seat].stage = static_cast<std::uint8_t>(Stage::Content);
  p[seat].pressure = 0.0;
  p[seat].tie_loss = 0.0;
  p[seat].shipped_smooth = 0.0;
  p[seat].budget = 0.0;
  p[seat].topups = 0.0;
  p[seat].attempts = p[seat].starved = p[seat].denied = p[seat].shipped = p[seat].stale = 0;
  p[seat].waiting = p[seat].decisions = 0;
  p[seat].wait_sum = 0.0f;
  update_effort(seat);
  p[seat].effort_history.fill(static_cast<float>(p[seat].effort));
  // A hire mid-month gets the rest of this month's budget in full.
  prepare_seat(seat, levers_at(now), now, false, team, random);
  derive_turnover_inputs(seat, levers_at(now), now, 0.0);
  const int month = report_month(now);
  Team& tm = teams_[team];
  tm.tally.hires[role_index(seat)] += 1;
  if (month >= 1) {
    tm.hires.push_back(
        HireRow{p[seat].id, month, day_of(now), team, static_cast<std::uint8_t>(role_index(seat)),
                static_cast<std::uint8_t>(planned ? HireKind::Plan : HireKind::Backfill),
                now - opened, p[seat].skill});
  }
}

void WorkforceLogic::on_training_done(const Message& m) {
  People& p = people_;
  if (!holds(m.seat, m.generation)) return;
  p[m.seat].flags &= static_cast<std::uint8_t>(~kTraining);
  p[m.seat].fluency += m.x * (1.0 - p[m.seat].fluency);
}

void WorkforceLogic::shock(std::uint32_t team, std::uint32_t seat, ShockKind kind, Stage before,
                           double now) {
  if (s_.shocks == ShockOutput::None) return;
  const auto after = static_cast<Stage>(people_[seat].stage);
  if (s_.shocks == ShockOutput::Jumps && after == before) return;
  const int month = report_month(now);
  if (month < 1) return;
  teams_[team].shocks.push_back(
      ShockRow{people_[seat].id, month, day_of(now), static_cast<std::uint8_t>(role_index(seat)),
               static_cast<std::uint8_t>(kind), static_cast<std::uint8_t>(before),
               static_cast<std::uint8_t>(after)});
}

void WorkforceLogic::jolt(std::uint32_t team, std::uint32_t seat, ShockKind kind, double p,
                          double now, rng::RandomStream& random) {
  const auto before = static_cast<Stage>(people_[seat].stage);
  if (before <= Stage::Dissatisfied && random.bernoulli(p)) {
    people_[seat].stage = static_cast<std::uint8_t>(Stage::Thinking);
  }
  shock(team, seat, kind, before, now);
}

// ===================================================================================
// Month end of a team: the latent state, the turnover stages, next month's
// budgets and rates.
// ===================================================================================

void WorkforceLogic::month_end(std::uint32_t team, Ctx& ctx, int period) {
  People& p = people_;
  Team& tm = teams_[team];
  const TeamInfo& ti = info(team);
  Tally& tally = tm.tally;
  const double now = ctx.now();
  const int month = period - warmup_;  // the reporting month that just ended
  const Levers& l = levers(month);
  const Levers& next = levers(month + 1);
  auto& random = ctx.random();
  const bool survey = month >= 1 && month % s_.survey.every_months == 0;
  const bool panel = month >= 1 && s_.panel_every_months > 0 && month % s_.panel_every_months == 0;
  const bool refresh = period % l.refresh_months == 0;  // warm-up months included

  double open_seats = 0.0, seats = 0.0;
  for (std::uint32_t seat = ti.first_seat; seat < ti.end_seat; ++seat) {
    if (p[seat].present || (p[seat].flags & kRequisitionOpen)) seats += 1;
    if (!p[seat].present && (p[seat].flags & kRequisitionOpen)) open_seats += 1;
  }
  const double vacancy = seats > 0 ? open_seats / seats : 0.0;

  for (std::uint32_t seat = ti.first_seat; seat < ti.end_seat; ++seat) {
    if (p[seat].flags & kRequisitionOpen) tally.open_requisitions += 1;
    if (!p[seat].present) continue;
    const std::size_t k = role_index(seat);
    const RoleParams& rp = s_.roles[k];
    const double tenure = tenure_months(seat, now);
    const double share = training_share(seat, l);

    // What the month produced and cost, with the effort that prevailed.
    tally.core_value += rp.core_value * p[seat].in_role * p[seat].leverage * (0.5 + p[seat].skill) *
                        ramp(seat, now) * (1.0 - share);
    tally.payroll += p[seat].salary / 12.0;
    tally.tokens += p[seat].core_tokens;
    if (p[seat].starved > 0) tally.starved += 1;
    if (month >= 1 && static_cast<Stage>(p[seat].stage) != Stage::Notice) {
      (exposed(seat, now) ? tally.exposed_months : tally.unexposed_months) += 1;
    }

    // 1. Job demands and resources of the month move exhaustion and engagement.
    p[seat].shipped_smooth = 0.7 * p[seat].shipped_smooth + 0.3 * p[seat].shipped;
    DemandSignals ds;
    ds.wait_days = p[seat].decisions > 0 ? p[seat].wait_sum / p[seat].decisions : 0.0;
    ds.starved_share =
        p[seat].attempts > 0 ? static_cast<double>(p[seat].starved) / p[seat].attempts : 0.0;
    ds.unshipped = p[seat].waiting + 2.0 * p[seat].stale;
    ds.denied = p[seat].denied;
    ds.vacancy_rate = vacancy;
    ResourceSignals rs;
    rs.access = p[seat].access;
    rs.leverage = p[seat].leverage;
    rs.shipped_smooth = p[seat].shipped_smooth;
    rs.autonomy = roles_[k].autonomy;
    rs.training = (p[seat].flags & kTraining) != 0;
    if (b_.disposition_drift > 0.0) {
      const double drift = b_.disposition_drift;
      const double spread = std::sqrt(drift * (2.0 - drift));
      p[seat].disposition =
          clamp01(p[seat].disposition + drift * (b_.engagement_mean - p[seat].disposition) +
                  b_.engagement_sd * spread * unit_noise(random));
      p[seat].fit =
          clamp01(p[seat].fit + drift * (0.5 - p[seat].fit) + kFitSd * spread * unit_noise(random));
    }
    const double demand = demands(b_, ds);
    const double resource = resources(b_, rs);
    p[seat].exhaustion +=
        b_.exhaustion_rate * (exhaustion_target(b_, demand, resource) - p[seat].exhaustion);
    p[seat].engagement =
        clamp01(p[seat].engagement +
                b_.engagement_rate * (engagement_target(b_, p[seat].disposition, demand, resource,
                                                        p[seat].exhaustion) -
                                      p[seat].engagement) +
                b_.engagement_noise * unit_noise(random));

    // 2. Turnover: push, ease, embeddedness, then the stage transitions.
    derive_turnover_inputs(seat, l, now, std::min(1.0, ds.unshipped / b_.unshipped_reference));
    const double u = p[seat].push;
    const double ease = p[seat].ease;
    const double hold = 1.0 - t_.embeddedness_hold * p[seat].embedded;
    auto stage = static_cast<Stage>(p[seat].stage);
    if (stage < Stage::HoldingOffer) {
      const double burnout = t_.burnout_quit_rate *
                             std::max(0.0, (p[seat].exhaustion - t_.burnout_threshold) /
                                               std::max(1e-9, 1.0 - t_.burnout_threshold)) *
                             u;
      if (random.bernoulli(hazard_probability(t_.personal_quit_rate))) {
        start_notice(team, seat, TurnoverPath::Personal, ctx);
      } else if (burnout > 0.0 && random.bernoulli(hazard_probability(burnout))) {
        start_notice(team, seat, TurnoverPath::PushQuit, ctx);
      } else if (stage <= Stage::Dissatisfied) {
        stage = u > 0.5 ? Stage::Dissatisfied : Stage::Content;
        if (stage == Stage::Dissatisfied &&
            random.bernoulli(hazard_probability(t_.think_rate * u * hold +
                                                t_.contagion_hazard * p[seat].pressure))) {
          stage = Stage::Thinking;
        }
      } else if (random.bernoulli(hazard_probability(t_.recover_rate * (1.0 - u)))) {
        stage = Stage::Content;
        p[seat].flags &= static_cast<std::uint8_t>(~kReluctant);
      } else if (stage == Stage::Thinking) {
        if (ease < t_.reluctant_ease_below) {
          p[seat].flags |= kReluctant;
        } else {
          p[seat].flags &= static_cast<std::uint8_t>(~kReluctant);
          if (random.bernoulli(hazard_probability(
                  ease * (t_.search_rate * u * hold + t_.contagion_hazard * p[seat].pressure)))) {
            stage = Stage::Searching;
            p[seat].search_since = now;
            if (random.bernoulli(t_.contagion_visibility)) {
              notify_ties(team, seat, kTieSearchNews, ctx);
            }
          }
        }
      }
      if (static_cast<Stage>(p[seat].stage) != Stage::Notice) {
        p[seat].stage = static_cast<std::uint8_t>(stage);
        if (stage == Stage::Searching) {
          // The first offer of the coming month, if any (memoryless).
          // Interviews take time: offers come at the full rate only after
          // search_ramp_months of searching.
          const double searched =
              (now + 0.5 * kDaysPerMonth - p[seat].search_since) / kDaysPerMonth;
          const double rate =
              t_.offer_rate * ease *
              (t_.search_ramp_months > 0.0 ? std::min(1.0, searched / t_.search_ramp_months) : 1.0);
          if (rate > 0.0) {
            const double wait = random.exponential(1.0 / rate);
            if (wait < 1.0) {
              Message m;
              m.seat = seat;
              m.generation = p[seat].generation;
              ctx.schedule(wait * kDaysPerMonth, kOffer, m);
            }
          }
        }
      }
    }
    p[seat].pressure *= 1.0 - t_.contagion_decay;
    p[seat].tie_loss *= 1.0 - t_.contagion_decay;
    if (refresh) {
      const double target = roles_[k].band * (0.9 + 0.05 * p[seat].rating);
      p[seat].salary =
          std::min(p[seat].salary * (1.0 + l.refresh_max_raise), std::max(p[seat].salary, target));
    }

    // 3. Effort for the coming month.
    update_effort(seat);
    auto& history = p[seat].effort_history;
    std::rotate(history.begin(), history.begin() + 1, history.end());
    history.back() = static_cast<float>(p[seat].effort);

    // 4. The month's state, for the reports.
    stage = static_cast<Stage>(p[seat].stage);
    tally.headcount[k] += 1;
    tally.effort += p[seat].effort;
    tally.discretionary += p[seat].discretionary;
    tally.engagement += p[seat].engagement;
    tally.exhaustion += p[seat].exhaustion;
    tally.leverage += p[seat].leverage;
    tally.embedded += p[seat].embedded;
    tally.work_leverage[k] += p[seat].work_leverage;
    if (stage >= Stage::Thinking && stage <= Stage::HoldingOffer) tally.thinking += 1;
    if (stage == Stage::Searching || stage == Stage::HoldingOffer) tally.searching += 1;
    if (p[seat].flags & kReluctant) tally.reluctant += 1;
    if (p[seat].engagement >= b_.engaged_above) tally.engaged += 1;
    if (p[seat].engagement < b_.disengaged_below) tally.disengaged += 1;
    if (survey && stage != Stage::Notice) {
      // Disengaged people answer less often; answers are biased upwards.
      const double respond = std::clamp(
          s_.survey.response_base + s_.survey.response_slope * (p[seat].engagement - 0.5), 0.02,
          1.0);
      if (random.bernoulli(respond)) {
        tally.survey_sum +=
            clamp01(p[seat].engagement + s_.survey.bias + s_.survey.noise * random.normal());
        tally.survey_n += 1;
      }
    }
    if (panel) {
      tm.panel.push_back(
          PanelRow{month, p[seat].id, team, static_cast<std::uint8_t>(k), p[seat].stage,
                   static_cast<std::uint8_t>((p[seat].flags & kReluctant) ? 1 : 0),
                   static_cast<float>(p[seat].engagement), static_cast<float>(p[seat].exhaustion),
                   static_cast<float>(p[seat].effort), static_cast<float>(p[seat].discretionary),
                   static_cast<float>(p[seat].leverage), static_cast<float>(p[seat].access),
                   static_cast<float>(p[seat].embedded), static_cast<float>(p[seat].fluency),
                   static_cast<float>(p[seat].skill), static_cast<float>(pay_ratio(seat)),
                   static_cast<float>(tenure)});
    }
    // 5. Reset the month's experience and prepare the next month.
    p[seat].attempts = p[seat].starved = p[seat].denied = p[seat].shipped = p[seat].stale = 0;
    p[seat].decisions = 0;
    p[seat].wait_sum = 0.0f;
    if (stage != Stage::Notice) {
      prepare_seat(seat, next, now, true, team, random);
    } else {
      p[seat].core_tokens = 0.0;
    }
    tally.platform_fte +=
        rp.platform_share * p[seat].in_role * ramp(seat, now) * (1.0 - training_share(seat, next));
    tally.need += roles_[k].need;
    tally.merit += 0.5 + 0.25 * p[seat].rating;
    if (stage < Stage::Notice && !(p[seat].flags & kTraining) &&
        p[seat].fluency < next.upskill_eligible_below) {
      tally.upskill_eligible += 1;
    }
  }

  // Upskilling: this month's seats go to the least fluent eligible people.
  if (tm.upskill_quota > 0) {
    std::vector<std::uint32_t> eligible;
    for (std::uint32_t seat = ti.first_seat; seat < ti.end_seat; ++seat) {
      if (p[seat].present && static_cast<Stage>(p[seat].stage) < Stage::Notice &&
          !(p[seat].flags & kTraining) && p[seat].fluency < next.upskill_eligible_below) {
        eligible.push_back(seat);
      }
    }
    std::sort(eligible.begin(), eligible.end(), [&](std::uint32_t a, std::uint32_t b) {
      return p[a].fluency < p[b].fluency || (p[a].fluency == p[b].fluency && a < b);
    });
    const std::size_t n =
        std::min<std::size_t>(eligible.size(), static_cast<std::size_t>(tm.upskill_quota));
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint32_t seat = eligible[i];
      p[seat].flags |= kTraining;
      Message m;
      m.seat = seat;
      m.generation = p[seat].generation;
      m.x = next.upskill_fluency_gain;
      ctx.schedule(next.upskill_duration_weeks * 7.0, kTrainingDone, m);
      // Training time comes out of next month's work.
      prepare_seat(seat, next, now, false, team, random);
    }
    tm.upskill_quota = 0;
  }
  open_planned_requisitions(team, period + 1, ctx);
  refresh_process(team, ctx);
}

// ===================================================================================
// Approval boards, platforms, the labour market
// ===================================================================================

void WorkforceLogic::on_board_request(LpId lp, const Message& m, Ctx& ctx) {
  Board& board = boards_[board_of(lp)];
  board.queue.push(m);
  start_board_reviews(board_of(lp), ctx);
}

void WorkforceLogic::start_board_reviews(std::uint32_t division, Ctx& ctx) {
  Board& board = boards_[division];
  const Levers& l = levers_at(ctx.now());
  while (board.busy < board.servers && !board.queue.empty()) {
    Message r = board.queue.pop();
    if (r.code == kExperimentRequest && ctx.now() - r.t > l.max_wait_days) {
      r.code = kWithdrawn;
      ctx.send(r.team, s_.handoff_days, kDecision, r);
      continue;
    }
    ++board.busy;
    ctx.schedule(ctx.random().exponential(1.0 / board.reviews_per_day), kBoardDone, r);
  }
}

void WorkforceLogic::on_board_done(LpId lp, const Message& m, Ctx& ctx) {
  const std::uint32_t division = board_of(lp);
  Board& board = boards_[division];
  if (board.busy > 0) --board.busy;
  const Levers& l = levers_at(ctx.now());
  Message r = m;
  if (r.code == kTopUpRequest) {
    Message grant = r;
    grant.x = 0.0;
    if (board.reserve >= l.topup_tokens) {
      board.reserve -= l.topup_tokens;
      grant.x = l.topup_tokens;
    }
    ctx.send(r.team, s_.handoff_days, kTopUp, grant);
  } else if (ctx.random().bernoulli(l.denial_rate)) {
    r.code = kDenied;
    ctx.send(r.team, s_.handoff_days + l.latency_days * r.extra, kDecision, r);
  } else if (r.count > 1) {
    // The next sign-off, by another reviewer; its calendar delay is added
    // to the answer's.
    r.count = static_cast<std::uint8_t>(r.count - 1);
    r.extra = static_cast<std::uint16_t>(r.extra + 1);
    board.queue.push(r);
  } else {
    r.code = kApproved;
    ctx.send(r.team, s_.handoff_days + l.latency_days * r.extra, kDecision, r);
  }
  start_board_reviews(division, ctx);
}

void WorkforceLogic::on_prototype(LpId lp, const Message& m, Ctx& ctx) {
  platforms_[platform_of(lp)].queue.push(m);
  start_platform(platform_of(lp), ctx);
}

void WorkforceLogic::start_platform(std::uint32_t division, Ctx& ctx) {
  Platform& platform = platforms_[division];
  if (platform.busy || platform.capacity <= 0.0) return;
  const double shelf = levers_at(ctx.now()).shelf_life_days;
  while (!platform.queue.empty()) {
    const Message proto = platform.queue.pop();
    if (ctx.now() - proto.t > shelf) {
      ctx.send(proto.team, s_.handoff_days, kStale, proto);
      continue;
    }
    platform.busy = true;
    const double work = s_.roles[proto.code].ship_effort;
    ctx.schedule(ctx.random().exponential(work / platform.capacity), kPlatformDone, proto);
    return;
  }
}

void WorkforceLogic::on_platform_done(LpId lp, const Message& m, Ctx& ctx) {
  Platform& platform = platforms_[platform_of(lp)];
  platform.busy = false;
  ctx.send(m.team, s_.handoff_days, kShipped, m);
  start_platform(platform_of(lp), ctx);
}

void WorkforceLogic::purge_stale(std::uint32_t division, Ctx& ctx) {
  Platform& platform = platforms_[division];
  const double shelf = levers_at(ctx.now()).shelf_life_days;
  while (!platform.queue.empty() && ctx.now() - platform.queue.front().t > shelf) {
    const Message proto = platform.queue.pop();
    ctx.send(proto.team, s_.handoff_days, kStale, proto);
  }
}

void WorkforceLogic::on_requisition(const Message& m, Ctx& ctx) {
  const RoleView& v = roles_[m.code];
  // Time to fill: gamma with shape 2 around the role's current mean.
  const double fill = ctx.random().gamma(2.0) * v.time_to_fill / 2.0;
  Message hire = m;
  hire.x = v.hire_quality;
  ctx.send(m.team, std::max(s_.handoff_days, fill), kHire, hire);
}

// ===================================================================================
// The organisation's month end (serial)
// ===================================================================================

void WorkforceLogic::organisation_month_end(GlobalContext<Message>& g, int period) {
  const int month = period - warmup_;
  Tally total;
  std::vector<double> division_heads(boards_.size(), 0.0), division_fte(boards_.size(), 0.0);
  for (std::uint32_t team = 0; team < teams_.size(); ++team) {
    const Tally& tally = teams_[team].tally;
    total.add(tally);
    division_heads[info(team).division] += tally.people();
    division_fte[info(team).division] += tally.platform_fte;
  }
  // HR's history includes the warm-up months: the attrition rate of month 1
  // already looks back over them.
  {
    double exits = 0;
    for (double e : total.exits)
      exits += e;
    exits_by_month_[static_cast<std::size_t>(period - 1)] = exits;
    headcount_by_month_[static_cast<std::size_t>(period - 1)] = total.people();
  }
  write_month(month, total);
  if (month >= 1) {
    exposure_[0] += total.exposed_notices;
    exposure_[1] += total.exposed_months;
    exposure_[2] += total.unexposed_notices;
    exposure_[3] += total.unexposed_months;
  }

  // Decisions for the coming month.
  const Levers& next = levers(month + 1);
  wage_index_ *= std::pow(1.0 + next.wage_growth, 1.0 / 12.0);
  if (month >= 1) maturity_ *= std::pow(1.0 + next.platform_maturity_growth, 1.0 / 12.0);
  compute_views(month + 1);
  const double heads = total.people();
  if (heads > 0) {
    need_mean_ = total.need / heads;
    merit_mean_ = total.merit / heads;
  }
  for (std::size_t k = 0; k < kRoles; ++k) {
    // Candidates weigh the pay offered and, for AI roles, the working
    // leverage incumbents report.
    RoleView& v = roles_[k];
    const double w = std::min(1.0, s_.roles[k].ai_premium_weight);
    const double leverage = total.headcount[k] > 0 ? total.work_leverage[k] / total.headcount[k]
                                                   : next.outside_leverage;
    const double attract =
        std::pow(v.band / v.market_rate, next.candidate_pay_sensitivity) *
        std::pow(std::clamp(leverage / std::max(next.outside_leverage, 1e-9), 0.2, 1.5),
                 next.candidate_leverage_sensitivity * w);
    v.time_to_fill = s_.roles[k].time_to_fill_days * next.time_to_fill_multiplier *
                     std::max(0.25, v.demand / s_.roles[k].demand) / std::max(attract, 0.05);
    v.hire_quality = std::clamp(0.1 * std::log(attract), -0.15, 0.15);
  }
  for (std::size_t div = 0; div < boards_.size(); ++div) {
    Board& board = boards_[div];
    const std::uint32_t servers = static_cast<std::uint32_t>(
        std::max(1.0, std::round(next.board_reviewers_per_100 * division_heads[div] / 100.0)));
    board.reviews_per_day = next.board_reviews_per_day;
    if (servers > board.servers) {
      g.schedule(board_lp(static_cast<std::uint32_t>(div)), 0.0, kBoardKick);
    }
    board.servers = servers;
    board.reserve =
        next.rationing == Rationing::Request
            ? (1.0 - next.request_base_share) * next.budget_per_head * division_heads[div]
            : 0.0;
    Platform& platform = platforms_[div];
    const double capacity = (division_fte[div] * next.features_per_fte_month * maturity_ +
                             next.self_serve_per_100 * division_heads[div] / 100.0) /
                            kDaysPerMonth;
    if (platform.capacity <= 0.0 && capacity > 0.0 && !platform.queue.empty()) {
      g.schedule(platform_lp(static_cast<std::uint32_t>(div)), 0.0, kPlatformKick);
    }
    platform.capacity = capacity;
  }
  // Upskilling seats for the next month end, shared by eligible headcount
  // (largest remainder, in team order).
  const double capacity = next.upskill_capacity_per_1000 * heads / 1000.0 + upskill_carry_;
  const auto seats = static_cast<std::int64_t>(std::floor(capacity));
  upskill_carry_ = capacity - static_cast<double>(seats);
  if (seats > 0 && total.upskill_eligible > 0) {
    std::vector<double> remainder(teams_.size(), 0.0);
    std::int64_t given = 0;
    for (std::size_t team = 0; team < teams_.size(); ++team) {
      const double exact =
          static_cast<double>(seats) * teams_[team].tally.upskill_eligible / total.upskill_eligible;
      teams_[team].upskill_quota = static_cast<std::int64_t>(std::floor(exact));
      remainder[team] = exact - std::floor(exact);
      given += teams_[team].upskill_quota;
    }
    const auto limit = static_cast<std::int64_t>(
        std::min<double>(static_cast<double>(seats), total.upskill_eligible));
    // The teams with the largest remainders, ties to the first team; only
    // the first limit - given of that order are needed, so only they are
    // sorted (a full sort of every team, each month, showed in profiles).
    std::vector<std::size_t> order(teams_.size());
    std::iota(order.begin(), order.end(), 0);
    const auto before = [&](std::size_t a, std::size_t b) {
      return remainder[a] > remainder[b] || (remainder[a] == remainder[b] && a < b);
    };
    const auto needed = static_cast<std::size_t>(
        std::clamp<std::int64_t>(limit - given, 0, static_cast<std::int64_t>(order.size())));
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(needed),
                      order.end(), before);
    order.resize(needed);
    for (std::size_t i = 0; i < order.size() && given < limit; ++i) {
      if (remainder[order[i]] <= 0.0) break;
      ++teams_[order[i]].upskill_quota;
      ++given;
    }
  }
  for (Team& team : teams_)
    team.tally = Tally{};
}

void WorkforceLogic::write_month(int month, const Tally& total) {
  // Warm-up months (month < 1) go to the warm-up series.
  const bool warming_up = month < 1;
  auto& series = warming_up ? warmup_series_ : result_.series;
  const auto m = static_cast<std::size_t>(warming_up ? month - 1 + warmup_ : month - 1);
  const double heads = total.people();
  auto mean = [&](double sum) { return heads > 0 ? sum / heads : kNaN; };
  double exits = 0, regretted = 0, notices = 0, hires = 0;
  for (std::size_t k = 0; k < kRoles; ++k) {
    exits += total.exits[k];
    regretted += total.regretted[k];
    notices += total.notices[k];
    hires += total.hires[k];
    series[kHeadcountByRole][m * kRoles + k] = total.headcount[k];
    series[kExitsByRole][m * kRoles + k] = total.exits[k];
    series[kRegrettedExitsByRole][m * kRoles + k] = total.regretted[k];
    series[kNoticesByRole][m * kRoles + k] = total.notices[k];
  }
  // Attrition as HR reports it: exits over the trailing 12 months (or the
  // months so far) per mean head, annualised.
  const auto period = static_cast<std::size_t>(month - 1 + warmup_);
  const std::size_t window = std::min<std::size_t>(kAttritionWindowMonths, period + 1);
  double window_exits = 0, window_heads = 0;
  for (std::size_t i = period + 1 - window; i <= period; ++i) {
    window_exits += exits_by_month_[i];
    window_heads += headcount_by_month_[i];
  }
  const Levers& l = levers(month);
  double backlog = 0;
  for (const Platform& platform : platforms_) {
    backlog += static_cast<double>(platform.queue.size()) + (platform.busy ? 1.0 : 0.0);
  }
  series[kHeadcount][m] = heads;
  series[kHires][m] = hires;
  series[kResignationNotices][m] = notices;
  series[kExits][m] = exits;
  series[kRegrettedExits][m] = regretted;
  series[kOpenRequisitions][m] = total.open_requisitions;
  series[kSurveyEngagement][m] = total.survey_n > 0 ? total.survey_sum / total.survey_n : kNaN;
  series[kExperiments][m] = total.experiments;
  series[kPrototypes][m] = total.prototypes;
  series[kShippedFeatures][m] = total.shipped;
  series[kApprovalWaitDays][m] = total.decisions > 0 ? total.wait_sum / total.decisions : kNaN;
  series[kTokensUsed][m] = total.tokens;
  series[kPayrollCost][m] = total.payroll;
  series[kComputeCost][m] = total.tokens * l.price_per_million / 1000.0;
  series[kValueDelivered][m] = total.core_value + total.shipped_value;
  series[kShippedValue][m] = total.shipped_value;
  series[kAttritionRate][m] = window_heads > 0
                                  ? window_exits / (window_heads / static_cast<double>(window)) *
                                        12.0 / static_cast<double>(window)
                                  : kNaN;
  series[kApprovalRequests][m] = total.requests;
  series[kPrototypesAbandoned][m] = total.stale;
  series[kPlatformBacklog][m] = backlog;
  series[kEffort][m] = mean(total.effort);
  series[kDiscretionaryEffort][m] = mean(total.discretionary);
  series[kEngagement][m] = mean(total.engagement);
  series[kExhaustion][m] = mean(total.exhaustion);
  series[kThinkingShare][m] = mean(total.thinking);
  series[kSearchingShare][m] = mean(total.searching);
  series[kReluctantShare][m] = mean(total.reluctant);
  series[kLeverage][m] = mean(total.leverage);
  series[kComputeStarvedShare][m] = mean(total.starved);
  series[kEngagedShare][m] = mean(total.engaged);
  series[kDisengagedShare][m] = mean(total.disengaged);
  series[kEmbeddedness][m] = mean(total.embedded);
}

// ===================================================================================
// After the run: tables, contagion statistics, totals, early warning
// ===================================================================================

void WorkforceLogic::finish() {
  using results::Column;
  std::vector<ExitRow> exits;
  std::vector<HireRow> hires;
  std::vector<ShockRow> shocks;
  std::vector<PanelRow> panel;
  for (Team& team : teams_) {
    exits.insert(exits.end(), team.exits.begin(), team.exits.end());
    hires.insert(hires.end(), team.hires.begin(), team.hires.end());
    shocks.insert(shocks.end(), team.shocks.begin(), team.shocks.end());
    panel.insert(panel.end(), team.panel.begin(), team.panel.end());
  }
  std::sort(exits.begin(), exits.end(), [](const ExitRow& a, const ExitRow& b) {
    return a.day < b.day || (a.day == b.day && a.employee < b.employee);
  });
  std::sort(hires.begin(), hires.end(), [](const HireRow& a, const HireRow& b) {
    return a.day < b.day || (a.day == b.day && a.employee < b.employee);
  });
  std::sort(shocks.begin(), shocks.end(), [](const ShockRow& a, const ShockRow& b) {
    return a.day < b.day || (a.day == b.day && a.employee < b.employee);
  });
  std::sort(panel.begin(), panel.end(), [](const PanelRow& a, const PanelRow& b) {
    return a.month < b.month || (a.month == b.month && a.employee < b.employee);
  });

  // For each exit, how many exits its seat's ties saw in the six months
  // before. Exit days are gathered by seat (one flat array with offsets),
  // and seats are visited in order: most ties are teammates, whose seats are
  // neighbours, so the lookups stay within a few cache lines. (In time
  // order, every lookup was a cache miss: 2 s of a 1,000,000-person run.)
  const std::size_t seats = org_.seats();
  std::vector<std::size_t> first_exit(seats + 1, 0);
  for (const ExitRow& x : exits)
    ++first_exit[x.seat + 1];
  for (std::size_t seat = 0; seat < seats; ++seat)
    first_exit[seat + 1] += first_exit[seat];
  std::vector<double> exit_day(exits.size());
  std::vector<std::size_t> exit_row(exits.size());
  {
    std::vector<std::size_t> next(first_exit.begin(), first_exit.end() - 1);
    for (std::size_t i = 0; i < exits.size(); ++i) {
      const std::size_t k = next[exits[i].seat]++;
      exit_day[k] = exits[i].day;
      exit_row[k] = i;
    }
  }
  std::vector<std::int64_t> tie_exits(exits.size(), 0);
  constexpr double kPrior = 6.0 * kDaysPerMonth;
  for (std::size_t seat = 0; seat < seats; ++seat) {
    for (std::size_t k = first_exit[seat]; k < first_exit[seat + 1]; ++k) {
      const double day = exit_day[k];
      std::int64_t count = 0;
      const auto [first, last] = boost::out_edges(static_cast<std::uint32_t>(seat), org_.ties);
      for (auto e = first; e != last; ++e) {
        const auto other = static_cast<std::size_t>(boost::target(*e, org_.ties));
        for (std::size_t j = first_exit[other]; j < first_exit[other + 1]; ++j) {
          if (exit_day[j] < day && exit_day[j] >= day - kPrior) ++count;
        }
      }
      tie_exits[exit_row[k]] = count;
    }
  }
  auto& tables = result_.tables;
  {
    auto& c = tables[kExitsTable].columns;
    std::vector<std::int64_t> employee, month, role, team, rating, regretted, path, ties;
    std::vector<double> day, tenure, effort, engagement, salary;
    for (std::size_t i = 0; i < exits.size(); ++i) {
      const ExitRow& e = exits[i];
      employee.push_back(e.employee);
      month.push_back(e.month);
      day.push_back(e.day);
      role.push_back(e.role);
      team.push_back(e.team);
      tenure.push_back(e.tenure);
      rating.push_back(e.rating);
      regretted.push_back(e.rating >= 4 ? 1 : 0);
      path.push_back(e.path);
      effort.push_back(e.effort_prior);
      engagement.push_back(e.engagement);
      salary.push_back(e.salary_ratio);
      ties.push_back(tie_exits[i]);
    }
    c = {employee,  month, day,    role,       team,   tenure, rating,
         regretted, path,  effort, engagement, salary, ties};
  }
  {
    auto& c = tables[kHiresTable].columns;
    std::vector<std::int64_t> employee, month, role, team, kind;
    std::vector<double> day, fill, skill;
    for (const HireRow& h : hires) {
      employee.push_back(h.employee);
      month.push_back(h.month);
      day.push_back(h.day);
      role.push_back(h.role);
      team.push_back(h.team);
      kind.push_back(h.kind);
      fill.push_back(h.time_to_fill);
      skill.push_back(h.skill);
    }
    c = {employee, month, day, role, team, kind, fill, skill};
  }
  {
    auto& c = tables[kShocksTable].columns;
    std::vector<std::int64_t> employee, month, role, kind, before, after;
    std::vector<double> day;
    for (const ShockRow& s : shocks) {
      employee.push_back(s.employee);
      month.push_back(s.month);
      day.push_back(s.day);
      role.push_back(s.role);
      kind.push_back(s.kind);
      before.push_back(s.before);
      after.push_back(s.after);
    }
    c = {employee, month, day, role, kind, before, after};
  }
  {
    auto& c = tables[kPanelTable].columns;
    std::vector<std::int64_t> month, employee, role, team, stage, reluctant;
    std::array<std::vector<double>, 11> values;
    for (const PanelRow& r : panel) {
      month.push_back(r.month);
      employee.push_back(r.employee);
      role.push_back(r.role);
      team.push_back(r.team);
      stage.push_back(r.stage);
      reluctant.push_back(r.reluctant);
      const float fields[11] = {r.engagement, r.exhaustion,   r.effort,   r.discretionary,
                                r.leverage,   r.access,       r.embedded, r.fluency,
                                r.skill,      r.salary_ratio, r.tenure};
      for (std::size_t f = 0; f < 11; ++f)
        values[f].push_back(fields[f]);
    }
    c = {month, employee, role, team, stage, reluctant};
    for (auto& v : values)
      c.emplace_back(std::move(v));
  }

  // Totals.
  const auto& series = result_.series;
  auto sum = [&](Series which) {
    double total = 0;
    for (double x : series[which])
      total += x;
    return total;
  };
  auto average = [&](Series which) {
    double total = 0, n = 0;
    for (double x : series[which]) {
      if (!std::isnan(x)) {
        total += x;
        n += 1;
      }
    }
    return n > 0 ? total / n : kNaN;
  };
  const std::size_t t = scalar_layout().totals;
  auto& scalars = result_.scalars;
  scalars[t + kExitsTotal] = sum(kExits);
  scalars[t + kRegrettedExitsTotal] = sum(kRegrettedExits);
  const double mean_heads = average(kHeadcount);
  scalars[t + kAnnualAttrition] =
      mean_heads > 0 ? sum(kExits) / mean_heads * 12.0 / s_.months : kNaN;
  scalars[t + kShippedFeaturesTotal] = sum(kShippedFeatures);
  scalars[t + kShippedValueTotal] = sum(kShippedValue);
  scalars[t + kValueDeliveredTotal] = sum(kValueDelivered);
  scalars[t + kMeanEngagement] = average(kEngagement);
  scalars[t + kMeanEngagedShare] = average(kEngagedShare);
  scalars[t + kMeanDisengagedShare] = average(kDisengagedShare);
  scalars[t + kMeanThinkingShare] = average(kThinkingShare);
  const double exposed_rate = exposure_[1] > 0 ? exposure_[0] / exposure_[1] : kNaN;
  const double unexposed_rate = exposure_[3] > 0 ? exposure_[2] / exposure_[3] : kNaN;
  scalars[t + kTieExitRelativeRisk] = unexposed_rate > 0 ? exposed_rate / unexposed_rate : kNaN;
  early_warning(s_.early_warning, result_, warmup_series_);
}

}  // namespace

results::ReplicationResult simulate(const ScenarioData& data, const model::RunContext& context) {
  auto result = results::make_result(data.schema, context.replication);
  WorkforceLogic logic(data, context, result);
  const Settings& s = data.settings;
  core::KernelOptions options;
  options.end_time = static_cast<double>(s.warmup_months + s.months) * kDaysPerMonth;
  options.period = kDaysPerMonth;
  options.lookahead = s.handoff_days;
  options.seed = context.seed;
  options.replication = context.replication;
  options.blocks = s.blocks;
  options.parallel =
      static_cast<std::int64_t>(data.org.initial_headcount()) >= s.parallel_min_employees;
  core::Kernel<WorkforceLogic> kernel(logic, std::vector<Unit>(logic.lp_count()), options);
  const auto stats = kernel.run();
  logic.finish();
  result.events = stats.events;
  return result;
}

}  // namespace wfsim::workforce
