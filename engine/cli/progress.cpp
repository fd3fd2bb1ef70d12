#include "engine/cli/progress.hpp"

#include <unistd.h>

#include <cmath>

namespace wfsim::cli {

std::string format_duration(double seconds) {
  char buffer[32];
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  if (seconds < 60) {
    std::snprintf(buffer, sizeof buffer, "%.1fs", seconds);
  } else if (seconds < 3600) {
    const int s = static_cast<int>(seconds);
    std::snprintf(buffer, sizeof buffer, "%dm%02ds", s / 60, s % 60);
  } else {
    const int m = static_cast<int>(seconds / 60);
    std::snprintf(buffer, sizeof buffer, "%dh%02dm", m / 60, m % 60);
  }
  return buffer;
}

ProgressReporter::ProgressReporter(std::string label, std::uint64_t total, bool quiet,
                                   std::FILE* out)
    : label_(std::move(label)),
      total_(total),
      quiet_(quiet),
      terminal_(isatty(fileno(out)) != 0),
      out_(out) {}

void ProgressReporter::update(std::uint64_t done, double elapsed_seconds) {
  if (quiet_) return;
  // A terminal redraws often; a log file gets a line every ten seconds.
  const double interval = terminal_ ? 0.1 : 10.0;
  if (done >= total_ || elapsed_seconds - last_draw_ < interval) return;  // finish() draws the end
  last_draw_ = elapsed_seconds;
  draw(done, elapsed_seconds, false);
}

void ProgressReporter::finish(std::uint64_t done, double elapsed_seconds) {
  if (quiet_) return;
  draw(done, elapsed_seconds, true);
}

void ProgressReporter::draw(std::uint64_t done, double elapsed_seconds, bool final) {
  const double fraction = total_ ? static_cast<double>(done) / static_cast<double>(total_) : 1.0;
  const double eta = done ? elapsed_seconds * (1.0 - fraction) / fraction : NAN;
  if (terminal_) {
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(fraction * kWidth);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(kWidth, '.');
    std::fprintf(out_, "\r\033[K%s [%s] %llu/%llu %3.0f%%  elapsed %s  ETA %s", label_.c_str(),
                 bar.c_str(), static_cast<unsigned long long>(done),
                 static_cast<unsigned long long>(total_), 100.0 * fraction,
                 format_duration(elapsed_seconds).c_str(),
                 final ? "0s" : format_duration(eta).c_str());
    if (final) std::fputc('\n', out_);
  } else {
    std::fprintf(out_, "%s: %llu/%llu (%.0f%%) elapsed %s ETA %s\n", label_.c_str(),
                 static_cast<unsigned long long>(done), static_cast<unsigned long long>(total_),
                 100.0 * fraction, format_duration(elapsed_seconds).c_str(),
                 final ? "0s" : format_duration(eta).c_str());
  }
  std::fflush(out_);
}

}  // namespace wfsim::cli
