#include <catch2/catch.hpp>
#include <cstdint>
#include <exception>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/core/parallel_ranges.hpp"
#include "engine/core/worker_errors.hpp"
#include "engine/experiment/batch.hpp"
#include "engine/model/model.hpp"

namespace {

using wfsim::core::WorkerErrors;

/// Replications that fail in the given set, after enough work that several
/// run at once.
class FailingScenario final : public wfsim::model::Scenario {
 public:
  explicit FailingScenario(std::set<std::uint64_t> failing) : failing_(std::move(failing)) {}
  const wfsim::results::OutputSchema& schema() const override { return schema_; }
  wfsim::results::ReplicationResult run(const wfsim::model::RunContext& context) const override {
    volatile double work = 0.0;
    for (int i = 0; i < 20000; ++i)
      work = work + 1.0 / (1.0 + i);
    if (failing_.count(context.replication) != 0)
      throw std::runtime_error("replication " + std::to_string(context.replication) + " failed");
    return wfsim::results::make_result(schema_, context.replication);
  }

 private:
  std::set<std::uint64_t> failing_;
  wfsim::results::OutputSchema schema_;
};

}  // namespace

TEST_CASE("of several failures the first in the work's order is rethrown") {
  WorkerErrors errors;
  CHECK_FALSE(errors.failed());
  CHECK_NOTHROW(errors.rethrow_first());
  CHECK(errors.run(4, [] {}));
  CHECK_FALSE(errors.run(9, [] { throw std::runtime_error("nine"); }));
  CHECK(errors.failed());
  CHECK_FALSE(errors.failed_at_or_before(8));
  CHECK(errors.failed_at_or_before(9));
  CHECK_FALSE(errors.run(3, [] { throw std::invalid_argument("three"); }));
  CHECK_FALSE(errors.run(7, [] { throw std::runtime_error("seven"); }));
  CHECK(errors.failed_at_or_before(3));
  CHECK_THROWS_AS(errors.rethrow_first(), std::invalid_argument);
  CHECK_THROWS_WITH(errors.rethrow_first(), "three");
}

TEST_CASE("a failure on a worker thread reaches the caller as the first in order") {
  for (int attempt = 0; attempt < 20; ++attempt) {
    std::vector<int> touched(1000, 0);
    wfsim::experiment::with_threads(2, [&] {
      CHECK_THROWS_WITH(
          wfsim::core::for_each_range(touched.size(), 10,
                                      [&](std::size_t begin, std::size_t end) {
                                        for (std::size_t i = begin; i < end; ++i)
                                          touched[i] = 1;
                                        if (begin >= 500 && begin % 100 == 0)
                                          throw std::runtime_error(std::to_string(begin));
                                      }),
          "500");
    });
    for (std::size_t i = 0; i < 510; ++i)
      REQUIRE(touched[i] == 1);
  }
}

namespace {

/// What a batch on 2 threads handed its sink, and the message of the error
/// it ended with ("" if none). The sink fails at replication `sink_fails_at`.
struct BatchOutcome {
  std::vector<std::uint64_t> sunk;
  std::string error;
};

BatchOutcome run_on_two_threads(const FailingScenario& scenario, std::uint64_t replications,
                                std::uint64_t sink_fails_at = UINT64_MAX) {
  BatchOutcome outcome;
  wfsim::experiment::BatchOptions options;
  options.replications = replications;
  options.threads = 2;
  try {
    wfsim::experiment::run_batch(scenario, options,
                                 [&](wfsim::results::ReplicationResult&& result) {
                                   if (result.replication == sink_fails_at)
                                     throw std::runtime_error("disk full");
                                   outcome.sunk.push_back(result.replication);
                                 },
                                 {});
  } catch (const std::exception& e) {
    outcome.error = e.what();
  }
  return outcome;
}

}  // namespace

TEST_CASE("a batch stops at its first failing replication, whichever thread fails first") {
  const FailingScenario scenario({13, 21, 40});
  for (int attempt = 0; attempt < 20; ++attempt) {
    const BatchOutcome outcome = run_on_two_threads(scenario, 60);
    REQUIRE(outcome.error == "replication 13 failed");
    // Every replication before the failure reached the sink, in order, and
    // none after it.
    REQUIRE(outcome.sunk.size() == 13);
    for (std::uint64_t r = 0; r < outcome.sunk.size(); ++r)
      REQUIRE(outcome.sunk[r] == r);
  }
}

TEST_CASE("a failing sink ends the batch with its error and takes nothing more") {
  const BatchOutcome outcome = run_on_two_threads(FailingScenario({}), 30, 5);
  CHECK(outcome.error == "disk full");
  CHECK(outcome.sunk == std::vector<std::uint64_t>{0, 1, 2, 3, 4});
  CHECK(run_on_two_threads(FailingScenario({}), 30).error.empty());
}
