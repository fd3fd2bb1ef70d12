#pragma once
/// Sweep results in HDF5, with the conventions of run results
/// (docs/results-format.md): named dimensions point, parameter, replication
/// and outcome; the design matrix, the outcomes, per-point summaries and the
/// sensitivity indices as variables of the root group; provenance (what
/// differs between two runs of the same sweep: time, host, processes) in
/// the /provenance group only, so that files of the same sweep compare
/// equal with `h5diff --exclude-path /provenance`. Layout: docs/sweeps.md.
///
/// A shard file has the same layout restricted to the shard's points, plus
/// what `wfsim merge` needs to rebuild the sweep: the sweep file's and the
/// base config's text.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/experiment/sweep.hpp"
#include "engine/experiment/sweep_run.hpp"

namespace wfsim::experiment::detail {

inline constexpr const char* kSweepFormat = "wfsim-sweep";
inline constexpr const char* kSweepShardFormat = "wfsim-sweep-shard";
/// Major version of the sweep layout: readers refuse another major version.
inline constexpr std::int64_t kSweepFormatVersion = 2;

/// How a sweep file was made; written to /provenance.
struct SweepProvenance {
  std::string command_line;
  std::string wfsim_version;
  std::string git_commit;
  int processes = 1;
  int threads = 1;
  std::uint64_t resumed_points = 0;
  double wall_seconds = 0.0;
  std::vector<std::string> merged_from;  // shard files, for a merged file
};

/// Before any work, io::check_output_path (engine/io/run_writer.hpp) checks
/// that the results can be written.

/// The output of shard `shard.index` of `shard.count`: "out.h5" becomes
/// "out.shard-3-of-8.h5" (indices zero-padded to the count's width, so
/// shell globs list them in order). One shard is the file itself.
std::filesystem::path shard_output_path(const std::filesystem::path& output, const Shard& shard);

/// Writes the shard's (or, for one shard, the whole sweep's) results to
/// `path` through a temporary file renamed into place at the end.
void write_sweep_file(const std::filesystem::path& path, const SweepPlan& plan,
                      const ShardOutcomes& outcomes, const SweepProvenance& provenance);

/// What a shard file holds.
struct ShardFile {
  std::string path;
  std::string format;
  std::uint64_t sweep_hash = 0;
  Shard shard;
  std::uint64_t first = 0;
  std::uint64_t last = 0;
  std::uint64_t points = 0;  // of the whole sweep
  std::string sweep_file;
  std::string sweep_text;
  std::string base_file;
  std::string base_text;
  std::vector<std::string> overrides;  // --set assignments
  std::size_t replications = 0;
  std::size_t outcomes = 0;
  std::vector<double> values;  // (last - first) x replications x outcomes
};

/// Reads a shard file (or a whole sweep file); throws params::ConfigError
/// when it is not one.
ShardFile read_shard_file(const std::filesystem::path& path);

/// Combines shard files into the sweep's results at `output`: checks that
/// they come from the same sweep, that the sweep rebuilds to the same
/// identity, and that they cover every point exactly once. Throws
/// params::ConfigError naming the offending file.
void merge_shard_files(const std::vector<std::filesystem::path>& shards,
                       const std::filesystem::path& output, const model::ModelRegistry& registry,
                       SweepProvenance provenance);

}  // namespace wfsim::experiment::detail
