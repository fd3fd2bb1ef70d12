#include "engine/cli/cli.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <exception>

#include "engine/cli/commands.hpp"
#include "engine/params/config_error.hpp"
#include "wfsim_version.hpp"

namespace wfsim::cli {

namespace {
std::string g_command_line;
}  // namespace

const std::string& command_line() {
  return g_command_line;
}

int run(int argc, char** argv, const model::ModelRegistry& models) {
  g_command_line.clear();
  for (int i = 0; i < argc; ++i)
    g_command_line += (i ? " " : "") + std::string(argv[i]);
  CLI::App app{"wfsim: parallel discrete-event simulation of workforce dynamics"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string(kVersion) + " (" + kGitCommit + ")");
  const std::vector<Command> commands = {
      add_run_command(app, models),     add_validate_command(app, models),
      add_params_command(app, models),  add_models_command(app, models),
      add_sweep_command(app, models),   add_merge_command(app, models),
      add_compare_command(app, models), add_report_command(app, models),
  };

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {  // --help, --version
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitBadInput;
  }
  try {
    for (const auto& command : commands) {
      if (command.app->parsed()) return command.action();
    }
  } catch (const params::ConfigError& e) {
    fmt::print(stderr, "{}\n", e.what());
    return kExitBadInput;
  } catch (const std::exception& e) {
    fmt::print(stderr, "wfsim: error: {}\n", e.what());
    return kExitFailure;
  }
  return kExitFailure;
}

}  // namespace wfsim::cli
