#include "engine/experiment/sweep.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include "engine/core/detail/sync_annotations.hpp"
#include "engine/core/worker_errors.hpp"
#include "engine/experiment/detail/sobol_sequence.hpp"
#include "engine/params/cell_path.hpp"
#include "engine/params/yaml_source.hpp"

namespace wfsim::experiment {

namespace {

using params::ConfigError;
using params::location_of;

/// Replications per point a sweep accepts, from its file or from --set.
constexpr std::uint64_t kMaxReplications = 10'000'000;

const std::vector<std::string> kTopLevelKeys = {"base",   "description", "seed",    "replications",
                                                "design", "parameters",  "outcomes"};
const std::vector<std::string> kDesignKeys = {"type",   "samples",   "trajectories",
                                              "levels", "bootstrap", "confidence"};
const std::vector<std::string> kFactorKeys = {"min",          "max",  "points", "levels",
                                              "distribution", "mean", "sd",     "mode"};
const std::vector<std::string> kOutcomeKeys = {"scalar", "series", "reduce", "from",
                                               "to",     "at",     "label"};

/// The key node of `name` in a mapping, for error locations.
YAML::Node key_node(const YAML::Node& mapping, const std::string& name) {
  for (const auto& item : mapping) {
    if (item.first.Scalar() == name) return item.first;
  }
  return mapping;
}

void reject_unknown_keys(const YAML::Node& mapping, const std::string& file, const std::string& key,
                         const std::vector<std::string>& known) {
  for (const auto& name : params::mapping_keys(mapping, file, key)) {
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      throw ConfigError(location_of(key_node(mapping, name), file),
                        key.empty() ? name : key + "." + name,
                        "unknown key" + params::did_you_mean(name, known));
    }
  }
}

std::uint64_t read_count(const YAML::Node& node, const std::string& file, const std::string& key,
                         std::int64_t min, double max = 9.0e15) {
  params::ParamSpec spec;
  spec.path = key;
  spec.type = params::ParamType::Integer;
  spec.min = static_cast<double>(min);
  spec.max = max;
  return static_cast<std::uint64_t>(
      std::get<std::int64_t>(params::parse_value(spec, node, file, key)));
}

double read_real(const YAML::Node& node, const std::string& file, const std::string& key,
                 double min = -INFINITY, double max = INFINITY) {
  params::ParamSpec spec;
  spec.path = key;
  spec.type = params::ParamType::Real;
  spec.min = min;
  spec.max = max;
  return std::get<double>(params::parse_value(spec, node, file, key));
}

std::string read_text(const YAML::Node& node, const std::string& file, const std::string& key) {
  if (!node.IsScalar()) throw ConfigError(location_of(node, file), key, "expected a name");
  return node.Scalar();
}

template <class Enum>
Enum read_choice(const YAML::Node& node, const std::string& file, const std::string& key,
                 const std::vector<std::string>& names) {
  const std::string text = read_text(node, file, key);
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == text) return static_cast<Enum>(i);
  }
  std::string list;
  for (const auto& n : names)
    list += (list.empty() ? "" : ", ") + n;
  throw ConfigError(location_of(node, file), key,
                    "'" + text + "' is not one of " + list + params::did_you_mean(text, names));
}

DesignSettings parse_design(const YAML::Node& node, const std::string& file) {
  if (!node) throw ConfigError({file, 0, 0}, "design", "required key is missing");
  reject_unknown_keys(node, file, "design", kDesignKeys);
  if (!node["type"]) {
    throw ConfigError(location_of(node, file), "design.type",
                      "required key is missing: grid, lhs, morris or sobol");
  }
  DesignSettings settings;
  settings.kind = read_choice<DesignKind>(node["type"], file, "design.type", design_names());
  // Each design takes only its own settings: a stray one is most likely a
  // mistake about which design runs.
  const std::vector<std::string> allowed = [&]() -> std::vector<std::string> {
    switch (settings.kind) {
      case DesignKind::Grid:
        return {"type"};
      case DesignKind::LatinHypercube:
        return {"type", "samples"};
      case DesignKind::Morris:
        return {"type", "trajectories", "levels", "bootstrap", "confidence"};
      case DesignKind::Sobol:
        return {"type", "samples", "bootstrap", "confidence"};
    }
    return {};
  }();
  for (const auto& item : node) {
    const std::string name = item.first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      throw ConfigError(
          location_of(item.first, file), "design." + name,
          "a " + std::string(to_string(settings.kind)) + " design takes no '" + name + "'");
    }
  }
  auto required = [&](const char* name) {
    if (!node[name]) {
      throw ConfigError(
          location_of(node, file), std::string("design.") + name,
          "required key is missing for a " + std::string(to_string(settings.kind)) + " design");
    }
    return node[name];
  };
  if (settings.kind == DesignKind::LatinHypercube) {
    settings.samples = read_count(required("samples"), file, "design.samples", 2, 1e9);
  }
  if (settings.kind == DesignKind::Sobol) {
    const YAML::Node samples = required("samples");
    settings.samples = read_count(samples, file, "design.samples", 1, 1e12);
    if (settings.samples < 4 || !std::has_single_bit(settings.samples) ||
        settings.samples > (std::uint64_t{1} << 30)) {
      throw ConfigError(location_of(samples, file), "design.samples",
                        "the Saltelli scheme on a Sobol sequence needs N a power of two "
                        "between 4 and 2^30 (for example 512 or 1024), got " +
                            std::to_string(settings.samples));
    }
  }
  if (settings.kind == DesignKind::Morris) {
    settings.trajectories =
        read_count(required("trajectories"), file, "design.trajectories", 2, 1e8);
    if (const YAML::Node levels = node["levels"]) {
      settings.levels = read_count(levels, file, "design.levels", 2, 1e6);
      if (settings.levels % 2 != 0) {
        throw ConfigError(location_of(levels, file), "design.levels",
                          "Morris needs an even number of levels p, so that the step "
                          "p / (2 (p - 1)) lands on the grid; got " +
                              std::to_string(settings.levels));
      }
    }
  }
  if (const YAML::Node b = node["bootstrap"]) {
    settings.bootstrap = read_count(b, file, "design.bootstrap", 0, 1e7);
  }
  if (const YAML::Node c = node["confidence"]) {
    settings.confidence = read_real(c, file, "design.confidence", 0.0, 1.0);
    if (settings.confidence <= 0.0 || settings.confidence >= 1.0) {
      throw ConfigError(location_of(c, file), "design.confidence",
                        "a confidence level is strictly between 0 and 1");
    }
  }
  return settings;
}

/// The spec of what a factor varies: a scalar parameter, or one cell of a
/// table parameter (then `cell` says which, resolved against the base
/// config's table).
params::ParamSpec factor_target(const std::string& path, const params::SourceLocation& where,
                                const params::ParamValues& base, const std::string& model_name,
                                std::optional<params::TableCell>& cell) {
  const std::string shown = "parameters." + path;
  if (params::is_cell_path(path)) {
    cell = params::resolve_cell(base, path, where, shown);
    return cell->spec;
  }
  const params::ParamRegistry& registry = base.registry();
  const params::ParamSpec* spec = registry.find(path);
  if (!spec) {
    if (registry.is_group(path)) {
      throw ConfigError(where, shown,
                        "is a group of parameters; name one parameter by its full key path");
    }
    throw ConfigError(
        where, shown,
        "unknown parameter of model " + model_name + params::did_you_mean(path, registry.paths()));
  }
  if (spec->type == params::ParamType::Table) {
    const std::string example = spec->columns.empty()
                                    ? std::string{}
                                    : ", for example " + shown + "[0]." + spec->columns[0].path;
    throw ConfigError(where, shown,
                      "a table parameter cannot be swept whole; vary one of its cells, written "
                      "TABLE[ROW].COLUMN" +
                          example);
  }
  params::ParamSpec scalar = *spec;
  scalar.columns.clear();
  return scalar;
}

Factor parse_factor(const std::string& path, const YAML::Node& key, const YAML::Node& node,
                    const std::string& file, const params::ParamValues& base,
                    const std::string& model_name) {
  const std::string shown = "parameters." + path;
  Factor factor;
  factor.path = path;
  factor.where = location_of(key, file);
  factor.spec = factor_target(path, factor.where, base, model_name, factor.cell);
  const params::ParamSpec* spec = &factor.spec;

  auto parse_levels = [&](const YAML::Node& list, const std::string& list_key) {
    if (!list.IsSequence() || list.size() == 0) {
      throw ConfigError(location_of(list, file), list_key, "expected a non-empty list of levels");
    }
    std::set<std::string> seen;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string item_key = list_key + "[" + std::to_string(i) + "]";
      params::Value value = params::parse_value(*spec, list[i], file, item_key);
      if (!seen.insert(params::format_value(value)).second) {
        throw ConfigError(location_of(list[i], file), item_key, "level listed twice");
      }
      factor.levels.push_back(std::move(value));
    }
    factor.kind = FactorKind::Levels;
  };

  if (node.IsSequence()) {
    parse_levels(node, shown);
    return factor;
  }
  if (!node.IsMap()) {
    throw ConfigError(location_of(node, file), shown,
                      "expected {min, max}, {levels: [...]} or {distribution: ...}");
  }
  reject_unknown_keys(node, file, shown, kFactorKeys);
  auto forbid = [&](std::initializer_list<const char*> names, const std::string& why) {
    for (const char* name : names) {
      if (node[name]) {
        throw ConfigError(location_of(key_node(node, name), file), shown + "." + name, why);
      }
    }
  };
  auto need = [&](const char* name, const std::string& what) {
    if (!node[name]) {
      throw ConfigError(location_of(node, file), shown + "." + name,
                        "required key is missing " + what);
    }
    return node[name];
  };
  if (node["levels"]) {
    forbid({"min", "max", "points", "distribution", "mean", "sd", "mode"},
           "levels stand alone: give either levels, a range or a distribution");
    parse_levels(node["levels"], shown + ".levels");
    return factor;
  }
  if (!spec->numeric()) {
    throw ConfigError(location_of(node, file), shown,
                      "a " + std::string(params::to_string(spec->type)) +
                          " parameter varies over levels: give 'levels: [...]'");
  }
  if (const YAML::Node points = node["points"]) {
    factor.grid_points = read_count(points, file, shown + ".points", 1, 1e6);
  }
  auto bound = [&](const char* name) {
    // Bounds are parameter values: the parameter's type and range apply.
    return params::parse_value(*spec, need(name, "for this range"), file, shown + "." + name);
  };
  auto as_double = [](const params::Value& v) {
    if (const auto* d = std::get_if<double>(&v)) return *d;
    return static_cast<double>(std::get<std::int64_t>(v));
  };
  auto check_order = [&](double low, double high) {
    if (low == high) {
      throw ConfigError(location_of(node, file), shown,
                        "empty range: min and max are both " + params::format_value(low));
    }
    if (low > high) {
      throw ConfigError(location_of(node, file), shown,
                        "inverted range: min " + params::format_value(low) + " is above max " +
                            params::format_value(high));
    }
  };
  if (!node["distribution"]) {
    forbid({"mean", "sd", "mode"}, "a range takes min and max; use 'distribution:' for others");
    factor.kind = FactorKind::Range;
    factor.min = as_double(bound("min"));
    factor.max = as_double(bound("max"));
    check_order(factor.min, factor.max);
  } else {
    factor.kind = FactorKind::Distribution;
    factor.distribution = read_choice<DistributionKind>(
        node["distribution"], file, shown + ".distribution", distribution_names());
    switch (factor.distribution) {
      case DistributionKind::Uniform:
      case DistributionKind::LogUniform:
        forbid({"mean", "sd", "mode"}, "this distribution takes min and max");
        factor.min = as_double(bound("min"));
        factor.max = as_double(bound("max"));
        check_order(factor.min, factor.max);
        if (factor.distribution == DistributionKind::LogUniform && factor.min <= 0.0) {
          throw ConfigError(location_of(node["min"], file), shown + ".min",
                            "a log-uniform distribution needs min > 0");
        }
        break;
      case DistributionKind::Triangular: {
        forbid({"mean", "sd"}, "a triangular distribution takes min, mode and max");
        factor.min = as_double(bound("min"));
        factor.max = as_double(bound("max"));
        check_order(factor.min, factor.max);
        const YAML::Node mode = need("mode", "for a triangular distribution");
        factor.mode = read_real(mode, file, shown + ".mode");
        if (factor.mode < factor.min || factor.mode > factor.max) {
          throw ConfigError(location_of(mode, file), shown + ".mode",
                            "the mode must lie in [min, max]");
        }
        break;
      }
      case DistributionKind::Normal:
      case DistributionKind::LogNormal: {
        forbid({"min", "max", "mode"}, "this distribution takes mean and sd");
        factor.mean = read_real(need("mean", "for this distribution"), file, shown + ".mean");
        const YAML::Node sd = need("sd", "for this distribution");
        factor.sd = read_real(sd, file, shown + ".sd");
        if (!(factor.sd > 0.0)) {
          throw ConfigError(location_of(sd, file), shown + ".sd",
                            "a standard deviation must be positive");
        }
        break;
      }
    }
    // The extreme values the design can reach must be valid parameter
    // values; the factor's value is monotone in u, so the ends suffice.
    for (double u : {0.0, 1.0}) {
      params::checked(factor.spec, factor.value_at(u), location_of(node, file),
                      shown + " (" + std::string(u == 0.0 ? "lowest" : "highest") +
                          " value the design can draw)");
    }
  }
  return factor;
}

OutcomeSpec parse_outcome(const std::string& name, const YAML::Node& key, const YAML::Node& node,
                          const std::string& file) {
  const std::string shown = "outcomes." + name;
  OutcomeSpec outcome;
  outcome.name = name;
  outcome.where = location_of(key, file);
  if (node.IsScalar()) {  // `name: scalar_name` is short for {scalar: scalar_name}
    outcome.variable = node.Scalar();
    return outcome;
  }
  if (!node.IsMap()) {
    throw ConfigError(location_of(node, file), shown,
                      "expected {scalar: NAME} or {series: NAME, ...}");
  }
  reject_unknown_keys(node, file, shown, kOutcomeKeys);
  if (node["scalar"] && node["series"]) {
    throw ConfigError(location_of(node, file), shown,
                      "an outcome is a scalar or a series, not both");
  }
  if (node["scalar"]) {
    for (const char* other : {"reduce", "from", "to", "at", "label"}) {
      if (node[other]) {
        throw ConfigError(location_of(key_node(node, other), file), shown + "." + other,
                          "a scalar outcome takes no '" + std::string(other) + "'");
      }
    }
    outcome.variable = read_text(node["scalar"], file, shown + ".scalar");
    return outcome;
  }
  if (!node["series"]) {
    throw ConfigError(location_of(node, file), shown, "expected 'scalar:' or 'series:'");
  }
  outcome.from_series = true;
  outcome.variable = read_text(node["series"], file, shown + ".series");
  if (node["label"]) outcome.label = read_text(node["label"], file, shown + ".label");
  if (const YAML::Node at = node["at"]) {
    for (const char* other : {"reduce", "from", "to"}) {
      if (node[other]) {
        throw ConfigError(location_of(key_node(node, other), file), shown + "." + other,
                          "'at' picks one period; it takes no '" + std::string(other) + "'");
      }
    }
    outcome.reduce = Reduction::At;
    outcome.from = outcome.to = read_count(at, file, shown + ".at", 1, 1e9);
    return outcome;
  }
  if (!node["reduce"]) {
    throw ConfigError(location_of(node, file), shown + ".reduce",
                      "a series outcome needs 'reduce:' (sum, mean, min, max, last) or 'at:'");
  }
  outcome.reduce =
      read_choice<Reduction>(node["reduce"], file, shown + ".reduce", reduction_names());
  if (outcome.reduce == Reduction::At) {
    throw ConfigError(location_of(node["reduce"], file), shown + ".reduce",
                      "write 'at: PERIOD' to take one period's value");
  }
  if (node["from"]) outcome.from = read_count(node["from"], file, shown + ".from", 1, 1e9);
  if (node["to"]) outcome.to = read_count(node["to"], file, shown + ".to", 1, 1e9);
  if (outcome.to != 0 && outcome.from > outcome.to) {
    throw ConfigError(location_of(node, file), shown,
                      "empty period range: from " + std::to_string(outcome.from) + " is after to " +
                          std::to_string(outcome.to));
  }
  return outcome;
}

std::string read_file(const std::string& path) {
  return params::read_input_file(path, "file");
}

}  // namespace

SweepConfig parse_sweep_config(const std::string& text, const std::string& name,
                               const model::ModelRegistry& registry, const std::string* base_text) {
  const YAML::Node root = params::load_yaml_text(text, name);
  if (!root || root.IsNull()) {
    throw ConfigError({name, 0, 0}, "", "the sweep file is empty; it needs at least 'base:'");
  }
  reject_unknown_keys(root, name, "", kTopLevelKeys);
  const YAML::Node base = root["base"];
  if (!base)
    throw ConfigError(location_of(root, name), "base",
                      "required key is missing: the run config to vary");
  const std::string base_path = read_text(base, name, "base");
  // A relative base is relative to the sweep file, so that sweeps can be
  // run from anywhere.
  std::filesystem::path resolved(base_path);
  if (resolved.is_relative()) resolved = std::filesystem::path(name).parent_path() / resolved;
  const std::string base_file = resolved.lexically_normal().string();
  auto load_base = [&] {
    if (base_text) return model::parse_run_config(*base_text, base_file, registry);
    std::ifstream probe(base_file);
    if (!probe) {
      throw ConfigError(location_of(base, name), "base",
                        "cannot open the base config '" + base_file + "'");
    }
    return model::load_run_config(base_file, registry);
  };
  SweepConfig config{name, text, base_file, load_base(), 1, 1, {}, {}, {}, {}};
  config.seed = config.base.seed;
  config.replications = config.base.replications;
  if (const YAML::Node s = root["seed"]) config.seed = params::parse_seed(s, name, "seed");
  if (const YAML::Node r = root["replications"]) {
    config.replications =
        read_count(r, name, "replications", 1, static_cast<double>(kMaxReplications));
  }
  if (const YAML::Node d = root["description"]) read_text(d, name, "description");
  config.design = parse_design(root["design"], name);

  const YAML::Node parameters = root["parameters"];
  if (!parameters || parameters.IsNull()) {
    throw ConfigError(location_of(parameters ? parameters : root, name), "parameters",
                      "a sweep needs at least one parameter to vary");
  }
  const std::string model_name(config.base.model->name());
  for (const auto& key : params::mapping_keys(parameters, name, "parameters")) {
    const YAML::Node k = key_node(parameters, key);
    config.factors.push_back(
        parse_factor(key, k, parameters[key], name, config.base.values, model_name));
  }
  if (config.design.kind == DesignKind::Grid) {
    double total = 1.0;
    for (const auto& factor : config.factors) {
      if (factor.grid_size() == 0) {
        throw ConfigError(factor.where, "parameters." + factor.path + ".points",
                          "a grid design needs the number of points along each range or "
                          "distribution");
      }
      total *= static_cast<double>(factor.grid_size());
    }
    if (total > 1e9) {
      throw ConfigError(location_of(parameters, name), "parameters",
                        "the grid has more than a billion points");
    }
  }
  if (config.design.kind == DesignKind::Sobol &&
      2 * config.factors.size() > detail::SobolSequence::kMaxDimensions) {
    throw ConfigError(location_of(parameters, name), "parameters",
                      "a Sobol design varies at most " +
                          std::to_string(detail::SobolSequence::kMaxDimensions / 2) +
                          " parameters (the sequence's direction numbers cover " +
                          std::to_string(detail::SobolSequence::kMaxDimensions) + " dimensions)");
  }

  const YAML::Node outcomes = root["outcomes"];
  if (!outcomes || outcomes.IsNull()) {
    throw ConfigError(location_of(outcomes ? outcomes : root, name), "outcomes",
                      "a sweep needs at least one outcome to record");
  }
  for (const auto& key : params::mapping_keys(outcomes, name, "outcomes")) {
    config.outcomes.push_back(parse_outcome(key, key_node(outcomes, key), outcomes[key], name));
  }
  return config;
}

namespace {

/// Refuses a `--set` of what the sweep varies: the parameter or cell itself,
/// or the whole table a varied cell is in (a new table would move the row
/// the factor was resolved against).
void refuse_varied(const SweepConfig& config, const std::string& assignment) {
  const std::string prefix = "parameters.";
  std::string key = assignment.substr(0, assignment.find('='));
  if (key.compare(0, prefix.size(), prefix) == 0) key = key.substr(prefix.size());
  for (const auto& factor : config.factors) {
    if (factor.path == key) {
      throw ConfigError({"--set " + assignment, 0, 0}, key,
                        "the sweep varies this parameter (" + factor.where.to_string() +
                            "); change its range there instead");
    }
    if (factor.cell && factor.cell->table == key) {
      throw ConfigError({"--set " + assignment, 0, 0}, key,
                        "the sweep varies its cell " + factor.path + " (" +
                            factor.where.to_string() + "); set other cells one at a time with " +
                            key + "[ROW].COLUMN=VALUE");
    }
  }
}

}  // namespace

void apply_sweep_overrides(SweepConfig& config, const std::vector<std::string>& assignments) {
  for (const auto& assignment : assignments)
    refuse_varied(config, assignment);
  model::RunConfig base = config.base;
  base.seed = config.seed;
  base.replications = config.replications;
  model::apply_overrides(base, assignments);
  if (base.replications > kMaxReplications) {
    throw ConfigError(
        {"--set replications=" + std::to_string(base.replications), 0, 0}, "replications",
        "a sweep runs at most " + std::to_string(kMaxReplications) + " replications per point");
  }
  config.seed = base.seed;
  config.replications = base.replications;
  config.base.values = std::move(base.values);
  config.overrides.insert(config.overrides.end(), assignments.begin(), assignments.end());
}

SweepConfig load_sweep_config(const std::string& path, const model::ModelRegistry& registry) {
  return parse_sweep_config(read_file(path), path, registry);
}

std::pair<std::uint64_t, std::uint64_t> shard_points(std::uint64_t points, const Shard& shard) {
  __extension__ using u128 = unsigned __int128;
  auto cut = [&](std::uint64_t i) {
    return static_cast<std::uint64_t>(static_cast<u128>(points) * i / shard.count);
  };
  return {cut(shard.index), cut(shard.index + 1)};
}

std::uint64_t fnv1a(const void* data, std::size_t size, std::uint64_t hash) {
  const auto* bytes = static_cast<const unsigned char*>(data);
  for (std::size_t i = 0; i < size; ++i) {
    hash ^= bytes[i];
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

namespace {

/// A point's parameter values: the base config's, with the factors set.
params::ParamValues point_values(const SweepConfig& config, const Design& design,
                                 std::size_t point) {
  params::ParamValues values = config.base.values;
  for (std::size_t f = 0; f < config.factors.size(); ++f) {
    const Factor& factor = config.factors[f];
    if (factor.cell) {
      params::set_cell(values, *factor.cell, factor.value_at(design.at(point, f)), factor.where);
    } else {
      values.set(factor.path, factor.value_at(design.at(point, f)), factor.where);
    }
  }
  return values;
}

/// Adds which point failed to a model's complaint about its parameters.
[[noreturn]] void rethrow_at_point(const ConfigError& error, const SweepConfig& config,
                                   const Design& design, std::size_t point) {
  std::string values;
  for (std::size_t f = 0; f < config.factors.size(); ++f) {
    values += (f ? ", " : "") + config.factors[f].path + "=" +
              params::format_value(config.factors[f].value_at(design.at(point, f)));
  }
  throw ConfigError(
      error.where(), error.key(),
      error.message() + " (at sweep point " + std::to_string(point) + ": " + values + ")");
}

}  // namespace

SweepPlan::SweepPlan(SweepConfig config) : config_(std::move(config)) {
  design_ = make_design(config_.design, config_.factors, config_.seed);
  // The reference scenario is the first point's: the base config alone may
  // not even be a valid scenario once the factors are set.
  try {
    base_scenario_ = config_.base.model->instantiate(point_values(config_, design_, 0));
  } catch (const ConfigError& e) {
    rethrow_at_point(e, config_, design_, 0);
  }
  base_outcomes_ = bind_outcomes(config_.outcomes, base_scenario_->schema());

  model::RunConfig canonical_base = config_.base;
  canonical_base.seed = config_.seed;
  canonical_base.replications = config_.replications;
  canonical_base.description.clear();
  std::string identity = "wfsim sweep 1\n" + model::resolved_yaml(canonical_base);
  identity += config_.design.canonical() + "\n";
  for (const auto& factor : config_.factors)
    identity += "factor " + factor.canonical() + "\n";
  for (const auto& outcome : config_.outcomes)
    identity += "outcome " + outcome.canonical() + "\n";
  const std::uint64_t coordinates =
      fnv1a(design_.unit.data(), design_.unit.size() * sizeof(double));
  identity += "points " + std::to_string(design_.points) + " coordinates " +
              std::to_string(coordinates) + "\n";
  identity_ = std::move(identity);
  hash_ = fnv1a(identity_.data(), identity_.size());
}

double SweepPlan::design_value(std::size_t point, std::size_t factor) const {
  return config_.factors[factor].number_at(design_.at(point, factor));
}

void SweepPlan::evaluate(std::size_t point, std::span<double> out) const {
  if (out.size() != values_per_point()) throw std::logic_error("wrong size of a point's output");
  std::unique_ptr<const model::Scenario> scenario;
  try {
    scenario = config_.base.model->instantiate(point_values(config_, design_, point));
  } catch (const ConfigError& e) {
    rethrow_at_point(e, config_, design_, point);
  }
  const std::vector<BoundOutcome> bound = bind_outcomes(config_.outcomes, scenario->schema());
  const std::size_t outcomes = bound.size();
  auto replicate = [&](std::size_t r) {
    // Outcomes read series and scalars only: the model need not record
    // event-table rows.
    const results::ReplicationResult result =
        scenario->run(model::RunContext{config_.seed, static_cast<std::uint64_t>(r), false});
    results::check_result(scenario->schema(), result);
    for (std::size_t o = 0; o < outcomes; ++o)
      out[r * outcomes + o] = outcome_value(bound[o], result);
  };
  if (config_.replications == 1) {
    replicate(0);
    return;
  }
  // Each replication is a task record that the loop body reaches through
  // the range alone: the body captures nothing, so no thread reads memory
  // that oneTBB handed over (invisibly to TSan, see sync_annotations.hpp),
  // and the annotations on each record order everything else.
  struct Task {
    const decltype(replicate)* run;
    core::WorkerErrors* errors;
    std::size_t replication;
  };
  core::WorkerErrors errors;
  std::vector<Task> tasks(config_.replications);
  for (std::size_t r = 0; r < tasks.size(); ++r) {
    tasks[r] = Task{&replicate, &errors, r};
    WFSIM_HAPPENS_BEFORE(&tasks[r]);
  }
  tbb::parallel_for(tbb::blocked_range<Task*>(tasks.data(), tasks.data() + tasks.size(), 1),
                    [](const tbb::blocked_range<Task*>& range) {
                      for (Task* task = range.begin(); task != range.end(); ++task) {
                        WFSIM_HAPPENS_AFTER(task);
                        if (!task->errors->failed_at_or_before(task->replication))
                          task->errors->run(task->replication,
                                            [task] { (*task->run)(task->replication); });
                        WFSIM_HAPPENS_BEFORE(task);
                      }
                    });
  for ([[maybe_unused]] Task& task : tasks)
    WFSIM_HAPPENS_AFTER(&task);
  errors.rethrow_first();
}

}  // namespace wfsim::experiment
