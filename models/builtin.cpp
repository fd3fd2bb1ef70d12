#include "models/builtin.hpp"

#include "models/mmc/mmc.hpp"
#include "models/phold/phold.hpp"
#include "models/testfunctions/testfunctions.hpp"
#include "models/workforce/workforce.hpp"

namespace wfsim::models {

model::ModelRegistry builtin_models() {
  model::ModelRegistry registry;
  registry.add(make_phold_model());
  registry.add(make_mmc_model());
  registry.add(make_ishigami_model());
  registry.add(make_sobol_g_model());
  registry.add(make_workforce_model());
  return registry;
}

}  // namespace wfsim::models
