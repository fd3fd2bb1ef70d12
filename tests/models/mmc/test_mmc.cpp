#include <catch2/catch.hpp>
#include <cmath>

#include "engine/experiment/batch.hpp"
#include "engine/model/run_config.hpp"
#include "models/builtin.hpp"
#include "models/mmc/mmc.hpp"

using namespace wfsim;

TEST_CASE("Erlang C formula matches textbook values") {
  CHECK(models::erlang_c(1, 0.7) == Approx(0.7));                    // M/M/1: rho
  CHECK(models::erlang_c(2, 1.0) == Approx(1.0 / 3.0));              // a = 1, c = 2
  CHECK(models::mmc_mean_wait(0.9, 1.0, 1) == Approx(9.0));          // rho/(mu - lambda)
  CHECK(models::erlang_c(10, 9.0) == Approx(0.6687).epsilon(1e-3));  // standard table value
}

TEST_CASE("simulated M/M/c mean wait brackets the Erlang C value") {
  struct Case {
    double lambda, mu;
    int servers;
    double end_time;
  };
  // Utilisations 0.5, 0.8, 0.9 (one server) and 0.9 (five servers).
  const Case cases[] = {
      {0.5, 1.0, 1, 2e4}, {1.6, 1.0, 2, 2e4}, {0.9, 1.0, 1, 1e5}, {4.5, 1.0, 5, 4e4}};
  const auto models = models::builtin_models();
  for (const auto& c : cases) {
    auto config = model::parse_run_config("model: mmc\nseed: 2024\n", "mmc.yaml", models);
    model::apply_overrides(
        config, {"arrival_rate=" + std::to_string(c.lambda), "service_rate=" + std::to_string(c.mu),
                 "servers=" + std::to_string(c.servers), "end_time=" + std::to_string(c.end_time),
                 "warmup=2000", "period=1000"});
    const auto scenario = config.model->instantiate(config.values);
    constexpr int kReplications = 30;
    std::vector<double> waits;
    experiment::BatchOptions options;
    options.seed = config.seed;
    options.replications = kReplications;
    options.threads = 2;
    experiment::run_batch(*scenario, options, [&](results::ReplicationResult&& r) {
      waits.push_back(r.scalars[0]);
      CHECK(r.scalars[1] == Approx(c.lambda / (c.mu * c.servers)).epsilon(0.03));
    });
    double mean = 0.0;
    for (double w : waits)
      mean += w;
    mean /= kReplications;
    double var = 0.0;
    for (double w : waits)
      var += (w - mean) * (w - mean);
    var /= kReplications - 1;
    const double half_width = 2.045 * std::sqrt(var / kReplications);  // t(0.975, 29)
    const double exact =
        models::mmc_mean_wait(c.lambda, c.mu, static_cast<std::uint32_t>(c.servers));
    INFO("lambda " << c.lambda << " mu " << c.mu << " c " << c.servers << ": simulated " << mean
                   << " +- " << half_width << ", Erlang C " << exact);
    CHECK(std::fabs(mean - exact) <= half_width);
    CHECK(half_width < 0.1 * exact);  // the interval is tight enough to mean something
  }
}

TEST_CASE("an unstable queue is refused with the key to blame") {
  const auto models = models::builtin_models();
  auto config = model::parse_run_config(
      "model: mmc\nparameters:\n  arrival_rate: 2.0\n  servers: 2\n", "mmc.yaml", models);
  try {
    config.model->instantiate(config.values);
    FAIL("no error");
  } catch (const params::ConfigError& e) {
    CHECK(e.key() == "arrival_rate");
    CHECK(e.where().line == 3);
  }
}
