#pragma once
/// A run configuration: which model, which seed, how many replications, and
/// the model's parameters, read from YAML with every error located.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/model/model.hpp"
#include "engine/params/params.hpp"
#include "engine/results/time_axis.hpp"

namespace wfsim::model {

struct RunConfig {
  std::string file;  // as given on the command line
  std::string text;  // the file's bytes, kept for provenance
  const Model* model = nullptr;
  std::string description;
  std::uint64_t seed = 1;
  std::uint64_t replications = 1;
  /// The date the first reported period starts (top-level `start_date:`),
  /// which dates the results' time axis.
  results::Date start_date = results::kDefaultStartDate;
  params::ParamValues values;
};

/// Reads and validates a run config. Throws params::ConfigError.
RunConfig load_run_config(const std::string& path, const ModelRegistry& registry);
/// The same from text; `name` stands for the file in messages.
RunConfig parse_run_config(const std::string& text, const std::string& name,
                           const ModelRegistry& registry);

/// Applies "key.path=value" overrides (from --set); the value is read as
/// YAML, so lists and numbers work as in a file.
void apply_overrides(RunConfig& config, const std::vector<std::string>& assignments);

/// The config as resolved: engine keys plus every parameter with defaults.
std::string resolved_yaml(const RunConfig& config);

}  // namespace wfsim::model
