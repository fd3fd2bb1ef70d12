#pragma once
/// The contract between the engine and a model. A model is a description
/// (name, parameter table) plus a factory for scenarios; a scenario is the
/// read-only, fully resolved form of one configuration, shared by all
/// replications, which it runs one at a time on request.
#include <cstdint>
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
