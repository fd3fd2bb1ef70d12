#pragma once
#include "engine/model/model.hpp"

namespace wfsim::models {

/// Every model this build ships, by name.
model::ModelRegistry builtin_models();

}  // namespace wfsim::models
