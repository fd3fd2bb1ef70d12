#include "models/workforce/settings.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>

#include "engine/analysis/calibration.hpp"
#include "engine/params/schedule.hpp"

namespace wfsim::workforce {

void RunSettings::declare(params::BoundGroup<Settings, RunSettings> p) {
  using S = RunSettings;
  p.integer("months", &S::months, 36, "months", 1, 600, "months simulated");
  p.integer("warmup_months", &S::warmup_months, 24, "months", 0, 120,
            "months simulated before month 1 under month 1's policies and not reported, so "
            "stages, queues and backlogs start near their steady state");
  p.integer("history_months", &S::history_months, 120, "months", 0, 600,
            "generated organisations: months of each seat's past lived before the warm-up "
            "(people come and go by the turnover rules of the first month), so that tenure, pay "
            "and who stays start near their steady state; 0 starts from org.tenure_mean_months "
            "of exponential tenure and a stage warm start");
  p.real("handoff_delay_days", &S::handoff_days, 1.0, "days", 0.01, 30,
         "least delay of any hand-off between units (team, approval board, platform, market); "
         "the kernel's lookahead");
  p.integer("blocks", &S::blocks, 0, "1", 0, 1 << 24,
            "LP blocks for the parallel kernel; 0 picks one from the thread count (results never "
            "depend on it)");
  p.integer("parallel_min_employees", &S::parallel_min_employees, 5000, "employees", 0,
            1'000'000'000,
            "organisations at least this large run each replication on every thread; smaller "
            "ones run one replication per thread");
}

namespace {

std::string fmt_rate(double rate) {
  std::ostringstream out;
  out << rate;
  return out.str();
}

/// The parameter table and the bindings that read it, built once.
class Parameters {
 public:
  Parameters() {
    auto root = settings_.root();
    RunSettings::declare(root.group("simulation", &Settings::run));
    OrgSpec::declare(root.group("org", &Settings::org), root.group("hiring", &Settings::org));
    declare_roles(root.group("roles", &Settings::roles));
    Cohorts::declare(root.group("guild", &Settings::cohorts),
                     root.group("training", &Settings::cohorts));
    Leaders::declare(root.group("leaders", &Settings::leaders));
    Research::declare(root.group("research", &Settings::research));
    // The levers and the market: bound per month through the timeline; the
    // platform's initial maturity is the one fixed policy key.
    declare_policy(policy_);
    root.real("policy.mlops.initial_maturity", &Settings::initial_maturity, 1.0, "1", 0, 10,
              "platform maturity at the start: multiplies the shipping capacity of platform "
              "staff");
    auto behaviour = root.group("behaviour");
    Engagement::declare(behaviour.group("", &Settings::engagement));
    Effort::declare(behaviour.group("", &Settings::effort));
    LeverageParams::declare(behaviour.group("", &Settings::leverage));
    EngagementCategories::declare(behaviour.group("", &Settings::categories));
    auto turnover = root.group("turnover");
    Turnover::declare(turnover.group("", &Settings::turnover));
    Contagion::declare(turnover.group("", &Settings::contagion));
    Survey::declare(root.group("survey", &Settings::survey));
    EarlyWarningSpec::declare(root.group("early_warning", &Settings::early_warning));
    OutputOptions::declare(root.group("output", &Settings::output));
    registry_.schedule({"month", 600, {"policy", "market"}, {"policy.mlops.initial_maturity"}},
                       "policy and market changes at given months (a budget cut, a market "
                       "correction)");
  }

  const params::ParamRegistry& registry() const { return registry_; }

  Settings read(const params::ParamValues& v) const {
    Settings s = settings_.read(v);
    s.org.finish(v, s.run.months);
    s.policy = params::Timeline(v, s.run.months).read_each_period(policy_);
    cross_check(v, s);
    const double memory = s.turnover.leverage_appraisal_months;
    s.turnover.appraisal_step = memory > 0.0 ? 1.0 - std::exp(-1.0 / memory) : 0.0;
    const double drift = s.engagement.disposition_drift;
    s.engagement.drift_spread = std::sqrt(drift * (2.0 - drift));
    return s;
  }

 private:
  static void cross_check(const params::ParamValues& v, Settings& s) {
    if (s.effort.discretionary_high <= s.effort.discretionary_low) {
      v.fail("behaviour.discretionary_high", "must be above behaviour.discretionary_low");
    }
    if (s.categories.disengaged_below > s.categories.engaged_above) {
      v.fail("behaviour.disengaged_below", "must not exceed behaviour.engaged_above");
    }
    check_spending(v, s.policy);
    EarlyWarningSpec& e = s.early_warning;
    e.warmup_reference_months = std::min(e.warmup_reference_months, s.run.warmup_months);
    if (!(e.false_alarm_rate > 0.0 && e.false_alarm_rate < 0.5)) {
      v.fail("early_warning.false_alarm_rate", "must lie strictly between 0 and 0.5");
    }
    const auto needed =
        analysis::min_calibration_replications(e.false_alarm_rate, e.calibration_confidence);
    if (e.calibration_replications > 0 &&
        static_cast<std::uint64_t>(e.calibration_replications) < needed) {
      v.fail("early_warning.calibration_replications",
             std::to_string(e.calibration_replications) +
                 " in-control replications cannot calibrate a false-alarm rate of " +
                 fmt_rate(e.false_alarm_rate) + ": it needs at least " + std::to_string(needed) +
                 (e.calibration_confidence > 0 ? " at early_warning.calibration_confidence " +
                                                     fmt_rate(e.calibration_confidence)
                                               : std::string(" (1 / rate - 1)")) +
                 ", and 20 / rate for a stable threshold");
    }
    if (e.baseline_months >= s.run.months) {
      v.fail("early_warning.baseline_months",
             "the baseline must be shorter than the run (simulation.months = " +
                 std::to_string(s.run.months) + ")");
    }
  }

  params::ParamRegistry registry_;
  params::Binding<Settings> settings_{registry_};
  params::Binding<Policy> policy_{registry_};
};

const Parameters& parameters() {
  static const Parameters instance;
  return instance;
}

}  // namespace

const params::ParamRegistry& parameter_registry() {
  return parameters().registry();
}

Settings read_settings(const params::ParamValues& values) {
  return parameters().read(values);
}

}  // namespace wfsim::workforce
