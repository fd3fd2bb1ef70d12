#pragma once
/// PHOLD, the standard benchmark of parallel discrete-event kernels
/// (Fujimoto 1990). N LPs each start with M events; every event schedules one
/// new event after lookahead + an exponential delay, on a uniformly chosen
/// other LP with probability `remote`, else on its own LP.
#include <memory>

#include "engine/model/model.hpp"

namespace wfsim::models {

std::unique_ptr<model::Model> make_phold_model();

}  // namespace wfsim::models
