#pragma once
/// Running a model from config text in tests: parse, override, instantiate,
/// run a batch and collect every replication's result.
#include <string>
#include <vector>

#include "engine/experiment/batch.hpp"
#include "engine/model/run_config.hpp"
#include "models/builtin.hpp"

namespace wfsim::testing {

inline const model::ModelRegistry& registry() {
  static const model::ModelRegistry models = models::builtin_models();
  return models;
}

/// A config from YAML text (named `name` in messages), with --set overrides.
inline model::RunConfig config_from(const std::string& text,
                                    const std::vector<std::string>& overrides = {},
                                    const std::string& name = "test.yaml") {
  auto config = model::parse_run_config(text, name, registry());
  model::apply_overrides(config, overrides);
  return config;
}

/// Runs replications [first, first + count) on `threads` threads.
inline std::vector<results::ReplicationResult> run_config(const model::RunConfig& config,
                                                          std::uint64_t count, int threads = 2,
                                                          std::uint64_t first = 0) {
  const auto scenario = config.model->instantiate(config.values);
  std::vector<results::ReplicationResult> out;
  experiment::BatchOptions options;
  options.seed = config.seed;
  options.first_replication = first;
  options.replications = count;
  options.threads = threads;
  experiment::run_batch(*scenario, options,
                        [&](results::ReplicationResult&& r) { out.push_back(std::move(r)); });
  return out;
}

/// The schema index of a series, scalar or table, failing loudly if absent.
inline std::size_t series_of(const results::OutputSchema& schema, const std::string& name) {
  const auto i = schema.series_index(name);
  if (i < 0) throw std::logic_error("no series " + name);
  return static_cast<std::size_t>(i);
}
inline std::size_t scalar_of(const results::OutputSchema& schema, const std::string& name) {
  const auto i = schema.scalar_index(name);
  if (i < 0) throw std::logic_error("no scalar " + name);
  return static_cast<std::size_t>(i);
}

}  // namespace wfsim::testing
