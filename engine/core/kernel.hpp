#pragma once
/// The conservative, window-synchronised parallel discrete-event kernel.
///
/// Logical processes (LPs) own their state and a pending-event set. A model
/// declares a lookahead L: the least delay of any event one LP sends another.
/// The kernel advances in windows [t, min(t + L, next hook)) where t is the
/// earliest pending event anywhere; no event inside a window can be affected
/// by another LP's events in the same window, so blocks of LPs run the window
/// in parallel with oneTBB. Messages between blocks are delivered at the
/// window boundary. Because every event carries a total-order key (time, then
/// sender and the sender's send counter), the order in which messages are
/// delivered does not matter, and neither does the number of threads or how
/// LPs are grouped into blocks: results are bit-identical.
///
/// Periodic hooks (month end in the workforce model) run at period, 2 period,
/// ... up to the end time, after every event earlier than the hook time: first
/// a per-LP hook on every LP (in parallel), then one serial organisation-wide
/// hook that sees all LP states in index order, so its reductions are
/// deterministic.
///
/// A model plugs in as a type with:
///   using LpState = ...;  using Payload = ...;   (Payload trivially copyable)
///   void init(LpId, LpState&, EventContext<Payload>&);
///   void on_event(LpState&, const Event<Payload>&, EventContext<Payload>&);
/// and optionally:
///   void on_period(LpState&, EventContext<Payload>&, std::uint64_t period);
///   void on_period_end(std::span<LpState>, GlobalContext<Payload>&);
///   void prefetch(const Event<Payload>&) const;  // a hint: the kernel is
///       about to handle this event soon; start loading what it will touch.
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "engine/core/detail/pending_set.hpp"
#include "engine/core/detail/sync_annotations.hpp"
#include "engine/core/event.hpp"
#include "engine/core/worker_errors.hpp"
#include "engine/rng/random_stream.hpp"

namespace wfsim::core {

struct KernelOptions {
  /// Events strictly earlier than this are processed.
  SimTime end_time = 0.0;
  /// The least delay of an event sent to another LP; kNever when LPs never
  /// message each other.
  SimTime lookahead = kNever;
  /// Hooks run at period, 2 period, ... <= end_time; 0 for none.
  SimTime period = 0.0;
  std::uint64_t seed = 0;
  std::uint64_t replication = 0;
  /// LPs are processed in this many contiguous blocks; 0 picks a number from
  /// the LP and thread counts. Results never depend on it.
  std::uint32_t blocks = 0;
  /// Use oneTBB when the current arena has more than one thread.
  bool parallel = true;
};

struct KernelStats {
  std::uint64_t events = 0;
  std::uint64_t remote_messages = 0;
  std::uint64_t windows = 0;
  std::uint64_t periods = 0;
};

/// Random stream number used for each LP's own stream (stream 0 of entity
/// LP id). Models may open further streams of their own entities.
inline constexpr std::uint64_t kLpStream = 0;

template <class Model>
class Kernel;

/// What a handler sees while processing an event or a per-LP hook.
template <class Payload>
class EventContext {
 public:
  using Ev = Event<Payload>;

  SimTime now() const { return now_; }
  LpId self() const { return self_; }
  SimTime lookahead() const { return lookahead_; }
  std::uint64_t seed() const { return seed_; }
  std::uint64_t replication() const { return replication_; }
  /// This LP's own random stream.
  rng::RandomStream& random() { return *random_; }

  /// Schedules an event on this LP after `delay` >= 0.
  void schedule(SimTime delay, std::uint32_t kind, const Payload& payload = {}) {
    if (!(delay >= 0.0)) throw std::logic_error("event scheduled into the past");
    // The window loop reads this LP's next time after it finishes, so the
    // block minimum needs no update here.
    own_->push(make(self_, delay, kind, payload));
  }

  /// Drops this LP's pending events that `superseded(event)` selects, and
  /// returns how many went. For models whose events can be overtaken by
  /// later ones (a rate change that re-draws the next arrival): removed
  /// while the LP is being handled, a dead event costs no pop, no visit of a
  /// cold LP and no handler call later. Events that were never handled are
  /// not counted in the kernel's statistics, and an observer of events does
  /// not see them.
  template <class Predicate>
  std::size_t discard_pending(Predicate superseded) {
    return own_->discard_if([&](const Ev& event) { return superseded(event); });
  }

  /// Sends an event to another LP. The delay must be at least the declared
  /// lookahead (during hooks, at least zero).
  void send(LpId target, SimTime delay, std::uint32_t kind, const Payload& payload = {}) {
    if (target == self_) {
      schedule(delay, kind, payload);
      return;
    }
    if (!(delay >= min_remote_delay_)) {
      throw std::logic_error("model sent an event with delay " + std::to_string(delay) +
                             " below its declared lookahead " + std::to_string(lookahead_));
    }
    if (target >= lp_count_) throw std::logic_error("event sent to a missing LP");
    ++*remote_messages_;
    const Ev event = make(target, delay, kind, payload);
    const std::uint32_t target_block = target / block_size_;
    if (target_block == block_ || outboxes_ == nullptr) {
      // The target runs after this LP in the same task, or there is only one
      // task; its event lies beyond the window either way, so it can go
      // straight into the target's pending set.
      (*pending_)[target].push(event);
      SimTime& target_next = (*next_time_)[target];
      if (event.time < target_next) target_next = event.time;
      if (event.time < *block_min_) *block_min_ = event.time;
    } else {
      outboxes_[target_block].push_back(event);
    }
  }

 private:
  template <class Model>
  friend class Kernel;

  Ev make(LpId target, SimTime delay, std::uint32_t kind, const Payload& payload) {
    Ev event;
    event.time = now_ + delay;
    event.order = make_order_key(self_, (*sequence_)++);
    event.target = target;
    event.kind = kind;
    event.payload = payload;
    return event;
  }

  SimTime now_ = 0.0;
  LpId self_ = 0;
  SimTime lookahead_ = kNever;
  SimTime min_remote_delay_ = kNever;
  std::uint64_t seed_ = 0;
  std::uint64_t replication_ = 0;
  LpId lp_count_ = 0;
  std::uint32_t block_ = 0;
  std::uint32_t block_size_ = 1;
  rng::RandomStream* random_ = nullptr;
  std::uint64_t* sequence_ = nullptr;
  detail::PendingSet<Payload>* own_ = nullptr;
  std::vector<detail::PendingSet<Payload>>* pending_ = nullptr;
  std::vector<SimTime>* next_time_ = nullptr;
  std::vector<Ev>* outboxes_ = nullptr;  // one per target block; null when serial
  SimTime* block_min_ = nullptr;
  std::uint64_t* remote_messages_ = nullptr;
};

/// What the serial organisation-wide hook sees. Everything is paused, so it
/// may schedule events on any LP.
template <class Payload>
class GlobalContext {
 public:
  SimTime now() const { return now_; }
  std::uint64_t period() const { return period_; }
  std::uint64_t seed() const { return seed_; }
  std::uint64_t replication() const { return replication_; }
  /// A stream owned by the organisation-wide hook (entity kGlobalSource).
  rng::RandomStream& random() { return *random_; }

  void schedule(LpId target, SimTime delay, std::uint32_t kind, const Payload& payload = {}) {
    if (!(delay >= 0.0)) throw std::logic_error("event scheduled into the past");
    if (target >= pending_->size()) throw std::logic_error("event scheduled on a missing LP");
    Event<Payload> event;
    event.time = now_ + delay;
    event.order = make_order_key(kGlobalSource, (*sequence_)++);
    event.target = target;
    event.kind = kind;
    event.payload = payload;
    (*pending_)[target].push(event);
  }

 private:
  template <class Model>
  friend class Kernel;

  SimTime now_ = 0.0;
  std::uint64_t period_ = 0;
  std::uint64_t seed_ = 0;
  std::uint64_t replication_ = 0;
  rng::RandomStream* random_ = nullptr;
  std::uint64_t* sequence_ = nullptr;
  std::vector<detail::PendingSet<Payload>>* pending_ = nullptr;
};

template <class Model>
class Kernel {
 public:
  using LpState = typename Model::LpState;
  using Payload = typename Model::Payload;
  using Ev = Event<Payload>;
  static_assert(std::is_trivially_copyable_v<Payload>, "event payloads are copied bitwise");

  Kernel(Model& model, std::vector<LpState> states, const KernelOptions& options)
      : model_(model), states_(std::move(states)), options_(options) {
    if (states_.empty()) throw std::invalid_argument("a simulation needs at least one LP");
    if (states_.size() >= kMaxLps) throw std::invalid_argument("too many LPs");
    if (!(options_.lookahead > 0.0)) throw std::invalid_argument("lookahead must be positive");
    if (options_.period < 0.0) throw std::invalid_argument("period must not be negative");
    const auto n = static_cast<LpId>(states_.size());
    pending_.resize(n);
    next_time_.assign(n, kNever);
    sequence_.assign(n, 0);
    random_.reserve(n);
    for (LpId lp = 0; lp < n; ++lp) {
      random_.emplace_back(rng::StreamKey{options_.seed, options_.replication, lp, kLpStream});
    }
    global_random_ = rng::RandomStream(
        rng::StreamKey{options_.seed, options_.replication, kGlobalSource, kLpStream});
  }

  std::span<LpState> states() { return states_; }
  std::span<const LpState> states() const { return states_; }
  const KernelStats& stats() const { return stats_; }

  KernelStats run() {
    configure_blocks();
    for_each_block([&](std::uint32_t block) {
      SimTime ignored_min = kNever;
      for (LpId lp = first_lp(block); lp < end_lp(block); ++lp) {
        auto ctx = make_context(lp, block, 0.0, 0.0, ignored_min);
        model_.init(lp, states_[lp], ctx);
      }
    });
    deliver();
    rescan_minima();

    std::uint64_t next_period_index = 1;
    SimTime next_period = options_.period > 0.0 ? options_.period : kNever;
    for (;;) {
      SimTime earliest = kNever;
      for (SimTime m : block_min_)
        earliest = std::min(earliest, m);
      const SimTime horizon = std::min(next_period, options_.end_time);
      if (earliest >= horizon) {
        if (next_period <= options_.end_time) {
          run_period(next_period, next_period_index);
          ++next_period_index;
          // Multiplying rather than accumulating keeps hook times exact.
          next_period = options_.period * static_cast<double>(next_period_index);
          continue;
        }
        break;
      }
      const SimTime window_end = std::min(earliest + options_.lookahead, horizon);
      process_window(window_end);
      deliver();
      ++stats_.windows;
    }
    return finish_stats();
  }

 private:
  void configure_blocks() {
    const auto n = static_cast<std::uint32_t>(states_.size());
    const int threads = tbb::this_task_arena::max_concurrency();
    use_tbb_ = options_.parallel && threads > 1;
    std::uint32_t blocks = options_.blocks;
    if (blocks == 0) blocks = use_tbb_ ? static_cast<std::uint32_t>(16 * threads) : 1;
    blocks = std::clamp<std::uint32_t>(blocks, 1, n);
    block_size_ = (n + blocks - 1) / blocks;
    block_count_ = (n + block_size_ - 1) / block_size_;
    if (block_count_ == 1) use_tbb_ = false;
    // Outboxes are needed only when blocks can run at the same time.
    outboxes_.assign(block_count_ > 1 ? std::size_t{block_count_} * block_count_ : 0, {});
    block_min_.assign(block_count_, kNever);
    due_.assign(block_count_, {});
    block_events_.assign(block_count_, 0);
    block_remote_.assign(block_count_, 0);
  }

  LpId first_lp(std::uint32_t block) const { return block * block_size_; }
  LpId end_lp(std::uint32_t block) const {
    return std::min<LpId>((block + 1) * block_size_, static_cast<LpId>(states_.size()));
  }

  template <class F>
  void for_each_block(F&& body) {
    if (use_tbb_) {
      WFSIM_HAPPENS_BEFORE(&fork_);
      struct JoinOnExit {
        char* join;
        ~JoinOnExit() { WFSIM_HAPPENS_AFTER(join); }
      } join_on_exit{&join_};
      WorkerErrors errors;
      tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, block_count_, 1),
                        [&](const tbb::blocked_range<std::uint32_t>& range) {
                          WFSIM_HAPPENS_AFTER(&fork_);
                          const detail::HappensBeforeOnExit joined(&join_);
                          for (std::uint32_t b = range.begin(); b != range.end(); ++b)
                            errors.run(b, [&] { body(b); });
                        });
      errors.rethrow_first();
    } else {
      for (std::uint32_t b = 0; b < block_count_; ++b)
        body(b);
    }
  }

  EventContext<Payload> make_context(LpId lp, std::uint32_t block, SimTime now,
                                     SimTime min_remote_delay, SimTime& block_min) {
    EventContext<Payload> ctx;
    ctx.now_ = now;
    ctx.self_ = lp;
    ctx.lookahead_ = options_.lookahead;
    ctx.min_remote_delay_ = min_remote_delay;
    ctx.seed_ = options_.seed;
    ctx.replication_ = options_.replication;
    ctx.lp_count_ = static_cast<LpId>(states_.size());
    ctx.block_ = block;
    ctx.block_size_ = block_size_;
    ctx.random_ = &random_[lp];
    ctx.sequence_ = &sequence_[lp];
    ctx.own_ = &pending_[lp];
    ctx.pending_ = &pending_;
    ctx.next_time_ = &next_time_;
    ctx.outboxes_ = outboxes_.empty() ? nullptr : &outboxes_[std::size_t{block} * block_count_];
    ctx.block_min_ = &block_min;
    ctx.remote_messages_ = &block_remote_[block];
    return ctx;
  }

  void process_window(SimTime window_end) {
    for_each_block([&](std::uint32_t block) {
      if (block_min_[block] >= window_end) return;  // nothing due in this block
      // Which LPs have events in this window is fixed when it starts: only an
      // LP itself can schedule inside the window (messages arrive at least a
      // lookahead later). next_time_ is a dense copy of each LP's earliest
      // event time, so finding them is one sequential read per LP.
      SimTime block_min = kNever;
      std::vector<LpId>& due = due_[block];
      due.clear();
      for (LpId lp = first_lp(block); lp < end_lp(block); ++lp) {
        if (next_time_[lp] < window_end) {
          due.push_back(lp);
        } else {
          block_min = std::min(block_min, next_time_[lp]);
        }
      }
      // In a large model each LP's pending events, random stream and model
      // state sit in memory that is cold by the time the LP comes round
      // again. Knowing the order ahead, fetch two steps ahead: the pending
      // events and stream of the LP after next, and (through the model's
      // optional prefetch hook) the state the next LP's first event will
      // touch, whose event was fetched one step earlier.
      const std::size_t count = due.size();
      for (std::size_t i = 0; i < 2 && i < count; ++i)
        prefetch_lp(due[i]);
      if (count > 0) prefetch_model(due[0]);
      std::uint64_t events = 0;
      for (std::size_t i = 0; i < count; ++i) {
        if (i + 2 < count) prefetch_lp(due[i + 2]);
        if (i + 1 < count) prefetch_model(due[i + 1]);
        const LpId lp = due[i];
        detail::PendingSet<Payload>& pending = pending_[lp];
        auto ctx = make_context(lp, block, 0.0, options_.lookahead, block_min);
        LpState& state = states_[lp];
        do {
          const Ev event = pending.pop();
          ctx.now_ = event.time;
          model_.on_event(state, event, ctx);
          ++events;
        } while (pending.next_time() < window_end);
        next_time_[lp] = pending.next_time();
        block_min = std::min(block_min, next_time_[lp]);
      }
      block_min_[block] = block_min;
      block_events_[block] += events;
    });
  }

  void prefetch_lp(LpId lp) const {
    if (!pending_[lp].empty()) prefetch(&pending_[lp].top());
    prefetch(&random_[lp]);
  }

  void prefetch_model(LpId lp) const {
    if constexpr (requires(const Model& m, const Ev& e) { m.prefetch(e); }) {
      if (!pending_[lp].empty()) model_.prefetch(pending_[lp].top());
    }
  }

  /// Moves messages between blocks into their targets' pending sets.
  void deliver() {
    if (outboxes_.empty()) return;
    for_each_block([&](std::uint32_t target_block) {
      SimTime block_min = block_min_[target_block];
      for (std::uint32_t source_block = 0; source_block < block_count_; ++source_block) {
        auto& box = outboxes_[std::size_t{source_block} * block_count_ + target_block];
        for (const Ev& event : box) {
          pending_[event.target].push(event);
          next_time_[event.target] = std::min(next_time_[event.target], event.time);
          block_min = std::min(block_min, event.time);
        }
        box.clear();
      }
      block_min_[target_block] = block_min;
    });
  }

  void rescan_minima() {
    for_each_block([&](std::uint32_t block) {
      SimTime block_min = kNever;
      for (LpId lp = first_lp(block); lp < end_lp(block); ++lp) {
        next_time_[lp] = pending_[lp].next_time();
        block_min = std::min(block_min, next_time_[lp]);
      }
      block_min_[block] = block_min;
    });
  }

  void run_period(SimTime when, std::uint64_t period_index) {
    if constexpr (requires(Model & m, LpState & s, EventContext<Payload> & c) {
                    m.on_period(s, c, std::uint64_t{});
                  }) {
      for_each_block([&](std::uint32_t block) {
        SimTime ignored_min = kNever;
        for (LpId lp = first_lp(block); lp < end_lp(block); ++lp) {
          auto ctx = make_context(lp, block, when, 0.0, ignored_min);
          model_.on_period(states_[lp], ctx, period_index);
        }
      });
      deliver();
    }
    if constexpr (requires(Model & m, std::span<LpState> s, GlobalContext<Payload> & g) {
                    m.on_period_end(s, g);
                  }) {
      GlobalContext<Payload> global;
      global.now_ = when;
      global.period_ = period_index;
      global.seed_ = options_.seed;
      global.replication_ = options_.replication;
      global.random_ = &global_random_;
      global.sequence_ = &global_sequence_;
      global.pending_ = &pending_;
      model_.on_period_end(std::span<LpState>(states_), global);
    }
    rescan_minima();
    ++stats_.periods;
  }

  KernelStats finish_stats() {
    stats_.events = 0;
    stats_.remote_messages = 0;
    for (std::uint32_t b = 0; b < block_count_; ++b) {
      stats_.events += block_events_[b];
      stats_.remote_messages += block_remote_[b];
    }
    return stats_;
  }

  Model& model_;
  std::vector<LpState> states_;
  KernelOptions options_;
  std::vector<detail::PendingSet<Payload>> pending_;
  std::vector<SimTime> next_time_;  // pending_[lp].next_time(), kept dense
  std::vector<std::uint64_t> sequence_;
  std::vector<rng::RandomStream> random_;
  rng::RandomStream global_random_;
  std::uint64_t global_sequence_ = 0;

  bool use_tbb_ = false;
  char fork_ = 0;  // addresses for the happens-before annotations
  char join_ = 0;
  std::uint32_t block_size_ = 1;
  std::uint32_t block_count_ = 1;
  std::vector<std::vector<Ev>> outboxes_;  // [source block][target block]
  std::vector<SimTime> block_min_;
  std::vector<std::vector<LpId>> due_;  // per block: the LPs with events in this window
  std::vector<std::uint64_t> block_events_;
  std::vector<std::uint64_t> block_remote_;
  KernelStats stats_;
};

}  // namespace wfsim::core
