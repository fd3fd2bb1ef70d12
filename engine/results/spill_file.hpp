#pragma once
/// Where a replication's event-table rows go once they outgrow the memory set
/// aside for them (ReplicationResult::append_rows): a temporary file that has
/// no name from the moment it is created, so nothing is left behind however
/// the process ends, and whose space the system reclaims when the last
/// reference to it closes.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <span>
#include <stdexcept>
#include <string>

namespace wfsim::results {

/// The spill file cannot be created, written or read back (a full disk,
/// say). The message says why, in one line.
class SpillError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class SpillFile {
 public:
  /// Creates the file in the directory TMPDIR names (else /tmp). Throws
  /// SpillError.
  SpillFile();
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;
  ~SpillFile();

  /// Bytes to append.
  struct Piece {
    const void* data;
    std::size_t bytes;
  };
  /// Appends the pieces one after the other; returns the offset the first
  /// starts at. Throws SpillError. Safe to call from several threads at
  /// once.
  std::uint64_t append(std::span<const Piece> pieces);
  /// Reads `bytes` bytes from `offset`, which append returned. Throws
  /// SpillError. Safe to call from several threads at once.
  void read(std::uint64_t offset, void* out, std::size_t bytes) const;
  /// Bytes appended so far.
  std::uint64_t size() const;

  const std::filesystem::path& directory() const { return directory_; }

 private:
  std::filesystem::path directory_;
  int fd_ = -1;
  mutable std::mutex mutex_;
  std::uint64_t size_ = 0;
};

}  // namespace wfsim::results
