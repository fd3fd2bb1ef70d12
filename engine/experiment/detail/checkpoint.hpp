#pragma once
/// The checkpoint of a sweep in progress: an append-only file of finished
/// points, each record written by one write() call as soon as the point is
/// done and carrying its own checksum. A process killed at any moment (even
/// by SIGKILL) leaves every finished point in the file, at worst followed by
/// one torn record, which resuming detects and drops.
///
/// Layout (little-endian 64-bit words): a header of magic, sweep hash,
/// points, values per point, shard index, shard count and a checksum of the
/// header; then records of point index, the point's values (doubles) and a
/// checksum of the record.
#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "engine/experiment/sweep.hpp"

namespace wfsim::experiment::detail {

struct CheckpointHeader {
  std::uint64_t sweep_hash = 0;
  std::uint64_t points = 0;
  std::uint64_t values_per_point = 0;
  Shard shard;
};

class Checkpoint {
 public:
  /// Creates the file, refusing to overwrite an existing one: finished work
  /// is never thrown away without being asked (throws params::ConfigError).
  static Checkpoint create(const std::string& path, const CheckpointHeader& header);
  /// Opens an existing checkpoint to continue it; throws params::ConfigError
  /// when it is missing, unreadable or belongs to another sweep or shard.
  /// Every intact record is passed to `on_record`; a torn last record is
  /// cut off, a damaged record before others is an error.
  static Checkpoint resume(
      const std::string& path, const CheckpointHeader& expected,
      const std::function<void(std::uint64_t point, std::span<const double> values)>& on_record);

  Checkpoint(Checkpoint&& other) noexcept;
  Checkpoint& operator=(Checkpoint&&) = delete;
  Checkpoint(const Checkpoint&) = delete;
  ~Checkpoint();

  /// Appends a finished point. Throws std::runtime_error on a write error.
  void append(std::uint64_t point, std::span<const double> values);
  /// Closes and deletes the file, once its contents are safely elsewhere.
  void remove();
  const std::string& path() const { return path_; }

 private:
  Checkpoint(std::string path, int fd, std::uint64_t values_per_point);

  std::string path_;
  int fd_ = -1;
  std::uint64_t values_per_point_ = 0;
  std::vector<unsigned char> buffer_;
};

}  // namespace wfsim::experiment::detail
