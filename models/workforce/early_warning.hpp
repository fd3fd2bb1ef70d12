#pragma once
/// The early warning (ODD section 9): when the drain began (latent effort),
/// when each observed indicator first signals it (the engine's change
/// detector), when the HR metrics do, and the lead times between them.
#include <array>
#include <cstddef>
#include <string_view>
#include <vector>

#include "engine/params/binding.hpp"
#include "engine/results/schema.hpp"

namespace wfsim::workforce {

struct Settings;

enum class DetectorMethod : std::uint8_t { Cusum, Ewma };
inline constexpr std::array<std::string_view, 2> kDetectorNames = {"cusum", "ewma"};

/// `early_warning.*`
struct EarlyWarningSpec {
  DetectorMethod method;
  double threshold, allowance, ewma_lambda, min_sd_fraction;
  int baseline_months;
  int warmup_reference_months;  // at most simulation.warmup_months
  double onset_drop;
  int onset_persist_months;

  static void declare(params::BoundGroup<Settings, EarlyWarningSpec> p);
};

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

/// Where the early-warning scalars sit in ReplicationResult::scalars; the
/// totals follow them.
struct ScalarLayout {
  std::size_t drain_onset = 0;
  std::size_t alarm_hr = 0;
  std::size_t lead_drain = 0;
  std::array<std::size_t, kIndicators.size()> alarm{};
  std::array<std::size_t, kIndicators.size()> lead{};  // only for leading indicators
  std::size_t totals = 0;                              // the first scalar after these
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

}  // namespace wfsim::workforce
