#include "engine/model/run_config.hpp"

#include <fstream>
#include <sstream>

#include "engine/params/cell_path.hpp"
#include "engine/params/yaml_source.hpp"

namespace wfsim::model {

namespace {

const std::vector<std::string> kTopLevelKeys = {"model",        "description", "seed",
                                                "replications", "start_date",  "parameters"};

std::uint64_t read_count(const YAML::Node& node, const std::string& file, const std::string& key,
                         std::int64_t min) {
  params::ParamSpec spec;
  spec.path = key;
  spec.type = params::ParamType::Integer;
  spec.min = static_cast<double>(min);
  spec.max = 9.0e15;
  const auto value = params::parse_value(spec, node, file, key);
  return static_cast<std::uint64_t>(std::get<std::int64_t>(value));
}

results::Date read_date(const YAML::Node& node, const std::string& file, const std::string& key) {
  if (node.IsScalar()) {
    if (const auto date = results::parse_date(node.Scalar())) return *date;
  }
  throw params::ConfigError(params::location_of(node, file), key,
                            "expected a date as YYYY-MM-DD (for example 2025-01-01)");
}

/// `--set TABLE[ROW].COLUMN=VALUE`: one cell of a table parameter, read as
/// its column's type.
void set_cell_override(RunConfig& config, const std::string& key, const YAML::Node& node,
                       const std::string& where_name) {
  const params::SourceLocation where{where_name, 0, 0};
  const params::TableCell cell = params::resolve_cell(config.values, key, where, key);
  params::set_cell(config.values, cell, params::parse_value(cell.spec, node, where_name, key),
                   where);
}

}  // namespace

RunConfig parse_run_config(const std::string& text, const std::string& name,
                           const ModelRegistry& registry) {
  const YAML::Node root = params::load_yaml_text(text, name);
  if (!root || root.IsNull()) {
    throw params::ConfigError({name, 0, 0}, "", "the config is empty; it needs at least 'model:'");
  }
  const auto keys = params::mapping_keys(root, name, "");
  for (const auto& key : keys) {
    bool known = false;
    for (const auto& k : kTopLevelKeys)
      known = known || k == key;
    if (!known) {
      YAML::Node key_node;
      for (const auto& item : root) {
        if (item.first.Scalar() == key) key_node = item.first;
      }
      throw params::ConfigError(params::location_of(key_node, name), key,
                                "unknown key" + params::did_you_mean(key, kTopLevelKeys));
    }
  }
  const YAML::Node model_node = root["model"];
  if (!model_node) {
    throw params::ConfigError(
        params::location_of(root, name), "model", "required key is missing; known models: " + [&] {
          std::string list;
          for (const auto& n : registry.names())
            list += (list.empty() ? "" : ", ") + n;
          return list;
        }());
  }
  if (!model_node.IsScalar()) {
    throw params::ConfigError(params::location_of(model_node, name), "model",
                              "expected a model name");
  }
  const Model* model = registry.find(model_node.Scalar());
  if (!model) {
    throw params::ConfigError(params::location_of(model_node, name), "model",
                              "unknown model '" + model_node.Scalar() + "'" +
                                  params::did_you_mean(model_node.Scalar(), registry.names()));
  }

  RunConfig config{name,
                   text,
                   model,
                   "",
                   1,
                   1,
                   results::kDefaultStartDate,
                   params::ParamValues(model->parameters())};
  config.values.set_source_file(name);
  if (const YAML::Node d = root["description"]) {
    if (!d.IsScalar())
      throw params::ConfigError(params::location_of(d, name), "description", "expected text");
    config.description = d.Scalar();
  }
  if (const YAML::Node s = root["seed"]) config.seed = params::parse_seed(s, name, "seed");
  if (const YAML::Node r = root["replications"]) {
    config.replications = read_count(r, name, "replications", 1);
  }
  if (const YAML::Node d = root["start_date"]) config.start_date = read_date(d, name, "start_date");
  const YAML::Node parameters = root["parameters"];
  if (parameters && !parameters.IsNull()) {
    params::apply_yaml(config.values, parameters, name, "parameters.");
  }
  params::require_all(config.values, params::location_of(parameters ? parameters : root, name),
                      "parameters.");
  return config;
}

RunConfig load_run_config(const std::string& path, const ModelRegistry& registry) {
  return parse_run_config(params::read_input_file(path, "config file"), path, registry);
}

void apply_change(RunConfig& config, const std::string& change) {
  const std::string where_name = std::string(kChangeFlag) + " " + change;
  const params::SourceLocation where{where_name, 0, 0};
  const auto eq = change.find('=');
  const auto at = change.rfind('@');
  if (eq == std::string::npos || eq == 0 || at == std::string::npos || at < eq) {
    throw params::ConfigError(where, "",
                              "expected KEY=VALUE@MONTH, e.g. policy.approval.signoffs=2@13");
  }
  std::string key = change.substr(0, eq);
  const std::string text = change.substr(eq + 1, at - eq - 1);
  const std::string month_text = change.substr(at + 1);
  const std::string prefix = "parameters.";
  if (key.compare(0, prefix.size(), prefix) == 0) key = key.substr(prefix.size());
  if (params::is_cell_path(key)) {
    throw params::ConfigError(where, key,
                              "schedules change scalar parameters only, not a cell of a table; "
                              "set the cell from the start with --set " +
                                  key + "=VALUE");
  }
  const params::ParamRegistry& registry = config.values.registry();
  const params::ScheduleRules* rules = registry.schedule_rules();
  if (!rules) {
    throw params::ConfigError(where, key,
                              "model " + std::string(config.model->name()) +
                                  " has no schedule: nothing can change during a run");
  }
  if (!registry.schedulable(key)) {
    std::vector<std::string> schedulable;
    for (const auto& path : registry.paths()) {
      if (registry.schedulable(path)) schedulable.push_back(path);
    }
    throw params::ConfigError(
        where, key,
        registry.find(key)
            ? "cannot change during a run: only " + rules->describe() + " parameters can"
            : "unknown parameter" + params::did_you_mean(key, schedulable));
  }
  if (month_text.empty() || month_text.find_first_not_of("0123456789") != std::string::npos ||
      month_text.size() > 6 || std::stoi(month_text) < 1 ||
      std::stoi(month_text) > rules->max_period) {
    throw params::ConfigError(where, key,
                              "the " + rules->period_column + " after '@' must be a whole number " +
                                  "from 1 to " + std::to_string(rules->max_period) + ", got '" +
                                  month_text + "'");
  }
  // The value is checked as the key's type here, so that the error names
  // this argument rather than a row of the schedule.
  try {
    params::parse_value(*registry.find(key), params::load_yaml_text(text, where_name), where_name,
                        key);
  } catch (const params::ConfigError& e) {
    throw params::ConfigError(where, key, e.message());
  }
  const std::string table_key(params::kScheduleKey);
  params::Table table = config.values.table(table_key);
  table.row_locations.resize(table.rows.size(), config.values.where(table_key));
  table.rows.push_back({std::int64_t{std::stoi(month_text)}, key, text});
  table.row_locations.push_back(where);
  config.values.set(table_key, std::move(table), where);
}

void apply_overrides(RunConfig& config, const std::vector<std::string>& assignments) {
  const std::string change_prefix = std::string(kChangeFlag) + " ";
  for (const auto& assignment : assignments) {
    if (assignment.compare(0, change_prefix.size(), change_prefix) == 0) {
      apply_change(config, assignment.substr(change_prefix.size()));
      continue;
    }
    const std::string where_name = "--set " + assignment;
    const auto eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw params::ConfigError({where_name, 0, 0}, "", "expected KEY=VALUE");
    }
    std::string key = assignment.substr(0, eq);
    const std::string text = assignment.substr(eq + 1);
    const YAML::Node node = params::load_yaml_text(text, where_name);
    if (key == "seed") {
      config.seed = params::parse_seed(node, where_name, key);
      continue;
    }
    if (key == "replications") {
      config.replications = read_count(node, where_name, key, 1);
      continue;
    }
    if (key == "start_date") {
      config.start_date = read_date(node, where_name, key);
      continue;
    }
    const std::string prefix = "parameters.";
    if (key.compare(0, prefix.size(), prefix) == 0) key = key.substr(prefix.size());
    if (params::is_cell_path(key)) {
      set_cell_override(config, key, node, where_name);
      continue;
    }
    const params::ParamSpec* spec = config.values.registry().find(key);
    if (!spec) {
      throw params::ConfigError(
          {where_name, 0, 0}, key,
          "unknown parameter" + params::did_you_mean(key, config.values.registry().paths()));
    }
    config.values.set(key, params::parse_value(*spec, node, where_name, key), {where_name, 0, 0});
  }
}

std::string resolved_yaml(const RunConfig& config) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "model" << YAML::Value << std::string(config.model->name());
  if (!config.description.empty()) {
    out << YAML::Key << "description" << YAML::Value << config.description;
  }
  out << YAML::Key << "seed" << YAML::Value << config.seed;
  out << YAML::Key << "replications" << YAML::Value << config.replications;
  out << YAML::Key << "start_date" << YAML::Value << config.start_date.iso();
  out << YAML::Key << "parameters" << YAML::Value << YAML::Load(config.values.to_yaml(false));
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace wfsim::model
