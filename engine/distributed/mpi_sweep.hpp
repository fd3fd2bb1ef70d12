#pragma once
/// Sweeps over MPI ranks: rank 0 coordinates (hands out points on request,
/// checkpoints and writes), ranks 1.. evaluate. Points go out dynamically, in
/// chunks sized so that a chunk takes a few tens of milliseconds, and the
/// results are stored by point index, so the file is the same whatever the
/// rank count or the order in which points finish.
///
/// MPI is initialised only when the environment says an MPI launcher
/// started the process (OMPI_COMM_WORLD_SIZE, PMI_RANK or PMIX_RANK set):
/// plain runs never touch it. Only the main thread of each rank calls MPI
/// (MPI_THREAD_FUNNELED); oneTBB threads evaluate points in between.
#include <functional>
#include <memory>

#include "engine/experiment/sweep_run.hpp"

namespace wfsim::distributed {

/// Whether an MPI launcher started this process.
bool launched_by_mpi();
/// Whether this build has MPI.
bool mpi_available();

/// MPI for the lifetime of the object, when launched by an MPI launcher.
class Session {
 public:
  Session();
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  bool active() const { return active_; }
  int rank() const { return rank_; }
  int size() const { return size_; }
  /// Ranks on this node (from the launcher's environment), for the default
  /// thread count: the node's cores shared among them.
  int local_size() const;

 private:
  bool active_ = false;
  int rank_ = 0;
  int size_ = 1;
};

/// Rank 0's side: an executor that farms points out to the other ranks.
/// Construct it before anything that can fail: its destructor tells every
/// worker still waiting to stop, so a failure on rank 0 never leaves the
/// other ranks hanging.
class Coordinator final : public experiment::PointExecutor {
 public:
  explicit Coordinator(const Session& session, int threads_per_rank);
  ~Coordinator() override;

  void run(const experiment::SweepPlan& plan, std::span<const std::uint64_t> points,
           const experiment::PointSink& sink) override;
  int threads() const override { return threads_per_rank_; }
  int processes() const override;
  /// Stops every worker not stopped yet. Called by the destructor.
  void release() noexcept;

 private:
  struct State;
  std::unique_ptr<State> state_;
  int threads_per_rank_;
};

/// Ranks 1..: builds the plan with `build`, then evaluates what rank 0 sends
/// until told to stop. Failures (of the plan or of a point) go to rank 0,
/// which reports them and fails; the worker itself returns 0, since mpirun
/// would kill rank 0 before it could report if a worker failed first.
int serve_points(const Session& session,
                 const std::function<std::unique_ptr<experiment::SweepPlan>()>& build, int threads);

}  // namespace wfsim::distributed
