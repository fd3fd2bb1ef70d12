#pragma once
/// Change detectors for monthly indicators: when does a series first leave
/// its own baseline? Used for early warning (the first alarm month of each
/// indicator) and, on latent series, to date the onset of a change.
///
/// Both detectors standardise the series by the mean and standard deviation
/// of the values in its first `baseline_periods` periods (NaN values, such as
/// months without a survey, are skipped throughout).
///
/// CUSUM (Page 1954), one-sided: with z_t the standardised value (sign
/// flipped for a decrease), S_t = max(0, S_{t-1} + z_t - k); alarm when
/// S_t > h.
/// EWMA (Roberts 1959): E_t = lambda z_t + (1 - lambda) E_{t-1}, E_0 = 0;
/// alarm when E_t > L sqrt(lambda / (2 - lambda) (1 - (1 - lambda)^(2t))).
#include <cstddef>
#include <span>
#include <string_view>

namespace wfsim::analysis {

enum class Method { Cusum, Ewma };
enum class Direction { Decrease, Increase };

std::string_view to_string(Method method);
std::string_view to_string(Direction direction);

struct DetectorSpec {
  Method method = Method::Cusum;
  Direction direction = Direction::Decrease;
  /// Mean and sd are estimated from the values present in this many leading
  /// periods.
  std::size_t baseline_periods = 6;
  /// CUSUM h, or EWMA L, in baseline standard deviations.
  double threshold = 4.0;
  /// CUSUM reference value k, in baseline standard deviations.
  double allowance = 0.5;
  double ewma_lambda = 0.2;
  /// The baseline sd is at least this fraction of |baseline mean|, so a flat
  /// baseline does not make every wobble an alarm.
  double min_sd_fraction = 0.02;
  /// ... and at least this absolute amount.
  double min_sd = 1e-9;
  /// When positive, the series counts independent events, divided by this
  /// scale (1 for a plain count, the population for a rate per head): the
  /// baseline sd is then at least the Poisson noise sqrt(mean * scale) /
  /// scale. A few quiet baseline periods otherwise understate the noise,
  /// and a smoothed count (a trailing rate) shows almost none, so chance
  /// alone would raise the alarm.
  double count_scale = 0.0;
};

/// 0-based index of the first period that raises the alarm, or -1 when none
/// does (or the baseline holds fewer than two values). Periods inside the
/// baseline never alarm.
std::ptrdiff_t first_alarm(std::span<const double> series, const DetectorSpec& spec);

/// The largest value the detector's statistic reaches after the baseline, on
/// the threshold's scale: the CUSUM S_t, or the EWMA E_t divided by its
/// standard error factor sqrt(lambda / (2 - lambda) (1 - (1 - lambda)^(2t))).
/// The detector alarms with threshold h exactly when this exceeds h, so its
/// distribution over in-control series sets h for a given false-alarm
/// probability (see calibration.hpp). NaN when the baseline holds fewer than
/// two values or nothing follows it.
double max_statistic(std::span<const double> series, const DetectorSpec& spec);

}  // namespace wfsim::analysis
