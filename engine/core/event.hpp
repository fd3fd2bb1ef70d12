#pragma once
/// Simulated time and events.
#include <cassert>
#include <cstdint>
#include <limits>

namespace wfsim::core {

/// Simulated time. The unit is the model's (days in the workforce model).
using SimTime = double;
inline constexpr SimTime kNever = std::numeric_limits<SimTime>::infinity();

/// Index of a logical process.
using LpId = std::uint32_t;

/// Events are ordered by time, then by a key that names who scheduled them
/// and when: the sending LP in the top bits, that LP's send counter in the
/// rest. The key is a function of the simulated history alone, so equal
/// timestamps are broken the same way on any thread count and whatever order
/// messages were delivered in.
inline constexpr int kSequenceBits = 40;
inline constexpr std::uint64_t kMaxLps = std::uint64_t{1} << (64 - kSequenceBits);
/// Source id of events scheduled by the serial, organisation-wide hooks.
inline constexpr LpId kGlobalSource = static_cast<LpId>(kMaxLps - 1);

inline constexpr std::uint64_t make_order_key(LpId source, std::uint64_t sequence) {
  return (static_cast<std::uint64_t>(source) << kSequenceBits) |
         (sequence & ((std::uint64_t{1} << kSequenceBits) - 1));
}

template <class Payload>
struct Event {
  SimTime time = 0.0;
  std::uint64_t order = 0;
  LpId target = 0;
  std::uint32_t kind = 0;
  Payload payload{};

  LpId source() const { return static_cast<LpId>(order >> kSequenceBits); }
};

template <class Payload>
inline bool fires_before(const Event<Payload>& a, const Event<Payload>& b) {
  return a.time < b.time || (a.time == b.time && a.order < b.order);
}

/// An empty payload for models whose events carry nothing but their kind.
struct NoPayload {};

/// Starts loading the cache line holding `address`. GCC treats
/// __builtin_prefetch as free of side effects, so a function that does
/// nothing but prefetch is found "pure" and calls to it are deleted; the
/// empty volatile asm keeps such hint functions alive.
inline void prefetch(const void* address) {
  __builtin_prefetch(address);
  asm volatile("");
}

}  // namespace wfsim::core
