#include "engine/params/schedule.hpp"

#include <algorithm>
#include <string>

#include "engine/params/cell_path.hpp"
#include "engine/params/yaml_source.hpp"

namespace wfsim::params {

namespace {

struct Change {
  int period = 0;
  std::string key;
  Value value;
};

std::string suggestion_for(const std::string& key, const std::vector<std::string>& keys) {
  // A key cut short is the likeliest slip; otherwise the nearest spelling.
  for (const auto& k : keys) {
    if (!key.empty() && k.rfind(key, 0) == 0) return k;
  }
  return closest_match(key, keys);
}

Change read_row(const ParamValues& base, const ScheduleRules& rules,
                const std::vector<std::string>& keys, const std::vector<Scalar>& row,
                const SourceLocation& where, std::size_t index, int periods) {
  const std::string prefix = std::string(kScheduleKey) + "[" + std::to_string(index) + "]";
  const int period = static_cast<int>(std::get<std::int64_t>(row[0]));
  const std::string& key = std::get<std::string>(row[1]);
  const std::string& text = std::get<std::string>(row[2]);
  if (is_cell_path(key)) {
    throw ConfigError(
        where, prefix + ".key",
        "schedules change scalar parameters only, not a cell of a table ('" + key + "')");
  }
  const ParamSpec* target = base.registry().find(key);
  if (!target || !base.registry().schedulable(key)) {
    const std::string suggestion = suggestion_for(key, keys);
    throw ConfigError(
        where, prefix + ".key",
        "'" + key + "' is not a " + rules.describe() + " parameter" +
            (suggestion.empty() ? std::string{} : " (did you mean '" + suggestion + "'?)"));
  }
  if (period > periods) {
    throw ConfigError(where, prefix + "." + rules.period_column,
                      rules.period_column + " " + std::to_string(period) + " is after the last " +
                          rules.period_column + " (" + std::to_string(periods) + ")");
  }
  // The value is read as the target's type; errors name the row, not the
  // one-line document the value was parsed from.
  try {
    const YAML::Node node = load_yaml_text(text, where.file);
    return {period, key, parse_value(*target, node, where.file, prefix + ".value")};
  } catch (const ConfigError& e) {
    throw ConfigError(where, prefix + ".value", e.message());
  }
}

}  // namespace

Timeline::Timeline(const ParamValues& base, int periods) : periods_(periods) {
  const ScheduleRules* rules = base.registry().schedule_rules();
  segments_.push_back({1, base});
  if (!rules) return;
  const Table& table = base.table(std::string(kScheduleKey));
  std::vector<std::string> keys;
  for (const auto& path : base.registry().paths()) {
    if (base.registry().schedulable(path)) keys.push_back(path);
  }
  std::vector<Change> changes;
  for (std::size_t i = 0; i < table.rows.size(); ++i) {
    const SourceLocation where = i < table.row_locations.size()
                                     ? table.row_locations[i]
                                     : base.where(std::string(kScheduleKey));
    changes.push_back(read_row(base, *rules, keys, table.rows[i], where, i, periods));
  }
  std::stable_sort(changes.begin(), changes.end(),
                   [](const Change& a, const Change& b) { return a.period < b.period; });
  const SourceLocation blame = base.where(std::string(kScheduleKey));
  for (const Change& change : changes) {
    // Changes at period 1 hold from the start, as if the config had set them.
    if (change.period > segments_.back().first) {
      segments_.push_back({change.period, segments_.back().values});
    }
    segments_.back().values.set(change.key, change.value, blame);
  }
}

const ParamValues& Timeline::at(int period) const {
  const Segment* found = &segments_.front();
  for (const Segment& s : segments_) {
    if (s.first <= period) found = &s;
  }
  return found->values;
}

std::vector<int> Timeline::change_periods() const {
  std::vector<int> firsts;
  for (const Segment& s : segments_)
    firsts.push_back(s.first);
  return firsts;
}

}  // namespace wfsim::params
