#include "engine/experiment/sweep_run.hpp"

#include <chrono>
#include <limits>
#include <memory>

#include "engine/experiment/batch.hpp"
#include "engine/experiment/detail/checkpoint.hpp"

namespace wfsim::experiment {

void LocalExecutor::run(const SweepPlan& plan, std::span<const std::uint64_t> points,
                        const PointSink& sink) {
  evaluate_points(plan, points, threads_, sink);
}

int LocalExecutor::threads() const {
  return resolve_threads(threads_);
}

ShardOutcomes run_sweep(const SweepPlan& plan, const SweepRunOptions& options,
                        PointExecutor& executor) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  ShardOutcomes outcomes;
  outcomes.shard = options.shard;
  std::tie(outcomes.first, outcomes.last) = shard_points(plan.points(), options.shard);
  const std::size_t width = plan.values_per_point();
  const std::uint64_t count = outcomes.last - outcomes.first;
  outcomes.values.assign(count * width, std::numeric_limits<double>::quiet_NaN());
  std::vector<bool> finished(count, false);

  const detail::CheckpointHeader header{plan.hash(), plan.points(), width, options.shard};
  auto store = [&](std::uint64_t point, std::span<const double> values) {
    if (point < outcomes.first || point >= outcomes.last) {
      throw std::logic_error("a point outside the shard was reported");
    }
    const std::uint64_t i = point - outcomes.first;
    std::copy(values.begin(), values.end(),
              outcomes.values.begin() + static_cast<std::ptrdiff_t>(i * width));
    finished[i] = true;
  };
  detail::Checkpoint checkpoint =
      options.resume
          ? detail::Checkpoint::resume(options.checkpoint, header,
                                       [&](std::uint64_t point, std::span<const double> v) {
                                         if (point >= outcomes.first && point < outcomes.last) {
                                           if (!finished[point - outcomes.first])
                                             ++outcomes.resumed;
                                           store(point, v);
                                         }
                                       })
          : detail::Checkpoint::create(options.checkpoint, header);

  std::vector<std::uint64_t> todo;
  todo.reserve(count - outcomes.resumed);
  for (std::uint64_t i = 0; i < count; ++i) {
    if (!finished[i]) todo.push_back(outcomes.first + i);
  }
  SweepProgress progress{outcomes.resumed, count, outcomes.resumed, 0.0};
  executor.run(plan, todo, [&](std::uint64_t point, std::span<const double> values) {
    if (finished.at(point - outcomes.first)) return;  // already delivered once
    checkpoint.append(point, values);
    store(point, values);
    ++outcomes.computed;
    ++progress.done;
    if (options.progress) {
      progress.elapsed_seconds = std::chrono::duration<double>(Clock::now() - start).count();
      options.progress(progress);
    }
  });
  if (outcomes.resumed + outcomes.computed != count) {
    throw std::runtime_error("the sweep ended with " +
                             std::to_string(count - outcomes.resumed - outcomes.computed) +
                             " points missing");
  }
  outcomes.wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return outcomes;
}

}  // namespace wfsim::experiment
