#pragma once
/// The early warning (ODD section 9): when the drain began (latent effort),
/// when each observed indicator first signals it (the engine's change
/// detector), when the HR metrics do, and the lead times between them.
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>
#include <vector>

#include "engine/params/binding.hpp"
#include "engine/results/schema.hpp"

namespace wfsim::workforce {

struct Settings;

enum class DetectorMethod : std::uint8_t { Cusum, Ewma };
inline constexpr std::array<std::string_view, 2> kDetectorNames = {"cusum", "ewma"};

/// How an indicator's noise floor is set (see analysis::DetectorSpec::count_scale).
enum class Noise {
  Measured,  // the baseline's own sd only (waits, tokens, value, the survey)
  Count,     // a monthly count of events: at least Poisson noise
  // The trailing attrition rate: exits over the window per head. Successive
  // values share all but one month, so a CUSUM summing them counts each
  // month's noise window times; it is standardised by the noise of one
  // month's exits instead (the Poisson noise of a count per head / window).
  TrailingRatePerHead,
};

/// An observed series watched by the change detector.
struct Indicator {
  std::string_view series;
  bool increase;  // the drain shows as a rise (approval waits, exits)
  bool lagging;   // an HR metric (the reference the lead is measured against)
  bool hr;        // one of the metrics HR reports, whose first alarm is the HR alarm
  Noise noise;
};
inline constexpr std::array<Indicator, 10> kIndicators = {{
    {"experiments", false, false, false, Noise::Count},
    {"prototypes", false, false, false, Noise::Count},
    {"shipped_features", false, false, false, Noise::Count},
    {"approval_wait_days", true, false, false, Noise::Measured},
    {"survey_engagement", false, false, false, Noise::Measured},
    {"tokens_used", false, false, false, Noise::Measured},
    {"value_delivered", false, false, false, Noise::Measured},
    // Notices are known only to the managers who receive them.
    {"resignation_notices", true, true, false, Noise::Count},
    {"exits", true, true, true, Noise::Count},
    {"attrition_rate", true, true, true, Noise::TrailingRatePerHead},
}};

/// `early_warning.*`
struct EarlyWarningSpec {
  DetectorMethod method;
  double threshold, allowance, ewma_lambda, min_sd_fraction;
  int baseline_months;
  int warmup_reference_months;  // at most simulation.warmup_months
  double onset_drop;
  int onset_persist_months;
  double false_alarm_rate;
  int calibration_replications;
  double calibration_confidence;

  /// Each indicator's threshold as calibrated on the in-control
  /// counterpart; NaN (not calibrated) uses `threshold`.
  std::array<double, kIndicators.size()> calibrated_threshold = uncalibrated();

  double threshold_of(std::size_t indicator) const;
  static constexpr std::array<double, kIndicators.size()> uncalibrated() {
    std::array<double, kIndicators.size()> none{};
    none.fill(std::numeric_limits<double>::quiet_NaN());
    return none;
  }
  static void declare(params::BoundGroup<Settings, EarlyWarningSpec> p);
};

/// Where the early-warning scalars sit in ReplicationResult::scalars; the
/// totals follow them.
struct ScalarLayout {
  std::size_t drain_onset = 0;
  std::size_t alarm_hr = 0;
  std::size_t lead_drain = 0;
  std::array<std::size_t, kIndicators.size()> alarm{};
  std::array<std::size_t, kIndicators.size()> lead{};  // only for leading indicators
  std::array<std::size_t, kIndicators.size()> max_statistic{};
  std::size_t totals = 0;  // the first scalar after these
};
const ScalarLayout& scalar_layout();

/// The early-warning scalars' specs, in layout order.
std::vector<results::ScalarSpec> early_warning_scalars();

/// Fills the early-warning scalars from the finished series. `warmup_series`
/// holds the same series over the warm-up months; its last
/// spec.warmup_reference_months join the reference.
void early_warning(const EarlyWarningSpec& spec, const results::OutputSchema& schema,
                   results::ReplicationResult& result,
                   const std::vector<std::vector<double>>& warmup_series);

/// The indicators the HR alarm is the earliest of: calibrated as one group,
/// so that the HR alarm itself honours the false-alarm rate.
std::vector<std::size_t> hr_indicators();

/// What calibrating on the in-control counterpart found.
struct EarlyWarningCalibration {
  std::uint64_t replications = 0;
  std::array<double, kIndicators.size()> threshold{};
  /// Share of the calibration replications that alarm (in sample), and the
  /// two-fold cross-validated estimate of the rate out of sample.
  std::array<double, kIndicators.size()> in_sample_rate{}, cross_validated_rate{};
  double hr_in_sample_rate = 0.0, hr_cross_validated_rate = 0.0;
};

/// Sets each indicator's threshold from the early-warning scalars of the
/// in-control replications (their max_statistic_* values).
EarlyWarningCalibration calibrate_early_warning(const EarlyWarningSpec& spec,
                                                const std::vector<std::vector<double>>& scalars);

/// The run's early-warning table: per indicator and for the HR alarm, the
/// threshold, the false-alarm target and rates, the share of replications
/// that alarm, the median alarm month and the median lead with its 95 %
/// interval. `calibration` is null when the thresholds were not calibrated.
results::RunSummary early_warning_summary(const EarlyWarningSpec& spec,
                                          const EarlyWarningCalibration* calibration,
                                          const std::vector<std::vector<double>>& scalars);

}  // namespace wfsim::workforce
