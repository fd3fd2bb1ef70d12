#include "models/mmc/mmc.hpp"

#include <cmath>
#include <deque>
#include <limits>

#include "engine/core/kernel.hpp"
#include "engine/params/binding.hpp"

namespace wfsim::models {

double erlang_c(std::uint32_t servers, double offered_load) {
  // Erlang B by its stable recurrence, then C = B / (1 - rho (1 - B)).
  double b = 1.0;
  for (std::uint32_t k = 1; k <= servers; ++k) {
    b = offered_load * b / (static_cast<double>(k) + offered_load * b);
  }
  const double rho = offered_load / static_cast<double>(servers);
  return b / (1.0 - rho * (1.0 - b));
}

double mmc_mean_wait(double arrival_rate, double service_rate, std::uint32_t servers) {
  const double a = arrival_rate / service_rate;
  return erlang_c(servers, a) / (static_cast<double>(servers) * service_rate - arrival_rate);
}

namespace {

using core::Event;
using core::EventContext;
using core::GlobalContext;
using core::LpId;
using core::NoPayload;

enum EventKind : std::uint32_t { kArrival = 0, kDeparture = 1 };

struct MmcSettings {
  double arrival_rate;
  double service_rate;
  std::uint32_t servers;
  std::uint32_t stations;
  double end_time;
  double warmup;
  double period;
  std::size_t periods;  // derived: whole reporting periods in the run

  static void declare(params::BoundGroup<MmcSettings, MmcSettings> p) {
    using S = MmcSettings;
    p.real("arrival_rate", &S::arrival_rate, 0.9, "1/min", 1e-9, 1e9,
           "lambda: Poisson arrival rate per station");
    p.real("service_rate", &S::service_rate, 1.0, "1/min", 1e-9, 1e9,
           "mu: service rate of one server");
    p.integer("servers", &S::servers, 1, "1", 1, 100000, "c: servers per station");
    p.integer("stations", &S::stations, 1, "1", 1, 1 << 20,
              "independent identical stations, one LP each; statistics are pooled");
    p.real("end_time", &S::end_time, 1e5, "min", 1e-9, 1e12, "simulated time per replication");
    p.real("warmup", &S::warmup, 1e3, "min", 0.0, 1e12,
           "customers arriving before this are left out of the statistics");
    p.real("period", &S::period, 1e3, "min", 1e-9, 1e12, "length of a reporting period");
  }
};

/// One station: its queue and the statistics gathered since warm-up.
struct Station {
  std::deque<double> waiting;  // arrival times, FIFO
  std::uint32_t busy = 0;
  double busy_since_change = 0.0;  // time of the last change in `busy`
  // Totals over the measured interval.
  double wait_sum = 0.0;
  std::uint64_t served = 0;
  double busy_area = 0.0;
  // The current reporting period.
  std::uint64_t period_arrivals = 0;
  double period_wait_sum = 0.0;
  std::uint64_t period_served = 0;
  double period_busy_area = 0.0;
};

class MmcLogic {
 public:
  using LpState = Station;
  using Payload = NoPayload;

  MmcLogic(const MmcSettings& s, results::ReplicationResult& result) : s_(s), result_(result) {}

  void init(LpId, Station&, EventContext<NoPayload>& ctx) {
    ctx.schedule(ctx.random().exponential(1.0 / s_.arrival_rate), kArrival);
  }

  void on_event(Station& st, const Event<NoPayload>& event, EventContext<NoPayload>& ctx) {
    account_busy(st, ctx.now());
    if (event.kind == kArrival) {
      ++st.period_arrivals;
      if (st.busy < s_.servers) {
        start_service(st, ctx.now(), ctx.now(), ctx);
      } else {
        st.waiting.push_back(ctx.now());
      }
      ctx.schedule(ctx.random().exponential(1.0 / s_.arrival_rate), kArrival);
    } else {
      --st.busy;
      if (!st.waiting.empty()) {
        const double arrived = st.waiting.front();
        st.waiting.pop_front();
        start_service(st, arrived, ctx.now(), ctx);
      }
    }
  }

  void on_period(Station& st, EventContext<NoPayload>& ctx, std::uint64_t) {
    account_busy(st, ctx.now());
  }

  void on_period_end(std::span<Station> stations, GlobalContext<NoPayload>& g) {
    const std::size_t p = g.period() - 1;
    if (p >= s_.periods) return;
    double arrivals = 0, wait = 0, served = 0, busy = 0, queue = 0;
    for (Station& st : stations) {  // in station order: a deterministic sum
      arrivals += static_cast<double>(st.period_arrivals);
      wait += st.period_wait_sum;
      served += static_cast<double>(st.period_served);
      busy += st.period_busy_area;
      queue += static_cast<double>(st.waiting.size());
      st.period_arrivals = 0;
      st.period_wait_sum = 0.0;
      st.period_served = 0;
      st.period_busy_area = 0.0;
    }
    const double n = static_cast<double>(stations.size());
    result_.series[0][p] = arrivals;
    result_.series[1][p] = served > 0 ? wait / served : std::numeric_limits<double>::quiet_NaN();
    result_.series[2][p] = queue / n;
    result_.series[3][p] = busy / (n * s_.period * static_cast<double>(s_.servers));
  }

 private:
  void account_busy(Station& st, double now) {
    const double from = std::max(st.busy_since_change, s_.warmup);
    if (now > from) st.busy_area += st.busy * (now - from);
    // Per-period utilisation counts from the period start regardless of
    // warm-up: it is a time series, warm-up included.
    st.period_busy_area += st.busy * (now - st.busy_since_change);
    st.busy_since_change = now;
  }

  void start_service(Station& st, double arrived, double now, EventContext<NoPayload>& ctx) {
    ++st.busy;
    if (arrived >= s_.warmup) {
      st.wait_sum += now - arrived;
      ++st.served;
    }
    st.period_wait_sum += now - arrived;
    ++st.period_served;
    ctx.schedule(ctx.random().exponential(1.0 / s_.service_rate), kDeparture);
  }

  MmcSettings s_;
  results::ReplicationResult& result_;
};

results::OutputSchema mmc_schema(const MmcSettings& s) {
  using results::Visibility;
  results::OutputSchema schema;
  schema.periods = s.periods;
  schema.period_name = "period";
  // The clock is in minutes, so the periods have dates.
  schema.period_units = params::format_value(s.period) + " min";
  schema.series = {
      {"arrivals", "1", "customers arriving in the period, all stations", Visibility::Observed, ""},
      {"mean_wait", "min", "mean wait in queue of customers who started service in the period",
       Visibility::Observed, ""},
      {"queue_length", "1", "customers waiting per station at the period end (mean of stations)",
       Visibility::Observed, ""},
      {"utilisation", "1", "busy fraction of the servers over the period", Visibility::Observed,
       ""},
  };
  schema.scalars = {
      {"mean_wait", "min", "mean wait in queue after warm-up (customers arriving after it)",
       Visibility::Observed},
      {"utilisation", "1", "busy fraction of the servers after warm-up", Visibility::Observed},
      {"served", "1", "customers who started service after warm-up", Visibility::Observed},
      {"erlang_c_wait", "min", "the analytic mean wait in queue, for comparison",
       Visibility::Diagnostic},
  };
  schema.console_columns = {"arrivals", "mean_wait", "queue_length", "utilisation"};
  return schema;
}

class MmcScenario final : public model::Scenario {
 public:
  explicit MmcScenario(const MmcSettings& s) : s_(s), schema_(mmc_schema(s)) {}
  const results::OutputSchema& schema() const override { return schema_; }

  results::ReplicationResult run(const model::RunContext& context) const override {
    auto result = results::make_result(schema_, context.replication);
    MmcLogic logic(s_, result);
    core::KernelOptions options;
    options.end_time = s_.end_time;
    options.period = s_.period;
    options.seed = context.seed;
    options.replication = context.replication;
    core::Kernel<MmcLogic> kernel(logic, std::vector<Station>(s_.stations), options);
    const auto stats = kernel.run();
    double wait = 0.0, served = 0.0, busy = 0.0;
    for (Station& st : kernel.states()) {
      // Close the busy-time integral at the end of the run.
      const double from = std::max(st.busy_since_change, s_.warmup);
      if (s_.end_time > from) st.busy_area += st.busy * (s_.end_time - from);
      wait += st.wait_sum;
      served += static_cast<double>(st.served);
      busy += st.busy_area;
    }
    const double measured = (s_.end_time - s_.warmup) * s_.servers * s_.stations;
    result.scalars[0] = served > 0 ? wait / served : std::numeric_limits<double>::quiet_NaN();
    result.scalars[1] = busy / measured;
    result.scalars[2] = served;
    result.scalars[3] = mmc_mean_wait(s_.arrival_rate, s_.service_rate, s_.servers);
    result.events = stats.events;
    return result;
  }

 private:
  MmcSettings s_;
  results::OutputSchema schema_;
};

class MmcModel final : public model::Model {
 public:
  MmcModel() { MmcSettings::declare(binding_.root()); }
  std::string_view name() const override { return "mmc"; }
  std::string_view summary() const override {
    return "M/M/c queue, checked against the Erlang C formula (verification)";
  }
  const params::ParamRegistry& parameters() const override { return params_; }

  std::unique_ptr<const model::Scenario> instantiate(const params::ParamValues& v) const override {
    MmcSettings s = binding_.read(v);
    if (s.arrival_rate >= s.service_rate * s.servers) {
      v.fail("arrival_rate",
             "the queue is unstable: arrival_rate must be below servers x "
             "service_rate (" +
                 params::format_value(s.service_rate * s.servers) + ")");
    }
    if (s.warmup >= s.end_time) v.fail("warmup", "warm-up must end before end_time");
    if (s.period > s.end_time) {
      v.fail("period", "longer than end_time (" + params::format_value(s.end_time) +
                           "): not one reporting period would be complete");
    }
    const double periods = std::floor(s.end_time / s.period);
    if (periods > 1e6) v.fail("period", "more than a million reporting periods");
    s.periods = static_cast<std::size_t>(periods);
    return std::make_unique<MmcScenario>(s);
  }

 private:
  params::ParamRegistry params_;
  params::Binding<MmcSettings> binding_{params_};
};

}  // namespace

std::unique_ptr<model::Model> make_mmc_model() {
  return std::make_unique<MmcModel>();
}

}  // namespace wfsim::models
