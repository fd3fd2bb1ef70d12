#include "engine/experiment/detail/checkpoint.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace wfsim::experiment::detail {

namespace {

constexpr std::uint64_t kMagic = 0x3150454557534657ULL;  // "WFSWEEP1"
constexpr std::size_t kHeaderWords = 7;

std::array<std::uint64_t, kHeaderWords> header_words(const CheckpointHeader& h) {
  std::array<std::uint64_t, kHeaderWords> words = {
      kMagic, h.sweep_hash, h.points, h.values_per_point, h.shard.index, h.shard.count, 0};
  words[6] = fnv1a(words.data(), 6 * sizeof(std::uint64_t));
  return words;
}

void write_all(int fd, const void* data, std::size_t size, const std::string& path) {
  const auto* bytes = static_cast<const unsigned char*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd, bytes, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error("cannot write the checkpoint " + path + ": " + std::strerror(errno));
    }
    bytes += n;
    size -= static_cast<std::size_t>(n);
  }
}

params::ConfigError checkpoint_error(const std::string& path, const std::string& message) {
  return params::ConfigError({path, 0, 0}, "", message);
}

}  // namespace

Checkpoint::Checkpoint(std::string path, int fd, std::uint64_t values_per_point)
    : path_(std::move(path)),
      fd_(fd),
      values_per_point_(values_per_point),
      buffer_((values_per_point + 2) * sizeof(std::uint64_t)) {}

Checkpoint::Checkpoint(Checkpoint&& other) noexcept
    : path_(std::move(other.path_)),
      fd_(other.fd_),
      values_per_point_(other.values_per_point_),
      buffer_(std::move(other.buffer_)) {
  other.fd_ = -1;
}

Checkpoint::~Checkpoint() {
  if (fd_ >= 0) ::close(fd_);
}

Checkpoint Checkpoint::create(const std::string& path, const CheckpointHeader& header) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) {
    if (errno == EEXIST) {
      throw checkpoint_error(path,
                             "a checkpoint of an unfinished sweep is here; continue it with "
                             "--resume, or delete it to start over");
    }
    throw checkpoint_error(path,
                           std::string("cannot create the checkpoint: ") + std::strerror(errno));
  }
  Checkpoint checkpoint(path, fd, header.values_per_point);
  const auto words = header_words(header);
  write_all(fd, words.data(), sizeof words, path);
  return checkpoint;
}

Checkpoint Checkpoint::resume(
    const std::string& path, const CheckpointHeader& expected,
    const std::function<void(std::uint64_t, std::span<const double>)>& on_record) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) {
    throw checkpoint_error(path, std::string("--resume: there is no checkpoint to resume (") +
                                     std::strerror(errno) + ")");
  }
  Checkpoint checkpoint(path, fd, expected.values_per_point);
  std::array<std::uint64_t, kHeaderWords> words{};
  if (::pread(fd, words.data(), sizeof words, 0) != static_cast<ssize_t>(sizeof words) ||
      words[0] != kMagic || words[6] != fnv1a(words.data(), 6 * sizeof(std::uint64_t))) {
    throw checkpoint_error(path, "not a wfsim sweep checkpoint, or its header is damaged");
  }
  const auto want = header_words(expected);
  if (words[1] != want[1] || words[2] != want[2] || words[3] != want[3]) {
    throw checkpoint_error(path,
                           "the checkpoint belongs to a different sweep (the sweep file, the base "
                           "config or the program changed since it was written); it was left "
                           "untouched");
  }
  if (words[4] != want[4] || words[5] != want[5]) {
    throw checkpoint_error(path, "the checkpoint belongs to shard " + std::to_string(words[4]) +
                                     "/" + std::to_string(words[5]) + ", not " +
                                     std::to_string(want[4]) + "/" + std::to_string(want[5]));
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0) throw checkpoint_error(path, "cannot read the checkpoint");
  const std::size_t record = checkpoint.buffer_.size();
  const auto size = static_cast<std::uint64_t>(info.st_size);
  std::uint64_t offset = sizeof words;
  std::vector<double> values(expected.values_per_point);
  while (offset + record <= size) {
    if (::pread(fd, checkpoint.buffer_.data(), record, static_cast<off_t>(offset)) !=
        static_cast<ssize_t>(record)) {
      break;
    }
    std::uint64_t point = 0;
    std::uint64_t sum = 0;
    std::memcpy(&point, checkpoint.buffer_.data(), sizeof point);
    std::memcpy(&sum, checkpoint.buffer_.data() + record - sizeof sum, sizeof sum);
    if (sum != fnv1a(checkpoint.buffer_.data(), record - sizeof sum) || point >= expected.points) {
      // The process dies inside write() only on the last record: one
      // damaged earlier is damage to the file, and dropping it with every
      // record after it would silently lose finished points.
      if (offset + record < size) {
        throw checkpoint_error(
            path, "record " + std::to_string((offset - sizeof words) / record) + " (at byte " +
                      std::to_string(offset) +
                      ") is damaged and finished points follow it; the checkpoint was left "
                      "untouched: delete it to start over");
      }
      break;  // a torn record: the process died inside write()
    }
    std::memcpy(values.data(), checkpoint.buffer_.data() + sizeof point,
                values.size() * sizeof(double));
    on_record(point, values);
    offset += record;
  }
  if (offset != size && ::ftruncate(fd, static_cast<off_t>(offset)) != 0) {
    throw checkpoint_error(path, "cannot cut off the checkpoint's torn last record");
  }
  if (::lseek(fd, 0, SEEK_END) < 0) throw checkpoint_error(path, "cannot append to the checkpoint");
  return checkpoint;
}

void Checkpoint::append(std::uint64_t point, std::span<const double> values) {
  if (values.size() != values_per_point_) throw std::logic_error("checkpoint record of wrong size");
  unsigned char* out = buffer_.data();
  std::memcpy(out, &point, sizeof point);
  std::memcpy(out + sizeof point, values.data(), values.size_bytes());
  const std::uint64_t sum = fnv1a(out, buffer_.size() - sizeof sum);
  std::memcpy(out + buffer_.size() - sizeof sum, &sum, sizeof sum);
  // One write() per record: what the kernel accepted survives the process.
  write_all(fd_, out, buffer_.size(), path_);
}

void Checkpoint::remove() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  ::unlink(path_.c_str());
}

}  // namespace wfsim::experiment::detail
