#include "models/workforce/early_warning.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "engine/analysis/change_detection.hpp"
#include "models/workforce/outputs.hpp"

namespace wfsim::workforce {

void EarlyWarningSpec::declare(params::BoundGroup<Settings, EarlyWarningSpec> p) {
  using S = EarlyWarningSpec;
  p.choice("method", &S::method, DetectorMethod::Cusum, kDetectorNames, "change detector");
  p.real("threshold", &S::threshold, 4.0, "sd", 0.1, 100,
         "CUSUM h or EWMA L, in baseline sd units");
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
    const auto index = analysis::first_alarm(series(indicator.series, own_reference), detector);
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

}  // namespace wfsim::workforce
