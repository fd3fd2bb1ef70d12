#pragma once
/// The workforce model: a technical organisation's people, their AI
/// leverage, compute budgets and approvals, and the silent drain of effort
/// and talent that follows when leverage is constrained. Described in
/// docs/model/ODD.md.
#include <memory>

#include "engine/model/model.hpp"

namespace wfsim::models {

std::unique_ptr<model::Model> make_workforce_model();

}  // namespace wfsim::models
