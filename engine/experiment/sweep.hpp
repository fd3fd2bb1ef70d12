#pragma once
/// Sensitivity sweeps: a base run config, factors (model parameters and how
/// they vary), a design, replications per point and scalar outcomes, read
/// from a sweep YAML file; and the plan built from it, which any process can
/// rebuild identically and which evaluates one point on request.
///
/// Common random numbers: replication r of every point runs with
/// RunContext{seed, r}, so points differ only by their parameters, not by
/// their luck, which sharpens comparisons between points.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/experiment/design.hpp"
#include "engine/experiment/factor.hpp"
#include "engine/experiment/outcome.hpp"
#include "engine/model/run_config.hpp"

namespace wfsim::experiment {

struct SweepConfig {
  std::string file;       // the sweep file as given
  std::string text;       // its bytes
  std::string base_file;  // the base config's path, resolved against the sweep file's folder
  model::RunConfig base;
  std::uint64_t seed = 1;
  std::uint64_t replications = 1;
  DesignSettings design;
  std::vector<Factor> factors;
  std::vector<OutcomeSpec> outcomes;
  /// `--set KEY=VALUE` assignments applied to the base config, in order.
  std::vector<std::string> overrides;
};

/// Reads and checks a sweep file and the base config it names. Throws
/// params::ConfigError.
SweepConfig load_sweep_config(const std::string& path, const model::ModelRegistry& registry);
/// The same from text. `base_text`, when given, is used as the base
/// config's contents instead of reading the file (rebuilding a sweep from a
/// results file).
SweepConfig parse_sweep_config(const std::string& text, const std::string& name,
                               const model::ModelRegistry& registry,
                               const std::string* base_text = nullptr);

/// Applies `--set KEY=VALUE` assignments to the base config (`seed` and
/// `replications` set the sweep's own) and records them. A parameter the
/// sweep varies cannot be set. Throws params::ConfigError naming the
/// assignment.
void apply_sweep_overrides(SweepConfig& config, const std::vector<std::string>& assignments);

/// A contiguous block of a sweep's points: shard `index` of `count`.
struct Shard {
  std::uint64_t index = 0;
  std::uint64_t count = 1;
};
/// The points [first, last) of a shard: the sweep's points cut into `count`
/// near-equal contiguous blocks.
std::pair<std::uint64_t, std::uint64_t> shard_points(std::uint64_t points, const Shard& shard);

/// 64-bit FNV-1a.
std::uint64_t fnv1a(const void* data, std::size_t size, std::uint64_t hash = 0xcbf29ce484222325ULL);

class SweepPlan {
 public:
  /// Builds the design and checks every point's values against the
  /// parameter table and the outcomes against the base scenario's schema.
  explicit SweepPlan(SweepConfig config);

  const SweepConfig& config() const { return config_; }
  const Design& design() const { return design_; }
  std::size_t points() const { return design_.points; }
  std::size_t factors() const { return config_.factors.size(); }
  std::size_t replications() const { return config_.replications; }
  std::size_t outcomes() const { return config_.outcomes.size(); }
  /// Values one point produces: replications x outcomes.
  std::size_t values_per_point() const { return replications() * outcomes(); }

  /// Identifies the sweep: the resolved base config, the sweep settings and
  /// the design's coordinates. Checkpoints and shards carry it.
  std::uint64_t hash() const { return hash_; }
  const std::string& identity() const { return identity_; }

  /// The design matrix entry: the parameter value, or a level index.
  double design_value(std::size_t point, std::size_t factor) const;
  /// Units and long names of outcomes, from the base scenario's schema.
  const std::vector<BoundOutcome>& base_outcomes() const { return base_outcomes_; }

  /// Runs every replication of `point` and writes its outcome values to
  /// out[replication * outcomes() + outcome]. Thread-safe. Replications run
  /// in parallel when the calling arena has threads to spare.
  void evaluate(std::size_t point, std::span<double> out) const;

 private:
  SweepConfig config_;
  Design design_;
  std::unique_ptr<const model::Scenario> base_scenario_;
  std::vector<BoundOutcome> base_outcomes_;
  std::string identity_;
  std::uint64_t hash_ = 0;
};

}  // namespace wfsim::experiment
