#include "engine/params/yaml_source.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <set>
#include <sstream>

namespace wfsim::params {

SourceLocation location_of(const YAML::Node& node, const std::string& file) {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) return SourceLocation{file, 0, 0};
  return SourceLocation{file, mark.line + 1, mark.column + 1};
}

namespace {

SourceLocation location_of_mark(const YAML::Mark& mark, const std::string& file) {
  if (mark.is_null()) return SourceLocation{file, 0, 0};
  return SourceLocation{file, mark.line + 1, mark.column + 1};
}

YAML::Node parse(std::istream& in, const std::string& name) {
  try {
    return YAML::Load(in);
  } catch (const YAML::ParserException& e) {
    throw ConfigError(location_of_mark(e.mark, name), "", "YAML syntax error: " + e.msg);
  }
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool parse_double(const std::string& text, double& out) {
  const char* first = text.data();
  const char* last = text.data() + text.size();
  if (first != last && *first == '+') ++first;
  const auto [ptr, ec] = std::from_chars(first, last, out);
  return ec == std::errc{} && ptr == last;
}

bool parse_int(const std::string& text, std::int64_t& out) {
  const char* first = text.data();
  const char* last = text.data() + text.size();
  if (first != last && *first == '+') ++first;
  const auto [ptr, ec] = std::from_chars(first, last, out);
  return ec == std::errc{} && ptr == last;
}

std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Null:
      return "nothing";
    case YAML::NodeType::Scalar:
      return "'" + node.Scalar() + "'";
    default:
      return "an undefined value";
  }
}

/// "an integer", "a real".
std::string with_article(const std::string& word) {
  const bool vowel = !word.empty() && std::string("aeiou").find(word[0]) != std::string::npos;
  return (vowel ? "an " : "a ") + word;
}

}  // namespace

std::uint64_t parse_seed(const YAML::Node& node, const std::string& file, const std::string& key) {
  const SourceLocation where = location_of(node, file);
  const std::string text = node.IsScalar() ? node.Scalar() : std::string();
  std::uint64_t seed = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, seed);
  const bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
  if (!digits || stop != end || error != std::errc()) {
    throw ConfigError(
        where, key,
        "expected a whole number from 0 to 18446744073709551615 (2^64 - 1), got " + describe(node));
  }
  return seed;
}

namespace {

Scalar parse_scalar(const ParamSpec& spec, const YAML::Node& node, const std::string& file,
                    const std::string& key) {
  const SourceLocation where = location_of(node, file);
  if (!node.IsScalar()) {
    throw ConfigError(where, key,
                      "expected " + with_article(std::string(to_string(spec.type))) +
                          " value, got " + describe(node));
  }
  const std::string& text = node.Scalar();
  switch (spec.type) {
    case ParamType::Real: {
      double x;
      if (!parse_double(text, x))
        throw ConfigError(where, key, "expected a number, got '" + text + "'");
      return x;
    }
    case ParamType::Integer: {
      std::int64_t n;
      if (parse_int(text, n)) return n;
      double x;
      if (parse_double(text, x)) return x;  // 1e6 is fine; checked() insists on a whole number
      throw ConfigError(where, key, "expected a whole number, got '" + text + "'");
    }
    case ParamType::Boolean: {
      const std::string t = lower(text);
      if (t == "true" || t == "yes" || t == "on") return true;
      if (t == "false" || t == "no" || t == "off") return false;
      throw ConfigError(where, key, "expected true or false, got '" + text + "'");
    }
    case ParamType::Choice:
    case ParamType::Text:
      return text;
    case ParamType::Table:
      break;
  }
  throw ConfigError(where, key, "a table cannot be a field of a table");
}

}  // namespace

YAML::Node load_yaml_file(const std::string& path) {
  std::istringstream in(read_input_file(path, "file"));
  return parse(in, path);
}

YAML::Node load_yaml_text(const std::string& text, const std::string& name) {
  std::istringstream in(text);
  return parse(in, name);
}

std::vector<std::string> mapping_keys(const YAML::Node& node, const std::string& file,
                                      const std::string& key) {
  if (!node.IsMap()) {
    throw ConfigError(location_of(node, file), key, "expected a mapping, got " + describe(node));
  }
  std::vector<std::string> keys;
  std::set<std::string> seen;
  for (const auto& item : node) {
    const YAML::Node& k = item.first;
    if (!k.IsScalar()) throw ConfigError(location_of(k, file), key, "keys must be plain names");
    const std::string name = k.Scalar();
    const std::string full = key.empty() ? name : key + "." + name;
    if (!seen.insert(name).second) throw ConfigError(location_of(k, file), full, "duplicate key");
    keys.push_back(name);
  }
  return keys;
}

Value parse_value(const ParamSpec& spec, const YAML::Node& node, const std::string& file,
                  const std::string& key) {
  const SourceLocation where = location_of(node, file);
  if (spec.type != ParamType::Table) {
    return checked(
        spec, std::visit([](auto v) -> Value { return v; }, parse_scalar(spec, node, file, key)),
        where, key);
  }
  if (!node.IsSequence()) {
    throw ConfigError(where, key, "expected a list of records, got " + describe(node));
  }
  Table table;
  std::vector<std::string> column_names;
  for (const auto& column : spec.columns)
    column_names.push_back(column.path);
  std::size_t index = 0;
  for (const auto& record : node) {
    const std::string record_key = key + "[" + std::to_string(index++) + "]";
    const auto keys = mapping_keys(record, file, record_key);
    for (const auto& k : keys) {
      if (std::find(column_names.begin(), column_names.end(), k) == column_names.end()) {
        throw ConfigError(location_of(record[k], file), record_key + "." + k,
                          "unknown field" + did_you_mean(k, column_names));
      }
    }
    std::vector<Scalar> row;
    for (const auto& column : spec.columns) {
      const YAML::Node cell = record[column.path];
      if (!cell) {
        if (!column.default_value) {
          throw ConfigError(location_of(record, file), record_key + "." + column.path,
                            "missing required field");
        }
        row.push_back(std::visit(
            [](const auto& v) -> Scalar {
              using T = std::decay_t<decltype(v)>;
              if constexpr (std::is_same_v<T, Table>) {
                return std::string{};
              } else {
                return v;
              }
            },
            *column.default_value));
      } else {
        row.push_back(parse_scalar(column, cell, file, record_key + "." + column.path));
      }
    }
    table.rows.push_back(std::move(row));
    table.row_locations.push_back(location_of(record, file));
  }
  return checked(spec, std::move(table), where, key);
}

namespace {

void apply_group(ParamValues& values, const YAML::Node& mapping, const std::string& file,
                 const std::string& key_prefix, const std::string& group) {
  const ParamRegistry& registry = values.registry();
  std::string mapping_key = key_prefix + group;
  if (group.empty() && !mapping_key.empty() && mapping_key.back() == '.') mapping_key.pop_back();
  mapping_keys(mapping, file, mapping_key);  // a mapping, without duplicate keys
  for (const auto& item : mapping) {
    const std::string name = item.first.Scalar();
    const std::string path = group.empty() ? name : group + "." + name;
    const std::string shown = key_prefix + path;
    const YAML::Node& node = item.second;
    if (const ParamSpec* spec = registry.find(path)) {
      values.set(path, parse_value(*spec, node, file, shown), location_of(node, file));
    } else if (registry.is_group(path)) {
      apply_group(values, node, file, key_prefix, path);
    } else {
      // Suggest among siblings first (a typo in the last key), then among
      // all paths (a key put under the wrong group).
      std::string suggestion = closest_match(name, registry.children(group));
      if (!suggestion.empty()) {
        suggestion = key_prefix + (group.empty() ? suggestion : group + "." + suggestion);
      } else {
        suggestion = closest_match(path, registry.paths());
        if (!suggestion.empty()) suggestion = key_prefix + suggestion;
      }
      throw ConfigError(
          location_of(item.first, file), shown,
          "unknown parameter" +
              (suggestion.empty() ? std::string{} : " (did you mean '" + suggestion + "'?)"));
    }
  }
}

}  // namespace

void apply_yaml(ParamValues& values, const YAML::Node& mapping, const std::string& file,
                const std::string& key_prefix) {
  if (!mapping || mapping.IsNull()) return;
  apply_group(values, mapping, file, key_prefix, "");
}

void require_all(const ParamValues& values, const SourceLocation& where,
                 const std::string& key_prefix) {
  for (const auto& spec : values.registry().specs()) {
    if (spec.required() && !values.was_set(spec.path)) {
      throw ConfigError(where, key_prefix + spec.path, "required parameter is missing");
    }
  }
}

}  // namespace wfsim::params
