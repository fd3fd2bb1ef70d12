#pragma once
/// Thresholds that give change detectors a stated false-alarm probability,
/// set from in-control replications (a simulation can run the scenario
/// without its change as often as it likes), and the statistics reported
/// beside them.
///
/// Each in-control replication gives, per detector, the largest statistic it
/// reached over the horizon (max_statistic). A detector alarms in a
/// replication exactly when that maximum exceeds its threshold, so with N
/// exchangeable in-control maxima the threshold at order statistic
/// ceil((1 - alpha)(N + 1)) makes a new in-control replication alarm with
/// probability at most alpha (the split-conformal bound; Vovk et al. 2005,
/// Lei et al. 2018), whatever the maxima's distribution. This needs
/// (N + 1) alpha >= 1.
///
/// That bound holds on average over calibrations; one calibration's own
/// rate scatters around alpha (sd about sqrt(alpha (1 - alpha) / N)). With
/// a `confidence` c > 0 the rank is raised so that the calibration's own
/// rate is at most alpha with probability c (training-conditional
/// conformal, Vovk 2012): at most k of the N may exceed, k the largest with
/// P(Binomial(N, alpha) <= k) <= 1 - c.
///
/// Detectors may be grouped: a group alarms when any member does (its first
/// alarm is the group's), and the group as a whole honours alpha. Members
/// share one order-statistic rank, the lowest at which few enough
/// calibration replications see any member exceed its threshold; each
/// member then alarms no more often than the group.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace wfsim::analysis {

/// The fewest in-control replications that can reach `alpha` (with
/// `confidence`, see above; 0: on average).
std::uint64_t min_calibration_replications(double alpha, double confidence = 0.0);

/// maxima[r][d]: the largest statistic of detector d in in-control
/// replication r (NaN: the detector could not run, which counts as no
/// alarm). `groups` partitions the detectors (indices into a row). Returns
/// one threshold per detector. Requires maxima.size() >=
/// min_calibration_replications(alpha).
std::vector<double> calibrate_thresholds(const std::vector<std::vector<double>>& maxima,
                                         const std::vector<std::vector<std::size_t>>& groups,
                                         double alpha, double confidence = 0.0);

/// Share of `replications` (indices into maxima, or all when empty) in which
/// any detector of `members` exceeds its threshold.
double alarm_share(const std::vector<std::vector<double>>& maxima,
                   const std::vector<double>& thresholds, std::span<const std::size_t> members,
                   std::span<const std::size_t> replications = {});

/// The false-alarm rate the calibration achieves out of sample, estimated
/// by two-fold cross-validation: thresholds set on the even-numbered
/// replications are tried on the odd-numbered ones and the other way round.
/// Each half has N/2 replications, so this slightly overstates the rate of
/// thresholds set on all N. Per detector, then per group. NaN when half the
/// replications cannot reach alpha.
struct CrossValidatedRates {
  std::vector<double> detector;
  std::vector<double> group;
};
CrossValidatedRates cross_validated_false_alarm_rates(
    const std::vector<std::vector<double>>& maxima,
    const std::vector<std::vector<std::size_t>>& groups, double alpha, double confidence = 0.0);

/// A sample median with a distribution-free confidence interval from order
/// statistics (the binomial interval for the median, normal approximation
/// for its ranks). NaN bounds when the sample is too small to give one.
struct MedianInterval {
  double median;
  double low;
  double high;
  std::size_t count;  // values present (NaN values are left out)
};
MedianInterval median_with_interval(std::span<const double> values, double level = 0.95);

}  // namespace wfsim::analysis
