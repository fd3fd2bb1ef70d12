#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>

#include "engine/cli/commands.hpp"
#include "engine/cli/console_summary.hpp"
#include "engine/cli/progress.hpp"
#include "engine/experiment/batch.hpp"
#include "engine/experiment/memory_limit.hpp"
#include "engine/io/interrupt.hpp"
#include "engine/io/json_lines.hpp"
#include "engine/io/run_writer.hpp"
#include "engine/model/run_config.hpp"
#include "engine/params/config_error.hpp"
#include "wfsim_version.hpp"

namespace wfsim::cli {

namespace {

namespace fs = std::filesystem;

struct RunOptions {
  std::string config;
  std::uint64_t replications = 0;  // 0: as the config says
  std::uint64_t seed = 0;
  bool seed_given = false;
  int threads = 0;
  std::vector<std::string> overrides;  // --set and --change, in the order given
  bool quiet = false;
  bool stats = false;
  std::string output;  // "": the default, results/<config name>.h5
  bool no_output = false;
  bool overwrite = false;
  std::string dump_json;
  int compression = 1;
  bool ignore_memory_limit = false;
};

/// Where results go when -o is not given. A variant (--set, --change) gets
/// a name of its own, derived from its assignments, so that it never
/// replaces the plain config's results.
fs::path default_output(const std::string& config, const std::vector<std::string>& overrides) {
  const std::string stem = fs::path(config).stem().string();
  if (overrides.empty()) return fs::path("results") / (stem + ".h5");
  std::uint64_t hash = 14695981039346656037ull;  // FNV-1a: stable across builds
  for (const auto& assignment : overrides) {
    for (const char c : assignment + '\n') {
      hash ^= static_cast<unsigned char>(c);
      hash *= 1099511628211ull;
    }
  }
  return fs::path("results") / fmt::format("{}.variant-{:08x}.h5", stem, hash >> 32);
}

/// Builds the scenario; an error in a row a --change added names the
/// argument alone (the schedule row it became means nothing to the user).
/// Auxiliary replications the model runs first (a calibration) show their
/// progress like the run's own; `seconds` is what they took.
std::unique_ptr<const model::Scenario> instantiate(const model::RunConfig& config, int threads,
                                                   bool quiet, double& seconds) {
  std::optional<ProgressReporter> progress;
  model::PrepareContext context{config.seed, threads, {}};
  context.progress = [&](const model::PrepareProgress& p) {
    if (!progress) {
      if (!quiet) fmt::print(stderr, "wfsim: {}\n", p.explanation);
      progress.emplace(std::string(p.label), p.total, quiet);
    }
    seconds = p.elapsed_seconds;
    if (p.done == 0) return;  // announced; nothing done to draw yet
    if (p.done >= p.total) {
      progress->finish(p.done, p.elapsed_seconds);
    } else {
      progress->update(p.done, p.elapsed_seconds);
    }
  };
  try {
    return config.model->prepare(config.values, context);
  } catch (const params::ConfigError& e) {
    if (e.where().file.rfind(std::string(model::kChangeFlag) + " ", 0) == 0) {
      throw params::ConfigError(e.where(), "", e.message());
    }
    throw;
  }
}

/// Peak resident memory of this process in MiB: VmHWM, which (unlike
/// getrusage's maxrss) does not count what the parent used before exec.
double peak_rss_mib() {
  std::FILE* status = std::fopen("/proc/self/status", "r");
  if (!status) return 0.0;
  char line[256];
  double kib = 0.0;
  while (std::fgets(line, sizeof line, status)) {
    if (std::strncmp(line, "VmHWM:", 6) == 0) kib = std::strtod(line + 6, nullptr);
  }
  std::fclose(status);
  return kib / 1024.0;
}

/// Refuses a results path that cannot be written or exists without
/// --overwrite, and names what killed runs left beside it.
void check_results_path(const fs::path& output, bool overwrite) {
  io::check_output_path(output, overwrite);
  for (const auto& left : io::abandoned_temporaries(output)) {
    fmt::print(stderr,
               "wfsim: note: '{}' is left from an interrupted run to the same file (its "
               "process is gone); it is not valid results, delete it\n",
               left.string());
  }
}

struct RunOutputs {
  std::optional<fs::path> results;
  /// The default folder is created on first use, once the config has
  /// proved good; a folder named with -o must exist, so that a typo does
  /// not scatter results.
  bool create_default_folder = false;
};

/// Where results and the JSON dump go, checked.
RunOutputs plan_outputs(const RunOptions& options) {
  RunOutputs outputs;
  if (!options.no_output) {
    outputs.results = options.output.empty() ? default_output(options.config, options.overrides)
                                             : fs::path(options.output);
    outputs.create_default_folder =
        options.output.empty() && !fs::exists(outputs.results->parent_path());
    if (!outputs.create_default_folder) check_results_path(*outputs.results, options.overwrite);
  }
  if (!options.dump_json.empty()) {
    const fs::path dump_path(options.dump_json);
    const auto& results = outputs.results;
    std::error_code ignored;
    if (fs::equivalent(dump_path, options.config, ignored) ||
        (results && (dump_path == *results || fs::equivalent(dump_path, *results, ignored)))) {
      throw params::ConfigError({options.dump_json, 0, 0}, "--dump-json",
                                "names the run's own config or results file; choose another path");
    }
    io::check_output_path(dump_path, options.overwrite, "--dump-json");
  }
  return outputs;
}

int run_command(const RunOptions& options, const model::ModelRegistry& models) {
  model::RunConfig config = model::load_run_config(options.config, models);
  model::apply_overrides(config, options.overrides);
  if (options.replications > 0) config.replications = options.replications;
  if (options.seed_given) config.seed = options.seed;
  const int threads = experiment::resolve_threads(options.threads);
  {
    // Judged before anything is built: the scenario and the replications
    // running at once, and, with a results file, the per-replication
    // values the writer gathers for its summaries.
    const double concurrent = static_cast<double>(
        std::min<std::uint64_t>(static_cast<std::uint64_t>(threads), config.replications));
    const double estimate =
        static_cast<double>(config.model->memory_estimate(config.values)) * concurrent +
        (options.no_output ? 0.0 : static_cast<double>(config.replications) * 16.0);
    experiment::check_memory(
        estimate, fmt::format("{} replications on {} threads", config.replications, threads),
        config.file, "", options.ignore_memory_limit);
  }
  // Every problem with where results go is found before the run starts,
  // and before a calibration the model may run first.
  const RunOutputs outputs = plan_outputs(options);
  const std::optional<fs::path>& output = outputs.results;
  // Armed before any temporary file is created: a signal while the writer
  // lays its file out (a noticeable time on a loaded machine) must remove
  // it too.
  std::optional<io::RemoveOnSignal> guard;
  if (output || !options.dump_json.empty()) {
    guard.emplace("nothing was written" + (output ? " to " + output->string() : std::string()) +
                  "; run the command again to start over");
  }
  const fs::path dump_path(options.dump_json);
  double prepare_seconds = 0.0;
  const auto scenario = instantiate(config, options.threads, options.quiet, prepare_seconds);
  if (outputs.create_default_folder) {
    std::error_code ignored;
    fs::create_directory(output->parent_path(), ignored);
    check_results_path(*output, options.overwrite);
  }

  std::unique_ptr<io::JsonLinesWriter> dump;
  if (!options.dump_json.empty()) {
    guard->add(io::temporary_path_for(dump_path));
    dump = std::make_unique<io::JsonLinesWriter>(dump_path, scenario->schema(), options.overwrite);
  }
  std::unique_ptr<io::RunWriter> writer;
  if (output) {
    io::RunProvenance provenance;
    provenance.model = std::string(config.model->name());
    provenance.description = config.description;
    provenance.config_file = config.file;
    provenance.config_text = config.text;
    provenance.config_resolved = model::resolved_yaml(config);
    provenance.overrides = options.overrides;
    provenance.command_line = command_line();
    provenance.seed = config.seed;
    provenance.start_date = config.start_date;
    provenance.replications = config.replications;
    provenance.threads = threads;
    provenance.wfsim_version = kVersion;
    provenance.git_commit = kGitCommit;
    io::RunWriterOptions writer_options;
    writer_options.overwrite = options.overwrite;
    writer_options.deflate = options.compression;
    guard->add(io::temporary_path_for(*output));
    writer = std::make_unique<io::RunWriter>(*output, scenario->schema(), std::move(provenance),
                                             writer_options);
  }

  using Clock = std::chrono::steady_clock;
  double output_seconds = 0.0;
  ConsoleSummary summary(scenario->schema());
  std::vector<std::vector<double>> scalars;
  ProgressReporter progress("replications", config.replications, options.quiet);
  experiment::BatchOptions batch;
  batch.seed = config.seed;
  batch.replications = config.replications;
  batch.threads = options.threads;
  batch.tables = writer != nullptr || dump != nullptr;
  const auto totals = experiment::run_batch(
      *scenario, batch,
      [&](results::ReplicationResult&& result) {
        summary.add(result);
        scalars.push_back(result.scalars);
        if (dump) dump->add(result);
        if (writer) {
          const auto t0 = Clock::now();
          writer->add(result);
          output_seconds += std::chrono::duration<double>(Clock::now() - t0).count();
        }
      },
      [&](const experiment::BatchProgress& p) { progress.update(p.done, p.elapsed_seconds); });
  progress.finish(totals.replications, totals.wall_seconds);
  if (dump) dump->close();
  const auto run_summaries = scenario->summarise(scalars);
  std::uintmax_t output_bytes = 0;
  if (writer) {
    for (const auto& table : run_summaries)
      writer->add_run_summary(table);
    const auto t0 = Clock::now();
    writer->commit();
    output_seconds += std::chrono::duration<double>(Clock::now() - t0).count();
    std::error_code ignored;
    output_bytes = fs::file_size(*output, ignored);
  }
  guard.reset();

  if (!options.quiet) {
    summary.print(stdout);
    for (const auto& table : run_summaries)
      print_run_summary(stdout, table);
    for (const auto& note : scenario->notes())
      fmt::print("note: {}\n", note);
  }
  if (options.stats) {
    fmt::print(
        "{{\"model\": \"{}\", \"replications\": {}, \"threads\": {}, \"events\": {}, "
        "\"wall_seconds\": {:.6f}, \"events_per_second\": {:.1f}, \"output\": {}, "
        "\"output_seconds\": {:.6f}, \"output_bytes\": {}, \"prepare_seconds\": {:.6f}, "
        "\"peak_rss_mib\": {:.1f}}}\n",
        config.model->name(), totals.replications, threads, totals.events, totals.wall_seconds,
        totals.wall_seconds > 0 ? static_cast<double>(totals.events) / totals.wall_seconds : 0.0,
        output ? io::json_quote(output->string()) : "null", output_seconds, output_bytes,
        prepare_seconds, peak_rss_mib());
  } else if (!options.quiet) {
    fmt::print(
        "{} replications, {} events in {} on {} threads ({:.3g} events/s)\n", totals.replications,
        totals.events, format_duration(totals.wall_seconds), threads,
        totals.wall_seconds > 0 ? static_cast<double>(totals.events) / totals.wall_seconds : 0.0);
    if (output) {
      fmt::print("results: {} ({:.1f} MB)\n", output->string(),
                 static_cast<double>(output_bytes) / 1e6);
      if (options.output.empty() && !options.overrides.empty()) {
        fmt::print("(a variant of {}: its own file, beside the plain config's {})\n",
                   options.config, default_output(options.config, {}).string());
      }
    }
  }
  return 0;
}

}  // namespace

Command add_run_command(CLI::App& app, const model::ModelRegistry& models) {
  auto options = std::make_shared<RunOptions>();
  CLI::App* command = app.add_subcommand(
      "run", "Run a config's replications, write their results to HDF5 and summarise them");
  command->add_option("config", options->config, "YAML run config")->required();
  command
      ->add_option("-r,--replications", options->replications,
                   "number of replications (default: the config's, else 1)")
      ->check(whole_number(1, kMaxReplications));
  command->add_option("--seed", options->seed, "base seed (default: the config's)")
      ->check(whole_number(0))
      ->each([options](const std::string&) { options->seed_given = true; });
  command->add_option("-t,--threads", options->threads, "worker threads; 0 uses every core")
      ->check(whole_number(0, kMaxThreads));
  command->add_option("--set", options->overrides,
                      "override a parameter from the start: KEY=VALUE (repeatable), e.g. --set "
                      "lps=4096; TABLE[ROW].COLUMN=VALUE sets one cell of a table parameter "
                      "(rows counted from 0)");
  command
      ->add_option(
          "--change",
          [options](const CLI::results_t& values) {
            for (const auto& v : values)
              options->overrides.push_back(std::string(model::kChangeFlag) + " " + v);
            return true;
          },
          "change a scalar parameter from a month on: KEY=VALUE@MONTH (repeatable; a row "
          "of the schedule table), e.g. --change policy.approval.signoffs=2@13")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  auto* output = command->add_option(
      "-o,--output", options->output,
      "results file (HDF5; default: results/<config name>.h5, creating results/)");
  auto* no_output = command->add_flag("--no-output", options->no_output, "write no results file");
  output->excludes(no_output);
  command->add_flag("--overwrite", options->overwrite, "replace an existing results file");
  command
      ->add_option("--compression", options->compression,
                   "deflate level of the results file, 0 (none) to 9 (smallest, slowest)")
      ->check(CLI::Range(0, 9));
  command->add_option("--dump-json", options->dump_json,
                      "also write every replication's raw results as JSON lines to this file "
                      "(replaced only with --overwrite)");
  command->add_flag("-q,--quiet", options->quiet, "print nothing but errors (and --stats)");
  command->add_flag("--stats", options->stats, "print run statistics as one JSON line");
  command->add_flag(experiment::kIgnoreMemoryLimitOption, options->ignore_memory_limit,
                    "run even when the memory estimate exceeds the machine's memory");
  return {command, [options, &models] { return run_command(*options, models); }};
}

}  // namespace wfsim::cli
