// `wfsim report`: one self-contained HTML page of a run, a comparison or a
// sweep, written by the Python module that reads results files.
#include <memory>
#include <string>
#include <vector>

#include "engine/cli/commands.hpp"
#include "engine/cli/python_module.hpp"

namespace wfsim::cli {

namespace {

struct ReportOptions {
  std::string file;
  std::string output;
  bool overwrite = false;
  bool quiet = false;
};

}  // namespace

Command add_report_command(CLI::App& app, const model::ModelRegistry&) {
  auto options = std::make_shared<ReportOptions>();
  CLI::App* command = app.add_subcommand(
      "report", "Write one self-contained HTML report of a run, a comparison or a sweep");
  command->add_option("file", options->file, "results file (run, comparison or sweep)")->required();
  command->add_option("-o,--output", options->output, "HTML file (default: FILE with .html)");
  command->add_flag("--overwrite", options->overwrite, "replace an existing report");
  command->add_flag("-q,--quiet", options->quiet, "print nothing but errors");
  return {command, [options] {
            std::vector<std::string> args = {options->file};
            if (!options->output.empty()) args.insert(args.end(), {"-o", options->output});
            if (options->overwrite) args.push_back("--overwrite");
            if (options->quiet) args.push_back("--quiet");
            return run_python_module("wfsim_results.report", args);
          }};
}

}  // namespace wfsim::cli
