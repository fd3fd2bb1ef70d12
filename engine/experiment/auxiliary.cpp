#include "engine/experiment/auxiliary.hpp"

#include "engine/experiment/batch.hpp"

namespace wfsim::experiment {

std::vector<std::vector<double>> run_auxiliary(const model::Scenario& scenario, std::uint64_t seed,
                                               std::uint64_t replications, int threads) {
  std::vector<std::vector<double>> scalars;
  scalars.reserve(replications);
  BatchOptions options;
  options.seed = seed;
  options.first_replication = kAuxiliaryReplicationBase;
  options.replications = replications;
  options.threads = threads;
  run_batch(scenario, options, [&](results::ReplicationResult&& result) {
    scalars.push_back(std::move(result.scalars));
  });
  return scalars;
}

}  // namespace wfsim::experiment
