#include "engine/cli/cli.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <exception>
#include <new>

#include "engine/cli/commands.hpp"
#include "engine/experiment/memory_limit.hpp"
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
  // Past a file-size limit (ulimit -f) a write then fails with EFBIG, which
  // is reported like a full disk, instead of killing the program.
  std::signal(SIGXFSZ, SIG_IGN);
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

  if (argc >= 2 && argv[1][0] != '-') {
    const std::string word = argv[1];
    std::vector<std::string> names;
    const CLI::App* topic = nullptr;
    for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
      names.push_back(sub->get_name());
      if (argc >= 3 && sub->get_name() == argv[2]) topic = sub;
    }
    if (word == "help") {
      // `wfsim help` and `wfsim help run`, as git and cargo have them.
      fmt::print("{}", topic ? topic->help() : app.help());
      return kExitOk;
    }
    if (std::find(names.begin(), names.end(), word) == names.end()) {
      fmt::print(
          stderr, "wfsim: error: unknown command '{}'{}; the commands are {} (see wfsim --help)\n",
          params::printable_text(word), params::did_you_mean(word, names), fmt::join(names, ", "));
      return kExitBadInput;
    }
  }
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
  } catch (const std::bad_alloc&) {
    // What the memory estimate did not foresee.
    fmt::print(stderr,
               "wfsim: error: out of memory (this machine has {}); make the run or the design "
               "smaller\n",
               experiment::format_bytes(static_cast<double>(experiment::machine_memory_bytes())));
    return kExitFailure;
  } catch (const std::exception& e) {
    fmt::print(stderr, "wfsim: error: {}\n", params::printable_text(e.what(), 4000));
    return kExitFailure;
  }
  return kExitFailure;
}

}  // namespace wfsim::cli
