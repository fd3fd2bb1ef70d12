#pragma once
/// Small kernel models shared by the engine tests.
#include <bit>
#include <cstdint>
#include <vector>

#include "engine/core/kernel.hpp"

namespace wfsim::testing {

/// Payload carrying the sender's id, so a receiver can check tie-breaks.
struct Note {
  std::uint32_t sender = 0;
  std::uint32_t hop = 0;
};

/// A PHOLD-like model whose LPs record their whole event history and check
/// causality as they go: no LP may ever see an event earlier than one it
/// already processed.
struct RecordingLp {
  std::vector<double> times;
  std::vector<std::uint64_t> orders;
  std::uint64_t fingerprint = 0;
  bool causality_violated = false;
  std::vector<std::uint64_t> periods_seen;
  std::vector<double> last_time_at_period;
};

class RecordingModel {
 public:
  using LpState = RecordingLp;
  using Payload = Note;

  RecordingModel(std::uint32_t lps, std::uint32_t initial, double lookahead, double remote)
      : lps_(lps), initial_(initial), lookahead_(lookahead), remote_(remote) {}

  void init(core::LpId self, RecordingLp&, core::EventContext<Note>& ctx) {
    for (std::uint32_t i = 0; i < initial_; ++i) {
      ctx.schedule(ctx.random().exponential(1.0), 0, Note{self, 0});
    }
  }

  void on_event(RecordingLp& lp, const core::Event<Note>& event, core::EventContext<Note>& ctx) {
    if (!lp.times.empty() && event.time < lp.times.back()) lp.causality_violated = true;
    lp.times.push_back(event.time);
    lp.orders.push_back(event.order);
    lp.fingerprint = (lp.fingerprint ^ std::bit_cast<std::uint64_t>(event.time) ^ event.order) *
                     0x100000001b3ULL;
    const double delay = lookahead_ + ctx.random().exponential(1.0);
    core::LpId target = ctx.self();
    if (lps_ > 1 && ctx.random().uniform() < remote_) {
      target = static_cast<core::LpId>(ctx.random().index(lps_));
    }
    ctx.send(target, delay, 0, Note{ctx.self(), event.payload.hop + 1});
  }

  void on_period(RecordingLp& lp, core::EventContext<Note>&, std::uint64_t period) {
    lp.periods_seen.push_back(period);
    lp.last_time_at_period.push_back(lp.times.empty() ? -1.0 : lp.times.back());
  }

 private:
  std::uint32_t lps_;
  std::uint32_t initial_;
  double lookahead_;
  double remote_;
};

}  // namespace wfsim::testing
