#pragma once
/// The `wfsim` command line. The program's main() composes it with the
/// models it ships.
#include "engine/model/model.hpp"

namespace wfsim::cli {

/// Exit statuses: 0 success, 1 a failure while running, 2 bad input
/// (config, command line, files).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitBadInput = 2;

int run(int argc, char** argv, const model::ModelRegistry& models);

}  // namespace wfsim::cli
