#include "engine/experiment/detail/sweep_output.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <limits>
#include <map>

#include "engine/experiment/detail/sweep_analysis.hpp"
#include "engine/io/detail/hdf5.hpp"
#include "engine/io/run_writer.hpp"

namespace wfsim::experiment::detail {

namespace h5 = io::detail::hdf5;

namespace {

std::string hex(std::uint64_t value) {
  return fmt::format("{:016x}", value);
}

std::uint64_t from_hex(const std::string& text) {
  return static_cast<std::uint64_t>(std::strtoull(text.c_str(), nullptr, 16));
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

std::string host_name() {
  char buffer[256] = {};
  if (gethostname(buffer, sizeof buffer - 1) != 0) return "unknown";
  return buffer;
}

/// Passed as the units of a variable whose values have the units of its
/// outcome (or parameter): "units-in:outcome_units".
constexpr const char* kUnitsIn = "units-in:";
const std::string kOutcomeUnits = std::string(kUnitsIn) + "outcome_units";
const std::string kParameterUnits = std::string(kUnitsIn) + "parameter_units";

template <class T>
void variable(h5::Group& group, const std::string& name,
              std::initializer_list<const h5::Dataset*> dimensions, const std::vector<T>& values,
              const std::string& units, const std::string& long_name, bool compress = false) {
  h5::DatasetOptions options;
  if (values.empty()) {
    // An empty dimension (a shard with no points) is an extendible scale,
    // and datasets over it must be chunked.
    options.chunk.assign(dimensions.size(), 1);
  } else if (compress) {
    std::vector<hsize_t> shape;
    for (const auto* d : dimensions)
      shape.push_back(d->shape()[0]);
    options.chunk = h5::chunk_shape(shape, sizeof(T));
    options.deflate = 4;
  }
  if constexpr (std::is_same_v<T, double>) {
    // Outcomes, their summaries and indices are NaN where a replication
    // had no value.
    options.has_fill = true;
    options.fill = std::numeric_limits<double>::quiet_NaN();
  }
  if constexpr (std::is_same_v<T, std::int64_t>) {
    // A count of valid replications never written reads as -1, which no
    // count can be, rather than as a plausible 0.
    if (name == "outcome_valid") {
      options.has_fill = true;
      options.fill = -1.0;
    }
  }
  h5::Dataset dataset = group.create_variable<T>(name, dimensions, options);
  if (!values.empty()) dataset.write<T>(std::span<const T>(values));
  if (units.starts_with(kUnitsIn)) {
    // Values along the outcome (or parameter) axis each have their own
    // units, which one CF `units` attribute cannot say: the variable names
    // the variable that holds them instead.
    dataset.set_attribute("units_variable", units.substr(std::strlen(kUnitsIn)));
  } else if (!units.empty()) {
    dataset.set_attribute("units", units);
  }
  dataset.set_attribute("long_name", long_name);
}

void write_provenance(h5::File& file, const SweepProvenance& p, const SweepPlan& plan) {
  h5::Group group = file.create_group("provenance");
  group.set_attribute("created", utc_now());
  group.set_attribute("host", host_name());
  group.set_attribute("command_line", p.command_line);
  group.set_attribute("wfsim_version", p.wfsim_version);
  group.set_attribute("git_commit", p.git_commit);
  group.set_attribute("processes", static_cast<std::int64_t>(p.processes));
  group.set_attribute("threads", static_cast<std::int64_t>(p.threads));
  group.set_attribute("resumed_points", static_cast<std::int64_t>(p.resumed_points));
  group.set_attribute("wall_seconds", p.wall_seconds);
  group.set_attribute("sweep_file", plan.config().file);
  group.set_attribute("base_config_file", plan.config().base_file);
  if (!p.merged_from.empty()) {
    group.set_attribute("merged_from", std::span<const std::string>(p.merged_from));
  }
}

void write_contents(h5::File& file, const SweepPlan& plan, const ShardOutcomes& outcomes,
                    const SweepProvenance& provenance) {
  const SweepConfig& config = plan.config();
  const Design& design = plan.design();
  const bool whole = outcomes.shard.count == 1;
  const std::size_t k = plan.factors();
  const std::size_t reps = plan.replications();
  const std::size_t outs = plan.outcomes();
  const std::uint64_t first = outcomes.first;
  const std::uint64_t count = outcomes.last - outcomes.first;

  file.set_attribute("Conventions", io::kCfConventions);
  file.set_attribute("wfsim_format", whole ? kSweepFormat : kSweepShardFormat);
  file.set_attribute("wfsim_format_version", kSweepFormatVersion);
  file.set_attribute("title",
                     "wfsim sensitivity sweep of model " + std::string(config.base.model->name()));
  file.set_attribute("model", std::string(config.base.model->name()));
  file.set_attribute("sweep_hash", hex(plan.hash()));
  file.set_attribute("design", std::string(to_string(design.settings.kind)));
  file.set_attribute("seed", std::uint64_t{config.seed});
  file.set_attribute("replications", static_cast<std::int64_t>(reps));
  file.set_attribute("points", static_cast<std::int64_t>(plan.points()));
  switch (design.settings.kind) {
    case DesignKind::Grid:
      break;
    case DesignKind::LatinHypercube:
      file.set_attribute("samples", static_cast<std::int64_t>(design.settings.samples));
      break;
    case DesignKind::Morris:
      file.set_attribute("trajectories", static_cast<std::int64_t>(design.settings.trajectories));
      file.set_attribute("levels", static_cast<std::int64_t>(design.settings.levels));
      file.set_attribute("bootstrap", static_cast<std::int64_t>(design.settings.bootstrap));
      file.set_attribute("confidence", design.settings.confidence);
      break;
    case DesignKind::Sobol:
      file.set_attribute("samples", static_cast<std::int64_t>(design.settings.samples));
      file.set_attribute("bootstrap", static_cast<std::int64_t>(design.settings.bootstrap));
      file.set_attribute("confidence", design.settings.confidence);
      break;
  }
  file.set_attribute("sweep_text", config.text);
  file.set_attribute("base_config_text", config.base.text);
  file.set_attribute("base_config_resolved", model::resolved_yaml(config.base));
  // The command line's --set assignments: part of the sweep, which a merge
  // rebuilds from this file.
  file.set_attribute("overrides", std::span<const std::string>(config.overrides));
  file.set_attribute("common_random_numbers",
                     "replication r of every point runs with random streams keyed by (seed, r)");
  if (!whole) {
    file.set_attribute("shard_index", static_cast<std::int64_t>(outcomes.shard.index));
    file.set_attribute("shard_count", static_cast<std::int64_t>(outcomes.shard.count));
    file.set_attribute("first_point", static_cast<std::int64_t>(first));
    file.set_attribute("last_point", static_cast<std::int64_t>(outcomes.last));
  }

  std::vector<std::int64_t> point_ids(count);
  for (std::uint64_t i = 0; i < count; ++i)
    point_ids[i] = static_cast<std::int64_t>(first + i);
  std::vector<std::string> names;
  std::vector<std::string> units;
  std::vector<std::string> kinds;
  for (const auto& factor : config.factors) {
    names.push_back(factor.path);
    units.push_back(factor.categorical() ? "level index" : factor.spec.unit);
    kinds.push_back(factor.kind == FactorKind::Range ? "range"
                    : factor.kind == FactorKind::Levels
                        ? "levels"
                        : std::string(to_string(factor.distribution)));
  }
  std::vector<std::int64_t> replication_ids(reps);
  for (std::size_t r = 0; r < reps; ++r)
    replication_ids[r] = static_cast<std::int64_t>(r);
  std::vector<std::string> outcome_names;
  std::vector<std::string> outcome_units;
  std::vector<std::string> outcome_long;
  std::vector<std::string> outcome_definitions;
  for (const auto& bound : plan.base_outcomes()) {
    outcome_names.push_back(bound.spec->name);
    outcome_units.push_back(bound.units);
    outcome_long.push_back(bound.long_name);
    outcome_definitions.push_back(bound.spec->canonical());
  }

  const h5::Dataset point = file.create_coordinate<std::int64_t>(
      "point", std::span<const std::int64_t>(point_ids), "1", "design point");
  const h5::Dataset parameter = file.create_coordinate<std::string>(
      "parameter", std::span<const std::string>(names), "", "model parameter varied (key path)");
  h5::Dataset replication = file.create_coordinate<std::int64_t>(
      "replication", std::span<const std::int64_t>(replication_ids), "1", "replication");
  replication.set_attribute("standard_name", "realization");
  const h5::Dataset outcome = file.create_coordinate<std::string>(
      "outcome", std::span<const std::string>(outcome_names), "", "scalar outcome");

  variable(file, "parameter_units", {&parameter}, units, "", "unit of each parameter's values");
  variable(file, "parameter_variation", {&parameter}, kinds, "",
           "how each parameter varies: range, levels or a distribution");
  variable(file, "outcome_units", {&outcome}, outcome_units, "", "unit of each outcome");
  variable(file, "outcome_long_name", {&outcome}, outcome_long, "", "what each outcome measures");
  variable(file, "outcome_definition", {&outcome}, outcome_definitions, "",
           "how each outcome is computed from a replication's results");

  std::vector<double> values(count * k);
  std::vector<double> unit(count * k);
  for (std::uint64_t i = 0; i < count; ++i) {
    for (std::size_t f = 0; f < k; ++f) {
      values[i * k + f] = plan.design_value(first + i, f);
      unit[i * k + f] = design.at(first + i, f);
    }
  }
  variable(file, "design", {&point, &parameter}, values, kParameterUnits,
           "parameter value at each point (level index for levels that are not numbers)", true);
  variable(file, "design_unit", {&point, &parameter}, unit, "1",
           "the point's coordinates on the unit cube, before mapping to values", true);
  if (design.settings.kind == DesignKind::Morris) {
    std::vector<std::int64_t> trajectory(count);
    for (std::uint64_t i = 0; i < count; ++i) {
      trajectory[i] = static_cast<std::int64_t>((first + i) / (k + 1));
    }
    variable(file, "trajectory", {&point}, trajectory, "1", "Morris trajectory of each point");
  }
  if (design.settings.kind == DesignKind::Sobol) {
    std::vector<std::int64_t> sample(count);
    std::vector<std::int64_t> matrix(count);
    for (std::uint64_t i = 0; i < count; ++i) {
      sample[i] = static_cast<std::int64_t>((first + i) / sobol_group_size(k));
      matrix[i] = static_cast<std::int64_t>(sobol_role(first + i, k));
    }
    variable(file, "sample", {&point}, sample, "1", "Saltelli base sample j of each point");
    variable(file, "matrix", {&point}, matrix, "1",
             "the point's matrix in the Saltelli scheme: 0 for A, i for AB_i (parameter i, "
             "counted from 1), parameters + 1 for B");
  }
  variable(file, "outcomes", {&point, &replication, &outcome}, outcomes.values, kOutcomeUnits,
           "outcome of each replication at each point (units: outcome_units)", true);

  SweepAnalysis analysis;
  if (whole) {
    analysis = analyse_sweep(plan, outcomes.values);
  } else {
    // A shard's summaries cover its own points; indices need all of them.
    summarise_points(outcomes.values, count, reps, outs, analysis);
  }
  variable(file, "outcome_mean", {&point, &outcome}, analysis.mean, kOutcomeUnits,
           "mean over replications (NaN values left out)", true);
  variable(file, "outcome_sd", {&point, &outcome}, analysis.sd, kOutcomeUnits,
           "standard deviation over replications (n - 1)", true);
  variable(file, "outcome_valid", {&point, &outcome}, analysis.valid, "1",
           "replications whose outcome is not NaN", true);
  if (!analysis.mu.empty()) {
    variable(file, "mu", {&parameter, &outcome}, analysis.mu, kOutcomeUnits,
             "Morris mean elementary effect (outcome per full range of the parameter)");
    variable(file, "mu_star", {&parameter, &outcome}, analysis.mu_star, kOutcomeUnits,
             "Morris mean absolute elementary effect");
    variable(file, "mu_star_low", {&parameter, &outcome}, analysis.mu_star_low, kOutcomeUnits,
             "lower bootstrap confidence bound of mu_star");
    variable(file, "mu_star_high", {&parameter, &outcome}, analysis.mu_star_high, kOutcomeUnits,
             "upper bootstrap confidence bound of mu_star");
    variable(file, "sigma", {&parameter, &outcome}, analysis.sigma, kOutcomeUnits,
             "Morris standard deviation of elementary effects");
  }
  if (!analysis.first_order.empty()) {
    variable(file, "first_order", {&parameter, &outcome}, analysis.first_order, "1",
             "first-order Sobol index S_i (Jansen estimator)");
    variable(file, "first_order_low", {&parameter, &outcome}, analysis.first_order_low, "1",
             "lower bootstrap confidence bound of first_order");
    variable(file, "first_order_high", {&parameter, &outcome}, analysis.first_order_high, "1",
             "upper bootstrap confidence bound of first_order");
    variable(file, "total", {&parameter, &outcome}, analysis.total, "1",
             "total Sobol index ST_i (Jansen estimator)");
    variable(file, "total_low", {&parameter, &outcome}, analysis.total_low, "1",
             "lower bootstrap confidence bound of total");
    variable(file, "total_high", {&parameter, &outcome}, analysis.total_high, "1",
             "upper bootstrap confidence bound of total");
  }
  write_provenance(file, provenance, plan);
}

params::ConfigError file_error(const std::filesystem::path& path, const std::string& message) {
  return params::ConfigError({path.string(), 0, 0}, "", message);
}

ShardFile read_shard_contents(const std::filesystem::path& path);

}  // namespace

std::filesystem::path shard_output_path(const std::filesystem::path& output, const Shard& shard) {
  if (shard.count <= 1) return output;
  const std::size_t width = std::to_string(shard.count - 1).size();
  const std::string index = fmt::format("{:0{}}", shard.index, width);
  std::filesystem::path result = output;
  result.replace_filename(output.stem().string() + ".shard-" + index + "-of-" +
                          std::to_string(shard.count) + output.extension().string());
  return result;
}

void write_sweep_file(const std::filesystem::path& path, const SweepPlan& plan,
                      const ShardOutcomes& outcomes, const SweepProvenance& provenance) {
  const std::filesystem::path temporary = io::temporary_path_for(path);
  h5::File file;
  const auto remove_temporary = [&] {
    file.discard();
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
  };
  try {
    file = h5::File::create(temporary, true);
    write_contents(file, plan, outcomes, provenance);
    file.close();
    std::filesystem::rename(temporary, path);
  } catch (const h5::Error& error) {
    remove_temporary();
    throw std::runtime_error(h5::write_failure_message(error, path));
  } catch (...) {
    remove_temporary();
    throw;
  }
}

ShardFile read_shard_file(const std::filesystem::path& path) {
  if (!h5::File::is_hdf5(path)) throw file_error(path, "not an HDF5 file (or missing)");
  try {
    return read_shard_contents(path);
  } catch (const h5::Error& error) {
    // Every dataset carries checksums: a damaged chunk fails its read here
    // instead of passing for data.
    std::string reason = error.what();
    if (reason.starts_with("HDF5: ")) reason.erase(0, 6);
    throw file_error(path, "damaged or not a complete sweep file: " + reason);
  }
}

namespace {

ShardFile read_shard_contents(const std::filesystem::path& path) {
  h5::File file = h5::File::open(path);
  ShardFile shard;
  shard.path = path.string();
  auto text = [&](const char* name) {
    if (!file.has_attribute(name))
      throw file_error(path, std::string("no '") + name + "' attribute: not a wfsim sweep file");
    return file.attribute<std::string>(name);
  };
  shard.format = text("wfsim_format");
  if (shard.format != kSweepShardFormat && shard.format != kSweepFormat) {
    throw file_error(path, "a " + shard.format + " file, not a sweep shard");
  }
  if (file.attribute<std::int64_t>("wfsim_format_version") != kSweepFormatVersion) {
    throw file_error(path, "written in another version of the sweep format");
  }
  shard.sweep_hash = from_hex(text("sweep_hash"));
  shard.points = static_cast<std::uint64_t>(file.attribute<std::int64_t>("points"));
  if (shard.format == kSweepShardFormat) {
    shard.shard.index = static_cast<std::uint64_t>(file.attribute<std::int64_t>("shard_index"));
    shard.shard.count = static_cast<std::uint64_t>(file.attribute<std::int64_t>("shard_count"));
    shard.first = static_cast<std::uint64_t>(file.attribute<std::int64_t>("first_point"));
    shard.last = static_cast<std::uint64_t>(file.attribute<std::int64_t>("last_point"));
  } else {
    shard.first = 0;
    shard.last = shard.points;
  }
  shard.sweep_text = text("sweep_text");
  shard.base_text = text("base_config_text");
  if (file.has_attribute("overrides")) {
    shard.overrides = file.attribute_values<std::string>("overrides");
  }
  const h5::Group provenance = file.open_group("provenance");
  shard.sweep_file = provenance.attribute<std::string>("sweep_file");
  shard.base_file = provenance.attribute<std::string>("base_config_file");
  const h5::Dataset outcomes = file.open_dataset("outcomes");
  const auto shape = outcomes.shape();
  if (shape.size() != 3 || shape[0] != shard.last - shard.first) {
    throw file_error(path, "its outcomes do not match its point range");
  }
  shard.replications = shape[1];
  shard.outcomes = shape[2];
  shard.values = outcomes.read<double>();
  return shard;
}

}  // namespace

void merge_shard_files(const std::vector<std::filesystem::path>& paths,
                       const std::filesystem::path& output, const model::ModelRegistry& registry,
                       SweepProvenance provenance) {
  if (paths.empty()) throw params::ConfigError({}, "", "merge needs at least one shard file");
  std::vector<ShardFile> shards;
  shards.reserve(paths.size());
  for (const auto& path : paths)
    shards.push_back(read_shard_file(path));
  const ShardFile& reference = shards.front();
  std::map<std::uint64_t, const ShardFile*> by_index;
  for (const auto& shard : shards) {
    if (shard.format != kSweepShardFormat) {
      throw file_error(shard.path, "a complete sweep file, not a shard: there is nothing to merge");
    }
    if (shard.sweep_hash != reference.sweep_hash || shard.sweep_text != reference.sweep_text ||
        shard.base_text != reference.base_text || shard.overrides != reference.overrides) {
      throw file_error(shard.path, "comes from a different sweep than " + reference.path);
    }
    if (shard.shard.count != reference.shard.count) {
      throw file_error(shard.path, "is shard " + std::to_string(shard.shard.index) + " of " +
                                       std::to_string(shard.shard.count) + ", but " +
                                       reference.path + " is one of " +
                                       std::to_string(reference.shard.count));
    }
    const auto [first, last] = shard_points(shard.points, shard.shard);
    if (shard.first != first || shard.last != last) {
      throw file_error(shard.path, "its points do not match shard " +
                                       std::to_string(shard.shard.index) + " of " +
                                       std::to_string(shard.shard.count));
    }
    const auto [it, inserted] = by_index.emplace(shard.shard.index, &shard);
    if (!inserted) {
      throw file_error(shard.path, "shard " + std::to_string(shard.shard.index) +
                                       " is given twice (also " + it->second->path + ")");
    }
  }
  std::string missing;
  for (std::uint64_t i = 0; i < reference.shard.count; ++i) {
    if (!by_index.count(i)) missing += (missing.empty() ? "" : ", ") + std::to_string(i);
  }
  if (!missing.empty()) {
    throw params::ConfigError({reference.path, 0, 0}, "",
                              "shards missing from the merge: " + missing + " (of " +
                                  std::to_string(reference.shard.count) + ")");
  }
  // The sweep is rebuilt from the text the shards carry, so the merge needs
  // neither the original files nor the folder they were in.
  SweepConfig config = parse_sweep_config(reference.sweep_text, reference.sweep_file, registry,
                                          &reference.base_text);
  apply_sweep_overrides(config, reference.overrides);
  SweepPlan plan(std::move(config));
  if (plan.hash() != reference.sweep_hash) {
    throw file_error(reference.path,
                     "the shards were written by a wfsim whose sweeps differ from this one's; "
                     "merge them with the same version");
  }
  ShardOutcomes all;
  all.first = 0;
  all.last = plan.points();
  const std::size_t width = plan.values_per_point();
  all.values.reserve(plan.points() * width);
  for (const auto& [index, shard] : by_index) {
    if (shard->replications * shard->outcomes != width) {
      throw file_error(shard->path, "its outcomes have the wrong shape for the sweep");
    }
    all.values.insert(all.values.end(), shard->values.begin(), shard->values.end());
  }
  provenance.merged_from.clear();
  for (const auto& [index, shard] : by_index)
    provenance.merged_from.push_back(shard->path);
  write_sweep_file(output, plan, all, provenance);
}

}  // namespace wfsim::experiment::detail
