#pragma once
/// Auxiliary replications: a batch of some other scenario that a model runs
/// before its own (for example its in-control counterpart, whose runs set a
/// detector's threshold). They are numbered from kAuxiliaryReplicationBase,
/// so their random streams never meet a main batch's (numbered from 0), and
/// returned in replication order, so nothing depends on the thread count.
#include <cstdint>
#include <vector>

#include "engine/experiment/batch.hpp"
#include "engine/model/model.hpp"

namespace wfsim::experiment {

inline constexpr std::uint64_t kAuxiliaryReplicationBase = std::uint64_t{1} << 62;

/// Each auxiliary replication's scalars, in replication order. The
/// replications record no event tables (model::RunContext::tables).
std::vector<std::vector<double>> run_auxiliary(const model::Scenario& scenario, std::uint64_t seed,
                                               std::uint64_t replications, int threads,
                                               const ProgressSink& progress = {});

}  // namespace wfsim::experiment
