#pragma once
/// One replication of the workforce model on the parallel kernel.
///
/// Logical processes: one per team (its people, its manager's review queue,
/// its superposed experiment / recruiter-call process), one approval board
/// and one MLOps platform per division, and one labour market. They interact
/// only through messages delayed by at least simulation.handoff_delay_days
/// (the kernel's lookahead). Month ends run the latent-state updates per team
/// in parallel, then one serial hook that reduces the month's figures in team
/// order and takes the organisation-wide decisions (budgets, platform and
/// board capacity, upskilling seats, the market's state for the next month).
#include "engine/model/model.hpp"
#include "engine/results/schema.hpp"
#include "models/workforce/organisation.hpp"
#include "models/workforce/settings.hpp"

namespace wfsim::workforce {

/// Everything a replication reads, shared by all replications.
struct ScenarioData {
  Settings settings;
  Organisation org;
  results::OutputSchema schema;
};

results::ReplicationResult simulate(const ScenarioData& data, const model::RunContext& context);

}  // namespace wfsim::workforce
