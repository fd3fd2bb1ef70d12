// `wfsim merge`: combines the shard files of a sweep run as a job array into
// the file a single run would have written.
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "engine/cli/cli.hpp"
#include "engine/cli/commands.hpp"
#include "engine/experiment/detail/sweep_output.hpp"
#include "engine/io/interrupt.hpp"
#include "engine/io/run_writer.hpp"
#include "wfsim_version.hpp"

namespace wfsim::cli {

Command add_merge_command(CLI::App& app, const model::ModelRegistry& models) {
  struct Options {
    std::vector<std::string> shards;
    std::string output;
    bool overwrite = false;
    bool quiet = false;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command =
      app.add_subcommand("merge", "Combine the shard files of a sweep into one results file");
  command->add_option("shards", options->shards, "shard files written by wfsim sweep --shard")
      ->required();
  command->add_option("-o,--output", options->output, "HDF5 results file")->required();
  command->add_flag("--overwrite", options->overwrite, "replace an existing results file");
  command->add_flag("-q,--quiet", options->quiet, "print nothing but errors");
  return {command, [options, &models] {
            io::check_output_path(options->output, options->overwrite);
            io::RemoveOnSignal guard("nothing was written to " + options->output +
                                     "; the shard files are untouched: merge them again");
            guard.add(io::temporary_path_for(options->output));
            experiment::detail::SweepProvenance provenance;
            provenance.command_line = "wfsim merge -o " + options->output;
            for (const auto& shard : options->shards)
              provenance.command_line += " " + shard;
            provenance.wfsim_version = kVersion;
            provenance.git_commit = kGitCommit;
            std::vector<std::filesystem::path> paths(options->shards.begin(),
                                                     options->shards.end());
            experiment::detail::merge_shard_files(paths, options->output, models, provenance);
            if (!options->quiet) {
              fmt::print("merged {} shards -> {}\n", paths.size(), options->output);
            }
            return kExitOk;
          }};
}

}  // namespace wfsim::cli
