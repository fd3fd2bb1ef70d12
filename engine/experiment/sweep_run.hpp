#pragma once
/// Running a sweep's points: in-process with oneTBB, or through another
/// executor (MPI ranks), with every finished point checkpointed so that a
/// killed run can be resumed.
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "engine/experiment/sweep.hpp"

namespace wfsim::experiment {

/// Receives a finished point's values (replications x outcomes), one call
/// at a time.
using PointSink = std::function<void(std::uint64_t point, std::span<const double> values)>;

/// Evaluates `points` on `threads` threads (0: all cores), calling `sink`
/// in the order of `points`. Memory holds only the points in flight.
void evaluate_points(const SweepPlan& plan, std::span<const std::uint64_t> points, int threads,
                     const PointSink& sink);

/// Evaluates a list of points somewhere and reports each finished one to the
/// sink, in any order.
class PointExecutor {
 public:
  virtual ~PointExecutor() = default;
  virtual void run(const SweepPlan& plan, std::span<const std::uint64_t> points,
                   const PointSink& sink) = 0;
  /// Worker threads per process, for reports.
  virtual int threads() const = 0;
  /// Processes taking part (MPI ranks), for reports.
  virtual int processes() const { return 1; }
};

class LocalExecutor final : public PointExecutor {
 public:
  explicit LocalExecutor(int threads) : threads_(threads) {}
  void run(const SweepPlan& plan, std::span<const std::uint64_t> points,
           const PointSink& sink) override;
  int threads() const override;

 private:
  int threads_;
};

/// The outcome values of one shard's points.
struct ShardOutcomes {
  Shard shard;
  std::uint64_t first = 0;  // the shard's points are [first, last)
  std::uint64_t last = 0;
  /// values[(point - first) * values_per_point + replication * outcomes + outcome]
  std::vector<double> values;
  std::uint64_t resumed = 0;  // points taken from a checkpoint
  std::uint64_t computed = 0;
  double wall_seconds = 0.0;
};

struct SweepProgress {
  std::uint64_t done = 0;  // finished points, resumed ones included
  std::uint64_t total = 0;
  std::uint64_t resumed = 0;  // taken from the checkpoint
  double elapsed_seconds = 0.0;
};

struct SweepRunOptions {
  /// The checkpoint file; the shard's finished points go there as they come.
  std::string checkpoint;
  Shard shard;
  bool resume = false;
  std::function<void(const SweepProgress&)> progress;
};

/// Runs the shard's points that are not finished yet through `executor`.
/// Throws params::ConfigError for a checkpoint that exists without
/// `resume`, or one of another sweep. The checkpoint is left in place; the
/// caller removes it once the results are written.
ShardOutcomes run_sweep(const SweepPlan& plan, const SweepRunOptions& options,
                        PointExecutor& executor);

}  // namespace wfsim::experiment
