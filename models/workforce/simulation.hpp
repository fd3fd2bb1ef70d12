#pragma once
/// One replication of the workforce model on the parallel kernel (ODD
/// section 3). Logical processes: one per team (its people, its manager's
/// review queue, its superposed experiment / recruiter-call process), one
/// approval board and one MLOps platform per division, and one labour
/// market. They interact only through messages delayed by at least
/// simulation.handoff_delay_days (the kernel's lookahead).
#include "engine/model/model.hpp"
#include "models/workforce/world.hpp"

namespace wfsim::workforce {

results::ReplicationResult simulate(const ScenarioData& data, const model::RunContext& context);

}  // namespace wfsim::workforce
