// The wfsim program with the showcase model added to the shipped ones, so
// that the results-file tests can run every schema feature end to end.
#include "engine/cli/cli.hpp"
#include "models/builtin.hpp"
#include "tests/common/showcase_model.hpp"

int main(int argc, char** argv) {
  auto models = wfsim::models::builtin_models();
  models.add(wfsim::testing::make_showcase_model());
  return wfsim::cli::run(argc, argv, models);
}
