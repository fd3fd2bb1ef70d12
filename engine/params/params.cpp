#include "engine/params/params.hpp"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>
#include <stdexcept>

namespace wfsim::params {

std::string_view to_string(ParamType type) {
  switch (type) {
    case ParamType::Real:
      return "real";
    case ParamType::Integer:
      return "integer";
    case ParamType::Boolean:
      return "boolean";
    case ParamType::Choice:
      return "choice";
    case ParamType::Text:
      return "text";
    case ParamType::Table:
      return "table";
  }
  return "?";
}

namespace {

std::string format_number(double x) {
  if (std::isinf(x)) return x > 0 ? ".inf" : "-.inf";
  char buffer[64];
  // %.17g round-trips every double; shorter forms are tried first so that
  // 0.1 prints as 0.1.
  for (int precision = 6; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, x);
    if (std::strtod(buffer, nullptr) == x) break;
  }
  std::string text = buffer;
  if (text.find_first_of(".eEn") == std::string::npos) text += ".0";
  return text;
}

}  // namespace

std::string format_scalar(const Scalar& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, double>) {
          return format_number(v);
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          return std::to_string(v);
        } else if constexpr (std::is_same_v<T, bool>) {
          return v ? "true" : "false";
        } else {
          return v;
        }
      },
      value);
}

std::string format_value(const Value& value) {
  if (const auto* table = std::get_if<Table>(&value)) {
    return "[" + std::to_string(table->rows.size()) + " rows]";
  }
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, Table>) {
          return {};
        } else {
          return format_scalar(Scalar{v});
        }
      },
      value);
}

std::string ParamSpec::range_text() const {
  if (type == ParamType::Choice) {
    std::string text = "one of ";
    for (std::size_t i = 0; i < choices.size(); ++i)
      text += (i ? ", " : "") + choices[i];
    return text;
  }
  if (!numeric()) return {};
  const bool has_min = std::isfinite(min);
  const bool has_max = std::isfinite(max);
  if (!has_min && !has_max) return {};
  auto bound = [this](double x) {
    return type == ParamType::Integer ? std::to_string(static_cast<std::int64_t>(x))
                                      : format_number(x);
  };
  if (has_min && has_max) return "[" + bound(min) + ", " + bound(max) + "]";
  if (has_min) return ">= " + bound(min);
  return "<= " + bound(max);
}

ParamSpec& ParamRegistry::add(ParamSpec spec) {
  if (spec.path.empty()) throw std::logic_error("parameter without a name");
  if (index_.count(spec.path)) throw std::logic_error("parameter declared twice: " + spec.path);
  if (is_group(spec.path)) throw std::logic_error("parameter is also a group: " + spec.path);
  for (std::size_t dot = spec.path.find('.'); dot != std::string::npos;
       dot = spec.path.find('.', dot + 1)) {
    if (index_.count(spec.path.substr(0, dot))) {
      throw std::logic_error("parameter nested under another parameter: " + spec.path);
    }
  }
  if (spec.default_value) {
    // A default that breaks its own range is a bug in the model.
    spec.default_value = checked(spec, *spec.default_value, {}, spec.path);
  }
  index_.emplace(spec.path, specs_.size());
  specs_.push_back(std::move(spec));
  return specs_.back();
}

ParamSpec& ParamRegistry::real(std::string path, double default_value, std::string unit, double min,
                               double max, std::string help) {
  ParamSpec spec;
  spec.path = std::move(path);
  spec.type = ParamType::Real;
  spec.default_value = default_value;
  spec.unit = std::move(unit);
  spec.min = min;
  spec.max = max;
  spec.help = std::move(help);
  return add(std::move(spec));
}

ParamSpec& ParamRegistry::integer(std::string path, std::int64_t default_value, std::string unit,
                                  std::int64_t min, std::int64_t max, std::string help) {
  ParamSpec spec;
  spec.path = std::move(path);
  spec.type = ParamType::Integer;
  spec.default_value = default_value;
  spec.unit = std::move(unit);
  spec.min = static_cast<double>(min);
  spec.max = static_cast<double>(max);
  spec.help = std::move(help);
  return add(std::move(spec));
}

ParamSpec& ParamRegistry::boolean(std::string path, bool default_value, std::string help) {
  ParamSpec spec;
  spec.path = std::move(path);
  spec.type = ParamType::Boolean;
  spec.default_value = default_value;
  spec.help = std::move(help);
  return add(std::move(spec));
}

ParamSpec& ParamRegistry::choice(std::string path, std::string default_value,
                                 std::vector<std::string> choices, std::string help) {
  ParamSpec spec;
  spec.path = std::move(path);
  spec.type = ParamType::Choice;
  spec.choices = std::move(choices);
  spec.default_value = std::move(default_value);
  spec.help = std::move(help);
  return add(std::move(spec));
}

ParamSpec& ParamRegistry::text(std::string path, std::string default_value, std::string help) {
  ParamSpec spec;
  spec.path = std::move(path);
  spec.type = ParamType::Text;
  spec.default_value = std::move(default_value);
  spec.help = std::move(help);
  return add(std::move(spec));
}

ParamSpec& ParamRegistry::table(std::string path, std::vector<ParamSpec> columns,
                                std::string help) {
  ParamSpec spec;
  spec.path = std::move(path);
  spec.type = ParamType::Table;
  spec.columns = std::move(columns);
  spec.default_value = Table{};
  spec.help = std::move(help);
  return add(std::move(spec));
}

std::string ScheduleRules::describe() const {
  std::string text;
  for (std::size_t i = 0; i < prefixes.size(); ++i)
    text += (i ? " or " : "") + prefixes[i] + ".*";
  return text;
}

ParamSpec& ParamRegistry::schedule(ScheduleRules rules, std::string help) {
  if (schedule_) throw std::logic_error("schedule declared twice");
  auto required = [](std::string name, ParamType type, std::string unit, double min, double max,
                     std::string column_help) {
    ParamSpec spec;
    spec.path = std::move(name);
    spec.type = type;
    spec.unit = std::move(unit);
    spec.min = min;
    spec.max = max;
    spec.help = std::move(column_help);
    return spec;
  };
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<ParamSpec> columns = {
      required(rules.period_column, ParamType::Integer, rules.period_column, 1, rules.max_period,
               "first " + rules.period_column + " the new value holds"),
      required("key", ParamType::Text, "", -inf, inf, "a " + rules.describe() + " parameter"),
      required("value", ParamType::Text, "", -inf, inf, "its new value")};
  schedule_ = std::move(rules);
  return table(std::string(kScheduleKey), std::move(columns), std::move(help));
}

bool ParamRegistry::schedulable(const std::string& path) const {
  if (!schedule_ || !find(path) || path == kScheduleKey) return false;
  for (const auto& fixed : schedule_->fixed) {
    if (path == fixed) return false;
  }
  for (const auto& prefix : schedule_->prefixes) {
    if (path.size() > prefix.size() && path.compare(0, prefix.size(), prefix) == 0 &&
        path[prefix.size()] == '.') {
      return true;
    }
  }
  return false;
}

const ParamSpec* ParamRegistry::find(const std::string& path) const {
  const auto it = index_.find(path);
  return it == index_.end() ? nullptr : &specs_[it->second];
}

std::vector<std::string> ParamRegistry::paths() const {
  std::vector<std::string> result;
  result.reserve(specs_.size());
  for (const auto& spec : specs_)
    result.push_back(spec.path);
  return result;
}

bool ParamRegistry::is_group(const std::string& prefix) const {
  const std::string dotted = prefix + ".";
  for (const auto& spec : specs_) {
    if (spec.path.compare(0, dotted.size(), dotted) == 0) return true;
  }
  return false;
}

std::vector<std::string> ParamRegistry::children(const std::string& group) const {
  std::set<std::string> keys;
  const std::string dotted = group.empty() ? std::string{} : group + ".";
  for (const auto& spec : specs_) {
    if (spec.path.compare(0, dotted.size(), dotted) != 0) continue;
    const std::string rest = spec.path.substr(dotted.size());
    keys.insert(rest.substr(0, rest.find('.')));
  }
  return {keys.begin(), keys.end()};
}

Value checked(const ParamSpec& spec, Value value, const SourceLocation& where,
              const std::string& key) {
  auto fail = [&](const std::string& message) -> Value { throw ConfigError(where, key, message); };
  switch (spec.type) {
    case ParamType::Real: {
      double x;
      if (const auto* d = std::get_if<double>(&value)) {
        x = *d;
      } else if (const auto* i = std::get_if<std::int64_t>(&value)) {
        x = static_cast<double>(*i);
      } else {
        return fail("expected a number");
      }
      if (!std::isfinite(x)) return fail("expected a finite number");
      if (x < spec.min || x > spec.max) {
        return fail("value " + format_number(x) + " is out of range " + spec.range_text());
      }
      return x;
    }
    case ParamType::Integer: {
      std::int64_t n;
      if (const auto* i = std::get_if<std::int64_t>(&value)) {
        n = *i;
      } else if (const auto* d = std::get_if<double>(&value)) {
        if (!(std::isfinite(*d) && std::floor(*d) == *d && std::fabs(*d) < 9.0e15)) {
          return fail("expected a whole number, got " + format_number(*d));
        }
        n = static_cast<std::int64_t>(*d);
      } else {
        return fail("expected a whole number");
      }
      if (static_cast<double>(n) < spec.min || static_cast<double>(n) > spec.max) {
        return fail("value " + std::to_string(n) + " is out of range " + spec.range_text());
      }
      return n;
    }
    case ParamType::Boolean:
      if (!std::holds_alternative<bool>(value)) return fail("expected true or false");
      return value;
    case ParamType::Choice: {
      const auto* s = std::get_if<std::string>(&value);
      if (!s) return fail("expected " + spec.range_text());
      for (const auto& c : spec.choices) {
        if (c == *s) return value;
      }
      return fail("'" + *s + "' is not " + spec.range_text() + did_you_mean(*s, spec.choices));
    }
    case ParamType::Text:
      if (!std::holds_alternative<std::string>(value)) return fail("expected text");
      return value;
    case ParamType::Table: {
      auto* table = std::get_if<Table>(&value);
      if (!table) return fail("expected a list of records");
      for (std::size_t r = 0; r < table->rows.size(); ++r) {
        auto& row = table->rows[r];
        if (row.size() != spec.columns.size())
          return fail("a record has the wrong number of fields");
        const SourceLocation& row_where =
            r < table->row_locations.size() ? table->row_locations[r] : where;
        for (std::size_t c = 0; c < row.size(); ++c) {
          const auto& column = spec.columns[c];
          Value cell = std::visit([](const auto& v) -> Value { return v; }, row[c]);
          Value good = checked(column, std::move(cell), row_where,
                               key + "[" + std::to_string(r) + "]." + column.path);
          row[c] = std::visit(
              [](auto&& v) -> Scalar {
                using T = std::decay_t<decltype(v)>;
                if constexpr (std::is_same_v<T, Table>) {
                  throw std::logic_error("tables do not nest");
                } else {
                  return v;
                }
              },
              std::move(good));
        }
      }
      return value;
    }
  }
  return value;
}

ParamValues::ParamValues(const ParamRegistry& registry) : registry_(&registry) {
  for (const auto& spec : registry.specs()) {
    if (spec.default_value) entries_.emplace(spec.path, Entry{*spec.default_value, {}, false});
  }
}

const ParamValues::Entry& ParamValues::entry(const std::string& path, ParamType expected) const {
  const ParamSpec* spec = registry_->find(path);
  if (!spec) throw std::logic_error("model reads undeclared parameter " + path);
  const bool compatible =
      spec->type == expected || (expected == ParamType::Text && spec->type == ParamType::Choice);
  if (!compatible) {
    throw std::logic_error("parameter " + path + " is " + std::string(to_string(spec->type)) +
                           ", read as " + std::string(to_string(expected)));
  }
  const auto it = entries_.find(path);
  if (it == entries_.end()) throw std::logic_error("required parameter " + path + " was not set");
  return it->second;
}

double ParamValues::real(const std::string& path) const {
  return std::get<double>(entry(path, ParamType::Real).value);
}
std::int64_t ParamValues::integer(const std::string& path) const {
  return std::get<std::int64_t>(entry(path, ParamType::Integer).value);
}
bool ParamValues::boolean(const std::string& path) const {
  return std::get<bool>(entry(path, ParamType::Boolean).value);
}
const std::string& ParamValues::text(const std::string& path) const {
  return std::get<std::string>(entry(path, ParamType::Text).value);
}
const Table& ParamValues::table(const std::string& path) const {
  return std::get<Table>(entry(path, ParamType::Table).value);
}
const Value& ParamValues::value(const std::string& path) const {
  const auto it = entries_.find(path);
  if (it == entries_.end()) throw std::logic_error("parameter " + path + " has no value");
  return it->second.value;
}
double ParamValues::number(const std::string& path) const {
  const Value& v = value(path);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  throw std::logic_error("parameter " + path + " is not numeric");
}

void ParamValues::set(const std::string& path, Value value, SourceLocation where) {
  const ParamSpec* spec = registry_->find(path);
  if (!spec) {
    throw ConfigError(where, path, "unknown parameter" + did_you_mean(path, registry_->paths()));
  }
  if (where.file.empty()) where.file = source_file_;
  entries_[path] = Entry{checked(*spec, std::move(value), where, path), where, true};
}

bool ParamValues::was_set(const std::string& path) const {
  const auto it = entries_.find(path);
  return it != entries_.end() && it->second.set;
}

SourceLocation ParamValues::where(const std::string& path) const {
  const auto it = entries_.find(path);
  if (it != entries_.end() && it->second.set) return it->second.where;
  return SourceLocation{source_file_, 0, 0};
}

void ParamValues::fail(const std::string& path, const std::string& message) const {
  throw ConfigError(where(path), path, message);
}

namespace {

void emit_scalar(YAML::Emitter& out, const Scalar& value) {
  std::visit(
      [&out](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>) {
          out << YAML::DoubleQuoted << v;
        } else {
          out << format_scalar(Scalar{v});
        }
      },
      value);
}

}  // namespace

std::string ParamValues::to_yaml(bool only_set) const {
  // Paths sharing a prefix are contiguous in sorted order, so walking the
  // sorted entries opens each group exactly once.
  YAML::Emitter out;
  out << YAML::BeginMap;
  std::vector<std::string> open;  // the groups currently open
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    if (only_set && !it->second.set) continue;
    const ParamSpec& spec = *registry_->find(it->first);
    std::vector<std::string> parts;
    std::stringstream stream(spec.path);
    for (std::string part; std::getline(stream, part, '.');)
      parts.push_back(part);
    std::size_t common = 0;
    while (common < open.size() && common + 1 < parts.size() && open[common] == parts[common]) {
      ++common;
    }
    while (open.size() > common) {
      out << YAML::EndMap;
      open.pop_back();
    }
    for (std::size_t i = common; i + 1 < parts.size(); ++i) {
      out << YAML::Key << parts[i] << YAML::Value << YAML::BeginMap;
      open.push_back(parts[i]);
    }
    out << YAML::Key << parts.back() << YAML::Value;
    if (const auto* table = std::get_if<Table>(&it->second.value)) {
      out << YAML::BeginSeq;
      for (const auto& row : table->rows) {
        out << YAML::Flow << YAML::BeginMap;
        for (std::size_t c = 0; c < row.size(); ++c) {
          out << YAML::Key << spec.columns[c].path << YAML::Value;
          emit_scalar(out, row[c]);
        }
        out << YAML::EndMap;
      }
      out << YAML::EndSeq;
    } else {
      std::visit(
          [&out](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (!std::is_same_v<T, Table>) emit_scalar(out, Scalar{v});
          },
          it->second.value);
    }
  }
  while (!open.empty()) {
    out << YAML::EndMap;
    open.pop_back();
  }
  out << YAML::EndMap;
  return out.c_str();
}

}  // namespace wfsim::params
