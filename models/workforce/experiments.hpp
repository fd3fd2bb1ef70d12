#pragma once
/// Experiments and recruiter calls (ODD 7.2, 7.3): one superposed Poisson
/// process per team, experiments that need compute and perhaps sign-offs,
/// and prototypes that go to the platform.
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "models/workforce/events.hpp"

namespace wfsim::workforce {

struct World;
struct TeamScope;
struct Policy;
struct TimeAway;

/// Log-sd of experiment costs and of feature values (lognormal).
inline constexpr double kCostSigma = 1.0;
inline constexpr double kValueSigma = 0.8;

/// P(cost > threshold) for an experiment cost drawn lognormal with the
/// given mean and log-sd: the share of experiments that need sign-off.
inline double share_above(double mean, double sigma, double threshold) {
  if (threshold <= 0.0) return 1.0;
  const double mu = std::log(mean) - 0.5 * sigma * sigma;
  return 0.5 * std::erfc((std::log(threshold) - mu) / (sigma * std::sqrt(2.0)));
}

/// Teams up to this size keep their members' rates inline.
inline constexpr std::size_t kInlineMembers = 16;

/// A team's superposed process of experiment starts and recruiter calls.
/// Per member, in seat order: experiment rate, recruiter-call rate (per
/// month; 0 for a vacant seat). Kept with the team rather than the person
/// because every event of the process scans them all; held inline for teams
/// of up to kInlineMembers so the scan costs no extra cache miss.
struct ArrivalProcess {
  // Every arrival reads the epoch, the total rate and whether the rates are
  // inline (large_rates' header), then the rates: in that order in memory,
  // so that an arrival in a small team reads one stretch at the start of the
  // team's record, which the prefetch hook fetches ahead.
  std::uint32_t epoch = 0;
  double total_rate = 0.0;  // per day
  std::vector<double> large_rates;
  std::array<double, 2 * kInlineMembers> inline_rates{};

  double* rates() { return large_rates.empty() ? inline_rates.data() : large_rates.data(); }
  const double* rates() const {
    return large_rates.empty() ? inline_rates.data() : large_rates.data();
  }
  void size_for(std::size_t members) {
    inline_rates.fill(0.0);
    large_rates.assign(members > kInlineMembers ? 2 * members : 0, 0.0);
  }
};

namespace experiments {

/// A member's rates in their team's process (per month).
void set_rates(World& w, std::uint32_t seat, double experiment_rate, double call_rate);
/// lambda_exp = experiment_rate (D + protected share / unprompted share) L ramp
/// (1 - training share) (manager_ic_share if manager), under `policy`.
double experiment_rate(const World& w, std::uint32_t seat, double now, const Policy& policy);
double experiment_rate(const World& w, std::uint32_t seat, double now, const Policy& policy,
                       const TimeAway& away);
/// lambda_call: recruiter calls rise with demand, skill and visible output;
/// none while holding an offer or on notice.
double call_rate(const World& w, std::uint32_t seat);

/// Sums the members' rates and schedules the next arrival under a new epoch
/// (the old one is then ignored).
void refresh_process(TeamScope& t);
/// An arrival: the member and the kind (experiment or call) are picked in
/// proportion to their rates.
void on_arrival(TeamScope& t, Epoch epoch);
/// Draws the cost; compute-starved if the budget is short; sandbox: runs at
/// once; else a sign-off request.
void attempt_experiment(TeamScope& t, std::uint32_t seat);
/// A run experiment becomes a prototype by chance and goes to the platform.
void run_experiment(TeamScope& t, std::uint32_t seat);

}  // namespace experiments

}  // namespace wfsim::workforce
