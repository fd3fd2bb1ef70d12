// One mechanism at a time, in one small team loaded from a census file:
// everything but the mechanism under test is switched off, and each test
// checks the rule docs/model/ODD.md states for it, event by event where the
// rule is about events (through the simulation's read-only observer).
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "engine/analysis/change_detection.hpp"
#include "models/workforce/organisation.hpp"
#include "models/workforce/outputs.hpp"
#include "models/workforce/settings.hpp"
#include "models/workforce/simulation.hpp"
#include "tests/common/model_runs.hpp"

using namespace wfsim;
using namespace wfsim::workforce;

namespace {

constexpr double kHandoff = 1.0;  // simulation.handoff_delay_days (H)

struct Member {
  std::string role;
  double salary_k;
  double tenure_months;
  bool reports_to_first = false;  // the first member is then the team's manager
};

/// Switches off everything that is not under test: no one quits, thinks of
/// quitting or gets recruiter calls; no backfill, no upskilling, no shocks;
/// compute and approvals do not get in the way; no warm-up and no seats'
/// past, so month 1 starts from the census.
const std::vector<std::string> kQuiet = {
    "simulation.warmup_months=0",
    "org.cross_team_ties=0",
    "policy.hiring.backfill=false",
    "turnover.personal_quit_rate=0",
    "turnover.burnout_quit_rate=0",
    "turnover.think_rate=0",
    "turnover.contagion_hazard=0",
    "turnover.recruiter_call_rate=0",
    "turnover.shock_denied=0",
    "turnover.shock_budget_cut=0",
    "turnover.shock_manager_left=0",
    "turnover.shock_recruiter=0",
    "policy.upskilling.capacity_per_1000=0",
    "policy.tokens.budget_per_head=10000",
    "policy.approval.signoffs=0",
};

/// One team of `members`, written as a census (all in one division) in a
/// temporary folder, with the quiet settings and then `overrides`.
class OneTeam {
 public:
  OneTeam(const std::vector<Member>& members, const std::vector<std::string>& overrides,
          int months = 9) {
    namespace fs = std::filesystem;
    static int files = 0;
    census_ = fs::temp_directory_path() / ("wfsim-mechanisms-" + std::to_string(::getpid()) + "-" +
                                           std::to_string(++files) + ".csv");
    {
      std::ofstream out(census_);
      out << "employee_id,role,team,manager_id,salary,tenure_months,performance,division\n";
      for (std::size_t i = 0; i < members.size(); ++i) {
        const Member& m = members[i];
        out << 100 + i << ',' << m.role << ",team," << (m.reports_to_first && i > 0 ? "100" : "")
            << ',' << m.salary_k * 1000.0 << ',' << m.tenure_months << ",3,division\n";
      }
    }
    const std::string text =
        "model: workforce\nseed: 3\nparameters:\n  simulation: {months: " + std::to_string(months) +
        "}\n  org: {source: census, census_file: " + census_.string() + "}\n";
    std::vector<std::string> all = kQuiet;
    all.insert(all.end(), overrides.begin(), overrides.end());
    const auto config = testing::config_from(text, all);
    seed_ = config.seed;
    data_.settings = read_settings(config.values);
    data_.org = build_organisation(data_.settings.org);
    data_.schema = make_schema(data_.settings.run.months);
  }
  ~OneTeam() { std::filesystem::remove(census_); }
  OneTeam(const OneTeam&) = delete;
  OneTeam& operator=(const OneTeam&) = delete;

  results::ReplicationResult run(const Observer& observer, std::uint64_t replication = 0) const {
    return simulate(data_, {seed_, replication}, &observer);
  }
  const ScenarioData& data() const { return data_; }
  const std::vector<double>& series(const results::ReplicationResult& r,
                                    const std::string& name) const {
    return r.series[testing::series_of(data_.schema, name)];
  }

 private:
  std::filesystem::path census_;
  std::uint64_t seed_ = 0;
  ScenarioData data_;
};

std::vector<Member> team_of(std::size_t n, const std::string& role, bool managed = false) {
  std::vector<Member> members(n, Member{role, 180, 36, managed});
  return members;
}

double total(const std::vector<double>& xs) {
  double sum = 0;
  for (double x : xs)
    if (!std::isnan(x)) sum += x;
  return sum;
}

bool team_event(const World& w, const WorkforceEvent& e, TeamEvent kind) {
  return w.lps.is_team(e.target) && e.kind == workforce::kind(kind);
}
bool board_event(const World& w, const WorkforceEvent& e, BoardEvent kind) {
  return w.lps.is_board(e.target) && e.kind == workforce::kind(kind);
}

/// The sign-off decisions that reach the team as messages (the board's).
struct Decisions {
  std::vector<std::pair<Verdict, double>> verdict_and_wait;
  std::map<std::pair<std::uint32_t, double>, int> board_reviews;  // by (seat, submitted)
  std::size_t forwarded = 0;                                      // requests sent to the board

  Observer observer() {
    Observer o;
    o.event = [this](const World& w, const WorkforceEvent& e) {
      if (team_event(w, e, TeamEvent::Decision)) {
        verdict_and_wait.emplace_back(e.payload.request.verdict,
                                      e.time - e.payload.request.submitted);
      } else if (board_event(w, e, BoardEvent::Request)) {
        ++forwarded;
      } else if (board_event(w, e, BoardEvent::Done)) {
        const Request& r = e.payload.request;
        ++board_reviews[{r.requester.seat, r.submitted}];
      }
    };
    return o;
  }
  std::size_t count(Verdict v) const {
    std::size_t n = 0;
    for (const auto& [verdict, wait] : verdict_and_wait)
      n += verdict == v ? 1 : 0;
    return n;
  }
};

}  // namespace

TEST_CASE("mechanism 7.3: a request that has waited longer than max_wait_days is withdrawn") {
  // Every experiment needs one sign-off; latency 10 days, reviews almost
  // instant, never refused.
  const std::vector<std::string> gated = {"policy.approval.signoffs=1",
                                          "policy.approval.sandbox_threshold=0",
                                          "policy.approval.denial_rate=0",
                                          "policy.approval.latency_days=10",
                                          "policy.approval.board_reviews_per_day=1000",
                                          "policy.approval.manager_reviews_per_day=1000"};

  SECTION("at the board: the request reaches it after H + latency") {
    auto with = [&](const char* max_wait) {
      auto overrides = gated;
      overrides.emplace_back(max_wait);
      return overrides;
    };
    const OneTeam late(team_of(6, "ml_engineer"), with("policy.approval.max_wait_days=8"));
    Decisions d;
    const auto r = late.run(d.observer());
    REQUIRE(d.verdict_and_wait.size() >= 20);
    // Withdrawn without review, answered after H: the wait is exactly
    // H + latency on the way in and H on the way back.
    CHECK(d.count(Verdict::Withdrawn) == d.verdict_and_wait.size());
    for (const auto& [verdict, wait] : d.verdict_and_wait)
      CHECK(wait == Approx(2 * kHandoff + 10).epsilon(1e-12));
    CHECK(d.board_reviews.empty());
    CHECK(total(late.series(r, "experiments")) == 0);
    for (double wait : late.series(r, "approval_wait_days"))
      if (!std::isnan(wait)) CHECK(wait == Approx(2 * kHandoff + 10));

    // Within the limit at review, nothing is withdrawn.
    const OneTeam in_time(team_of(6, "ml_engineer"), with("policy.approval.max_wait_days=11.5"));
    Decisions ok;
    const auto r2 = in_time.run(ok.observer());
    REQUIRE(ok.verdict_and_wait.size() >= 20);
    CHECK(ok.count(Verdict::Approved) == ok.verdict_and_wait.size());
    CHECK(total(in_time.series(r2, "experiments")) ==
          static_cast<double>(ok.verdict_and_wait.size()));
  }

  SECTION("at the manager: the request reaches the queue after the latency alone") {
    // The manager (an AI PM who runs no experiments) reviews the team's
    // requests; withdrawals are decided in the team, with no message.
    auto members = team_of(6, "ml_engineer", true);
    members[0].role = "ai_pm";
    auto overrides = gated;
    overrides.emplace_back("roles.ai_pm.experiment_rate=0");
    overrides.emplace_back("policy.approval.max_wait_days=8");
    const OneTeam late(members, overrides);
    Decisions d;
    const auto r = late.run(d.observer());
    const double requests = total(late.series(r, "approval_requests"));
    REQUIRE(requests >= 20);
    CHECK(d.forwarded == 0);
    CHECK(total(late.series(r, "experiments")) == 0);
    for (double wait : late.series(r, "approval_wait_days"))
      if (!std::isnan(wait)) CHECK(wait == Approx(10.0).epsilon(1e-12));

    overrides.back() = "policy.approval.max_wait_days=10.5";
    const OneTeam in_time(members, overrides);
    Decisions ok;
    const auto r2 = in_time.run(ok.observer());
    // All approved but the last few, still on their way when the run ends.
    const double requested = total(in_time.series(r2, "approval_requests"));
    CHECK(total(in_time.series(r2, "experiments")) <= requested);
    CHECK(total(in_time.series(r2, "experiments")) >= requested - 2);
    for (double wait : in_time.series(r2, "approval_wait_days"))
      if (!std::isnan(wait)) CHECK(wait <= 10.5);
  }
}

TEST_CASE("mechanism 7.3: each of several sign-offs adds its latency once; waits add up") {
  constexpr double latency = 5;
  for (const bool managed : {false, true}) {
    for (int signoffs = managed ? 2 : 1; signoffs <= 4; ++signoffs) {
      INFO((managed ? "with a manager, " : "board only, ") << signoffs << " sign-offs");
      auto members = team_of(6, "ml_engineer", managed);
      std::vector<std::string> overrides = {"policy.approval.signoffs=" + std::to_string(signoffs),
                                            "policy.approval.sandbox_threshold=0",
                                            "policy.approval.denial_rate=0",
                                            "policy.approval.latency_days=5",
                                            "policy.approval.max_wait_days=3650",
                                            "policy.approval.board_reviews_per_day=1000",
                                            "policy.approval.manager_reviews_per_day=1000"};
      if (managed) {
        members[0].role = "ai_pm";
        overrides.emplace_back("roles.ai_pm.experiment_rate=0");
      }
      const OneTeam team(members, overrides);
      Decisions d;
      const auto r = team.run(d.observer());
      REQUIRE(d.verdict_and_wait.size() >= 20);
      CHECK(d.count(Verdict::Approved) == d.verdict_and_wait.size());
      // Two hand-offs (to the board and back) and one latency per sign-off;
      // reviews at 1,000 a day add next to nothing.
      const double least = 2 * kHandoff + signoffs * latency;
      for (const auto& [verdict, wait] : d.verdict_and_wait) {
        CHECK(wait >= least - 1e-9);
        CHECK(wait <= least + 0.25);
      }
      for (double wait : team.series(r, "approval_wait_days")) {
        if (std::isnan(wait)) continue;
        CHECK(wait >= least - 1e-9);
        CHECK(wait <= least + 0.25);
      }
      // The board signs off all but the manager's one, each by a review.
      for (const auto& [request, reviews] : d.board_reviews)
        CHECK(reviews == signoffs - (managed ? 1 : 0));
    }
  }
}

namespace {

/// What a platform without capacity does with the team's prototypes.
struct PlatformWatch {
  double shelf = 0;
  std::vector<double> made;        // creation times of prototypes reaching the platform
  std::vector<double> stale_ages;  // age of each abandoned prototype when abandoned
  std::size_t shipped = 0, backlog = 0;

  void on_event(const World& w, const WorkforceEvent& e) {
    if (w.lps.is_platform(e.target) && e.kind == kind(PlatformEvent::Prototype))
      made.push_back(e.payload.prototype.created);
    if (team_event(w, e, TeamEvent::Shipped)) ++shipped;
    if (!team_event(w, e, TeamEvent::Stale)) return;
    const double abandoned = e.time - kHandoff;
    stale_ages.push_back(abandoned - e.payload.prototype.created);
    // Only the month-end purge abandons work: the platform never serves.
    const double months = abandoned / kDaysPerMonth;
    CHECK(months == Approx(std::round(months)).margin(1e-9));
  }
  void on_month_end(const World& w, int period) {
    const PlatformState& platform = w.platforms[0];
    CHECK(platform.capacity == 0);
    CHECK_FALSE(platform.busy);
    backlog = platform.queue.size();
    // After the purge nothing older than the shelf life is left waiting (the
    // queue is in order of creation, so the head is the oldest).
    if (!platform.queue.empty())
      CHECK(period * kDaysPerMonth - platform.queue.front().created <= shelf);
  }
};

/// ML engineers build no production platform and without one nothing is
/// deployed by hand (manual_share 0): the platform's capacity is 0.
PlatformWatch watch_platform_without_capacity(const std::string& shelf_life) {
  const OneTeam team(
      team_of(6, "ml_engineer"),
      {"policy.mlops.manual_share=0", "roles.ml_engineer.prototype_probability=0.9", shelf_life});
  PlatformWatch watch;
  watch.shelf = team.data().settings.policy_for_month(1).mlops.shelf_life_days;
  Observer o;
  o.event = [&](const World& w, const WorkforceEvent& e) { watch.on_event(w, e); };
  o.month_end = [&](const World& w, int period) { watch.on_month_end(w, period); };
  team.run(o);
  return watch;
}

}  // namespace

TEST_CASE("mechanism 7.5: with no shipping capacity prototypes go stale after their shelf life") {
  const PlatformWatch stale = watch_platform_without_capacity("policy.mlops.shelf_life_days=20");
  REQUIRE(stale.made.size() >= 20);
  CHECK(stale.shipped == 0);
  REQUIRE(stale.stale_ages.size() >= 10);
  for (double age : stale.stale_ages)
    CHECK(age > stale.shelf);
  // Every prototype is either still waiting or abandoned (or on its way).
  CHECK(stale.stale_ages.size() + stale.backlog <= stale.made.size());
  CHECK(stale.stale_ages.size() + stale.backlog + 10 >= stale.made.size());

  // With a shelf life longer than the run nothing goes stale: all wait.
  const PlatformWatch fresh = watch_platform_without_capacity("policy.mlops.shelf_life_days=3650");
  CHECK(fresh.stale_ages.empty());
  CHECK(fresh.shipped == 0);
  CHECK(fresh.backlog == fresh.made.size());
}

TEST_CASE("mechanism 7.4: under request rationing top-ups come from the division's reserve") {
  // Six ML engineers (need 35 M tokens a month) get a quarter of 20 M up
  // front, all of it taken by in-role use: every experiment needs a top-up
  // of 20 M from a reserve of 0.75 x 20 x 6 = 90 M a month, four top-ups.
  const std::vector<std::string> request = {
      "policy.tokens.rationing=request", "policy.tokens.budget_per_head=20",
      "policy.tokens.request_base_share=0.25", "policy.tokens.topup=20"};
  const OneTeam team(team_of(6, "ml_engineer"), request);
  const double reserve = 0.75 * 20 * 6;
  const double topup = 20;
  const auto per_month = static_cast<int>(std::floor(reserve / topup));

  std::map<int, int> granted, refused;       // by the month the board decided
  std::map<std::uint32_t, double> received;  // this month, by seat
  std::set<std::uint32_t> pending;
  int requests = 0;
  Observer o;
  o.event = [&](const World& w, const WorkforceEvent& e) {
    if (board_event(w, e, BoardEvent::Request)) {
      const Request& r = e.payload.request;
      CHECK(r.kind == RequestKind::TopUp);
      // One top-up at a time per person.
      CHECK(pending.insert(r.requester.seat).second);
      ++requests;
    } else if (team_event(w, e, TeamEvent::TopUp)) {
      const Request& r = e.payload.request;
      pending.erase(r.requester.seat);
      const int month = Calendar::internal_month(e.time - kHandoff);
      if (r.tokens == 0) {
        ++refused[month];
      } else {
        CHECK(r.tokens == topup);  // no partial grants
        ++granted[month];
      }
      received[r.requester.seat] += r.tokens;
    }
  };
  o.month_end = [&](const World& w, int) {
    // The reserve is reset, not topped up, for the coming month.
    CHECK(w.boards[0].reserve == Approx(reserve));
    // Top-ups received during the month raise the coming month's access.
    const TeamInfo& info = w.org.teams[0];
    for (std::uint32_t seat = info.first_seat; seat < info.end_seat; ++seat) {
      const Person& p = w.people[seat];
      const double need = w.view(seat).need;
      CHECK(p.budget == Approx(0.25 * 20));
      CHECK(p.access == Approx(std::min(1.0, (p.budget + received[seat]) / need)));
    }
    received.clear();
  };
  const auto r = team.run(o);
  REQUIRE(requests >= 20);
  CHECK(total(team.series(r, "approval_requests")) == 0);  // top-ups are not sign-offs
  int months_exhausted = 0;
  for (const auto& [month, n] : granted) {
    INFO("month " << month);
    CHECK(n <= per_month);
    if (refused.count(month) != 0) {
      // Refused only once the reserve could not cover a whole top-up.
      CHECK(n == per_month);
      ++months_exhausted;
    }
  }
  CHECK(months_exhausted >= 3);

  // Under any other rule nobody asks.
  const OneTeam need_based(team_of(6, "ml_engineer"),
                           {"policy.tokens.budget_per_head=20", "policy.tokens.topup=20"});
  int asked = 0;
  Observer count;
  count.event = [&](const World& w, const WorkforceEvent& e) {
    if (board_event(w, e, BoardEvent::Request)) ++asked;
  };
  need_based.run(count);
  CHECK(asked == 0);
}

namespace {

/// Who enrols in the upskilling programme, month end by month end.
struct Enrolments {
  double eligible_below = 0.5, gain = 0.35;
  std::int64_t seats = 3;
  std::set<std::uint32_t> training;          // in the programme, as last seen
  std::map<std::uint32_t, double> finished;  // fluency before, by trainee, this month
  std::int64_t quota = -1;                   // shared at the last month end
  int enrolled = 0, months_quota_binds = 0, trained = 0;

  void on_event(const World& w, const WorkforceEvent& e) {
    if (!team_event(w, e, TeamEvent::TrainingDone)) return;
    const std::uint32_t seat = e.payload.training.trainee.seat;
    CHECK(training.erase(seat) == 1);
    finished[seat] = w.people[seat].fluency;
  }

  /// Programmes that ended during the month raised fluency by the gain.
  void check_fluency_gains(const World& w) {
    for (const auto& [seat, before] : finished) {
      CHECK(w.people[seat].fluency == Approx(before + gain * (1 - before)));
      ++trained;
    }
    finished.clear();
  }

  /// The enrolled are the quota's least fluent of those eligible before the
  /// month end's enrolment.
  void check_enrolment(const std::vector<std::pair<double, std::uint32_t>>& eligible,
                       const std::set<std::uint32_t>& now_training) {
    auto ranked = eligible;
    std::sort(ranked.begin(), ranked.end());
    ranked.resize(std::min<std::size_t>(ranked.size(), static_cast<std::size_t>(quota)));
    std::set<std::uint32_t> expected;
    for (const auto& [fluency, seat] : ranked)
      expected.insert(seat);
    std::set<std::uint32_t> enrolled_now;
    for (std::uint32_t seat : now_training)
      if (training.count(seat) == 0) enrolled_now.insert(seat);
    CHECK(enrolled_now == expected);
    enrolled += static_cast<int>(enrolled_now.size());
    if (eligible.size() > static_cast<std::size_t>(quota)) ++months_quota_binds;
  }

  void on_month_end(const World& w, int period) {
    INFO("month end " << period);
    check_fluency_gains(w);
    const TeamInfo& info = w.org.teams[0];
    std::vector<std::pair<double, std::uint32_t>> eligible;
    std::set<std::uint32_t> now_training;
    for (std::uint32_t seat = info.first_seat; seat < info.end_seat; ++seat) {
      const Person& p = w.people[seat];
      if (p.has(kTraining)) now_training.insert(seat);
      if (p.present && training.count(seat) == 0 && p.fluency < eligible_below)
        eligible.emplace_back(p.fluency, seat);
    }
    if (quota >= 0) check_enrolment(eligible, now_training);
    training = now_training;
    // Seats for the next month end's enrolment, if anyone was eligible
    // (counted before this month end's enrolment).
    quota = w.teams[0].upskill_quota;
    CHECK(quota == (eligible.empty() ? 0 : seats));
  }
};

}  // namespace

TEST_CASE("mechanism 7.12: exactly the quota enrols, least fluent first") {
  // Eight product engineers (mean fluency 0.4, eligible below 0.5):
  // 375 seats per 1,000 is three seats a month.
  const OneTeam team(
      team_of(8, "product_engineer"),
      {"policy.upskilling.capacity_per_1000=375", "policy.upskilling.duration_weeks=3",
       "policy.upskilling.fluency_gain=0.35", "policy.upskilling.eligible_below=0.5"});
  Enrolments enrolments;
  Observer o;
  o.event = [&](const World& w, const WorkforceEvent& e) { enrolments.on_event(w, e); };
  o.month_end = [&](const World& w, int period) { enrolments.on_month_end(w, period); };
  team.run(o);
  CHECK(enrolments.enrolled >= 6);
  CHECK(enrolments.months_quota_binds >= 2);
  CHECK(enrolments.trained >= 3);
}

TEST_CASE("mechanism 7.10: one tie's exit raises the pressure on the one who stays, and the push") {
  // A leaves: paid far below the market, with quick searches and offers. B
  // stays: paid far above it, never dissatisfied. No decay, no noticed
  // searches, so B's pressure moves only with A's exit.
  const std::vector<Member> members = {{"ml_engineer", 20, 60}, {"ml_engineer", 600, 6}};
  const std::vector<std::string> leaving = {
      "turnover.think_rate=5",        "turnover.search_rate=5",
      "turnover.offer_rate=5",        "turnover.contagion_decay=0",
      "turnover.contagion_search=0",  "turnover.contagion_hazard=1",
      "turnover.contagion_exit=0.05", "turnover.contagion_embeddedness_loss=0.05"};
  struct Seen {
    double exit_time = -1;
    double pressure_before = 0, tie_loss_before = 0;
    double pressure_after = 0, tie_loss_after = 0, push_after = 0, embedded_after = 0;
    double last_tie_exit = 0;
    bool stayed = true;
  };
  auto run = [&](const std::vector<std::string>& extra) {
    auto overrides = leaving;
    overrides.insert(overrides.end(), extra.begin(), extra.end());
    const OneTeam team(members, overrides, 24);
    const std::uint32_t a = team.data().org.teams[0].first_seat, b = a + 1;
    Seen seen;
    Observer o;
    o.event = [&](const World& w, const WorkforceEvent& e) {
      if (team_event(w, e, TeamEvent::Exit) && e.payload.person.seat == a &&
          w.holds(e.payload.person)) {
        seen.exit_time = e.time;
        seen.pressure_before = w.people[b].pressure;
        seen.tie_loss_before = w.people[b].tie_loss;
      }
    };
    bool first_after = true;
    o.month_end = [&](const World& w, int period) {
      seen.stayed = seen.stayed && w.people[b].present;
      if (seen.exit_time < 0 || !first_after) return;
      REQUIRE(period * kDaysPerMonth > seen.exit_time);
      first_after = false;
      const Person& p = w.people[b];
      seen.pressure_after = p.pressure;
      seen.tie_loss_after = p.tie_loss;
      seen.push_after = p.push;
      seen.embedded_after = p.embedded;
      seen.last_tie_exit = p.last_tie_exit;
    };
    team.run(o);
    return seen;
  };
  const Seen with = run({});
  REQUIRE(with.exit_time > 0);
  REQUIRE(with.stayed);
  // The tie grows over the first year: B came six months before the start.
  const double strength = std::min(1.0, (6 + with.exit_time / kDaysPerMonth) / 12);
  REQUIRE(strength < 1);
  CHECK(with.pressure_after - with.pressure_before == Approx(0.05 * strength));
  CHECK(with.tie_loss_after - with.tie_loss_before == Approx(0.05 * strength));
  CHECK(with.last_tie_exit == with.exit_time);

  // The same history without contagion from exits: until the exit nothing
  // differs, and after it B's push differs by push_contagion x the pressure
  // (inside the logistic, 7.7) and embeddedness by the tie loss.
  const Seen without = run({"turnover.contagion_exit=0", "turnover.contagion_embeddedness_loss=0"});
  REQUIRE(without.exit_time == with.exit_time);
  CHECK(without.pressure_after == without.pressure_before);
  const auto logit = [](double u) { return std::log(u / (1 - u)); };
  const double steepness = 10, push_contagion = 1;
  CHECK((logit(with.push_after) - logit(without.push_after)) / steepness ==
        Approx(push_contagion * (with.pressure_after - without.pressure_after)).epsilon(1e-6));
  CHECK(without.embedded_after - with.embedded_after ==
        Approx(with.tie_loss_after - without.tie_loss_after).epsilon(1e-9));
}

TEST_CASE("the change detector alarms on a step of known size within the expected months") {
  // A baseline of six months alternating 100 +- 10 (sample sd 10 sqrt(6/5)),
  // then a drop of two baseline sds held: z = 2 each month.
  const double sd = 10 * std::sqrt(6.0 / 5.0);
  std::vector<double> series;
  series.reserve(18);
  for (int t = 0; t < 6; ++t)
    series.push_back(t % 2 == 0 ? 110 : 90);
  const std::size_t step = series.size();
  for (int t = 0; t < 12; ++t)
    series.push_back(100 - 2 * sd);
  analysis::DetectorSpec spec;  // the ODD's defaults: h 4, k 0.5, lambda 0.2
  spec.baseline_periods = 6;
  spec.min_sd_fraction = 0;
  spec.direction = analysis::Direction::Decrease;

  // CUSUM: S_n = n (2 - 0.5) first exceeds 4 at n = 3.
  spec.method = analysis::Method::Cusum;
  CHECK(analysis::first_alarm(series, spec) == static_cast<std::ptrdiff_t>(step + 2));
  // EWMA: E_j = 2 (1 - 0.8^j) first exceeds 4 sqrt(0.2 / 1.8 (1 - 0.8^2j)) at j = 5.
  spec.method = analysis::Method::Ewma;
  for (int j = 1; j <= 5; ++j) {
    const double e = 2 * (1 - std::pow(0.8, j));
    const double limit = 4 * std::sqrt(0.2 / 1.8 * (1 - std::pow(0.8, 2 * j)));
    CHECK((e > limit) == (j == 5));
  }
  CHECK(analysis::first_alarm(series, spec) == static_cast<std::ptrdiff_t>(step + 4));

  // A drop of three sds: CUSUM 2.5 n > 4 and EWMA 3 (1 - 0.8^j) > the
  // limit both first at the second month (the EWMA's limit is still
  // narrow then: sqrt(1 - 0.8^2j) matters).
  std::vector<double> steep(series.begin(), series.begin() + 6);
  steep.resize(series.size(), 100 - 3 * sd);
  for (const auto method : {analysis::Method::Cusum, analysis::Method::Ewma}) {
    spec.method = method;
    CHECK(analysis::first_alarm(steep, spec) == static_cast<std::ptrdiff_t>(step + 1));
  }

  // A rise does not alarm a detector watching for a drop; a flat series
  // wobbling as in its baseline alarms neither detector.
  spec.direction = analysis::Direction::Increase;
  CHECK(analysis::first_alarm(series, spec) == -1);
  std::vector<double> flat;
  flat.reserve(36);
  for (int t = 0; t < 36; ++t)
    flat.push_back(t % 2 == 0 ? 110 : 90);
  for (const auto method : {analysis::Method::Cusum, analysis::Method::Ewma}) {
    for (const auto direction : {analysis::Direction::Decrease, analysis::Direction::Increase}) {
      spec.method = method;
      spec.direction = direction;
      CHECK(analysis::first_alarm(flat, spec) == -1);
    }
  }
}
