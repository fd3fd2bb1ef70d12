// A support desk: tickets arrive at first-line agents, who resolve them in
// arrival order or hand them on to specialists. Built against the installed
// engine, it registers itself with WFSIM_REGISTER_MODEL and so gets every
// command of the wfsim program: run, sweep, merge, params, validate.
//
// Each agent and each specialist is a logical process of the parallel
// kernel; a hand-off is an event sent to a specialist, at least the
// declared lookahead (the hand-off time) later. The clock is in days and
// results are reported per week.
#include <deque>
#include <limits>
#include <memory>
#include <span>
#include <vector>

#include "engine/core/kernel.hpp"
#include "engine/model/model.hpp"
#include "engine/model/registration.hpp"

namespace support_desk {

using namespace wfsim;

struct Settings {
  std::uint32_t agents = 8;
  std::uint32_t specialists = 2;
  double tickets_per_day = 3.0;  // per agent
  double agent_rate = 4.0;       // tickets an agent resolves per day
  double specialist_rate = 3.0;  // tickets a specialist resolves per day
  double handoff_share = 0.1;    // tickets an agent passes on
  double handoff_days = 0.5;     // time a hand-off takes
  std::size_t weeks = 26;
};

struct Ticket {
  double opened = 0.0;  // day the customer opened it
};

/// An agent's or a specialist's desk.
struct Desk {
  std::deque<Ticket> queue;
  bool busy = false;
  Ticket in_hand;
  // This week's counts, reset at the week's end.
  std::uint64_t resolved = 0;
  std::uint64_t handed_off = 0;
  double days_to_resolve = 0.0;
  // The whole run.
  std::uint64_t resolved_total = 0;
  double days_to_resolve_total = 0.0;
};

enum Kind : std::uint32_t { kArrival, kDone, kHandOff };

class Logic {
 public:
  using LpState = Desk;
  using Payload = Ticket;

  Logic(const Settings& s, results::ReplicationResult& result) : s_(s), result_(result) {}

  void init(core::LpId lp, Desk&, core::EventContext<Ticket>& ctx) {
    if (is_agent(lp)) ctx.schedule(ctx.random().exponential(1.0 / s_.tickets_per_day), kArrival);
  }

  void on_event(Desk& desk, const core::Event<Ticket>& event, core::EventContext<Ticket>& ctx) {
    switch (event.kind) {
      case kArrival:
        take(desk, Ticket{ctx.now()}, ctx);
        ctx.schedule(ctx.random().exponential(1.0 / s_.tickets_per_day), kArrival);
        break;
      case kHandOff:
        take(desk, event.payload, ctx);
        break;
      case kDone:
        finish(desk, ctx);
        break;
    }
  }

  void on_period_end(std::span<Desk> desks, core::GlobalContext<Ticket>& global) {
    const std::size_t week = global.period() - 1;
    if (week >= s_.weeks) return;
    double resolved = 0.0, handed_off = 0.0, backlog = 0.0, days = 0.0;
    for (Desk& desk : desks) {  // in desk order: the sums are deterministic
      resolved += static_cast<double>(desk.resolved);
      handed_off += static_cast<double>(desk.handed_off);
      backlog += static_cast<double>(desk.queue.size());
      days += desk.days_to_resolve;
      desk.resolved = desk.handed_off = 0;
      desk.days_to_resolve = 0.0;
    }
    result_.series[0][week] = resolved;
    result_.series[1][week] = handed_off;
    result_.series[2][week] = backlog;
    result_.series[3][week] =
        resolved > 0 ? days / resolved : std::numeric_limits<double>::quiet_NaN();
  }

 private:
  bool is_agent(core::LpId lp) const { return lp < s_.agents; }

  void take(Desk& desk, Ticket ticket, core::EventContext<Ticket>& ctx) {
    if (desk.busy) {
      desk.queue.push_back(ticket);
      return;
    }
    start(desk, ticket, ctx);
  }

  void start(Desk& desk, Ticket ticket, core::EventContext<Ticket>& ctx) {
    desk.busy = true;
    desk.in_hand = ticket;
    const double rate = is_agent(ctx.self()) ? s_.agent_rate : s_.specialist_rate;
    ctx.schedule(ctx.random().exponential(1.0 / rate), kDone);
  }

  void finish(Desk& desk, core::EventContext<Ticket>& ctx) {
    if (is_agent(ctx.self()) && s_.specialists > 0 && ctx.random().bernoulli(s_.handoff_share)) {
      const auto specialist =
          s_.agents + static_cast<core::LpId>(ctx.random().index(s_.specialists));
      ctx.send(specialist, s_.handoff_days, kHandOff, desk.in_hand);
      ++desk.handed_off;
    } else {
      const double days = ctx.now() - desk.in_hand.opened;
      ++desk.resolved;
      desk.days_to_resolve += days;
      ++desk.resolved_total;
      desk.days_to_resolve_total += days;
    }
    desk.busy = false;
    if (!desk.queue.empty()) {
      const Ticket next = desk.queue.front();
      desk.queue.pop_front();
      start(desk, next, ctx);
    }
  }

  Settings s_;
  results::ReplicationResult& result_;
};

results::OutputSchema make_schema(const Settings& s) {
  using results::Visibility;
  results::OutputSchema schema;
  schema.periods = s.weeks;
  schema.period_name = "week";
  schema.period_units = "7 day";  // a week of the day clock: the time axis has dates
  schema.series = {
      {"resolved", "1", "tickets resolved in the week", Visibility::Observed, ""},
      {"handed_off", "1", "tickets passed to a specialist in the week", Visibility::Observed, ""},
      {"backlog", "1", "tickets waiting at the week's end", Visibility::Observed, ""},
      {"days_to_resolve", "day",
       "mean time from opening to resolution, tickets resolved in the week", Visibility::Observed,
       ""},
  };
  schema.scalars = {
      {"resolved_total", "1", "tickets resolved over the run", Visibility::Observed},
      {"mean_days_to_resolve", "day", "mean time from opening to resolution over the run",
       Visibility::Observed},
  };
  schema.console_columns = {"resolved", "handed_off", "backlog", "days_to_resolve"};
  return schema;
}

class Scenario final : public model::Scenario {
 public:
  explicit Scenario(const Settings& s) : s_(s), schema_(make_schema(s)) {}
  const results::OutputSchema& schema() const override { return schema_; }

  results::ReplicationResult run(const model::RunContext& context) const override {
    auto result = results::make_result(schema_, context.replication);
    Logic logic(s_, result);
    core::KernelOptions options;
    options.end_time = 7.0 * static_cast<double>(s_.weeks);
    options.period = 7.0;
    options.lookahead = s_.handoff_days;
    options.seed = context.seed;
    options.replication = context.replication;
    core::Kernel<Logic> kernel(logic, std::vector<Desk>(s_.agents + s_.specialists), options);
    const core::KernelStats stats = kernel.run();
    double resolved = 0.0, days = 0.0;
    for (const Desk& desk : kernel.states()) {
      resolved += static_cast<double>(desk.resolved_total);
      days += desk.days_to_resolve_total;
    }
    result.scalars[0] = resolved;
    result.scalars[1] = resolved > 0 ? days / resolved : std::numeric_limits<double>::quiet_NaN();
    result.events = stats.events;
    return result;
  }

 private:
  Settings s_;
  results::OutputSchema schema_;
};

class Model final : public model::Model {
 public:
  Model() {
    params_.integer("agents", 8, "1", 1, 100000, "first-line agents");
    params_.integer("specialists", 2, "1", 0, 100000, "specialists tickets are handed to");
    params_.real("tickets_per_day", 3.0, "day-1", 0.0, 1e6, "tickets opened per agent per day");
    params_.real("agent_rate", 4.0, "day-1", 1e-6, 1e6, "tickets an agent resolves per day");
    params_.real("specialist_rate", 3.0, "day-1", 1e-6, 1e6,
                 "tickets a specialist resolves per day");
    params_.real("handoff_share", 0.1, "1", 0.0, 1.0, "share of tickets an agent hands on");
    params_.real("handoff_days", 0.5, "day", 1e-3, 1e3, "time a hand-off takes");
    params_.integer("weeks", 26, "1", 1, 5200, "weeks simulated and reported");
  }
  std::string_view name() const override { return "support_desk"; }
  std::string_view summary() const override {
    return "first-line agents and specialists resolving tickets (an external model)";
  }
  const params::ParamRegistry& parameters() const override { return params_; }

  std::unique_ptr<const model::Scenario> instantiate(const params::ParamValues& v) const override {
    Settings s;
    s.agents = static_cast<std::uint32_t>(v.integer("agents"));
    s.specialists = static_cast<std::uint32_t>(v.integer("specialists"));
    s.tickets_per_day = v.real("tickets_per_day");
    s.agent_rate = v.real("agent_rate");
    s.specialist_rate = v.real("specialist_rate");
    s.handoff_share = v.real("handoff_share");
    s.handoff_days = v.real("handoff_days");
    s.weeks = static_cast<std::size_t>(v.integer("weeks"));
    if (s.specialists == 0 && s.handoff_share > 0.0) {
      v.fail("handoff_share", "tickets are handed on, but there are no specialists");
    }
    return std::make_unique<Scenario>(s);
  }

 private:
  params::ParamRegistry params_;
};

std::unique_ptr<model::Model> make_model() {
  return std::make_unique<Model>();
}

}  // namespace support_desk

WFSIM_REGISTER_MODEL(support_desk::make_model)
