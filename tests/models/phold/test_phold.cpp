#include <catch2/catch.hpp>

#include "tests/common/model_runs.hpp"

using namespace wfsim;

namespace {

using testing::config_from;

model::RunConfig phold_config(const std::vector<std::string>& overrides) {
  return config_from("model: phold\nseed: 17\n", overrides, "phold.yaml");
}

std::vector<results::ReplicationResult> run(const model::RunConfig& config, int threads,
                                            std::uint64_t first, std::uint64_t count) {
  return testing::run_config(config, count, threads, first);
}

const std::vector<std::int64_t>& fingerprints(const results::ReplicationResult& r) {
  return std::get<std::vector<std::int64_t>>(r.tables[0].columns[2]);
}

}  // namespace

TEST_CASE("PHOLD keeps its event population and remote fraction") {
  const auto config =
      phold_config({"lps=256", "events_per_lp=4", "end_time=100", "lookahead=0.25"});
  const auto results = run(config, 2, 0, 1);
  const double events = results[0].scalars[0];
  const double remote = results[0].scalars[1];
  // 1,024 events always pending, each living one mean delay (1.0) on average.
  CHECK(events == Approx(256 * 4 * 100).epsilon(0.02));
  CHECK(remote / events == Approx(0.25).margin(0.01));
}

TEST_CASE("PHOLD is bit-identical across thread counts and LP partitions") {
  const std::vector<std::string> base = {"lps=512", "events_per_lp=8", "end_time=40",
                                         "lookahead=0.1"};
  const auto reference = run(phold_config(base), 1, 0, 1);
  for (int threads : {1, 2}) {
    for (const char* blocks : {"blocks=1", "blocks=5", "blocks=64", "blocks=512"}) {
      auto overrides = base;
      overrides.emplace_back(blocks);
      INFO("threads " << threads << ", " << blocks);
      const auto again = run(phold_config(overrides), threads, 0, 1);
      CHECK(fingerprints(again[0]) == fingerprints(reference[0]));
      CHECK(again[0].scalars == reference[0].scalars);
    }
  }
}

TEST_CASE("replication r does not depend on how many ran or which ran beside it") {
  const auto config = phold_config({"lps=64", "events_per_lp=2", "end_time=50"});
  const auto batch = run(config, 2, 0, 6);
  REQUIRE(batch.size() == 6);
  for (std::uint64_t r = 0; r < 6; ++r)
    CHECK(batch[r].replication == r);
  const auto alone = run(config, 1, 4, 1);
  CHECK(alone[0].replication == 4);
  CHECK(fingerprints(alone[0]) == fingerprints(batch[4]));
  CHECK(fingerprints(batch[3]) != fingerprints(batch[4]));
}
