#include "models/phold/phold.hpp"

#include <array>
#include <bit>
#include <string_view>

#include "engine/core/kernel.hpp"
#include "engine/params/binding.hpp"

namespace wfsim::models {

namespace {

using core::Event;
using core::EventContext;
using core::LpId;
using core::NoPayload;

enum class DelayModel : std::uint8_t { Classic, Offset };
constexpr std::array<std::string_view, 2> kDelayModelNames = {"classic", "offset"};

struct PholdSettings {
  LpId lps;
  std::uint32_t events_per_lp;
  double end_time;
  double lookahead;
  double mean_delay;
  DelayModel delay_model;
  double remote;
  std::uint32_t blocks;
  double exponential_mean;  // derived: the mean of the exponential part of the delay

  static void declare(params::BoundGroup<PholdSettings, PholdSettings> p) {
    using S = PholdSettings;
    // The kernel reserves the last LP id for events from outside any LP.
    p.integer("lps", &S::lps, 1024, "1", 1, static_cast<std::int64_t>(core::kMaxLps) - 1,
              "number of logical processes");
    p.integer("events_per_lp", &S::events_per_lp, 1, "1", 1, 1 << 20, "initial events per LP");
    p.real("end_time", &S::end_time, 1000.0, "time", 1e-9, 1e12,
           "events earlier than this are processed");
    p.real("lookahead", &S::lookahead, 1.0, "time", 1e-9, 1e9,
           "least delay of every event; also the kernel's declared lookahead");
    p.real("mean_delay", &S::mean_delay, 1.0, "time", 0.0, 1e9,
           "mean delay of an event (see delay_model)");
    p.choice("delay_model", &S::delay_model, DelayModel::Classic, kDelayModelNames,
             "classic: delay = lookahead + Exp(mean_delay - lookahead), so the mean delay "
             "is mean_delay, as in ROSS's phold; offset: delay = lookahead + Exp(mean_delay)");
    p.real("remote", &S::remote, 0.25, "1", 0.0, 1.0,
           "probability that an event goes to another LP");
    p.integer("blocks", &S::blocks, 0, "1", 0, 1 << 24,
              "LP blocks processed as parallel tasks; 0 is automatic. Results do not "
              "depend on it (the determinism tests vary it)");
  }
};

/// Per-LP state: what it processed, folded into a fingerprint of the exact
/// event history (time bits and order keys) so determinism can be checked.
struct PholdLp {
  std::uint64_t processed = 0;
  std::uint64_t fingerprint = 0x9e3779b97f4a7c15ULL;
};

inline std::uint64_t mix(std::uint64_t h, std::uint64_t x) {
  h ^= x + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  return h * 0xff51afd7ed558ccdULL;
}

class PholdLogic {
 public:
  using LpState = PholdLp;
  using Payload = NoPayload;

  explicit PholdLogic(const PholdSettings& s) : s_(s) {}

  void init(LpId, PholdLp&, EventContext<NoPayload>& ctx) {
    for (std::uint32_t i = 0; i < s_.events_per_lp; ++i)
      ctx.schedule(delay(ctx), 0);
  }

  void on_event(PholdLp& lp, const Event<NoPayload>& event, EventContext<NoPayload>& ctx) {
    ++lp.processed;
    lp.fingerprint =
        mix(mix(lp.fingerprint, std::bit_cast<std::uint64_t>(event.time)), event.order);
    const double d = delay(ctx);
    LpId target = ctx.self();
    if (s_.lps > 1 && ctx.random().uniform() < s_.remote) {
      // A uniformly chosen *other* LP.
      target = static_cast<LpId>(ctx.random().index(s_.lps - 1));
      if (target >= ctx.self()) ++target;
    }
    ctx.send(target, d, 0);
  }

 private:
  double delay(EventContext<NoPayload>& ctx) const {
    return s_.lookahead + ctx.random().exponential(s_.exponential_mean);
  }

  PholdSettings s_;
};

results::OutputSchema phold_schema() {
  using results::ColumnType;
  using results::Visibility;
  results::OutputSchema schema;
  schema.periods = 0;
  schema.scalars = {
      {"events", "1", "events processed (all committed: the kernel is conservative)",
       Visibility::Diagnostic},
      {"remote_messages", "1", "events sent to another LP", Visibility::Diagnostic},
      {"windows", "1", "synchronisation windows", Visibility::Diagnostic},
  };
  schema.tables = {{"lps",
                    "per-LP totals",
                    {{"lp", ColumnType::Int64, "1", "logical process", ""},
                     {"events", ColumnType::Int64, "1", "events processed", ""},
                     {"fingerprint", ColumnType::Int64, "1",
                      "hash of the LP's event history (times and order keys)", ""}}}};
  return schema;
}

class PholdScenario final : public model::Scenario {
 public:
  explicit PholdScenario(const PholdSettings& s) : settings_(s), schema_(phold_schema()) {}

  const results::OutputSchema& schema() const override { return schema_; }

  results::ReplicationResult run(const model::RunContext& context) const override {
    PholdLogic logic(settings_);
    core::KernelOptions options;
    options.end_time = settings_.end_time;
    options.lookahead = settings_.lookahead;
    options.seed = context.seed;
    options.replication = context.replication;
    options.blocks = settings_.blocks;
    core::Kernel<PholdLogic> kernel(logic, std::vector<PholdLp>(settings_.lps), options);
    const core::KernelStats stats = kernel.run();

    auto result = results::make_result(schema_, context.replication);
    result.events = stats.events;
    result.scalars = {static_cast<double>(stats.events), static_cast<double>(stats.remote_messages),
                      static_cast<double>(stats.windows)};
    auto& table = result.tables[0];
    auto& lp_column = std::get<std::vector<std::int64_t>>(table.columns[0]);
    auto& events_column = std::get<std::vector<std::int64_t>>(table.columns[1]);
    auto& fingerprint_column = std::get<std::vector<std::int64_t>>(table.columns[2]);
    const auto states = kernel.states();
    for (std::size_t i = 0; i < states.size(); ++i) {
      lp_column.push_back(static_cast<std::int64_t>(i));
      events_column.push_back(static_cast<std::int64_t>(states[i].processed));
      fingerprint_column.push_back(std::bit_cast<std::int64_t>(states[i].fingerprint));
    }
    return result;
  }

 private:
  PholdSettings settings_;
  results::OutputSchema schema_;
};

class PholdModel final : public model::Model {
 public:
  PholdModel() { PholdSettings::declare(binding_.root()); }

  std::string_view name() const override { return "phold"; }
  std::string_view summary() const override {
    return "PHOLD parallel discrete-event benchmark (verification and performance)";
  }
  const params::ParamRegistry& parameters() const override { return params_; }

  std::unique_ptr<const model::Scenario> instantiate(const params::ParamValues& v) const override {
    PholdSettings s = binding_.read(v);
    if (s.delay_model == DelayModel::Classic) {
      if (s.mean_delay < s.lookahead) {
        v.fail("mean_delay", "with delay_model classic, mean_delay must be at least lookahead (" +
                                 params::format_value(s.lookahead) + ")");
      }
      s.exponential_mean = s.mean_delay - s.lookahead;
    } else {
      s.exponential_mean = s.mean_delay;
    }
    return std::make_unique<PholdScenario>(s);
  }

 private:
  params::ParamRegistry params_;
  params::Binding<PholdSettings> binding_{params_};
};

}  // namespace

std::unique_ptr<model::Model> make_phold_model() {
  return std::make_unique<PholdModel>();
}

}  // namespace wfsim::models
