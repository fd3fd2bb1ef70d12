#pragma once
/// Monte Carlo batches: replications of one scenario run in parallel, handed
/// to a sink one at a time in replication order, so that what is written is
/// identical whatever the thread count, and memory holds only the results in
/// flight.
#include <chrono>
#include <cstdint>
#include <functional>

#include "engine/model/model.hpp"

namespace wfsim::experiment {

struct BatchOptions {
  std::uint64_t seed = 1;
  std::uint64_t first_replication = 0;
  std::uint64_t replications = 1;
  /// Worker threads for everything (replications and inside each one); 0 is
  /// every core.
  int threads = 0;
  /// Passed to each replication (model::RunContext::tables).
  bool tables = true;
};

struct BatchProgress {
  std::uint64_t done = 0;
  std::uint64_t total = 0;
  std::uint64_t events = 0;
  double elapsed_seconds = 0.0;
};

/// Receives results in replication order, on one thread at a time.
using ResultSink = std::function<void(results::ReplicationResult&&)>;
using ProgressSink = std::function<void(const BatchProgress&)>;

struct BatchSummary {
  std::uint64_t replications = 0;
  std::uint64_t events = 0;
  double wall_seconds = 0.0;
};

BatchSummary run_batch(const model::Scenario& scenario, const BatchOptions& options,
                       const ResultSink& sink, const ProgressSink& progress = {});

/// Runs `body` inside a oneTBB arena of `threads` threads (0: all cores), so
/// that every parallel construct inside, nested ones included, is bounded.
void with_threads(int threads, const std::function<void()>& body);

/// The number of threads `threads` stands for (0: all cores).
int resolve_threads(int threads);

}  // namespace wfsim::experiment
