#pragma once
/// A run configuration: which model, which seed, how many replications, and
/// the model's parameters, read from YAML with every error located.
#include <cstdint>
#include <string>
#include <string_view>
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
/// YAML, so lists and numbers work as in a file. "TABLE[ROW].COLUMN=value"
/// sets one cell of a table parameter (params/cell_path.hpp). An entry "--change
/// KEY=VALUE@MONTH" is applied by apply_change, so that one list keeps both
/// kinds in the order given (and replays them, e.g. when sweeps merge).
void apply_overrides(RunConfig& config, const std::vector<std::string>& assignments);

/// How a change at a period is given on the command line.
inline constexpr std::string_view kChangeFlag = "--change";

/// Applies "key.path=value@period" (from --change): a row of the model's
/// `schedule` table, so that the key takes the value from that period on.
/// Errors (a key the schedule cannot change, a period that is not a whole
/// number in range, a value of the wrong type) name the argument. Whether
/// the period falls inside the run is checked when the model resolves its
/// schedule.
void apply_change(RunConfig& config, const std::string& change);

/// The config as resolved: engine keys plus every parameter with defaults.
std::string resolved_yaml(const RunConfig& config);

}  // namespace wfsim::model
