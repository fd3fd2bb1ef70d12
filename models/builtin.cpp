#include "models/builtin.hpp"

#include "models/mmc/mmc.hpp"
#include "models/phold/phold.hpp"

namespace wfsim::models {

model::ModelRegistry builtin_models() {
  model::ModelRegistry registry;
  registry.add(make_phold_model());
  registry.add(make_mmc_model());
  return registry;
}

}  // namespace wfsim::models
