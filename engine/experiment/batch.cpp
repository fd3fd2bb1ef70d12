#include "engine/experiment/batch.hpp"

#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <memory>
#include <vector>

#include "engine/core/detail/sync_annotations.hpp"
#include "engine/core/worker_errors.hpp"

namespace wfsim::experiment {

int resolve_threads(int threads) {
  const int available = tbb::info::default_concurrency();
  return threads <= 0 ? available : threads;
}

void with_threads(int threads, const std::function<void()>& body) {
  const int count = resolve_threads(threads);
  // The global control also caps oneTBB's pool, so that nested parallelism
  // inside the arena cannot borrow threads from outside it.
  tbb::global_control cap(tbb::global_control::max_allowed_parallelism,
                          static_cast<std::size_t>(count));
  tbb::task_arena arena(count);
  arena.execute(body);
}

BatchSummary run_batch(const model::Scenario& scenario, const BatchOptions& options,
                       const ResultSink& sink, const ProgressSink& progress) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  BatchSummary summary;
  BatchProgress state{0, options.replications, 0, 0.0};
  const std::uint64_t end = options.first_replication + options.replications;
  std::uint64_t next = options.first_replication;
  core::WorkerErrors errors;

  with_threads(options.threads, [&] {
    const int threads = tbb::this_task_arena::max_concurrency();
    // Enough tokens to keep every thread busy while the sink works, few
    // enough that memory does not grow with the number of replications.
    const auto tokens = 2 * static_cast<std::size_t>(threads);
    // Results between the simulating and the consuming stage are owned here,
    // not by the pipeline's tokens, so that whatever way the pipeline ends
    // (failures are kept in `errors` and stop the input; anything else
    // cancels it and drops its tokens) the results in flight are freed.
    // A failed replication leaves its slot empty. At most `tokens`
    // replications are in flight and the last stage takes them in order, so
    // they are consecutive: replication % tokens names a slot no other one
    // in flight uses.
    std::vector<std::unique_ptr<results::ReplicationResult>> in_flight(tokens);
    struct FreeInFlight {
      std::vector<std::unique_ptr<results::ReplicationResult>>& slots;
      ~FreeInFlight() {
        for (auto& slot : slots) {
          WFSIM_HAPPENS_AFTER(&slot);
          slot.reset();
        }
      }
    } free_in_flight{in_flight};
    const auto stages =
        tbb::make_filter<void, std::uint64_t>(
            tbb::filter_mode::serial_in_order,
            [&](tbb::flow_control& control) -> std::uint64_t {
              // Serial stages run on whichever thread is free;
              // oneTBB orders them, and the annotations show that
              // order to TSan.
              WFSIM_HAPPENS_AFTER(&next);
              const core::detail::HappensBeforeOnExit release_next(&next);
              if (next == end || errors.failed()) {
                control.stop();
                return end;
              }
              return next++;
            }) &
        // Tokens between stages are replication numbers: oneTBB moves them
        // inside its own code, where the TSan suppressions for its
        // uninstrumented hand-off apply; the results wait in `in_flight`.
        tbb::make_filter<std::uint64_t, std::uint64_t>(
            tbb::filter_mode::parallel,
            [&](std::uint64_t replication) {
              WFSIM_HAPPENS_AFTER(&next);
              WFSIM_HAPPENS_AFTER(&state);
              errors.run(replication, [&] {
                const auto t0 = Clock::now();
                auto result = std::make_unique<results::ReplicationResult>(
                    scenario.run(model::RunContext{options.seed, replication, options.tables}));
                result->replication = replication;
                result->wall_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
                results::check_result(scenario.schema(), *result);
                auto& slot = in_flight[replication % tokens];
                WFSIM_HAPPENS_AFTER(&slot);  // after the last stage emptied it
                slot = std::move(result);
                WFSIM_HAPPENS_BEFORE(&slot);
              });
              return replication;
            }) &
        tbb::make_filter<std::uint64_t, void>(
            tbb::filter_mode::serial_in_order, [&](std::uint64_t replication) {
              auto& slot = in_flight[replication % tokens];
              WFSIM_HAPPENS_AFTER(&slot);
              std::unique_ptr<results::ReplicationResult> result = std::move(slot);
              const core::detail::HappensBeforeOnExit release_slot(&slot);
              // Replications after the first that failed do not reach the
              // sink: results after a gap are of no use.
              if (!result || errors.failed_at_or_before(replication)) return;
              WFSIM_HAPPENS_AFTER(&state);
              const core::detail::HappensBeforeOnExit release_state(&state);
              errors.run(replication, [&] {
                state.events += result->events;
                sink(std::move(*result));
                ++state.done;
                state.elapsed_seconds = std::chrono::duration<double>(Clock::now() - start).count();
                if (progress) progress(state);
              });
            });
    // The stages capture by reference; they are built before this point so
    // that TSan sees them as published to the worker threads.
    WFSIM_HAPPENS_BEFORE(&next);
    WFSIM_HAPPENS_BEFORE(&state);
    tbb::parallel_pipeline(tokens, stages);
    WFSIM_HAPPENS_AFTER(&state);
    WFSIM_HAPPENS_AFTER(&next);
  });
  errors.rethrow_first();

  summary.replications = state.done;
  summary.events = state.events;
  summary.wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return summary;
}

}  // namespace wfsim::experiment
