#include "engine/results/spill_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace wfsim::results {

namespace {

namespace fs = std::filesystem;

std::string reason(int error) {
  std::string text = std::strerror(error);
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

[[noreturn]] void fail(int error, const std::string& doing, const fs::path& directory) {
  throw SpillError(reason(error) + " while " + doing + " event-table rows in a temporary file in " +
                   directory.string() + " (TMPDIR chooses the directory)");
}

fs::path temporary_directory() {
  const char* given = std::getenv("TMPDIR");
  return given != nullptr && *given != '\0' ? fs::path(given) : fs::path("/tmp");
}

}  // namespace

SpillFile::SpillFile() : directory_(temporary_directory()) {
#ifdef O_TMPFILE
  // A file that never has a name.
  fd_ = ::open(directory_.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
#endif
  if (fd_ < 0) {
    // File systems without O_TMPFILE: a name removed at once.
    std::string name = (directory_ / "wfsim-tables-XXXXXX").string();
    fd_ = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd_ < 0) fail(errno, "setting aside", directory_);
    ::unlink(name.c_str());
  }
}

SpillFile::~SpillFile() {
  if (fd_ >= 0) ::close(fd_);
}

std::uint64_t SpillFile::append(std::span<const Piece> pieces) {
  const std::lock_guard<std::mutex> lock(mutex_);
  const std::uint64_t start = size_;
  std::uint64_t at = start;
  for (const Piece& piece : pieces) {
    const auto* from = static_cast<const char*>(piece.data);
    std::size_t done = 0;
    while (done < piece.bytes) {
      const ::ssize_t n = ::pwrite(fd_, from + done, piece.bytes - done, static_cast<::off_t>(at));
      if (n < 0) {
        if (errno == EINTR) continue;
        fail(errno, "setting aside", directory_);
      }
      if (n == 0) fail(ENOSPC, "setting aside", directory_);
      done += static_cast<std::size_t>(n);
      at += static_cast<std::uint64_t>(n);
    }
  }
  size_ = at;
  return start;
}

void SpillFile::read(std::uint64_t offset, void* out, std::size_t bytes) const {
  auto* to = static_cast<char*>(out);
  std::size_t done = 0;
  while (done < bytes) {
    const ::ssize_t n = ::pread(fd_, to + done, bytes - done, static_cast<::off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      fail(errno, "reading back", directory_);
    }
    if (n == 0) fail(EIO, "reading back", directory_);
    done += static_cast<std::size_t>(n);
  }
}

std::uint64_t SpillFile::size() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return size_;
}

}  // namespace wfsim::results
