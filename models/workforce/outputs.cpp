#include "models/workforce/outputs.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "engine/analysis/change_detection.hpp"
#include "models/workforce/roles.hpp"

namespace wfsim::workforce {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

ScalarLayout build_layout() {
  ScalarLayout layout;
  std::size_t next = 0;
  layout.drain_onset = next++;
  for (std::size_t i = 0; i < kIndicators.size(); ++i)
    layout.alarm[i] = next++;
  layout.alarm_hr = next++;
  layout.lead_drain = next++;
  for (std::size_t i = 0; i < kIndicators.size(); ++i) {
    layout.lead[i] = kIndicators[i].lagging ? static_cast<std::size_t>(-1) : next++;
  }
  layout.totals = next;
  return layout;
}

}  // namespace

const ScalarLayout& scalar_layout() {
  static const ScalarLayout layout = build_layout();
  return layout;
}

// Durations are in "day" rather than "days": netCDF readers (xarray among
// them) turn variables whose units are exactly "days" into timedeltas, which
// then no longer mix with plain numbers.
results::OutputSchema make_schema(int months) {
  using results::ColumnType;
  using results::Visibility;
  const auto O = Visibility::Observed;
  const auto L = Visibility::Latent;
  results::OutputSchema s;
  s.periods = static_cast<std::size_t>(months);
  s.period_name = "month";
  s.period_units = "months";
  s.dimensions = {
      {"role", "employee role", role_labels()},
      {"turnover_path", "path through the unfolding model of turnover", labels(kPathNames)},
      {"shock_kind", "kind of shock", labels(kShockNames)},
      {"stage", "turnover stage", labels(kStageNames)},
      {"hire_kind", "why the seat was filled", labels(kHireKindNames)},
  };
  s.series = {
      {"headcount", "1", "employees at month end", O, ""},
      {"hires", "1", "people who joined in the month", O, ""},
      {"resignation_notices", "1", "resignation notices handed in during the month", O, ""},
      {"exits", "1", "people who left in the month", O, ""},
      {"regretted_exits", "1", "exits of top performers (rating 4 or 5)", O, ""},
      {"open_requisitions", "1", "open requisitions at month end", O, ""},
      {"survey_engagement", "1",
       "engagement survey score (0-1), quarterly; noisy, with non-response bias", O, ""},
      {"experiments", "1", "experiments run in the month", O, ""},
      {"prototypes", "1", "prototypes produced in the month", O, ""},
      {"shipped_features", "1", "features shipped through the platform in the month", O, ""},
      {"approval_wait_days", "day", "mean wait of the approval decisions made in the month", O, ""},
      {"tokens_used", "1e6", "compute used in the month, in millions of tokens", O, ""},
      {"payroll_cost", "1e3", "salaries paid in the month, in thousands of dollars", O, ""},
      {"compute_cost", "1e3", "cost of the compute used in the month, in thousands of dollars", O,
       ""},
      {"value_delivered", "1e3",
       "value of in-role work plus shipped features in the month, in thousands of dollars", O, ""},
      {"shipped_value", "1e3",
       "value of the features shipped in the month, in thousands of dollars", O, ""},
      {"attrition_rate", "1/year",
       "exits over the trailing 12 months (fewer at the start) per head, annualised", O, ""},
      {"approval_requests", "1", "experiments sent for sign-off in the month", O, ""},
      {"prototypes_abandoned", "1",
       "prototypes abandoned in the month after waiting too long for the platform", O, ""},
      {"platform_backlog", "1", "prototypes waiting for the platform at month end", O, ""},
      {"effort", "1", "mean effort (in-role and discretionary, weighted)", L, ""},
      {"discretionary_effort", "1", "mean discretionary effort", L, ""},
      {"engagement", "1", "mean engagement", L, ""},
      {"exhaustion", "1", "mean exhaustion", L, ""},
      {"thinking_of_quitting_share", "1",
       "share thinking of quitting or further along (searching, holding an offer)", L, ""},
      {"searching_share", "1", "share searching for a job or holding an offer", L, ""},
      {"reluctant_stayer_share", "1",
       "share who want to leave but cannot (low ease of movement) and withhold effort", L, ""},
      {"leverage", "1", "mean AI leverage (output multiplier)", L, ""},
      {"compute_starved_share", "1",
       "share who could not run an experiment for lack of compute in the month", L, ""},
      {"engaged_share", "1", "share engaged (Gallup category)", L, ""},
      {"actively_disengaged_share", "1", "share actively disengaged (Gallup category)", L, ""},
      {"embeddedness", "1", "mean job embeddedness", L, ""},
      {"headcount_by_role", "1", "employees at month end, by role", O, "role"},
      {"exits_by_role", "1", "exits in the month, by role", O, "role"},
      {"regretted_exits_by_role", "1", "regretted exits in the month, by role", O, "role"},
      {"resignation_notices_by_role", "1", "resignation notices in the month, by role", O, "role"},
  };
  s.tables = {
      {"exits",
       "one row per person who left",
       {{"employee", ColumnType::Int64, "", "employee id", ""},
        {"month", ColumnType::Int64, "1", "month of the exit (1: the first reported month)", ""},
        {"day", ColumnType::Float64, "day", "time of the exit since the start of month 1", ""},
        {"role", ColumnType::Category, "", "role", "role"},
        {"team", ColumnType::Int64, "", "team index", ""},
        {"tenure_months", ColumnType::Float64, "month", "tenure at exit", ""},
        {"performance", ColumnType::Int64, "", "performance rating 1-5", ""},
        {"regretted", ColumnType::Int64, "", "1 for a top performer (rating 4 or 5)", ""},
        {"turnover_path", ColumnType::Category, "", "path to the exit", "turnover_path"},
        {"effort_prior_6m", ColumnType::Float64, "1", "mean effort over the 6 months before", "",
         L},
        {"engagement", ColumnType::Float64, "1", "engagement at exit", "", L},
        {"salary_ratio", ColumnType::Float64, "1", "salary over the role's market rate", ""},
        {"tie_exits_prior_6m", ColumnType::Int64, "1",
         "exits of the person's ties in the 6 months before", ""}}},
      {"hires",
       "one row per person who joined",
       {{"employee", ColumnType::Int64, "", "employee id", ""},
        {"month", ColumnType::Int64, "1", "month of the hire (1: the first reported month)", ""},
        {"day", ColumnType::Float64, "day", "time of the hire since the start of month 1", ""},
        {"role", ColumnType::Category, "", "role", "role"},
        {"team", ColumnType::Int64, "", "team index", ""},
        {"kind", ColumnType::Category, "", "backfill or planned growth", "hire_kind"},
        {"time_to_fill_days", ColumnType::Float64, "day", "requisition open to start", ""},
        {"skill", ColumnType::Float64, "1", "skill of the hire", "", L}}},
      {"shocks",
       "shocks (by default only those that moved someone to another stage)",
       {{"employee", ColumnType::Int64, "", "employee id", ""},
        {"month", ColumnType::Int64, "1", "month of the shock (1: the first reported month)", ""},
        {"day", ColumnType::Float64, "day", "time of the shock since the start of month 1", ""},
        {"role", ColumnType::Category, "", "role", "role"},
        {"kind", ColumnType::Category, "", "kind of shock", "shock_kind"},
        {"stage_before", ColumnType::Category, "", "stage before", "stage", L},
        {"stage_after", ColumnType::Category, "", "stage after", "stage", L}}},
      {"panel",
       "agent snapshots every output.panel_every_months months",
       {{"month", ColumnType::Int64, "1", "month of the snapshot (1: the first reported month)",
         ""},
        {"employee", ColumnType::Int64, "", "employee id", ""},
        {"role", ColumnType::Category, "", "role", "role"},
        {"team", ColumnType::Int64, "", "team index", ""},
        {"stage", ColumnType::Category, "", "turnover stage", "stage", L},
        {"reluctant", ColumnType::Int64, "", "1 for a reluctant stayer", "", L},
        {"engagement", ColumnType::Float64, "1", "engagement", "", L},
        {"exhaustion", ColumnType::Float64, "1", "exhaustion", "", L},
        {"effort", ColumnType::Float64, "1", "effort", "", L},
        {"discretionary_effort", ColumnType::Float64, "1", "discretionary effort", "", L},
        {"leverage", ColumnType::Float64, "1", "AI leverage", "", L},
        {"access", ColumnType::Float64, "1", "compute access", ""},
        {"embeddedness", ColumnType::Float64, "1", "embeddedness", "", L},
        {"fluency", ColumnType::Float64, "1", "AI fluency", "", L},
        {"skill", ColumnType::Float64, "1", "skill", "", L},
        {"salary_ratio", ColumnType::Float64, "1", "salary over market rate", ""},
        {"tenure_months", ColumnType::Float64, "month", "tenure", ""}}},
  };
  s.scalars.resize(scalar_layout().totals + kTotalScalarCount);
  const auto& layout = scalar_layout();
  s.scalars[layout.drain_onset] = {
      "drain_onset_month", "1",
      "first month (1: the first reported month) latent effort is early_warning.onset_drop below "
      "its baseline and stays there",
      L};
  for (std::size_t i = 0; i < kIndicators.size(); ++i) {
    const std::string name(kIndicators[i].name);
    s.scalars[layout.alarm[i]] = {"alarm_month_" + name, "1",
                                  "first month (1: the first reported month) the change detector "
                                  "alarms on " +
                                      name,
                                  O};
    if (!kIndicators[i].lagging) {
      s.scalars[layout.lead[i]] = {
          "lead_months_" + name, "month",
          "months by which the " + name + " alarm precedes the HR alarm (negative: it follows)", O};
    }
  }
  s.scalars[layout.alarm_hr] = {"alarm_month_hr", "1",
                                "first alarm month (1: the first reported month) of the lagging "
                                "HR metrics (exits, attrition rate)",
                                O};
  s.scalars[layout.lead_drain] = {"lead_months_drain", "month",
                                  "months from the drain's onset to the HR alarm", L};
  const std::size_t t = layout.totals;
  s.scalars[t + kExitsTotal] = {"exits_total", "1", "exits over the run", O};
  s.scalars[t + kRegrettedExitsTotal] = {"regretted_exits_total", "1",
                                         "regretted exits over the run", O};
  s.scalars[t + kAnnualAttrition] = {"annual_attrition", "1/year",
                                     "exits per mean head, annualised over the run", O};
  s.scalars[t + kShippedFeaturesTotal] = {"shipped_features_total", "1",
                                          "features shipped over the run", O};
  s.scalars[t + kShippedValueTotal] = {
      "shipped_value_total", "1e3",
      "value of features shipped over the run, in thousands of dollars", O};
  s.scalars[t + kValueDeliveredTotal] = {
      "value_delivered_total", "1e3", "value delivered over the run, in thousands of dollars", O};
  s.scalars[t + kMeanEngagement] = {"mean_engagement", "1", "mean engagement over the run", L};
  s.scalars[t + kMeanEngagedShare] = {"mean_engaged_share", "1", "mean share engaged over the run",
                                      L};
  s.scalars[t + kMeanDisengagedShare] = {"mean_actively_disengaged_share", "1",
                                         "mean share actively disengaged over the run", L};
  s.scalars[t + kMeanThinkingShare] = {"mean_thinking_of_quitting_share", "1",
                                       "mean share thinking of quitting or further over the run",
                                       L};
  s.scalars[t + kTieExitRelativeRisk] = {
      "tie_exit_relative_risk", "1",
      "monthly resignation rate of people a tie of whom left in the six months before, over "
      "that of people with no such tie (1: exits do not cluster along ties)",
      results::Visibility::Diagnostic};
  s.console_columns = {"headcount",        "exits",  "experiments",
                       "shipped_features", "effort", "survey_engagement"};
  return s;
}

void early_warning(const EarlyWarning& spec, results::ReplicationResult& result,
                   const std::vector<std::vector<double>>& warmup_series) {
  const auto& layout = scalar_layout();
  const auto months = result.series[kEffort].size();
  const auto baseline = static_cast<std::size_t>(spec.baseline_months);
  // The reference the detector estimates mean and sd from: the last
  // warm-up months, then the first baseline months. Six months alone are a
  // short reference: the estimates are noisy enough that chance alone
  // raises alarms.
  const auto warmup_months = warmup_series.empty() ? std::size_t{0} : warmup_series[kEffort].size();
  const std::size_t reference =
      std::min(static_cast<std::size_t>(std::max(spec.warmup_reference_months, 0)), warmup_months);
  auto with_reference = [&](Series which, std::size_t months_before) {
    std::vector<double> values;
    values.reserve(months_before + months);
    if (months_before > 0) {
      const auto& before = warmup_series[which];
      values.insert(values.end(), before.end() - static_cast<std::ptrdiff_t>(months_before),
                    before.end());
    }
    const auto& during = result.series[which];
    values.insert(values.end(), during.begin(), during.end());
    return values;
  };

  // Onset of the drain: the first month after the baseline in which latent
  // effort is onset_drop below its mean over the reference and stays below
  // for onset_persist_months months (or to the end of the run).
  const auto effort = with_reference(kEffort, reference);
  double base = 0.0;
  for (std::size_t m = 0; m < reference + baseline; ++m)
    base += effort[m];
  base /= static_cast<double>(reference + baseline);
  const double level = base * (1.0 - spec.onset_drop);
  double onset = kNaN;
  const auto persist = static_cast<std::size_t>(spec.onset_persist_months);
  for (std::size_t m = reference + baseline; m < effort.size() && std::isnan(onset); ++m) {
    bool below = true;
    const std::size_t end = std::min(effort.size(), m + persist);
    for (std::size_t k = m; k < end; ++k)
      below = below && effort[k] < level;
    if (below && end - m == persist) onset = static_cast<double>(m - reference + 1);
  }
  result.scalars[layout.drain_onset] = onset;

  analysis::DetectorSpec detector;
  detector.method = spec.ewma ? analysis::Method::Ewma : analysis::Method::Cusum;
  detector.baseline_periods = reference + baseline;
  detector.threshold = spec.threshold;
  detector.allowance = spec.allowance;
  detector.ewma_lambda = spec.ewma_lambda;
  detector.min_sd_fraction = spec.min_sd_fraction;
  // The attrition rate is exits over the trailing window per head of the
  // average headcount.
  const auto heads = with_reference(kHeadcount, reference);
  double baseline_heads = 0.0;
  for (std::size_t m = 0; m < reference + baseline; ++m)
    baseline_heads += heads[m];
  baseline_heads /= static_cast<double>(reference + baseline);
  std::array<double, kIndicators.size()> alarm{};
  double hr = kNaN;
  for (std::size_t i = 0; i < kIndicators.size(); ++i) {
    detector.direction =
        kIndicators[i].increase ? analysis::Direction::Increase : analysis::Direction::Decrease;
    switch (kIndicators[i].noise) {
      case Noise::Measured:
        detector.count_scale = 0.0;
        break;
      case Noise::Count:
        detector.count_scale = 1.0;
        break;
      case Noise::TrailingRatePerHead:
        detector.count_scale = baseline_heads / static_cast<double>(kAttritionWindowMonths);
        break;
    }
    // The trailing attrition rate's window reaches back into the warm-up's
    // first months, before exits have settled (they start near zero): its
    // warm-up values would bias the reference low.
    const std::size_t own_reference =
        kIndicators[i].noise == Noise::TrailingRatePerHead ? 0 : reference;
    detector.baseline_periods = own_reference + baseline;
    const auto index =
        analysis::first_alarm(with_reference(kIndicators[i].series, own_reference), detector);
    alarm[i] =
        index < 0 ? kNaN : static_cast<double>(index) - static_cast<double>(own_reference) + 1;
    result.scalars[layout.alarm[i]] = alarm[i];
    // The HR alarm: the first of exits and attrition rate, the metrics HR
    // reports (notices are known only to the managers who receive them).
    if (kIndicators[i].series == kExits || kIndicators[i].series == kAttritionRate) {
      if (!std::isnan(alarm[i]) && (std::isnan(hr) || alarm[i] < hr)) hr = alarm[i];
    }
  }
  result.scalars[layout.alarm_hr] = hr;
  result.scalars[layout.lead_drain] = hr - onset;  // NaN when either is missing
  for (std::size_t i = 0; i < kIndicators.size(); ++i) {
    if (!kIndicators[i].lagging) result.scalars[layout.lead[i]] = hr - alarm[i];
  }
}

}  // namespace wfsim::workforce
