#include "engine/model/run_config.hpp"

#include <fstream>
#include <sstream>

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

void apply_overrides(RunConfig& config, const std::vector<std::string>& assignments) {
  for (const auto& assignment : assignments) {
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
