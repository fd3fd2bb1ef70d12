#pragma once
/// Model parameters, declared once: name (a dotted key path), type, default,
/// unit, range and help. The same table validates YAML configs, prints
/// `wfsim params MODEL`, and tells sweeps what can vary.
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "engine/params/config_error.hpp"

namespace wfsim::params {

enum class ParamType { Real, Integer, Boolean, Choice, Text, Table };

std::string_view to_string(ParamType type);

using Scalar = std::variant<double, std::int64_t, bool, std::string>;

/// A list of records, each with the columns its spec declares, in order.
struct Table {
  std::vector<std::vector<Scalar>> rows;
  std::vector<SourceLocation> row_locations;  // where each row was written
  friend bool operator==(const Table& a, const Table& b) { return a.rows == b.rows; }
};

using Value = std::variant<double, std::int64_t, bool, std::string, Table>;

struct ParamSpec {
  std::string path;  // "policy.tokens.budget_per_head"; a column name inside a table
  ParamType type = ParamType::Real;
  std::optional<Value> default_value;  // none: required
  std::string unit;
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  std::vector<std::string> choices;  // for Choice
  std::vector<ParamSpec> columns;    // for Table
  std::string help;

  bool required() const { return !default_value.has_value(); }
  bool numeric() const { return type == ParamType::Real || type == ParamType::Integer; }
  /// "[0, 1]" or "one of a, b" or "" when anything of the type goes.
  std::string range_text() const;
};

/// Renders a value as YAML-compatible text.
std::string format_value(const Value& value);
std::string format_scalar(const Scalar& value);

/// Which parameters a `schedule` table may change, and when.
struct ScheduleRules {
  std::string period_column = "month";  // the name of the rows' time column
  int max_period = 600;
  std::vector<std::string> prefixes;  // key paths under these may change ("policy", "market")
  std::vector<std::string> fixed;     // ... except these
  /// "policy.* or market.*": how messages name what may change.
  std::string describe() const;
};

/// The parameter table of one model.
class ParamRegistry {
 public:
  ParamSpec& add(ParamSpec spec);
  ParamSpec& real(std::string path, double default_value, std::string unit, double min, double max,
                  std::string help);
  ParamSpec& integer(std::string path, std::int64_t default_value, std::string unit,
                     std::int64_t min, std::int64_t max, std::string help);
  ParamSpec& boolean(std::string path, bool default_value, std::string help);
  ParamSpec& choice(std::string path, std::string default_value, std::vector<std::string> choices,
                    std::string help);
  ParamSpec& text(std::string path, std::string default_value, std::string help);
  ParamSpec& table(std::string path, std::vector<ParamSpec> columns, std::string help);
  /// Declares the `schedule` table: rows (period, key, value) that change a
  /// parameter the rules allow from a given period on. Its values are
  /// resolved by params::Timeline.
  ParamSpec& schedule(ScheduleRules rules, std::string help);

  /// The schedule's rules, or null when the model declared no schedule.
  const ScheduleRules* schedule_rules() const { return schedule_ ? &*schedule_ : nullptr; }
  /// True when a schedule row may change `path`.
  bool schedulable(const std::string& path) const;

  const ParamSpec* find(const std::string& path) const;
  const std::vector<ParamSpec>& specs() const { return specs_; }
  std::vector<std::string> paths() const;
  /// True when `prefix` names a group (a prefix of some parameter path).
  bool is_group(const std::string& prefix) const;
  /// The keys directly below a group ("" for the top level).
  std::vector<std::string> children(const std::string& group) const;

 private:
  std::vector<ParamSpec> specs_;
  std::map<std::string, std::size_t, std::less<>> index_;
  std::optional<ScheduleRules> schedule_;
};

/// The name of the table ParamRegistry::schedule declares.
inline constexpr std::string_view kScheduleKey = "schedule";

/// Checks a value against its spec; throws ConfigError at `where` naming `key`.
Value checked(const ParamSpec& spec, Value value, const SourceLocation& where,
              const std::string& key);

/// Parameter values resolved against a registry: defaults plus what the
/// config set, with where each set value came from.
class ParamValues {
 public:
  explicit ParamValues(const ParamRegistry& registry);

  const ParamRegistry& registry() const { return *registry_; }

  double real(const std::string& path) const;
  std::int64_t integer(const std::string& path) const;
  bool boolean(const std::string& path) const;
  const std::string& text(const std::string& path) const;  // Text and Choice
  const Table& table(const std::string& path) const;
  const Value& value(const std::string& path) const;
  /// A numeric parameter as a double, whether Real or Integer.
  double number(const std::string& path) const;

  /// Sets a value after checking it. `where` is the location to blame.
  void set(const std::string& path, Value value, SourceLocation where = {});
  bool was_set(const std::string& path) const;
  SourceLocation where(const std::string& path) const;
  /// Throws a ConfigError blaming parameter `path` (its location in the
  /// config when it was set there, else the config file itself).
  [[noreturn]] void fail(const std::string& path, const std::string& message) const;

  /// Where the config came from; used to blame defaults.
  void set_source_file(std::string file) { source_file_ = std::move(file); }
  const std::string& source_file() const { return source_file_; }

  /// All values as a nested YAML mapping; `only_set` leaves defaults out.
  std::string to_yaml(bool only_set) const;

 private:
  struct Entry {
    Value value;
    SourceLocation where;
    bool set = false;
  };
  const Entry& entry(const std::string& path, ParamType expected) const;

  const ParamRegistry* registry_;
  std::map<std::string, Entry, std::less<>> entries_;
  std::string source_file_;
};

}  // namespace wfsim::params
