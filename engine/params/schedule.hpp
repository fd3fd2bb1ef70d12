#pragma once
/// Time-varying parameters: the values in force at each period once the
/// `schedule` table's changes are applied (a budget cut at month 7, a market
/// correction). Models read a settings struct per period through a
/// params::Binding instead of reaching into the YAML layer.
#include <cstddef>
#include <vector>

#include "engine/params/binding.hpp"
#include "engine/params/params.hpp"

namespace wfsim::params {

class Timeline {
 public:
  /// Checks every schedule row against the registry's rules (a located error
  /// naming `schedule[i].key`, `.month` or `.value` otherwise) and applies
  /// the changes in period order. A model without a schedule gets one
  /// segment: the base values throughout.
  Timeline(const ParamValues& base, int periods);

  int periods() const { return periods_; }
  /// The values in force during period p (1-based; clamped to the run).
  const ParamValues& at(int period) const;
  /// The first period of each stretch of unchanged values, in order; the
  /// first is 1.
  std::vector<int> change_periods() const;

  /// A bound struct for each period 1..periods(); index 0 repeats period 1.
  template <class T>
  std::vector<T> read_each_period(const Binding<T>& binding) const {
    std::vector<T> result(static_cast<std::size_t>(periods_) + 1);
    std::size_t segment = 0;
    T current = binding.read(segments_[0].values);
    for (int p = 1; p <= periods_; ++p) {
      if (segment + 1 < segments_.size() && segments_[segment + 1].first <= p) {
        ++segment;
        current = binding.read(segments_[segment].values);
      }
      result[static_cast<std::size_t>(p)] = current;
    }
    result[0] = result.size() > 1 ? result[1] : current;
    return result;
  }

 private:
  struct Segment {
    int first = 1;
    ParamValues values;
  };
  int periods_ = 0;
  std::vector<Segment> segments_;
};

}  // namespace wfsim::params
