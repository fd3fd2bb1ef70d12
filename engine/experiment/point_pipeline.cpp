// The pipeline that evaluates a sweep's points in parallel and hands them
// to a sink in order. Kept on its own, like batch.cpp: oneTBB copies the
// stage lambdas inside its uninstrumented library, so TSan cannot see their
// captures handed over; tests/tsan.supp names this file, whose only code is
// the stage bodies (the plan and the sink they call are checked in full).
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <memory>
#include <vector>

#include "engine/core/detail/sync_annotations.hpp"
#include "engine/core/worker_errors.hpp"
#include "engine/experiment/batch.hpp"
#include "engine/experiment/sweep_run.hpp"

namespace wfsim::experiment {

namespace {

/// A point travelling through the pipeline with its values.
struct PointWork {
  std::size_t position = 0;  // in the list of points: their order
  std::uint64_t point = 0;
  std::vector<double> values;
};

}  // namespace

void evaluate_points(const SweepPlan& plan, std::span<const std::uint64_t> points, int threads,
                     const PointSink& sink) {
  std::size_t next = 0;
  core::WorkerErrors errors;
  with_threads(threads, [&] {
    const auto tokens = 2 * static_cast<std::size_t>(tbb::this_task_arena::max_concurrency());
    // The points in flight live here, not in the pipeline: should it be
    // cancelled, TBB drops the tokens in flight, and whatever they owned
    // would leak. (A point rejected mid-sweep does not cancel it: `errors`
    // keeps the failure and stops the input.) At most `tokens` points are in
    // flight and the last stage finishes them in order, so point i reuses
    // the slot of point i - tokens, which has finished.
    std::vector<std::unique_ptr<PointWork>> slots(tokens);
    for (auto& slot : slots) {
      slot = std::make_unique<PointWork>();
      slot->values.resize(plan.values_per_point());
    }
    const auto stages =
        tbb::make_filter<void, PointWork*>(
            tbb::filter_mode::serial_in_order,
            [&](tbb::flow_control& control) -> PointWork* {
              WFSIM_HAPPENS_AFTER(&next);
              const core::detail::HappensBeforeOnExit release_next(&next);
              if (next == points.size() || errors.failed()) {
                control.stop();
                return nullptr;
              }
              PointWork* work = slots[next % tokens].get();
              WFSIM_HAPPENS_AFTER(work);
              work->position = next;
              work->point = points[next++];
              WFSIM_HAPPENS_BEFORE(work);
              return work;
            }) &
        tbb::make_filter<PointWork*, PointWork*>(
            tbb::filter_mode::parallel,
            [&](PointWork* work) {
              WFSIM_HAPPENS_AFTER(work);
              WFSIM_HAPPENS_AFTER(&next);
              errors.run(work->position, [&] { plan.evaluate(work->point, work->values); });
              WFSIM_HAPPENS_BEFORE(work);
              return work;
            }) &
        tbb::make_filter<PointWork*, void>(tbb::filter_mode::serial_in_order, [&](PointWork* work) {
          WFSIM_HAPPENS_AFTER(work);
          WFSIM_HAPPENS_AFTER(&next);
          // Every point before the first that failed reaches the sink (a
          // checkpoint keeps them), none after it.
          if (!errors.failed_at_or_before(work->position))
            errors.run(work->position, [&] { sink(work->point, work->values); });
          WFSIM_HAPPENS_BEFORE(work);
          WFSIM_HAPPENS_BEFORE(&next);
        });
    WFSIM_HAPPENS_BEFORE(&next);
    tbb::parallel_pipeline(tokens, stages);
    WFSIM_HAPPENS_AFTER(&next);
  });
  errors.rethrow_first();
}

}  // namespace wfsim::experiment
