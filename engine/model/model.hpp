#pragma once
/// The contract between the engine and a model. A model is a description
/// (name, parameter table) plus a factory for scenarios; a scenario is the
/// read-only, fully resolved form of one configuration, shared by all
/// replications, which it runs one at a time on request.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/params/params.hpp"
#include "engine/results/schema.hpp"

namespace wfsim::model {

/// What one replication is told by the engine.
struct RunContext {
  std::uint64_t seed = 0;
  std::uint64_t replication = 0;
  /// False when the caller discards event tables (a run without a results
  /// file): a model may then leave their rows unrecorded, so that memory
  /// does not grow with simulated time. Nothing else may depend on it.
  bool tables = true;
};

class Scenario {
 public:
  virtual ~Scenario() = default;
  virtual const results::OutputSchema& schema() const = 0;
  /// Runs one replication. Must be safe to call from several threads at once
  /// and must depend on nothing but the scenario and `context`.
  virtual results::ReplicationResult run(const RunContext& context) const = 0;
  /// Tables about the run as a whole, from every replication's scalars (in
  /// replication order), written to the results file and shown in the
  /// console summary. None by default.
  virtual std::vector<results::RunSummary> summarise(
      const std::vector<std::vector<double>>& scalars) const {
    static_cast<void>(scalars);
    return {};
  }
  /// Remarks on the configuration, one line each, that a reader of the
  /// results should see (what this run cannot show, and why).
  virtual std::vector<std::string> notes() const { return {}; }
};

/// How far the auxiliary replications a model runs while preparing have
/// got. Calibration runs can cost far more than the batch itself (hundreds
/// of replications before a one-replication run), so a command shows them
/// as it shows its own.
struct PrepareProgress {
  std::string_view label;        // "calibration replications", for a progress line
  std::string_view explanation;  // what they are for and the key that sets their number
  std::uint64_t done = 0;
  std::uint64_t total = 0;
  double elapsed_seconds = 0.0;
};

/// What a batch tells a model before its scenario runs.
struct PrepareContext {
  std::uint64_t seed = 0;
  /// Worker threads the batch may use (0: every core).
  int threads = 0;
  /// Called once with done = 0 before auxiliary replications start, then
  /// after each one; may be empty.
  std::function<void(const PrepareProgress&)> progress;
};

class Model {
 public:
  virtual ~Model() = default;
  virtual std::string_view name() const = 0;
  virtual std::string_view summary() const = 0;
  virtual const params::ParamRegistry& parameters() const = 0;
  /// Checks what the parameter table cannot (cross-key constraints, input
  /// files) and builds a scenario. Bad input throws params::ConfigError,
  /// typically through ParamValues::fail.
  virtual std::unique_ptr<const Scenario> instantiate(const params::ParamValues& values) const = 0;
  /// The scenario a batch with this base seed runs. A model whose scenario
  /// needs auxiliary replications first (for example of its in-control
  /// counterpart, to calibrate a detector: experiment::run_auxiliary)
  /// overrides this; the result must depend on nothing but the values and
  /// the seed, so every thread count, rank and shard gets the same scenario.
  virtual std::unique_ptr<const Scenario> prepare(const params::ParamValues& values,
                                                  const PrepareContext& context) const {
    static_cast<void>(context);
    return instantiate(values);
  }
  /// Bytes the scenario and one replication running need at most, judged
  /// from the parameters alone (before instantiate builds anything), so that
  /// a size the machine cannot hold is refused at once with a clear message
  /// instead of failing in std::bad_alloc much later. 0 when small or
  /// unknown.
  virtual std::uint64_t memory_estimate(const params::ParamValues& values) const {
    (void)values;
    return 0;
  }
};

class ModelRegistry {
 public:
  void add(std::unique_ptr<Model> model);
  const Model* find(std::string_view name) const;
  std::vector<std::string> names() const;

 private:
  std::vector<std::unique_ptr<Model>> models_;
};

}  // namespace wfsim::model
