#pragma once
/// One replication of the workforce model on the parallel kernel (ODD
/// section 3). Logical processes: one per team (its people, its manager's
/// review queue, its superposed experiment / recruiter-call process), one
/// approval board and one MLOps platform per division, and one labour
/// market. They interact only through messages delayed by at least
/// simulation.handoff_delay_days (the kernel's lookahead).
#include <functional>

#include "engine/model/model.hpp"
#include "models/workforce/world.hpp"

namespace wfsim::workforce {

/// Read-only views into a running replication, for tests of one mechanism
/// at a time: each event just before it is handled, and the world after
/// each organisation month end. Results do not depend on them. Called from
/// the kernel's worker threads when the organisation runs in parallel.
struct Observer {
  std::function<void(const World& world, const WorkforceEvent& event)> event;
  std::function<void(const World& world, int period)> month_end;
};

results::ReplicationResult simulate(const ScenarioData& data, const model::RunContext& context,
                                    const Observer* observer = nullptr);

}  // namespace wfsim::workforce
