#pragma once
/// Refusing, before anything is built, work that cannot fit in memory: a
/// model's estimate (model::Model::memory_estimate) or a design's size is
/// compared with the machine's memory, and the run is refused with both
/// figures and the option that tries anyway. Without this, an organisation
/// of 10^8 people or a design of 2^30 points died in std::bad_alloc after
/// minutes of work.
#include <cstdint>
#include <string>

namespace wfsim::experiment {

/// The option that skips the check.
inline constexpr const char* kIgnoreMemoryLimitOption = "--ignore-memory-limit";

/// Physical memory of this machine in bytes (MemTotal), or the control
/// group's limit when that is lower; 0 when unknown.
std::uint64_t machine_memory_bytes();

/// "1.5 GB", "320 MB": bytes for a message, in SI units.
std::string format_bytes(double bytes);

/// Throws params::ConfigError (exit status 2) naming `where` and `key` when
/// `estimate` bytes exceed the machine's memory and not `ignore`.
/// `what` says what needs the memory ("the run", "the design").
void check_memory(double estimate, const std::string& what, const std::string& where,
                  const std::string& key, bool ignore);

}  // namespace wfsim::experiment
