#include "models/workforce/early_warning.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "engine/analysis/calibration.hpp"
#include "engine/analysis/change_detection.hpp"
#include "models/workforce/outputs.hpp"

namespace wfsim::workforce {

void EarlyWarningSpec::declare(params::BoundGroup<Settings, EarlyWarningSpec> p) {
  using S = EarlyWarningSpec;
  p.choice("method", &S::method, DetectorMethod::Cusum, kDetectorNames, "change detector");
  p.real("threshold", &S::threshold, 4.0, "sd", 0.1, 100,
         "CUSUM h or EWMA L, in baseline sd units, for every indicator when the thresholds are "
         "not calibrated (early_warning.calibration_replications 0)");
  p.real("allowance", &S::allowance, 0.5, "sd", 0, 10, "CUSUM k, in baseline sd units");
  p.real("ewma_lambda", &S::ewma_lambda, 0.2, "1", 0.01, 1, "EWMA smoothing weight");
  p.integer("baseline_months", &S::baseline_months, 6, "months", 2, 120,
            "the first months, used to estimate each indicator's baseline mean and sd");
  p.integer("warmup_reference_months", &S::warmup_reference_months, 6, "months", 0, 120,
            "the last warm-up months, added before the baseline months to estimate the "
            "baseline (at most simulation.warmup_months; 0: the baseline months only)");
  p.real("min_sd_fraction", &S::min_sd_fraction, 0.05, "1", 0, 1,
         "floor of the baseline sd as a share of the baseline mean");
  p.real("onset_drop", &S::onset_drop, 0.03, "1", 0, 1,
         "the drain begins when latent effort falls this share below its baseline mean");
  p.integer("onset_persist_months", &S::onset_persist_months, 3, "months", 1, 120,
            "... and stays below for this many months");
  p.real("false_alarm_rate", &S::false_alarm_rate, 0.05, "1", 0, 0.5,
         "probability that an indicator (and the HR alarm) alarms at least once over the "
         "reported months when nothing changes; honoured by thresholds calibrated on the "
         "scenario's in-control counterpart (exclusive of 0 and 0.5)");
  p.integer("calibration_replications", &S::calibration_replications, 200, "1", 0, 100000,
            "replications of the in-control counterpart (the scenario without its schedule) "
            "run before `wfsim run`'s own to calibrate the thresholds; each costs about one "
            "replication; 0: no calibration, every indicator uses early_warning.threshold");
  p.real("calibration_confidence", &S::calibration_confidence, 0.0, "1", 0, 0.999,
         "0: the false-alarm rate holds on average over calibrations (one calibration's own "
         "rate scatters around it by about sqrt(rate / calibration_replications)); c > 0: "
         "stricter thresholds, so that each indicator's own rate is at most the target with "
         "probability c");
}

double EarlyWarningSpec::threshold_of(std::size_t indicator) const {
  const double calibrated = calibrated_threshold[indicator];
  return std::isnan(calibrated) ? threshold : calibrated;
}

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
  for (std::size_t i = 0; i < kIndicators.size(); ++i)
    layout.max_statistic[i] = next++;
  layout.totals = next;
  return layout;
}

}  // namespace

const ScalarLayout& scalar_layout() {
  static const ScalarLayout layout = build_layout();
  return layout;
}

std::vector<results::ScalarSpec> early_warning_scalars() {
  const auto& layout = scalar_layout();
  const auto O = results::Visibility::Observed;
  const auto L = results::Visibility::Latent;
  std::vector<results::ScalarSpec> s(layout.totals);
  s[layout.drain_onset] = {
      "drain_onset_month", "month",
      "first month latent effort is early_warning.onset_drop below its baseline and stays there",
      L};
  for (std::size_t i = 0; i < kIndicators.size(); ++i) {
    const std::string name(kIndicators[i].series);
    s[layout.alarm[i]] = {"alarm_month_" + name, "month",
                          "first month the change detector alarms on " + name, O};
    if (!kIndicators[i].lagging) {
      s[layout.lead[i]] = {
          "lead_months_" + name, "months",
          "months by which the " + name + " alarm precedes the HR alarm (negative: it follows)", O};
    }
  }
  s[layout.alarm_hr] = {"alarm_month_hr", "month",
                        "first alarm of the lagging HR metrics (exits, attrition rate)", O};
  s[layout.lead_drain] = {"lead_months_drain", "months",
                          "months from the drain's onset to the HR alarm", L};
  for (std::size_t i = 0; i < kIndicators.size(); ++i) {
    const std::string name(kIndicators[i].series);
    s[layout.max_statistic[i]] = {
        "max_statistic_" + name, "1",
        "largest change-detector statistic on " + name +
            " over the reported months, in baseline standard deviations (it alarms when this "
            "exceeds its threshold)",
        results::Visibility::Diagnostic};
  }
  return s;
}

namespace {

/// A series over the last `months_before` warm-up months and the run.
class SeriesWithReference {
 public:
  SeriesWithReference(const results::OutputSchema& schema, const results::ReplicationResult& r,
                      const std::vector<std::vector<double>>& warmup)
      : schema_(schema), result_(r), warmup_(warmup) {}

  std::vector<double> operator()(std::string_view name, std::size_t months_before) const {
    const auto i = static_cast<std::size_t>(schema_.series_index(std::string(name)));
    const auto& during = result_.series[i];
    std::vector<double> values;
    values.reserve(months_before + during.size());
    if (months_before > 0) {
      const auto& before = warmup_[i];
      values.insert(values.end(), before.end() - static_cast<std::ptrdiff_t>(months_before),
                    before.end());
    }
    values.insert(values.end(), during.begin(), during.end());
    return values;
  }

 private:
  const results::OutputSchema& schema_;
  const results::ReplicationResult& result_;
  const std::vector<std::vector<double>>& warmup_;
};

/// Onset of the drain: the first month after the baseline in which latent
/// effort is onset_drop below its mean over the reference and stays below
/// for onset_persist_months months (or to the end of the run).
double drain_onset(const EarlyWarningSpec& spec, const std::vector<double>& effort,
                   std::size_t reference) {
  const auto baseline = static_cast<std::size_t>(spec.baseline_months);
  double base = 0.0;
  for (std::size_t m = 0; m < reference + baseline; ++m)
    base += effort[m];
  base /= static_cast<double>(reference + baseline);
  const double level = base * (1.0 - spec.onset_drop);
  const auto persist = static_cast<std::size_t>(spec.onset_persist_months);
  for (std::size_t m = reference + baseline; m < effort.size(); ++m) {
    bool below = true;
    const std::size_t end = std::min(effort.size(), m + persist);
    for (std::size_t k = m; k < end; ++k)
      below = below && effort[k] < level;
    if (below && end - m == persist) return static_cast<double>(m - reference + 1);
  }
  return kNaN;
}

analysis::DetectorSpec detector_for(const EarlyWarningSpec& spec) {
  analysis::DetectorSpec detector;
  detector.method =
      spec.method == DetectorMethod::Ewma ? analysis::Method::Ewma : analysis::Method::Cusum;
  detector.threshold = spec.threshold;
  detector.allowance = spec.allowance;
  detector.ewma_lambda = spec.ewma_lambda;
  detector.min_sd_fraction = spec.min_sd_fraction;
  return detector;
}

double count_scale(Noise noise, double baseline_heads) {
  switch (noise) {
    case Noise::Measured:
      return 0.0;
    case Noise::Count:
      return 1.0;
    case Noise::TrailingRatePerHead:
      return baseline_heads / static_cast<double>(kAttritionWindowMonths);
  }
  return 0.0;
}

}  // namespace

void early_warning(const EarlyWarningSpec& spec, const results::OutputSchema& schema,
                   results::ReplicationResult& result,
                   const std::vector<std::vector<double>>& warmup_series) {
  const auto& layout = scalar_layout();
  const auto baseline = static_cast<std::size_t>(spec.baseline_months);
  const SeriesWithReference series(schema, result, warmup_series);
  // The reference the detector estimates mean and sd from: the last warm-up
  // months, then the first baseline months. Six months alone are a short
  // reference: the estimates are noisy enough that chance alone raises
  // alarms.
  const auto effort = static_cast<std::size_t>(schema.series_index("effort"));
  const std::size_t warmup_months = warmup_series.empty() ? 0 : warmup_series[effort].size();
  const std::size_t reference =
      std::min(static_cast<std::size_t>(std::max(spec.warmup_reference_months, 0)), warmup_months);
  const double onset = drain_onset(spec, series("effort", reference), reference);
  result.scalars[layout.drain_onset] = onset;

  // The attrition rate is exits over the trailing window per head of the
  // average headcount.
  const auto heads = series("headcount", reference);
  double baseline_heads = 0.0;
  for (std::size_t m = 0; m < reference + baseline; ++m)
    baseline_heads += heads[m];
  baseline_heads /= static_cast<double>(reference + baseline);
  analysis::DetectorSpec detector = detector_for(spec);
  std::array<double, kIndicators.size()> alarm{};
  double hr = kNaN;
  for (std::size_t i = 0; i < kIndicators.size(); ++i) {
    const Indicator& indicator = kIndicators[i];
    detector.direction =
        indicator.increase ? analysis::Direction::Increase : analysis::Direction::Decrease;
    detector.count_scale = count_scale(indicator.noise, baseline_heads);
    // The trailing attrition rate's window reaches back into the warm-up's
    // first months, before exits have settled (they start near zero): its
    // warm-up values would bias the reference low.
    const std::size_t own_reference = indicator.noise == Noise::TrailingRatePerHead ? 0 : reference;
    detector.baseline_periods = own_reference + baseline;
    detector.threshold = spec.threshold_of(i);
    const auto values = series(indicator.series, own_reference);
    result.scalars[layout.max_statistic[i]] = analysis::max_statistic(values, detector);
    const auto index = analysis::first_alarm(values, detector);
    alarm[i] =
        index < 0 ? kNaN : static_cast<double>(index) - static_cast<double>(own_reference) + 1;
    result.scalars[layout.alarm[i]] = alarm[i];
    if (indicator.hr && !std::isnan(alarm[i]) && (std::isnan(hr) || alarm[i] < hr)) hr = alarm[i];
  }
  result.scalars[layout.alarm_hr] = hr;
  result.scalars[layout.lead_drain] = hr - onset;  // NaN when either is missing
  for (std::size_t i = 0; i < kIndicators.size(); ++i) {
    if (!kIndicators[i].lagging) result.scalars[layout.lead[i]] = hr - alarm[i];
  }
}

std::vector<std::size_t> hr_indicators() {
  std::vector<std::size_t> members;
  for (std::size_t i = 0; i < kIndicators.size(); ++i)
    if (kIndicators[i].hr) members.push_back(i);
  return members;
}

namespace {

/// Each indicator alone, except the HR metrics, which alarm as one.
std::vector<std::vector<std::size_t>> calibration_groups() {
  std::vector<std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < kIndicators.size(); ++i)
    if (!kIndicators[i].hr) groups.push_back({i});
  groups.push_back(hr_indicators());
  return groups;
}

}  // namespace

EarlyWarningCalibration calibrate_early_warning(const EarlyWarningSpec& spec,
                                                const std::vector<std::vector<double>>& scalars) {
  const auto& layout = scalar_layout();
  std::vector<std::vector<double>> maxima;
  maxima.reserve(scalars.size());
  for (const auto& row : scalars) {
    std::vector<double> m(kIndicators.size());
    for (std::size_t i = 0; i < kIndicators.size(); ++i)
      m[i] = row[layout.max_statistic[i]];
    maxima.push_back(std::move(m));
  }
  const auto groups = calibration_groups();
  const double alpha = spec.false_alarm_rate;
  const double confidence = spec.calibration_confidence;
  const auto thresholds = analysis::calibrate_thresholds(maxima, groups, alpha, confidence);
  const auto cross = analysis::cross_validated_false_alarm_rates(maxima, groups, alpha, confidence);
  EarlyWarningCalibration c;
  c.replications = scalars.size();
  for (std::size_t i = 0; i < kIndicators.size(); ++i) {
    c.threshold[i] = thresholds[i];
    c.in_sample_rate[i] = analysis::alarm_share(maxima, thresholds, std::span(&i, 1));
    c.cross_validated_rate[i] = cross.detector[i];
  }
  c.hr_in_sample_rate = analysis::alarm_share(maxima, thresholds, groups.back());
  c.hr_cross_validated_rate = cross.group.back();
  return c;
}

results::RunSummary early_warning_summary(const EarlyWarningSpec& spec,
                                          const EarlyWarningCalibration* calibration,
                                          const std::vector<std::vector<double>>& scalars) {
  const auto& layout = scalar_layout();
  const std::size_t rows = kIndicators.size() + 1;  // the indicators, then the HR alarm
  const std::size_t hr_row = kIndicators.size();
  results::RunSummary t;
  t.name = "early_warning";
  t.long_name =
      "the early warning over the run: thresholds, false-alarm rates, detection power and "
      "lead times per indicator and for the HR alarm";
  t.row_dimension = "indicator";
  for (const auto& indicator : kIndicators)
    t.rows.emplace_back(indicator.series);
  t.rows.emplace_back("hr");
  const auto O = results::Visibility::Observed;
  t.columns = {
      {"threshold", "1",
       "alarm threshold (CUSUM h or EWMA L), in baseline standard deviations of the series", O},
      {"false_alarm_target", "1", "early_warning.false_alarm_rate", O},
      {"calibration_replications", "1", "in-control replications the threshold was set on", O},
      {"false_alarm_rate_calibration", "1",
       "share of the in-control replications that alarm (in sample)", O},
      {"false_alarm_rate_cross_validated", "1",
       "false-alarm rate out of sample: two-fold cross-validation on the in-control "
       "replications",
       O},
      {"alarm_share", "1",
       "share of this run's replications that alarm (detection power when the scenario "
       "changes; the false-alarm rate when it does not)",
       O},
      {"median_alarm_month", "month", "median first alarm month among those that alarm", O},
      {"median_lead_months", "months",
       "median lead over the HR alarm among replications where the indicator alarms (the HR "
       "alarm's row: from the drain's onset to the HR alarm); a missing HR alarm counts as a "
       "lead longer than any observed",
       O},
      {"lead_ci_low", "months", "lower bound of the median lead's 95 % confidence interval", O},
      {"lead_ci_high", "months",
       "upper bound of the median lead's 95 % confidence interval (inf: beyond the run)", O},
      {"lead_count", "1", "replications the median lead is taken over", O},
  };
  constexpr double kInf = std::numeric_limits<double>::infinity();
  t.values.assign(t.columns.size(), std::vector<double>(rows, kNaN));
  auto& threshold = t.values[0];
  auto& target = t.values[1];
  auto& calibrated_on = t.values[2];
  auto& in_sample = t.values[3];
  auto& cross = t.values[4];
  auto& share = t.values[5];
  auto& median_alarm = t.values[6];
  auto& median_lead = t.values[7];
  auto& ci_low = t.values[8];
  auto& ci_high = t.values[9];
  auto& lead_count = t.values[10];

  const auto n = static_cast<double>(scalars.size());
  for (std::size_t row = 0; row < rows; ++row) {
    const std::size_t alarm_scalar = row == hr_row ? layout.alarm_hr : layout.alarm[row];
    std::vector<double> alarms;
    std::vector<double> leads;
    for (const auto& r : scalars) {
      const double alarm = r[alarm_scalar];
      if (std::isnan(alarm)) continue;
      alarms.push_back(alarm);
      if (row == hr_row) {
        // From the latent onset; a replication without one has no lead.
        if (!std::isnan(r[layout.drain_onset])) leads.push_back(r[layout.lead_drain]);
      } else if (!kIndicators[row].lagging) {
        // The indicator alarmed; an HR alarm that never came is a lead
        // longer than the run shows.
        const double hr = r[layout.alarm_hr];
        leads.push_back(std::isnan(hr) ? kInf : hr - alarm);
      }
    }
    share[row] = n > 0 ? static_cast<double>(alarms.size()) / n : kNaN;
    median_alarm[row] = analysis::median_with_interval(alarms).median;
    if (!leads.empty()) {
      const auto m = analysis::median_with_interval(leads);
      median_lead[row] = m.median;
      ci_low[row] = m.low;
      ci_high[row] = m.high;
      lead_count[row] = static_cast<double>(m.count);
    }
    target[row] = calibration ? spec.false_alarm_rate : kNaN;
    if (row == hr_row) {
      // The HR alarm is its members' earliest: each has its own threshold.
      if (calibration) {
        calibrated_on[row] = static_cast<double>(calibration->replications);
        in_sample[row] = calibration->hr_in_sample_rate;
        cross[row] = calibration->hr_cross_validated_rate;
      }
      continue;
    }
    threshold[row] = spec.threshold_of(row);
    if (calibration) {
      calibrated_on[row] = static_cast<double>(calibration->replications);
      in_sample[row] = calibration->in_sample_rate[row];
      cross[row] = calibration->cross_validated_rate[row];
    }
  }
  return t;
}

}  // namespace wfsim::workforce
