// Any bytes as a run config: parsing and checking either succeed or throw
// params::ConfigError (a located message). Anything else (a crash, another
// exception, a sanitizer report) is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "engine/model/run_config.hpp"
#include "engine/params/config_error.hpp"
#include "models/builtin.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const wfsim::model::ModelRegistry models = wfsim::models::builtin_models();
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    wfsim::model::RunConfig config = wfsim::model::parse_run_config(text, "fuzz.yaml", models);
    (void)wfsim::model::resolved_yaml(config);
  } catch (const wfsim::params::ConfigError&) {
  }
  return 0;
}
