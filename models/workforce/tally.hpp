#pragma once
/// A team's figures for the month, gathered by its events and month end and
/// summed over teams, in team order, by the organisation's month end.
#include <array>
#include <cstddef>
#include <cstring>
#include <type_traits>

#include "models/workforce/roles.hpp"

namespace wfsim::workforce {

struct Tally {
  using ByRole = std::array<double, kRoles>;
  ByRole headcount{}, exits{}, regretted{}, notices{}, hires{};
  ByRole work_leverage{};
  double experiments = 0, prototypes = 0, shipped = 0, shipped_value = 0, core_value = 0;
  double tokens = 0, wait_sum = 0, decisions = 0, payroll = 0, requests = 0, stale = 0;
  double effort = 0, discretionary = 0, engagement = 0, exhaustion = 0, leverage = 0;
  double embedded = 0, thinking = 0, searching = 0, reluctant = 0, starved = 0, engaged = 0,
         disengaged = 0;
  double survey_sum = 0, survey_n = 0, open_requisitions = 0;
  double programme_starts = 0;  // upskilling seats taken (their cost, 7.16)
  // Research bets (7.18), set by the organisation's month end only.
  double research_spend = 0, research_value = 0;
  // For the organisation's decisions on the coming month.
  double platform_fte = 0, platform_builder_fte = 0, need = 0, merit = 0, upskill_eligible = 0;
  // Resignations and person-months with and without a tie who left in the
  // six months before, for the contagion relative risk.
  double exposed_notices = 0, exposed_months = 0, unexposed_notices = 0, unexposed_months = 0;

  /// Adds another tally field by field. Every field is a double, so the
  /// record is summed as an array: a new field needs no change here. The
  /// doubles are read and written in place through the object
  /// representation: copying whole records to and from an array (bit_cast)
  /// cost three block copies per team, which showed in the serial month end.
  void add(const Tally& other) {
    auto* sum = reinterpret_cast<unsigned char*>(this);
    const auto* more = reinterpret_cast<const unsigned char*>(&other);
    for (std::size_t i = 0; i < kFields; ++i) {
      double a = 0;
      double b = 0;
      std::memcpy(&a, sum + i * sizeof(double), sizeof(double));
      std::memcpy(&b, more + i * sizeof(double), sizeof(double));
      a += b;
      std::memcpy(sum + i * sizeof(double), &a, sizeof(double));
    }
  }

  double people() const {
    double n = 0;
    for (double h : headcount)
      n += h;
    return n;
  }

 private:
  static constexpr std::size_t kFields = 6 * kRoles + 38;
};
static_assert(std::is_trivially_copyable_v<Tally>);
static_assert(std::is_standard_layout_v<Tally>);
static_assert(sizeof(Tally) == (6 * kRoles + 38) * sizeof(double),
              "every field of a tally is a double (or an array of them)");

}  // namespace wfsim::workforce
