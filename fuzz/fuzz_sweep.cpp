// Any bytes as a sweep file over a fixed base config: either a sweep
// config or params::ConfigError. The design is not built (its size is the
// memory check's business), but its size is computed.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "engine/experiment/design.hpp"
#include "engine/experiment/sweep.hpp"
#include "engine/params/config_error.hpp"
#include "models/builtin.hpp"

namespace {

const std::string kBase = R"(model: mmc
seed: 1
replications: 2
parameters:
  arrival_rate: 4.0
  service_rate: 1.0
  servers: 5
  end_time: 500
  warmup: 10
  period: 100
)";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const wfsim::model::ModelRegistry models = wfsim::models::builtin_models();
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const wfsim::experiment::SweepConfig config =
        wfsim::experiment::parse_sweep_config(text, "fuzz-sweep.yaml", models, &kBase);
    (void)wfsim::experiment::design_points(config.design, config.factors);
  } catch (const wfsim::params::ConfigError&) {
  } catch (const std::invalid_argument&) {
    // design_points: a design the settings cannot make (documented).
  }
  return 0;
}
