#pragma once
/// The short summary `wfsim run` prints: per period, the mean over
/// replications of the schema's console columns; then each scalar's mean and
/// spread.
#include <cstdio>
#include <vector>

#include "engine/results/schema.hpp"

namespace wfsim::cli {

class ConsoleSummary {
 public:
  explicit ConsoleSummary(const results::OutputSchema& schema);
  void add(const results::ReplicationResult& result);
  void print(std::FILE* out) const;

 private:
  struct Accumulator {
    double sum = 0.0;
    std::uint64_t count = 0;
    double min = 0.0;
    double max = 0.0;
    void add(double x);
  };
  const results::OutputSchema& schema_;
  std::vector<std::size_t> columns_;                 // series indices shown
  std::vector<std::vector<Accumulator>> by_period_;  // [column][period]
  std::vector<Accumulator> scalars_;
  std::uint64_t replications_ = 0;
};

/// A table about the run as a whole (Scenario::summarise), one line per row.
void print_run_summary(std::FILE* out, const results::RunSummary& table);

}  // namespace wfsim::cli
