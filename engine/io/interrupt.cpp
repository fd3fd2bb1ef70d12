#include "engine/io/interrupt.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace wfsim::io {

namespace {

// The handler may not allocate or lock: everything it needs is in fixed
// buffers, filled before a file can exist.
constexpr int kSignals[3] = {SIGINT, SIGTERM, SIGHUP};
constexpr std::size_t kMaxFiles = 4;
constexpr std::size_t kMaxPath = 4096;
char g_files[kMaxFiles][kMaxPath] = {};
std::atomic<std::size_t> g_file_count{0};
char g_message[2048] = {};
struct sigaction g_previous[3] = {};
std::atomic<bool> g_installed{false};

void write_text(const char* text) {
  std::size_t left = std::strlen(text);
  while (left > 0) {
    const ssize_t n = ::write(STDERR_FILENO, text, left);
    if (n <= 0) return;
    text += n;
    left -= static_cast<std::size_t>(n);
  }
}

const char* signal_name(int signal_number) {
  switch (signal_number) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    case SIGHUP:
      return "SIGHUP";
    default:
      return "a signal";
  }
}

extern "C" void remove_temporaries_and_die(int signal_number) {
  // unlink and write may set errno; the interrupted code must not see it
  // change when a sanitizer's runtime delivers the signal late and the
  // handler returns before the re-raised signal ends the process.
  const int saved_errno = errno;
  const std::size_t count = g_file_count.load(std::memory_order_acquire);
  for (std::size_t i = 0; i < count && i < kMaxFiles; ++i) {
    if (g_files[i][0] != '\0') ::unlink(g_files[i]);
  }
  write_text("wfsim: interrupted by ");
  write_text(signal_name(signal_number));
  write_text("; ");
  write_text(g_message);
  write_text("\n");
  // Die of the same signal, so the parent sees what happened.
  ::signal(signal_number, SIG_DFL);
  errno = saved_errno;
  ::raise(signal_number);
}

}  // namespace

RemoveOnSignal::RemoveOnSignal(const std::string& message) {
  if (g_installed.exchange(true)) throw std::logic_error("RemoveOnSignal is already active");
  const std::size_t length = std::min(message.size(), sizeof g_message - 1);
  std::memcpy(g_message, message.data(), length);
  g_message[length] = '\0';
  g_file_count.store(0, std::memory_order_release);
  struct sigaction action {};
  action.sa_handler = remove_temporaries_and_die;
  sigemptyset(&action.sa_mask);
  // One handler at a time: a second signal waits for the first to finish
  // deleting.
  for (const int signal_number : kSignals)
    sigaddset(&action.sa_mask, signal_number);
  for (int i = 0; i < 3; ++i)
    sigaction(kSignals[i], &action, &g_previous[i]);
}

RemoveOnSignal::~RemoveOnSignal() {
  for (int i = 0; i < 3; ++i)
    sigaction(kSignals[i], &g_previous[i], nullptr);
  g_file_count.store(0, std::memory_order_release);
  g_installed.store(false);
}

void RemoveOnSignal::add(const std::filesystem::path& temporary) {
  const std::string text = temporary.string();
  const std::size_t slot = g_file_count.load(std::memory_order_acquire);
  if (slot >= kMaxFiles) throw std::length_error("too many temporary files to guard");
  if (text.size() >= kMaxPath) throw std::length_error("temporary path too long: " + text);
  std::memcpy(g_files[slot], text.c_str(), text.size() + 1);
  // Published after the path is complete: the handler reads only whole
  // entries.
  g_file_count.store(slot + 1, std::memory_order_release);
}

}  // namespace wfsim::io
