#include <cstdio>
#include <memory>

#include "engine/cli/commands.hpp"
#include "engine/cli/console_summary.hpp"
#include "engine/cli/progress.hpp"
#include "engine/experiment/batch.hpp"
#include "engine/model/run_config.hpp"

namespace wfsim::cli {

namespace {

struct RunOptions {
  std::string config;
  std::uint64_t replications = 0;  // 0: as the config says
  std::uint64_t seed = 0;
  bool seed_given = false;
  int threads = 0;
  std::vector<std::string> overrides;
  bool quiet = false;
  bool stats = false;
};

int run_command(const RunOptions& options, const model::ModelRegistry& models) {
  model::RunConfig config = model::load_run_config(options.config, models);
  model::apply_overrides(config, options.overrides);
  if (options.replications > 0) config.replications = options.replications;
  if (options.seed_given) config.seed = options.seed;
  const auto scenario = config.model->instantiate(config.values);

  ConsoleSummary summary(scenario->schema());
  ProgressReporter progress("replications", config.replications, options.quiet);
  experiment::BatchOptions batch;
  batch.seed = config.seed;
  batch.replications = config.replications;
  batch.threads = options.threads;
  const auto totals = experiment::run_batch(
      *scenario, batch, [&](results::ReplicationResult&& result) { summary.add(result); },
      [&](const experiment::BatchProgress& p) { progress.update(p.done, p.elapsed_seconds); });
  progress.finish(totals.replications, totals.wall_seconds);

  if (!options.quiet) summary.print(stdout);
  const int threads = experiment::resolve_threads(options.threads);
  if (options.stats) {
    std::printf(
        "{\"model\": \"%s\", \"replications\": %llu, \"threads\": %d, \"events\": %llu, "
        "\"wall_seconds\": %.6f, \"events_per_second\": %.1f}\n",
        std::string(config.model->name()).c_str(),
        static_cast<unsigned long long>(totals.replications), threads,
        static_cast<unsigned long long>(totals.events), totals.wall_seconds,
        totals.wall_seconds > 0 ? static_cast<double>(totals.events) / totals.wall_seconds : 0.0);
  } else if (!options.quiet) {
    std::printf(
        "%llu replications, %llu events in %s on %d threads (%.3g events/s)\n",
        static_cast<unsigned long long>(totals.replications),
        static_cast<unsigned long long>(totals.events),
        format_duration(totals.wall_seconds).c_str(), threads,
        totals.wall_seconds > 0 ? static_cast<double>(totals.events) / totals.wall_seconds : 0.0);
  }
  return 0;
}

}  // namespace

Command add_run_command(CLI::App& app, const model::ModelRegistry& models) {
  auto options = std::make_shared<RunOptions>();
  CLI::App* command = app.add_subcommand("run", "Run a config's replications and summarise them");
  command->add_option("config", options->config, "YAML run config")->required();
  command
      ->add_option("-r,--replications", options->replications,
                   "number of replications (default: the config's, else 1)")
      ->check(CLI::PositiveNumber);
  command->add_option("--seed", options->seed, "base seed (default: the config's)")
      ->each([options](const std::string&) { options->seed_given = true; });
  command->add_option("-t,--threads", options->threads, "worker threads; 0 uses every core")
      ->check(CLI::NonNegativeNumber);
  command->add_option("--set", options->overrides,
                      "override a parameter: KEY=VALUE (repeatable), e.g. --set lps=4096");
  command->add_flag("-q,--quiet", options->quiet, "print nothing but errors (and --stats)");
  command->add_flag("--stats", options->stats, "print run statistics as one JSON line");
  return {command, [options, &models] { return run_command(*options, models); }};
}

}  // namespace wfsim::cli
