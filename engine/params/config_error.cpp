#include "engine/params/config_error.hpp"

#include <algorithm>
#include <vector>

namespace wfsim::params {

std::string SourceLocation::to_string() const {
  std::string text = file.empty() ? std::string("<input>") : file;
  if (line > 0) {
    text += ":" + std::to_string(line);
    if (column > 0) text += ":" + std::to_string(column);
  }
  return text;
}

namespace {
std::string compose(const SourceLocation& where, const std::string& key,
                    const std::string& message) {
  std::string text = where.to_string() + ": error: ";
  if (!key.empty()) text += "key '" + key + "': ";
  return text + message;
}
}  // namespace

ConfigError::ConfigError(SourceLocation where, std::string key, std::string message)
    : std::runtime_error(compose(where, key, message)),
      where_(std::move(where)),
      key_(std::move(key)),
      message_(std::move(message)) {}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> previous(b.size() + 1);
  std::vector<std::size_t> current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

}  // namespace wfsim::params
