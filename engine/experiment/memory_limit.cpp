#include "engine/experiment/memory_limit.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "engine/params/config_error.hpp"

namespace wfsim::experiment {

namespace {

std::uint64_t meminfo_total() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  std::uint64_t kib = 0;
  std::string unit;
  while (in >> key >> kib >> unit) {
    if (key == "MemTotal:") return kib * 1024;
  }
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page_size = sysconf(_SC_PAGE_SIZE);
  if (pages > 0 && page_size > 0) {
    return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page_size);
  }
  return 0;
}

/// cgroup v2 `memory.max` (or v1 `memory.limit_in_bytes`): a container's
/// share, lower than the machine's. 0 when there is none.
std::uint64_t cgroup_limit() {
  for (const char* path :
       {"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}) {
    std::ifstream in(path);
    std::string text;
    if (in >> text && !text.empty() && text.find_first_not_of("0123456789") == std::string::npos) {
      return std::stoull(text);
    }
  }
  return 0;
}

}  // namespace

std::uint64_t machine_memory_bytes() {
  const std::uint64_t total = meminfo_total();
  const std::uint64_t limit = cgroup_limit();
  if (limit > 0 && (total == 0 || limit < total)) return limit;
  return total;
}

std::string format_bytes(double bytes) {
  const char* units[] = {"bytes", "kB", "MB", "GB", "TB", "PB", "EB"};
  int unit = 0;
  while (bytes >= 1000.0 && unit < 6) {
    bytes /= 1000.0;
    ++unit;
  }
  if (unit == 0) return fmt::format("{:.0f} bytes", bytes);
  if (bytes >= 1000.0) return fmt::format("{:.3g} {}", bytes, units[unit]);  // beyond EB
  return fmt::format("{:.{}f} {}", bytes, bytes < 10 ? 1 : 0, units[unit]);
}

void check_memory(double estimate, const std::string& what, const std::string& where,
                  const std::string& key, bool ignore) {
  if (ignore) return;
  const std::uint64_t memory = machine_memory_bytes();
  if (memory == 0 || estimate <= static_cast<double>(memory)) return;
  throw params::ConfigError(
      {where, 0, 0}, key,
      what + " needs about " + format_bytes(estimate) + " of memory, and this machine has " +
          format_bytes(static_cast<double>(memory)) + "; make it smaller, or pass " +
          kIgnoreMemoryLimitOption + " to try anyway");
}

}  // namespace wfsim::experiment
