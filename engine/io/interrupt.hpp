#pragma once
/// Temporary files removed when the program is interrupted. While a
/// RemoveOnSignal lives, SIGINT, SIGTERM and SIGHUP delete every temporary
/// file registered with it, print its one line (what was kept, how to go
/// on) and end the program by the same signal, so that the parent sees
/// what happened. SIGKILL cannot be caught: it leaves the hidden temporary
/// file behind (never a file at a final path), which the next run to the
/// same file reports.
#include <filesystem>
#include <string>

namespace wfsim::io {

class RemoveOnSignal {
 public:
  /// Installs the handler; `message` is printed (after "wfsim: interrupted
  /// by SIGxxx; ") when a signal comes. Register each temporary file
  /// before creating it, so that no moment exists in which the file is
  /// there and a signal would leave it.
  explicit RemoveOnSignal(const std::string& message);
  RemoveOnSignal(const RemoveOnSignal&) = delete;
  RemoveOnSignal& operator=(const RemoveOnSignal&) = delete;
  /// Restores the previous handlers and forgets the files.
  ~RemoveOnSignal();

  /// Registers a file to delete on a signal (at most four; paths longer
  /// than PATH_MAX are refused with std::length_error).
  void add(const std::filesystem::path& temporary);
};

}  // namespace wfsim::io
