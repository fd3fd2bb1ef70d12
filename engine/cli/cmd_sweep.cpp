// `wfsim sweep`: runs a sensitivity sweep on this machine, across MPI ranks
// (under mpirun) or as one shard of a job array; `--resume` continues a
// killed run from its checkpoint.
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <thread>

#include "engine/cli/cli.hpp"
#include "engine/cli/commands.hpp"
#include "engine/cli/progress.hpp"
#include "engine/cli/python_module.hpp"
#include "engine/distributed/mpi_sweep.hpp"
#include "engine/experiment/batch.hpp"
#include "engine/experiment/detail/sweep_output.hpp"
#include "engine/experiment/memory_limit.hpp"
#include "engine/experiment/sweep_run.hpp"
#include "engine/io/interrupt.hpp"
#include "engine/io/json_lines.hpp"
#include "engine/io/run_writer.hpp"
#include "engine/model/run_config.hpp"
#include "wfsim_version.hpp"

namespace wfsim::cli {

namespace {

struct SweepOptions {
  std::string sweep;
  std::string output;
  std::string shard;
  bool resume = false;
  bool overwrite = false;
  int threads = 0;
  bool quiet = false;
  bool stats = false;
  bool dry_run = false;
  bool ignore_memory_limit = false;
  std::vector<std::string> overrides;
};

params::ConfigError shard_error(const std::string& where, const std::string& message) {
  return params::ConfigError({where, 0, 0}, "--shard", message);
}

std::uint64_t parse_whole(const std::string& text, const std::string& where) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos ||
      text.size() > 12) {
    throw shard_error(where, "expected I/N with whole numbers I < N, got '" + text + "'");
  }
  return std::stoull(text);
}

/// `--shard I/N`, or Slurm's job-array variables when it is not given.
experiment::Shard resolve_shard(const std::string& option) {
  experiment::Shard shard;
  std::string where = "--shard " + option;
  std::string index_text;
  std::string count_text;
  if (!option.empty()) {
    const auto slash = option.find('/');
    if (slash == std::string::npos) throw shard_error(where, "expected I/N, for example 3/8");
    index_text = option.substr(0, slash);
    count_text = option.substr(slash + 1);
  } else if (const char* id = std::getenv("SLURM_ARRAY_TASK_ID")) {
    const char* count = std::getenv("SLURM_ARRAY_TASK_COUNT");
    if (!count) return shard;
    where = "SLURM_ARRAY_TASK_ID";
    std::uint64_t index = parse_whole(id, where);
    // Arrays may be numbered from any base (--array=1-8); shards from 0.
    if (const char* min = std::getenv("SLURM_ARRAY_TASK_MIN")) {
      const std::uint64_t base = parse_whole(min, "SLURM_ARRAY_TASK_MIN");
      if (index < base) throw shard_error(where, "task id below SLURM_ARRAY_TASK_MIN");
      index -= base;
    }
    index_text = std::to_string(index);
    count_text = count;
  } else {
    return shard;
  }
  shard.index = parse_whole(index_text, where);
  shard.count = parse_whole(count_text, where);
  if (shard.count == 0 || shard.index >= shard.count) {
    throw shard_error(where, "shard " + index_text + " of " + count_text +
                                 " does not exist: shards are numbered 0 to N-1");
  }
  return shard;
}

int sweep_command(const SweepOptions& options, const model::ModelRegistry& models) {
  distributed::Session mpi;
  if (distributed::launched_by_mpi() && !distributed::mpi_available()) {
    throw params::ConfigError({"mpirun", 0, 0}, "",
                              "started by an MPI launcher, but this wfsim was built without MPI "
                              "(WFSIM_WITH_MPI=OFF); every rank would run the whole sweep");
  }
  const bool distributed_run = mpi.active() && mpi.size() > 1;
  int threads = options.threads;
  if (threads == 0 && mpi.active()) {
    // Ranks sharing a node share its cores.
    const int cores = experiment::resolve_threads(0);
    threads = std::max(1, cores / mpi.local_size());
  }
  auto load = [&] {
    experiment::SweepConfig config = experiment::load_sweep_config(options.sweep, models);
    experiment::apply_sweep_overrides(config, options.overrides);
    // Before the design is built: its matrix and the outcomes of every point
    // are held in memory, and the base model runs one replication per
    // thread.
    const double points =
        static_cast<double>(experiment::design_points(config.design, config.factors));
    const double per_point = static_cast<double>(config.factors.size()) * 16.0 +
                             static_cast<double>(config.replications) *
                                 static_cast<double>(config.outcomes.size()) * 16.0;
    const double estimate =
        points * per_point +
        static_cast<double>(config.base.model->memory_estimate(config.base.values)) *
            static_cast<double>(std::max(1, threads));
    experiment::check_memory(
        estimate,
        fmt::format("the {} design of {} points", experiment::to_string(config.design.kind),
                    static_cast<std::uint64_t>(points)),
        config.file, "design", options.ignore_memory_limit);
    return std::make_unique<experiment::SweepPlan>(std::move(config));
  };
  if (distributed_run && mpi.rank() != 0) return distributed::serve_points(mpi, load, threads);

  // Built before anything can fail, so that a failure releases the workers.
  std::optional<distributed::Coordinator> coordinator;
  if (distributed_run) coordinator.emplace(mpi, threads);
  const experiment::Shard shard = resolve_shard(options.shard);
  const auto plan = load();
  if (options.dry_run) {
    const auto [from, to] = experiment::shard_points(plan->points(), shard);
    fmt::print("{}: valid {} sweep of model {}: {} points x {} replications = {} runs\n",
               options.sweep, experiment::to_string(plan->design().settings.kind),
               plan->config().base.model->name(), to - from, plan->replications(),
               (to - from) * plan->replications());
    return kExitOk;
  }
  const std::filesystem::path output = experiment::detail::shard_output_path(options.output, shard);
  const std::string checkpoint = output.string() + ".checkpoint";
  bool resume = options.resume && std::filesystem::exists(checkpoint);
  if (options.resume && !resume && std::filesystem::exists(output) &&
      experiment::detail::read_shard_file(output).sweep_hash == plan->hash()) {
    if (!options.quiet) fmt::print("{} is already complete\n", output.string());
    return kExitOk;
  }
  if (!resume && std::filesystem::exists(checkpoint)) {
    throw params::ConfigError({checkpoint, 0, 0}, "",
                              "a checkpoint of an unfinished sweep is here; continue it with "
                              "--resume, or delete it to start over");
  }
  // A resumed sweep replaces the file it is finishing; a new one only with
  // --overwrite.
  io::check_output_path(output, resume || options.overwrite);
  for (const auto& left : io::abandoned_temporaries(output)) {
    // Only a killed sweep (SIGKILL, a lost node) leaves one; its points are
    // in the checkpoint, not in this file.
    if (options.resume) {
      std::error_code ignored;
      std::filesystem::remove(left, ignored);
      fmt::print(stderr, "wfsim: note: removed '{}', left by an interrupted sweep\n",
                 left.string());
    } else {
      fmt::print(stderr,
                 "wfsim: note: '{}' is left from an interrupted sweep to the same file (its "
                 "process is gone); it is not valid results, delete it\n",
                 left.string());
    }
  }
  // Armed before the checkpoint and the results file exist.
  io::RemoveOnSignal guard("the finished points are kept in " + checkpoint +
                           "; continue with the same command and --resume");
  guard.add(io::temporary_path_for(output));

  experiment::LocalExecutor local(threads);
  experiment::PointExecutor& executor =
      coordinator ? static_cast<experiment::PointExecutor&>(*coordinator) : local;
  const auto [first, last] = experiment::shard_points(plan->points(), shard);
  std::optional<ProgressReporter> progress;
  experiment::SweepRunOptions run;
  run.checkpoint = checkpoint;
  run.shard = shard;
  run.resume = resume;
  run.progress = [&](const experiment::SweepProgress& p) {
    if (!progress) progress.emplace("points", p.total - p.resumed, options.quiet);
    progress->update(p.done - p.resumed, p.elapsed_seconds);
  };
  const experiment::ShardOutcomes outcomes = experiment::run_sweep(*plan, run, executor);
  if (progress) progress->finish(outcomes.computed, outcomes.wall_seconds);

  experiment::detail::SweepProvenance provenance;
  provenance.command_line = "wfsim sweep " + options.sweep + " -o " + options.output +
                            (options.shard.empty() ? "" : " --shard " + options.shard) +
                            (options.resume ? " --resume" : "");
  for (const auto& assignment : options.overrides) {
    const bool change = assignment.rfind(std::string(model::kChangeFlag) + " ", 0) == 0;
    provenance.command_line += (change ? " " : " --set ") + assignment;
  }
  provenance.wfsim_version = kVersion;
  provenance.git_commit = kGitCommit;
  provenance.processes = executor.processes();
  provenance.threads = executor.threads();
  provenance.resumed_points = outcomes.resumed;
  provenance.wall_seconds = outcomes.wall_seconds;
  experiment::detail::write_sweep_file(output, *plan, outcomes, provenance);
  std::filesystem::remove(checkpoint);

  const std::uint64_t points = last - first;
  const double per_point =
      outcomes.computed ? outcomes.wall_seconds / static_cast<double>(outcomes.computed) : 0.0;
  if (options.stats) {
    fmt::print(
        "{{\"points\": {}, \"computed\": {}, \"resumed\": {}, \"replications\": {}, "
        "\"processes\": {}, \"threads\": {}, \"wall_seconds\": {:.6f}, "
        "\"seconds_per_point\": {:.9f}, \"output\": {}}}\n",
        points, outcomes.computed, outcomes.resumed, plan->replications(), executor.processes(),
        executor.threads(), outcomes.wall_seconds, per_point, io::json_quote(output.string()));
  } else if (!options.quiet) {
    const std::string of_shard =
        shard.count > 1 ? fmt::format(", shard {} of {}", shard.index, shard.count) : "";
    fmt::print("{} points x {} replications ({} design{}) in {} -> {}\n", points,
               plan->replications(), experiment::to_string(plan->design().settings.kind), of_shard,
               format_duration(outcomes.wall_seconds), output.string());
    const auto kind = plan->design().settings.kind;
    if (shard.count <= 1 &&
        (kind == experiment::DesignKind::Morris || kind == experiment::DesignKind::Sobol)) {
      std::fflush(stdout);
      // The ranking is read back from the file, as an analyst would.
      int status = 1;
      try {
        status = run_python_module("wfsim_results.sweep", {output.string()});
      } catch (const std::exception&) {
      }
      if (status != 0) {
        fmt::print(stderr, "wfsim: note: could not rank the levers; the sweep file is complete\n");
      }
    }
  }
  return kExitOk;
}

}  // namespace

Command add_sweep_command(CLI::App& app, const model::ModelRegistry& models) {
  auto options = std::make_shared<SweepOptions>();
  CLI::App* command = app.add_subcommand(
      "sweep", "Run a sensitivity sweep (grid, Latin hypercube, Morris or Sobol design)");
  command->add_option("sweep", options->sweep, "YAML sweep file")->required();
  auto* output = command->add_option("-o,--output", options->output, "HDF5 results file");
  command
      ->add_flag("--dry-run", options->dry_run,
                 "check the sweep file and print the size of the sweep; run nothing")
      ->excludes(output);
  command->add_option("--shard", options->shard,
                      "run shard I of N (0 <= I < N) into its own file; defaults from "
                      "SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT");
  command->add_flag("--resume", options->resume,
                    "continue an interrupted sweep from its checkpoint (start it when there is "
                    "none; do nothing when its results are complete)");
  command->add_option("--set", options->overrides,
                      "override a parameter of the base config: KEY=VALUE (repeatable), or one "
                      "cell of a table parameter: TABLE[ROW].COLUMN=VALUE (rows counted from "
                      "0); not one the sweep varies. Part of the sweep: shards, merge and "
                      "--resume need the same assignments");
  command
      ->add_option(
          "--change",
          [options](const CLI::results_t& values) {
            for (const auto& v : values)
              options->overrides.push_back(std::string(model::kChangeFlag) + " " + v);
            return true;
          },
          "change a parameter of the base config from a month on: KEY=VALUE@MONTH "
          "(repeatable), as in `wfsim run`. Part of the sweep, like --set")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  command->add_flag("--overwrite", options->overwrite, "replace an existing results file");
  command
      ->add_option("-t,--threads", options->threads,
                   "worker threads per process; 0 uses every core (shared among the MPI "
                   "ranks of a node)")
      ->check(whole_number(0, kMaxThreads));
  command->add_flag("-q,--quiet", options->quiet, "print nothing but errors (and --stats)");
  command->add_flag("--stats", options->stats, "print sweep statistics as one JSON line");
  command->add_flag(experiment::kIgnoreMemoryLimitOption, options->ignore_memory_limit,
                    "run even when the memory estimate exceeds the machine's memory");
  return {command, [options, &models] {
            if (options->output.empty() && !options->dry_run) {
              throw params::ConfigError({"command line", 0, 0}, "--output",
                                        "required: the HDF5 results file");
            }
            return sweep_command(*options, models);
          }};
}

}  // namespace wfsim::cli
