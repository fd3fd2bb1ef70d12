// The wfsim program: the engine's command line with the models this
// repository ships and every model registered with WFSIM_REGISTER_MODEL.
// Installed as the `wfsim::main` library too, so that a project outside
// this tree builds its own wfsim (every command, its models added) from a
// model source file and this main().
#include <fmt/format.h>

#include <cstdio>
#include <stdexcept>

#include "engine/cli/cli.hpp"
#include "engine/model/registration.hpp"
#include "models/builtin.hpp"

int main(int argc, char** argv) {
  auto models = wfsim::models::builtin_models();
  try {
    wfsim::model::add_registered_models(models);
  } catch (const std::logic_error& e) {
    fmt::print(stderr, "wfsim: error: {}\n", e.what());
    return wfsim::cli::kExitFailure;
  }
  return wfsim::cli::run(argc, argv, models);
}
