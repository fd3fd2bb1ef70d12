#pragma once
/// What the workforce model reports: monthly series (observed, latent, and
/// by role), event tables (exits, hires, shocks, an optional agent panel) and
/// per-replication scalars (early warning and totals).
#include <array>
#include <cstddef>
#include <string_view>
#include <vector>

#include "engine/results/schema.hpp"
#include "models/workforce/settings.hpp"

namespace wfsim::workforce {

/// Series, in schema order.
enum Series : std::size_t {
  // observed
  kHeadcount,
  kHires,
  kResignationNotices,
  kExits,
  kRegrettedExits,
  kOpenRequisitions,
  kSurveyEngagement,
  kExperiments,
  kPrototypes,
  kShippedFeatures,
  kApprovalWaitDays,
  kTokensUsed,
  kPayrollCost,
  kComputeCost,
  kValueDelivered,
  kShippedValue,
  kAttritionRate,
  kApprovalRequests,
  kPrototypesAbandoned,
  kPlatformBacklog,
  // latent
  kEffort,
  kDiscretionaryEffort,
  kEngagement,
  kExhaustion,
  kThinkingShare,
  kSearchingShare,
  kReluctantShare,
  kLeverage,
  kComputeStarvedShare,
  kEngagedShare,
  kDisengagedShare,
  kEmbeddedness,
  // by role
  kHeadcountByRole,
  kExitsByRole,
  kRegrettedExitsByRole,
  kNoticesByRole,
  kSeriesCount
};

enum Table : std::size_t { kExitsTable, kHiresTable, kShocksTable, kPanelTable, kTableCount };

/// Early-warning indicators: observed series watched by the change detector.
/// The attrition rate looks back over this many months.
inline constexpr std::size_t kAttritionWindowMonths = 12;

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
struct Indicator {
  std::string_view name;  // the series' name
  Series series;
  bool increase;  // the drain shows as a rise (approval waits, exits)
  bool lagging;   // an HR metric (the reference the lead is measured against)
  Noise noise;
};
inline constexpr std::array<Indicator, 10> kIndicators = {{
    {"experiments", kExperiments, false, false, Noise::Count},
    {"prototypes", kPrototypes, false, false, Noise::Count},
    {"shipped_features", kShippedFeatures, false, false, Noise::Count},
    {"approval_wait_days", kApprovalWaitDays, true, false, Noise::Measured},
    {"survey_engagement", kSurveyEngagement, false, false, Noise::Measured},
    {"tokens_used", kTokensUsed, false, false, Noise::Measured},
    {"value_delivered", kValueDelivered, false, false, Noise::Measured},
    {"resignation_notices", kResignationNotices, true, true, Noise::Count},
    {"exits", kExits, true, true, Noise::Count},
    {"attrition_rate", kAttritionRate, true, true, Noise::TrailingRatePerHead},
}};

/// Scalars after the per-indicator alarm months and lead times.
enum TotalScalar : std::size_t {
  kExitsTotal,
  kRegrettedExitsTotal,
  kAnnualAttrition,
  kShippedFeaturesTotal,
  kShippedValueTotal,
  kValueDeliveredTotal,
  kMeanEngagement,
  kMeanEngagedShare,
  kMeanDisengagedShare,
  kMeanThinkingShare,
  kTieExitRelativeRisk,
  kTotalScalarCount
};

/// Where the scalars sit in ReplicationResult::scalars.
struct ScalarLayout {
  std::size_t drain_onset = 0;
  std::size_t alarm_hr = 0;
  std::size_t lead_drain = 0;
  std::array<std::size_t, kIndicators.size()> alarm{};
  std::array<std::size_t, kIndicators.size()> lead{};  // only for leading indicators
  std::size_t totals = 0;                              // first of the TotalScalar block
};

const ScalarLayout& scalar_layout();

results::OutputSchema make_schema(int months);

/// Fills the early-warning scalars from the finished series: the drain's
/// onset (latent effort), each indicator's first alarm (the configured
/// change detector), the HR alarm and the lead times. `warmup_series` holds
/// the same series over the warm-up months (shaped like result.series, with
/// the warm-up's months); its last spec.warmup_reference_months join the
/// baseline.
void early_warning(const EarlyWarning& spec, results::ReplicationResult& result,
                   const std::vector<std::vector<double>>& warmup_series);

}  // namespace wfsim::workforce
