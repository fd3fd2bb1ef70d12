#include "engine/experiment/sweep_run.hpp"

#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <chrono>
#include <limits>
#include <memory>

#include "engine/core/sync_annotations.hpp"
#include "engine/experiment/batch.hpp"
#include "engine/experiment/checkpoint.hpp"

namespace wfsim::experiment {

namespace {

/// A point travelling through the pipeline with its values.
struct PointWork {
  std::uint64_t point = 0;
  std::vector<double> values;
};

}  // namespace

void evaluate_points(const SweepPlan& plan, std::span<const std::uint64_t> points, int threads,
                     const PointSink& sink) {
  std::size_t next = 0;
  with_threads(threads, [&] {
    const auto tokens = static_cast<std::size_t>(2 * tbb::this_task_arena::max_concurrency());
    const auto stages =
        tbb::make_filter<void, PointWork*>(tbb::filter_mode::serial_in_order,
                                           [&](tbb::flow_control& control) -> PointWork* {
                                             WFSIM_HAPPENS_AFTER(&next);
                                             const core::HappensBeforeOnExit release_next(&next);
                                             if (next == points.size()) {
                                               control.stop();
                                               return nullptr;
                                             }
                                             auto work = std::make_unique<PointWork>();
                                             work->point = points[next++];
                                             work->values.resize(plan.values_per_point());
                                             WFSIM_HAPPENS_BEFORE(work.get());
                                             return work.release();
                                           }) &
        tbb::make_filter<PointWork*, PointWork*>(tbb::filter_mode::parallel,
                                                 [&](PointWork* work) {
                                                   WFSIM_HAPPENS_AFTER(work);
                                                   WFSIM_HAPPENS_AFTER(&next);
                                                   plan.evaluate(work->point, work->values);
                                                   WFSIM_HAPPENS_BEFORE(work);
                                                   return work;
                                                 }) &
        tbb::make_filter<PointWork*, void>(tbb::filter_mode::serial_in_order,
                                           [&](PointWork* token) {
                                             std::unique_ptr<PointWork> work(token);
                                             WFSIM_HAPPENS_AFTER(token);
                                             WFSIM_HAPPENS_AFTER(&next);
                                             sink(work->point, work->values);
                                             WFSIM_HAPPENS_BEFORE(&next);
                                           });
    WFSIM_HAPPENS_BEFORE(&next);
    tbb::parallel_pipeline(tokens, stages);
    WFSIM_HAPPENS_AFTER(&next);
  });
}

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

  const CheckpointHeader header{plan.hash(), plan.points(), width, options.shard};
  auto store = [&](std::uint64_t point, std::span<const double> values) {
    if (point < outcomes.first || point >= outcomes.last) {
      throw std::logic_error("a point outside the shard was reported");
    }
    const std::uint64_t i = point - outcomes.first;
    std::copy(values.begin(), values.end(),
              outcomes.values.begin() + static_cast<std::ptrdiff_t>(i * width));
    finished[i] = true;
  };
  Checkpoint checkpoint =
      options.resume ? Checkpoint::resume(options.checkpoint, header,
                                          [&](std::uint64_t point, std::span<const double> v) {
                                            if (point >= outcomes.first && point < outcomes.last) {
                                              if (!finished[point - outcomes.first])
                                                ++outcomes.resumed;
                                              store(point, v);
                                            }
                                          })
                     : Checkpoint::create(options.checkpoint, header);

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
