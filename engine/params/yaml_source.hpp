#pragma once
/// Reading parameters from YAML, with file, line and column in every error.
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <string>
#include <vector>

#include "engine/params/params.hpp"

namespace wfsim::params {

/// Parses a YAML file; a missing file or a syntax error is a ConfigError.
YAML::Node load_yaml_file(const std::string& path);
/// Parses YAML text; `name` stands for the file in error messages.
YAML::Node load_yaml_text(const std::string& text, const std::string& name);

SourceLocation location_of(const YAML::Node& node, const std::string& file);

/// Reads a YAML scalar as the type `spec` declares and checks its range.
Value parse_value(const ParamSpec& spec, const YAML::Node& node, const std::string& file,
                  const std::string& key);

/// Reads a seed: a whole number from 0 to 2^64 - 1, every one of them
/// (seeds are unsigned 64-bit; a parameter's double range cannot hold
/// them exactly).
std::uint64_t parse_seed(const YAML::Node& node, const std::string& file, const std::string& key);

/// Applies a nested mapping of parameter values. `key_prefix` is prepended to
/// key paths in messages (for example "parameters."). Unknown keys are
/// errors with a did-you-mean; so are duplicated keys.
void apply_yaml(ParamValues& values, const YAML::Node& mapping, const std::string& file,
                const std::string& key_prefix);

/// Throws for the first required parameter that has no value, blaming
/// `where` (typically the mapping that should have held it).
void require_all(const ParamValues& values, const SourceLocation& where,
                 const std::string& key_prefix);

/// The keys of a mapping in document order; throws on a duplicate key or
/// when `node` is not a mapping.
std::vector<std::string> mapping_keys(const YAML::Node& node, const std::string& file,
                                      const std::string& key);

}  // namespace wfsim::params
