/// The commands that describe rather than run: validate, params, models.
#include <fmt/format.h>

#include <cstdio>
#include <memory>

#include "engine/cli/commands.hpp"
#include "engine/experiment/batch.hpp"
#include "engine/experiment/memory_limit.hpp"
#include "engine/model/run_config.hpp"

namespace wfsim::cli {

Command add_validate_command(CLI::App& app, const model::ModelRegistry& models) {
  struct Options {
    std::string config;
    std::vector<std::string> overrides;
    bool resolved = false;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command =
      app.add_subcommand("validate", "Check a config (and the files it names) without running it");
  command->add_option("config", options->config, "YAML run config")->required();
  command->add_option("--set", options->overrides,
                      "override a parameter: KEY=VALUE, or one cell of a table parameter: "
                      "TABLE[ROW].COLUMN=VALUE (rows counted from 0)");
  command->add_flag("--resolved", options->resolved,
                    "print the config as resolved, every default filled in");
  return {command, [options, &models] {
            model::RunConfig config = model::load_run_config(options->config, models);
            model::apply_overrides(config, options->overrides);
            // What `run` would refuse before starting, on every core.
            experiment::check_memory(
                static_cast<double>(config.model->memory_estimate(config.values)) *
                    static_cast<double>(std::min<std::uint64_t>(
                        static_cast<std::uint64_t>(experiment::resolve_threads(0)),
                        config.replications)),
                "a replication per core", config.file, "", false);
            config.model->instantiate(config.values);
            if (options->resolved) {
              fmt::print("{}", model::resolved_yaml(config));
            } else {
              fmt::print("{}: valid {} config\n", options->config, config.model->name());
            }
            return 0;
          }};
}

namespace {

void print_params_text(const params::ParamRegistry& registry) {
  for (const auto& spec : registry.specs()) {
    fmt::print("{}\n", spec.path);
    fmt::print("    type: {}", params::to_string(spec.type));
    if (!spec.unit.empty() && spec.unit != "1") fmt::print("   unit: {}", spec.unit);
    if (spec.default_value && spec.type != params::ParamType::Table) {
      fmt::print("   default: {}", params::format_value(*spec.default_value));
    } else if (spec.required()) {
      fmt::print("   required");
    }
    const std::string range = spec.range_text();
    if (!range.empty()) fmt::print("   range: {}", range);
    fmt::print("\n    {}\n", spec.help);
    for (const auto& column : spec.columns) {
      const bool unit = !column.unit.empty() && column.unit != "1";
      fmt::print("    - {} ({}{}{}){}{}: {}\n", column.path, params::to_string(column.type),
                 unit ? ", " : "", unit ? column.unit : "",
                 column.default_value ? ", default " : ", required",
                 column.default_value ? params::format_value(*column.default_value) : "",
                 column.help);
    }
  }
}

void print_params_markdown(const params::ParamRegistry& registry) {
  fmt::print("| key | type | default | unit | range | meaning |\n|---|---|---|---|---|---|\n");
  auto row = [](const std::string& key, const params::ParamSpec& spec) {
    std::string help = spec.help;
    for (auto& c : help) {
      if (c == '|') c = '/';
    }
    fmt::print("| `{}` | {} | {} | {} | {} | {} |\n", key, params::to_string(spec.type),
               spec.default_value && spec.type != params::ParamType::Table
                   ? params::format_value(*spec.default_value)
                   : (spec.required() ? "required" : ""),
               spec.unit == "1" ? "" : spec.unit, spec.range_text(), help);
  };
  for (const auto& spec : registry.specs()) {
    row(spec.path, spec);
    for (const auto& column : spec.columns)
      row(spec.path + "[]." + column.path, column);
  }
}

}  // namespace

Command add_params_command(CLI::App& app, const model::ModelRegistry& models) {
  struct Options {
    std::string model;
    bool markdown = false;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand("params", "List a model's parameters");
  command->add_option("model", options->model, "model name (see `wfsim models`)")->required();
  command->add_flag("--markdown", options->markdown, "print a Markdown table");
  return {command, [options, &models] {
            const model::Model* m = models.find(options->model);
            if (!m) {
              throw params::ConfigError({"command line", 0, 0}, "model",
                                        "unknown model '" + options->model + "'" +
                                            params::did_you_mean(options->model, models.names()));
            }
            if (options->markdown) {
              print_params_markdown(m->parameters());
            } else {
              print_params_text(m->parameters());
            }
            return 0;
          }};
}

Command add_models_command(CLI::App& app, const model::ModelRegistry& models) {
  CLI::App* command = app.add_subcommand("models", "List the models this build knows");
  return {command, [&models] {
            for (const auto& name : models.names()) {
              fmt::print("{:<12} {}\n", name, models.find(name)->summary());
            }
            return 0;
          }};
}

}  // namespace wfsim::cli
