// The wfsim program: the engine's command line with the models this
// repository ships.
#include "engine/cli/cli.hpp"
#include "models/builtin.hpp"

int main(int argc, char** argv) {
  const auto models = wfsim::models::builtin_models();
  return wfsim::cli::run(argc, argv, models);
}
