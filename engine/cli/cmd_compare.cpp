// `wfsim compare`: scenarios run with common random numbers, then paired
// differences of every outcome with confidence intervals.
#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "engine/cli/cli.hpp"
#include "engine/cli/commands.hpp"
#include "engine/cli/python_module.hpp"
#include "engine/model/run_config.hpp"
#include "engine/params/config_error.hpp"

namespace wfsim::cli {

namespace {

namespace fs = std::filesystem;

struct CompareOptions {
  std::vector<std::string> inputs;
  std::uint64_t replications = 0;
  std::uint64_t seed = 0;
  bool seed_given = false;
  int threads = 0;
  std::string window;
  bool by_role = false;
  std::string output;
  bool overwrite = false;
  bool quiet = false;
  /// --set and --change: a variant of the one config given, compared with it.
  std::vector<std::string> overrides;
};

bool is_results_file(const std::string& path) {
  const std::string ext = fs::path(path).extension().string();
  return ext == ".h5" || ext == ".hdf5" || ext == ".nc";
}

params::ConfigError argument_error(const std::string& argument, const std::string& message) {
  return params::ConfigError({argument, 0, 0}, "", message);
}

/// Eight hex digits identifying a variant's assignments, so that two
/// variants of one config never share a comparison file.
std::string assignments_hash(const std::vector<std::string>& assignments) {
  std::uint64_t hash = 14695981039346656037ull;  // FNV-1a: stable across builds
  for (const auto& assignment : assignments) {
    for (const char c : assignment + '\n') {
      hash ^= static_cast<unsigned char>(c);
      hash *= 1099511628211ull;
    }
  }
  return fmt::format("{:08x}", hash >> 32);
}

/// Builds a scenario; an error in a row a --change added names the argument
/// alone.
std::unique_ptr<const model::Scenario> instantiate_checked(const model::RunConfig& config) {
  try {
    return config.model->instantiate(config.values);
  } catch (const params::ConfigError& e) {
    if (e.where().file.rfind(std::string(model::kChangeFlag) + " ", 0) == 0) {
      throw params::ConfigError(e.where(), "", e.message());
    }
    throw;
  }
}

/// "FIRST:LAST" with whole numbers inside 1..periods.
void check_window(const std::string& window, std::size_t periods, const std::string& period) {
  const std::string where = "--window " + window;
  const auto colon = window.find(':');
  auto whole = [&](const std::string& text) {
    if (text.empty()) return true;
    return text.size() < 7 && text.find_first_not_of("0123456789") == std::string::npos;
  };
  if (colon == std::string::npos || !whole(window.substr(0, colon)) ||
      !whole(window.substr(colon + 1))) {
    throw argument_error(where,
                         "expected FIRST:LAST " + period + "s, e.g. 7:" + std::to_string(periods));
  }
  const std::string a = window.substr(0, colon);
  const std::string b = window.substr(colon + 1);
  const long first = a.empty() ? 1 : std::stol(a);
  const long last = b.empty() ? static_cast<long>(periods) : std::stol(b);
  if (first < 1 || last > static_cast<long>(periods) || first > last) {
    throw argument_error(where, fmt::format("the run reports {}s 1 to {}", period, periods));
  }
}

int compare_command(const CompareOptions& options, const model::ModelRegistry& models) {
  const bool variant = !options.overrides.empty();
  const std::string first_override =
      !variant || options.overrides.front().rfind(std::string(model::kChangeFlag), 0) == 0
          ? (variant ? options.overrides.front() : "")
          : "--set " + options.overrides.front();
  if (variant && options.inputs.size() != 1) {
    throw argument_error(first_override,
                         "--set and --change make a variant of one config, compared with it; "
                         "give one config");
  }
  if (!variant && options.inputs.size() < 2) {
    throw argument_error("compare",
                         "needs two or more configs (or results files) to compare, or one config "
                         "and the --set or --change that make its variant");
  }
  const bool files = is_results_file(options.inputs[0]);
  for (const auto& input : options.inputs) {
    if (is_results_file(input) != files) {
      throw argument_error(input,
                           "give only configs (run here with the same seed) or only "
                           "results files, not both");
    }
    if (files && !fs::exists(input)) throw argument_error(input, "no such file");
  }
  if (files && variant) {
    throw argument_error(first_override, "results files are compared as they were run");
  }
  if (files && (options.seed_given || options.replications > 0)) {
    throw argument_error(options.seed_given ? "--seed" : "--replications",
                         "results files are compared as they were run");
  }
  std::vector<std::string> results = options.inputs;
  std::string output = options.output;
  if (!files) {
    // Every config is read and checked before anything runs.
    std::vector<model::RunConfig> configs;
    for (const auto& input : options.inputs)
      configs.push_back(model::load_run_config(input, models));
    // The variant is checked like any config before anything runs.
    std::vector<std::string> inputs = options.inputs;
    std::vector<std::string> names;
    if (variant) {
      configs.push_back(configs.front());
      model::apply_overrides(configs.back(), options.overrides);
      inputs.push_back(options.inputs.front());
      const std::string stem = fs::path(options.inputs.front()).stem().string();
      names = {stem, stem + "-variant"};
    } else {
      for (const auto& input : inputs)
        names.push_back(fs::path(input).stem().string());
    }
    const std::uint64_t seed = options.seed_given ? options.seed : configs[0].seed;
    const std::uint64_t replications =
        options.replications > 0 ? options.replications : configs[0].replications;
    std::size_t periods = 0;
    std::string period;
    for (const auto& config : configs) {
      const auto scenario = instantiate_checked(config);
      if (periods != 0 && scenario->schema().periods != periods) {
        throw argument_error(
            config.file, fmt::format("reports {} {}s, {} reports {}: compare "
                                     "runs of the same length",
                                     scenario->schema().periods, period, configs[0].file, periods));
      }
      periods = scenario->schema().periods;
      period = scenario->schema().period_name;
    }
    if (!options.window.empty()) check_window(options.window, periods, period);
    if (output.empty()) {
      std::string name = "compare";
      for (const auto& scenario_name : names)
        name += (name == "compare" ? "-" : "-vs-") + scenario_name;
      if (variant) name += "-" + assignments_hash(options.overrides);
      output = (fs::path("results") / (name + ".h5")).string();
      std::error_code ignored;
      fs::create_directory("results", ignored);
    }
    if (fs::exists(output) && !options.overwrite) {
      throw argument_error(output, "exists; give --overwrite to replace it");
    }
    results.clear();
    const fs::path stem = fs::path(output).replace_extension();
    for (std::size_t i = 0; i < configs.size(); ++i) {
      const std::string run_file = stem.string() + "." + names[i] + ".h5";
      if (!options.quiet) {
        fmt::print("running {} ({} of {}): {} replications, seed {} -> {}\n",
                   i == 1 && variant ? names[i] : inputs[i], i + 1, configs.size(), replications,
                   seed, run_file);
        std::fflush(stdout);
      }
      std::vector<std::string> run_args = {"run",
                                           inputs[i],
                                           "--seed",
                                           std::to_string(seed),
                                           "--replications",
                                           std::to_string(replications),
                                           "--threads",
                                           std::to_string(options.threads),
                                           "-o",
                                           run_file,
                                           "--overwrite",
                                           "--quiet"};
      if (variant && i == 1) {
        for (const auto& assignment : options.overrides) {
          const std::string change = std::string(model::kChangeFlag) + " ";
          if (assignment.rfind(change, 0) == 0) {
            run_args.insert(run_args.end(),
                            {std::string(model::kChangeFlag), assignment.substr(change.size())});
          } else {
            run_args.insert(run_args.end(), {"--set", assignment});
          }
        }
      }
      const int status = run_self(run_args);
      if (status != 0) return status;
      results.push_back(run_file);
    }
  }
  std::vector<std::string> args;
  if (!options.window.empty()) args.insert(args.end(), {"--window", options.window});
  if (options.by_role) args.push_back("--by-role");
  if (!output.empty()) args.insert(args.end(), {"-o", output});
  if (options.overwrite) args.push_back("--overwrite");
  if (options.quiet) args.push_back("--quiet");
  if (variant) {
    const std::string stem = fs::path(options.inputs.front()).stem().string();
    args.insert(args.end(), {"--names", stem + "," + stem + "-variant"});
  }
  args.insert(args.end(), results.begin(), results.end());
  return run_python_module("wfsim_results.compare", args);
}

}  // namespace

Command add_compare_command(CLI::App& app, const model::ModelRegistry& models) {
  auto options = std::make_shared<CompareOptions>();
  CLI::App* command = app.add_subcommand(
      "compare",
      "Compare scenarios with common random numbers: paired differences with 95 % confidence "
      "intervals");
  command
      ->add_option("inputs", options->inputs,
                   "two or more configs (run here with one seed), or results files made with "
                   "the same seed and replications; the first is the reference")
      ->required();
  command
      ->add_option("-r,--replications", options->replications,
                   "replications of every scenario (default: the first config's)")
      ->check(CLI::PositiveNumber);
  command
      ->add_option("--seed", options->seed, "seed of every scenario (default: the first config's)")
      ->each([options](const std::string&) { options->seed_given = true; });
  command->add_option("-t,--threads", options->threads, "worker threads; 0 uses every core")
      ->check(CLI::NonNegativeNumber);
  command->add_option("--window", options->window,
                      "FIRST:LAST months over which series are compared (default: the whole run)");
  command->add_flag("--by-role", options->by_role, "also compare exits and headcount by role");
  command->add_option(
      "-o,--output", options->output,
      "comparison file (HDF5; default for configs: "
      "results/compare-<first>-vs-<second>.h5, with each scenario's run next to it)");
  command->add_flag("--overwrite", options->overwrite, "replace existing files");
  command->add_option("--set", options->overrides,
                      "compare the one config given with its variant: KEY=VALUE from the start "
                      "(repeatable); TABLE[ROW].COLUMN=VALUE sets one cell of a table parameter "
                      "(rows counted from 0)");
  command
      ->add_option(
          "--change",
          [options](const CLI::results_t& values) {
            for (const auto& v : values)
              options->overrides.push_back(std::string(model::kChangeFlag) + " " + v);
            return true;
          },
          "compare the one config given with its variant: KEY=VALUE@MONTH from a month on "
          "(repeatable)")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  command->add_flag("-q,--quiet", options->quiet, "print nothing but errors");
  return {command, [options, &models] { return compare_command(*options, models); }};
}

}  // namespace wfsim::cli
