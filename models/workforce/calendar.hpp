#pragma once
/// Simulated time in the workforce model: days, grouped into months. The
/// warm-up months come first and are numbered 1 - warmup .. 0 as reporting
/// months; month 1 is the first reported month.
#include <algorithm>
#include <cmath>

namespace wfsim::workforce {

/// Days in a month: the kernel's period.
inline constexpr double kDaysPerMonth = 365.25 / 12.0;

struct Calendar {
  int warmup_months = 0;

  /// The kernel's month (its period index) of a time: internal month m
  /// covers [(m - 1) M, m M).
  static int internal_month(double time) {
    // floor without a library call (the baseline instruction set has no
    // rounding instruction): truncate, then step down for negative
    // fractions. Equal to std::floor for every time a run can reach.
    const double months = time / kDaysPerMonth;
    int whole = static_cast<int>(months);
    if (months < static_cast<double>(whole)) --whole;
    return whole + 1;
  }
  /// The reporting month of a time (< 1 during the warm-up).
  int report_month(double time) const { return internal_month(time) - warmup_months; }
  /// Days since the start of reporting month 1 (negative during the warm-up).
  double day_of(double time) const { return time - warmup_months * kDaysPerMonth; }
  /// Months between two times, never negative.
  static double months_between(double from, double to) {
    return std::max(0.0, (to - from) / kDaysPerMonth);
  }
};

}  // namespace wfsim::workforce
