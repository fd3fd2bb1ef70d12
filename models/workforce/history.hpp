#pragma once
/// The organisation's past (ODD section 5): before the warm-up, each seat of
/// a generated organisation lives simulation.history_months of incumbents
/// coming and going, so that the people in place at the start are the ones
/// who stayed. Tenure, pay compression and the traits that make people stay
/// (skill, pay position, fit, disposition) then start near their steady
/// state instead of drifting towards it for years.
#include <cstdint>

#include "engine/rng/random_stream.hpp"
#include "models/workforce/budgets.hpp"

namespace wfsim::workforce {

struct World;
struct Policy;
struct Person;

/// Lives the seat's past under `policy` (the first month's) and leaves in
/// `person` the incumbent at the start: attributes, tenure, salary, stage.
/// The first incumbent starts with org.tenure_mean_months of exponential
/// tenure; whoever leaves is replaced by a hire. `eligible_share` is the
/// share of staff eligible for upskilling, which sets how often the
/// programme's seats reach someone eligible.
void live_history(const World& w, std::uint32_t seat, const Policy& policy,
                  const BudgetNorms& norms, double eligible_share, Person& person,
                  rng::RandomStream& random);

}  // namespace wfsim::workforce
