#pragma once
/// Errors in user input (config files, census files, command lines), each
/// naming where in which file and which key.
#include <stdexcept>
#include <string>

namespace wfsim::params {

/// A position in an input file; line and column are 1-based, 0 when unknown.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;

  std::string to_string() const;
};

/// Bad user input. The CLI prints what() and exits with status 2.
class ConfigError : public std::runtime_error {
 public:
  ConfigError(SourceLocation where, std::string key, std::string message);

  const SourceLocation& where() const { return where_; }
  const std::string& key() const { return key_; }
  const std::string& message() const { return message_; }

 private:
  SourceLocation where_;
  std::string key_;
  std::string message_;
};

/// Text from the input made fit for one line of a message: control
/// characters escaped (a NUL would cut it short), at most `limit` bytes.
std::string printable_text(const std::string& text, std::size_t limit = 200);

/// The largest input file read (configs, sweep files, census tables): a
/// real one is kilobytes, and a larger one (a device such as /dev/zero, a
/// results file given by mistake) is refused before it fills memory.
inline constexpr std::size_t kMaxInputFileBytes = std::size_t{64} << 20;

/// Reads a whole input file; throws ConfigError naming `path` when it is
/// missing, unreadable, a directory or larger than kMaxInputFileBytes.
/// `what` names it in messages ("config file", "census file").
std::string read_input_file(const std::string& path, const std::string& what = "file");

/// Levenshtein edit distance, for did-you-mean suggestions.
std::size_t edit_distance(const std::string& a, const std::string& b);

/// The closest of `candidates` to `word`, or "" when nothing is close enough
/// to be a plausible typo.
template <class Range>
std::string closest_match(const std::string& word, const Range& candidates) {
  std::string best;
  std::size_t best_distance = static_cast<std::size_t>(-1);
  for (const auto& candidate : candidates) {
    // Candidates may be string views: edit_distance takes strings.
    const std::string text(candidate);  // NOLINT(performance-unnecessary-copy-initialization)
    const std::size_t d = edit_distance(word, text);
    if (d < best_distance) {
      best_distance = d;
      best = text;
    }
  }
  const std::size_t tolerance = std::max<std::size_t>(2, word.size() / 3);
  return best_distance <= tolerance ? best : std::string{};
}

/// " (did you mean 'x'?)" or "".
template <class Range>
std::string did_you_mean(const std::string& word, const Range& candidates) {
  const std::string match = closest_match(word, candidates);
  return match.empty() ? std::string{} : " (did you mean '" + match + "'?)";
}

}  // namespace wfsim::params
