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
#include "engine/io/json_lines.hpp"
#include "engine/io/run_writer.hpp"
#include "engine/model/run_config.hpp"
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
  std::vector<std::string> overrides;
  bool quiet = false;
  bool stats = false;
  std::string output;  // "": the default, results/<config name>.h5
  bool no_output = false;
  bool overwrite = false;
  std::string dump_json;
  int compression = 1;
};

/// Where results go when -o is not given.
fs::path default_output(const std::string& config) {
  return fs::path("results") / (fs::path(config).stem().string() + ".h5");
}

/// The temporary results file, deleted if the run is interrupted by a
/// signal: a fixed buffer, because a signal handler may not allocate.
char g_temporary_path[4096] = {};

extern "C" void remove_temporary_and_die(int signal_number) {
  if (g_temporary_path[0] != '\0') unlink(g_temporary_path);
  // Die of the same signal, so the parent sees what happened.
  ::signal(signal_number, SIG_DFL);
  ::raise(signal_number);
}

/// While alive, SIGINT, SIGTERM and SIGHUP delete the temporary file before
/// ending the program. (SIGKILL cannot be caught: it leaves the hidden
/// temporary file behind, never a file at the final path.)
class RemoveOnSignal {
 public:
  explicit RemoveOnSignal(const fs::path& temporary) {
    const std::string text = temporary.string();
    if (text.size() >= sizeof g_temporary_path) return;
    std::memcpy(g_temporary_path, text.c_str(), text.size() + 1);
    struct sigaction action {};
    action.sa_handler = remove_temporary_and_die;
    sigemptyset(&action.sa_mask);
    for (int i = 0; i < 3; ++i)
      sigaction(kSignals[i], &action, &previous_[i]);
    installed_ = true;
  }
  RemoveOnSignal(const RemoveOnSignal&) = delete;
  RemoveOnSignal& operator=(const RemoveOnSignal&) = delete;
  ~RemoveOnSignal() {
    if (!installed_) return;
    for (int i = 0; i < 3; ++i)
      sigaction(kSignals[i], &previous_[i], nullptr);
    g_temporary_path[0] = '\0';
  }

 private:
  static constexpr int kSignals[3] = {SIGINT, SIGTERM, SIGHUP};
  struct sigaction previous_[3] = {};
  bool installed_ = false;
};

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

int run_command(const RunOptions& options, const model::ModelRegistry& models) {
  model::RunConfig config = model::load_run_config(options.config, models);
  model::apply_overrides(config, options.overrides);
  if (options.replications > 0) config.replications = options.replications;
  if (options.seed_given) config.seed = options.seed;
  const auto scenario = config.model->instantiate(config.values);
  const int threads = experiment::resolve_threads(options.threads);

  // Every problem with where results go is found before the run starts.
  std::optional<fs::path> output;
  if (!options.no_output) {
    output = options.output.empty() ? default_output(options.config) : fs::path(options.output);
    if (options.output.empty() && !fs::exists(output->parent_path())) {
      // The default folder is created on first use; a folder named with -o
      // must exist, so that a typo does not scatter results.
      std::error_code ignored;
      fs::create_directory(output->parent_path(), ignored);
    }
    io::check_output_path(*output, options.overwrite);
    for (const auto& left : io::abandoned_temporaries(*output)) {
      fmt::print(stderr,
                 "wfsim: note: '{}' is left from an interrupted run to the same file (its "
                 "process is gone); it is not valid results, delete it\n",
                 left.string());
    }
  }
  std::unique_ptr<io::JsonLinesWriter> dump;
  if (!options.dump_json.empty()) {
    dump = std::make_unique<io::JsonLinesWriter>(options.dump_json, scenario->schema());
  }
  std::unique_ptr<io::RunWriter> writer;
  std::optional<RemoveOnSignal> guard;
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
    // Armed before the writer creates its temporary file: a signal while
    // it lays the file out (a noticeable time on a loaded machine) must
    // remove it too.
    guard.emplace(io::temporary_path_for(*output));
    writer = std::make_unique<io::RunWriter>(*output, scenario->schema(), std::move(provenance),
                                             writer_options);
  }

  using Clock = std::chrono::steady_clock;
  double output_seconds = 0.0;
  ConsoleSummary summary(scenario->schema());
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
  std::uintmax_t output_bytes = 0;
  if (writer) {
    const auto t0 = Clock::now();
    writer->commit();
    output_seconds += std::chrono::duration<double>(Clock::now() - t0).count();
    std::error_code ignored;
    output_bytes = fs::file_size(*output, ignored);
  }
  guard.reset();

  if (!options.quiet) summary.print(stdout);
  if (options.stats) {
    fmt::print(
        "{{\"model\": \"{}\", \"replications\": {}, \"threads\": {}, \"events\": {}, "
        "\"wall_seconds\": {:.6f}, \"events_per_second\": {:.1f}, \"output\": {}, "
        "\"output_seconds\": {:.6f}, \"output_bytes\": {}, \"peak_rss_mib\": {:.1f}}}\n",
        config.model->name(), totals.replications, threads, totals.events, totals.wall_seconds,
        totals.wall_seconds > 0 ? static_cast<double>(totals.events) / totals.wall_seconds : 0.0,
        output ? io::json_quote(output->string()) : "null", output_seconds, output_bytes,
        peak_rss_mib());
  } else if (!options.quiet) {
    fmt::print(
        "{} replications, {} events in {} on {} threads ({:.3g} events/s)\n", totals.replications,
        totals.events, format_duration(totals.wall_seconds), threads,
        totals.wall_seconds > 0 ? static_cast<double>(totals.events) / totals.wall_seconds : 0.0);
    if (output) {
      fmt::print("results: {} ({:.1f} MB)\n", output->string(),
                 static_cast<double>(output_bytes) / 1e6);
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
      ->check(CLI::PositiveNumber);
  command->add_option("--seed", options->seed, "base seed (default: the config's)")
      ->each([options](const std::string&) { options->seed_given = true; });
  command->add_option("-t,--threads", options->threads, "worker threads; 0 uses every core")
      ->check(CLI::NonNegativeNumber);
  command->add_option("--set", options->overrides,
                      "override a parameter: KEY=VALUE (repeatable), e.g. --set lps=4096");
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
                      "also write every replication's raw results as JSON lines to this file");
  command->add_flag("-q,--quiet", options->quiet, "print nothing but errors (and --stats)");
  command->add_flag("--stats", options->stats, "print run statistics as one JSON line");
  return {command, [options, &models] { return run_command(*options, models); }};
}

}  // namespace wfsim::cli
