#pragma once
/// One function per subcommand; each registers its options on the CLI11 app
/// and returns the action to run after parsing.
#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>

#include "engine/model/model.hpp"

namespace wfsim::cli {

/// A subcommand and what to do when it was given. Options bind to state the
/// action owns, so the action must outlive parsing.
struct Command {
  CLI::App* app = nullptr;
  std::function<int()> action;
};

/// Bounds of counts on the command line, far above any real use: a larger
/// count is a typo.
inline constexpr std::uint64_t kMaxReplications = std::uint64_t{1} << 40;
inline constexpr std::uint64_t kMaxThreads = 65536;

/// Accepts a whole number from `min` to `max` (written in decimal digits
/// only) and refuses anything else with a readable range.
CLI::Validator whole_number(std::uint64_t min,
                            std::uint64_t max = std::numeric_limits<std::uint64_t>::max());

/// The program's arguments as given, blank-separated, for provenance.
const std::string& command_line();

Command add_run_command(CLI::App& app, const model::ModelRegistry& models);
Command add_validate_command(CLI::App& app, const model::ModelRegistry& models);
Command add_params_command(CLI::App& app, const model::ModelRegistry& models);
Command add_models_command(CLI::App& app, const model::ModelRegistry& models);
Command add_sweep_command(CLI::App& app, const model::ModelRegistry& models);
Command add_merge_command(CLI::App& app, const model::ModelRegistry& models);
Command add_compare_command(CLI::App& app, const model::ModelRegistry& models);
Command add_report_command(CLI::App& app, const model::ModelRegistry& models);

}  // namespace wfsim::cli
