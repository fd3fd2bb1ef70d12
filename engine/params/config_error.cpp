#include "engine/params/config_error.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

namespace wfsim::params {

std::string SourceLocation::to_string() const {
  std::string text = file.empty() ? std::string("<input>") : file;
  // A --set assignment is one short line of the command line: a line and
  // column in it say nothing the assignment itself does not.
  if (line > 0 && !file.starts_with("--set ")) {
    text += ":" + std::to_string(line);
    if (column > 0) text += ":" + std::to_string(column);
  }
  return text;
}

namespace {
/// Text from the input made fit for one line of a terminal: control
/// characters (a NUL would end the message early) escaped, and at most
/// `limit` bytes, so that a megabyte-long key does not flood the screen.
std::string printable(const std::string& text, std::size_t limit) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (out.size() >= limit) {
      out += "... (" + std::to_string(text.size() - i) + " more bytes)";
      break;
    }
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7f) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

constexpr std::size_t kKeyLimit = 200;
constexpr std::size_t kTextLimit = 4000;

std::string compose(const SourceLocation& where, const std::string& key,
                    const std::string& message) {
  std::string text = printable(where.to_string(), kKeyLimit) + ": error: ";
  if (!key.empty()) text += "key '" + printable(key, kKeyLimit) + "': ";
  return text + printable(message, kTextLimit);
}
}  // namespace

ConfigError::ConfigError(SourceLocation where, std::string key, std::string message)
    : std::runtime_error(compose(where, key, message)),
      where_(std::move(where)),
      key_(std::move(key)),
      message_(std::move(message)) {}

std::string printable_text(const std::string& text, std::size_t limit) {
  return printable(text, limit);
}

std::string read_input_file(const std::string& path, const std::string& what) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    throw ConfigError({path, 0, 0}, "", "is a directory, not a " + what);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int reason = errno;
    throw ConfigError(
        {path, 0, 0}, "",
        "cannot open the " + what +
            (reason ? std::string(" (") + std::strerror(reason) + ")" : std::string()));
  }
  std::string text;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxInputFileBytes) {
      throw ConfigError(
          {path, 0, 0}, "",
          "larger than " + std::to_string(kMaxInputFileBytes >> 20) + " MiB: not a " + what);
    }
  }
  if (in.bad()) throw ConfigError({path, 0, 0}, "", "cannot read the " + what);
  return text;
}

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
