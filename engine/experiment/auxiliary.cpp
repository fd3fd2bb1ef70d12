#include "engine/experiment/auxiliary.hpp"

namespace wfsim::experiment {

std::vector<std::vector<double>> run_auxiliary(const model::Scenario& scenario, std::uint64_t seed,
                                               std::uint64_t replications, int threads,
                                               const ProgressSink& progress) {
  std::vector<std::vector<double>> scalars;
  scalars.reserve(replications);
  BatchOptions options;
  options.seed = seed;
  options.first_replication = kAuxiliaryReplicationBase;
  options.replications = replications;
  options.threads = threads;
  options.tables = false;  // only the scalars are kept
  run_batch(
      scenario, options,
      [&](results::ReplicationResult&& result) { scalars.push_back(std::move(result.scalars)); },
      progress);
  return scalars;
}

}  // namespace wfsim::experiment
