#include <catch2/catch.hpp>
#include <span>
#include <stdexcept>
#include <vector>

#include "engine/core/kernel.hpp"
#include "engine/experiment/batch.hpp"
#include "tests/common/kernel_fixtures.hpp"

using namespace wfsim;
using testing::Note;
using testing::RecordingLp;
using testing::RecordingModel;

namespace {

struct RunOutcome {
  std::vector<std::uint64_t> fingerprints;
  std::vector<std::size_t> counts;
  core::KernelStats stats;
  bool causality_violated = false;
};

RunOutcome run_recording(int threads, std::uint32_t blocks, std::uint32_t lps = 64,
                         double lookahead = 0.5, double remote = 0.5, double period = 0.0) {
  RunOutcome outcome;
  experiment::with_threads(threads, [&] {
    RecordingModel model(lps, 4, lookahead, remote);
    core::KernelOptions options;
    options.end_time = 50.0;
    options.lookahead = lookahead;
    options.period = period;
    options.seed = 11;
    options.replication = 3;
    options.blocks = blocks;
    core::Kernel<RecordingModel> kernel(model, std::vector<RecordingLp>(lps), options);
    outcome.stats = kernel.run();
    for (const auto& lp : kernel.states()) {
      outcome.fingerprints.push_back(lp.fingerprint);
      outcome.counts.push_back(lp.times.size());
      outcome.causality_violated = outcome.causality_violated || lp.causality_violated;
    }
  });
  return outcome;
}

}  // namespace

TEST_CASE("no LP ever receives an event in its past (the window protocol holds)") {
  for (int threads : {1, 2}) {
    for (std::uint32_t blocks : {1u, 4u, 64u}) {
      const auto outcome = run_recording(threads, blocks);
      CHECK_FALSE(outcome.causality_violated);
      CHECK(outcome.stats.events > 1000);
      CHECK(outcome.stats.remote_messages > 100);
    }
  }
}

TEST_CASE("results are bit-identical for any thread count and any LP-to-block partition") {
  const auto reference = run_recording(1, 1);
  for (int threads : {1, 2, 3}) {
    for (std::uint32_t blocks : {0u, 1u, 2u, 3u, 7u, 16u, 64u}) {
      INFO("threads " << threads << ", blocks " << blocks);
      const auto outcome = run_recording(threads, blocks);
      CHECK(outcome.fingerprints == reference.fingerprints);
      CHECK(outcome.counts == reference.counts);
      CHECK(outcome.stats.events == reference.stats.events);
      CHECK(outcome.stats.windows == reference.stats.windows);
    }
  }
}

TEST_CASE("a different seed gives a different history") {
  const auto a = run_recording(1, 1);
  RunOutcome b;
  RecordingModel model(64, 4, 0.5, 0.5);
  core::KernelOptions options;
  options.end_time = 50.0;
  options.lookahead = 0.5;
  options.seed = 12;
  options.replication = 3;
  core::Kernel<RecordingModel> kernel(model, std::vector<RecordingLp>(64), options);
  kernel.run();
  std::vector<std::uint64_t> fingerprints;
  for (const auto& lp : kernel.states())
    fingerprints.push_back(lp.fingerprint);
  CHECK(fingerprints != a.fingerprints);
}

namespace {

/// LPs 0 and 2 both send LP 1 an event for exactly t = 5; LP 2 also sends one
/// for t = 5 to itself. Ties must break by sender, then send order.
struct TieModel {
  using LpState = std::vector<std::pair<double, std::uint32_t>>;
  using Payload = Note;
  void init(core::LpId self, LpState&, core::EventContext<Note>& ctx) {
    if (self == 2) {
      ctx.send(1, 5.0, 0, Note{2, 0});
      ctx.send(1, 5.0, 0, Note{2, 1});
    }
    if (self == 0) ctx.send(1, 5.0, 0, Note{0, 0});
  }
  void on_event(LpState& log, const core::Event<Note>& event, core::EventContext<Note>&) {
    log.emplace_back(event.time, event.payload.sender * 10 + event.payload.hop);
  }
};

}  // namespace

TEST_CASE("equal timestamps are broken by sender, then by the sender's send order") {
  for (int threads : {1, 2}) {
    for (std::uint32_t blocks : {1u, 3u}) {
      experiment::with_threads(threads, [&] {
        TieModel model;
        core::KernelOptions options;
        options.end_time = 10.0;
        options.lookahead = 1.0;
        options.blocks = blocks;
        core::Kernel<TieModel> kernel(model, std::vector<TieModel::LpState>(3), options);
        kernel.run();
        const auto& log = kernel.states()[1];
        REQUIRE(log.size() == 3);
        CHECK(log[0].second == 0);   // from LP 0
        CHECK(log[1].second == 20);  // LP 2's first send
        CHECK(log[2].second == 21);  // LP 2's second send
      });
    }
  }
}

namespace {

struct CheatingModel {
  using LpState = int;
  using Payload = core::NoPayload;
  void init(core::LpId self, int&, core::EventContext<Payload>& ctx) {
    if (self == 0) ctx.schedule(1.0, 0);
  }
  void on_event(int&, const core::Event<Payload>&, core::EventContext<Payload>& ctx) {
    ctx.send(1, 0.5, 0);  // below the declared lookahead of 1.0
  }
};

}  // namespace

TEST_CASE("a message below the declared lookahead is refused") {
  CheatingModel model;
  core::KernelOptions options;
  options.end_time = 10.0;
  options.lookahead = 1.0;
  core::Kernel<CheatingModel> kernel(model, std::vector<int>(2), options);
  CHECK_THROWS_AS(kernel.run(), std::logic_error);
}

TEST_CASE("kernel options are checked") {
  CheatingModel model;
  core::KernelOptions options;
  options.end_time = 10.0;
  options.lookahead = 0.0;
  CHECK_THROWS_AS(core::Kernel<CheatingModel>(model, std::vector<int>(2), options),
                  std::invalid_argument);
  options.lookahead = 1.0;
  CHECK_THROWS_AS(core::Kernel<CheatingModel>(model, std::vector<int>{}, options),
                  std::invalid_argument);
}

TEST_CASE("periodic hooks run after every earlier event and before later ones") {
  for (int threads : {1, 2}) {
    const double period = 5.0;
    // Catch's assertion macros expand into branches: the checks, not the logic, count here.
    // NOLINTNEXTLINE(readability-function-cognitive-complexity)
    experiment::with_threads(threads, [&] {
      RecordingModel model(16, 2, 0.5, 0.3);
      core::KernelOptions options;
      options.end_time = 50.0;
      options.lookahead = 0.5;
      options.period = period;
      options.seed = 5;
      core::Kernel<RecordingModel> kernel(model, std::vector<RecordingLp>(16), options);
      const auto stats = kernel.run();
      CHECK(stats.periods == 10);  // at 5, 10, ..., 50 (the end time included)
      for (const auto& lp : kernel.states()) {
        REQUIRE(lp.periods_seen.size() == 10);
        for (std::size_t k = 0; k < lp.periods_seen.size(); ++k) {
          CHECK(lp.periods_seen[k] == k + 1);
          const double hook_time = period * static_cast<double>(k + 1);
          // The last event before the hook is earlier than the hook...
          CHECK(lp.last_time_at_period[k] < hook_time);
          // ...and every event earlier than the hook was processed before it.
          std::size_t before = 0;
          for (double t : lp.times)
            before += t < hook_time ? 1 : 0;
          const std::size_t seen_then = static_cast<std::size_t>(
              std::count_if(lp.times.begin(), lp.times.end(),
                            [&](double t) { return t <= lp.last_time_at_period[k]; }));
          CHECK(before == seen_then);
        }
      }
    });
  }
}

namespace {

/// Sums LP values in the serial hook, and broadcasts a value to every LP.
struct ReductionModel {
  struct LpState {
    double value = 0.0;
    double received = 0.0;
  };
  using Payload = double;
  std::vector<double> totals;

  void init(core::LpId self, LpState& s, core::EventContext<double>&) {
    s.value = 1.0 / (1.0 + self);
  }
  void on_event(LpState& s, const core::Event<double>& e, core::EventContext<double>&) {
    s.received += e.payload;
  }
  void on_period_end(std::span<LpState> states, core::GlobalContext<double>& g) {
    double total = 0.0;
    for (const auto& s : states)
      total += s.value;
    totals.push_back(total);
    for (core::LpId lp = 0; lp < states.size(); ++lp)
      g.schedule(lp, 0.0, 0, total);
  }
};

}  // namespace

TEST_CASE("the organisation-wide hook reduces in LP order and can reach every LP") {
  std::vector<double> reference;
  for (int threads : {1, 2}) {
    experiment::with_threads(threads, [&] {
      ReductionModel model;
      core::KernelOptions options;
      options.end_time = 3.0;
      options.period = 1.0;
      core::Kernel<ReductionModel> kernel(model, std::vector<ReductionModel::LpState>(1000),
                                          options);
      kernel.run();
      REQUIRE(model.totals.size() == 3);
      // Broadcasts at t = 1 and 2 are processed; the one at t = 3 is not
      // (events at the end time are outside the run).
      for (const auto& s : kernel.states())
        CHECK(s.received == 2.0 * model.totals[0]);
      if (reference.empty()) {
        reference = model.totals;
      } else {
        CHECK(model.totals == reference);
      }
    });
  }
}

namespace {

/// Each LP runs a process whose next event is re-drawn when a message from
/// a neighbour changes its rate: the pending one is superseded (its epoch is
/// old) and ignored if it fires. With `discard`, the model drops it instead.
struct SupersedingModel {
  struct LpState {
    std::uint32_t epoch = 0;
    double rate = 1.0;
    std::uint64_t fingerprint = 0;
    std::uint64_t ignored = 0;
  };
  using Payload = std::uint32_t;  // the epoch of a tick; unused by nudges
  enum Kind : std::uint32_t { kTick, kNudge };
  bool discard = false;
  core::LpId lps = 0;

  void redraw(LpState& s, core::EventContext<Payload>& ctx) const {
    ++s.epoch;
    if (discard) {
      ctx.discard_pending([](const core::Event<Payload>& e) { return e.kind == kTick; });
    }
    ctx.schedule(ctx.random().exponential(1.0 / s.rate), kTick, s.epoch);
  }
  void init(core::LpId, LpState& s, core::EventContext<Payload>& ctx) const { redraw(s, ctx); }
  void on_event(LpState& s, const core::Event<Payload>& e, core::EventContext<Payload>& ctx) {
    if (e.kind == kTick) {
      if (e.payload != s.epoch) {
        ++s.ignored;
        return;
      }
      s.fingerprint = s.fingerprint * 1'000'003 + static_cast<std::uint64_t>(e.time * 1e6);
      const core::LpId neighbour = (ctx.self() + 1 + ctx.random().index(lps - 1)) % lps;
      ctx.send(neighbour, 0.5 + ctx.random().uniform(), kNudge);
      redraw(s, ctx);
    } else {
      s.rate = 0.5 + ctx.random().uniform();
      s.fingerprint = s.fingerprint * 31 + 7;
      redraw(s, ctx);
    }
  }
};

}  // namespace

TEST_CASE("dropping superseded events changes what the kernel handles, not the results") {
  struct Outcome {
    std::vector<std::uint64_t> fingerprints;
    std::uint64_t ignored = 0;
    core::KernelStats stats;
  };
  auto run = [](bool discard, int threads) {
    Outcome outcome;
    experiment::with_threads(threads, [&] {
      SupersedingModel model;
      model.discard = discard;
      model.lps = 32;
      core::KernelOptions options;
      options.end_time = 40.0;
      options.lookahead = 0.5;
      options.seed = 9;
      core::Kernel<SupersedingModel> kernel(
          model, std::vector<SupersedingModel::LpState>(model.lps), options);
      outcome.stats = kernel.run();
      for (const auto& lp : kernel.states()) {
        outcome.fingerprints.push_back(lp.fingerprint);
        outcome.ignored += lp.ignored;
      }
    });
    return outcome;
  };
  const Outcome kept = run(false, 1);
  REQUIRE(kept.ignored > 0);  // the model does supersede events
  for (int threads : {1, 2}) {
    const Outcome dropped = run(true, threads);
    CHECK(dropped.fingerprints == kept.fingerprints);
    CHECK(dropped.ignored == 0);
    CHECK(dropped.stats.events + kept.ignored == kept.stats.events);
  }
}
