#include "engine/cli/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cmath>

namespace wfsim::cli {

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  if (seconds < 60) return fmt::format("{:.1f}s", seconds);
  if (seconds < 3600) {
    const int s = static_cast<int>(seconds);
    return fmt::format("{}m{:02}s", s / 60, s % 60);
  }
  const int m = static_cast<int>(seconds / 60);
  return fmt::format("{}h{:02}m", m / 60, m % 60);
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
    fmt::print(out_, "\r\033[K{} [{}] {}/{} {:3.0f}%  elapsed {}  ETA {}", label_, bar, done,
               total_, 100.0 * fraction, format_duration(elapsed_seconds),
               final ? "0s" : format_duration(eta));
    if (final) std::fputc('\n', out_);
  } else {
    fmt::print(out_, "{}: {}/{} ({:.0f}%) elapsed {} ETA {}\n", label_, done, total_,
               100.0 * fraction, format_duration(elapsed_seconds),
               final ? "0s" : format_duration(eta));
  }
  std::fflush(out_);
}

}  // namespace wfsim::cli
