#pragma once
/// Writes a run's results (the replications of one scenario) to one
/// self-describing HDF5 file, streaming: each replication goes to the file as
/// it arrives, so memory does not grow with the number of replications. The
/// writer knows results schemas, never a particular model. Layout:
/// docs/results-format.md.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "engine/results/schema.hpp"
#include "engine/results/time_axis.hpp"

namespace wfsim::io {

/// The version of the run layout, major.minor: readers refuse a major
/// version they do not know and read any minor version of one they do
/// (a minor version only adds). docs/results-format.md.
inline constexpr std::int64_t kRunFormatVersion = 2;
inline constexpr std::int64_t kRunFormatMinorVersion = 1;  // 1: run_summaries/
/// The CF conventions the files follow (root attribute `Conventions`).
inline constexpr const char* kCfConventions = "CF-1.8";
/// Root attribute `wfsim_format` of a run's results file.
inline constexpr const char* kRunFormat = "wfsim-run";

/// How a results file was made, recorded in its /provenance group.
struct RunProvenance {
  std::string model;
  std::string description;
  std::string config_file;      // as given on the command line
  std::string config_text;      // the config file's bytes
  std::string config_resolved;  // every key, defaults included, after overrides
  std::vector<std::string> overrides;
  std::string command_line;
  std::uint64_t seed = 0;
  /// The date the first period starts: the time coordinate counts from it.
  results::Date start_date = results::kDefaultStartDate;
  std::uint64_t first_replication = 0;
  std::uint64_t replications = 0;
  int threads = 0;
  std::string wfsim_version;
  std::string git_commit;
};

struct RunWriterOptions {
  /// Replace an existing file at the final path.
  bool overwrite = false;
  /// Deflate level 1-9 for the results (0: uncompressed). Level 1 costs
  /// about a fifth less writing time than 4 for files some 7% larger.
  int deflate = 1;
  /// Bytes of summary buffer: the block of one variable read back at a
  /// time to compute per-period statistics.
  std::size_t summary_buffer_bytes = std::size_t{16} << 20;
};

/// The quantiles of the per-period summaries.
inline constexpr double kSummaryQuantiles[] = {0.05, 0.25, 0.50, 0.75, 0.95};

/// Checks, before a run, that results can go to `path`: its directory exists
/// and is writable, and no file is there unless `overwrite`. Throws
/// params::ConfigError naming the path and the option `key`.
void check_output_path(const std::filesystem::path& path, bool overwrite,
                       const std::string& key = "--output");

/// The hidden temporary file, in the same directory, that becomes `path`.
std::filesystem::path temporary_path_for(const std::filesystem::path& path);

/// Temporary files of earlier runs to `path` whose process is no longer
/// running on this machine: left by a run that was killed (SIGKILL cannot
/// be caught). Reported, not deleted: on a shared file system the process
/// may be running on another machine.
std::vector<std::filesystem::path> abandoned_temporaries(const std::filesystem::path& path);

/// Linear interpolation between order statistics (the default of
/// numpy.quantile): q-quantile of sorted, non-empty `sorted`.
double quantile_of_sorted(const std::vector<double>& sorted, double q);

class RunWriter {
 public:
  /// Creates the temporary file and the layout for `schema`; throws
  /// params::ConfigError when the file cannot be created.
  RunWriter(std::filesystem::path path, const results::OutputSchema& schema,
            RunProvenance provenance, RunWriterOptions options = {});
  RunWriter(const RunWriter&) = delete;
  RunWriter& operator=(const RunWriter&) = delete;
  /// Without commit(), closes and deletes the temporary file: nothing is
  /// left that could pass for complete results.
  ~RunWriter();

  /// Writes one replication. Any order works; the CLI gives them in order.
  void add(const results::ReplicationResult& result);
  /// Writes a table about the run as a whole to `run_summaries/<name>`: a
  /// string coordinate of its rows and one variable per column on it.
  void add_run_summary(const results::RunSummary& table);
  /// Computes the per-period summaries, completes provenance, closes the
  /// file and renames it to the final path. Throws when a replication is
  /// missing or the file cannot be completed (then nothing is at the final
  /// path unless it was there before).
  void commit();

  const std::filesystem::path& path() const;
  const std::filesystem::path& temporary_path() const;

 private:
  void add_unchecked(const results::ReplicationResult& result);
  void add_run_summary_unchecked(const results::RunSummary& table);
  void commit_unchecked();
  /// Closes and deletes the temporary file unless committed; a failed
  /// writer stays failed.
  void discard() noexcept;
  std::filesystem::path state_path_or_empty() const;

  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace wfsim::io
