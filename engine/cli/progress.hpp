#pragma once
/// Progress reporting for long runs: a redrawn bar with ETA on a terminal,
/// plain periodic lines otherwise, nothing when quiet.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace wfsim::cli {

class ProgressReporter {
 public:
  ProgressReporter(std::string label, std::uint64_t total, bool quiet, std::FILE* out = stderr);
  /// Reports `done` of `total` units after `elapsed` seconds; rate-limited.
  void update(std::uint64_t done, double elapsed_seconds);
  /// Clears the bar (on a terminal) and prints a final line.
  void finish(std::uint64_t done, double elapsed_seconds);

 private:
  void draw(std::uint64_t done, double elapsed_seconds, bool final);

  std::string label_;
  std::uint64_t total_;
  bool quiet_;
  bool terminal_;
  std::FILE* out_;
  double last_draw_ = -1e9;
};

/// "1h02m", "3m05s", "12.3s".
std::string format_duration(double seconds);

}  // namespace wfsim::cli
