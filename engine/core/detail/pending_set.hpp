#pragma once
/// The pending-event set of one logical process.
#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

#include "engine/core/event.hpp"

namespace wfsim::core::detail {

/// A binary min-heap on (time, order key). The key is unique per event, so
/// the pop order is a total order and does not depend on insertion order.
template <class Payload>
class PendingSet {
 public:
  using Ev = Event<Payload>;

  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  const Ev& top() const { return heap_.front(); }
  SimTime next_time() const { return heap_.empty() ? kNever : heap_.front().time; }
  void reserve(std::size_t n) { heap_.reserve(n); }

  void push(const Ev& event) {
    heap_.push_back(event);
    sift_up(heap_.size() - 1);
  }

  Ev pop() {
    Ev result = std::move(heap_.front());
    Ev last = std::move(heap_.back());
    heap_.pop_back();
    if (!heap_.empty()) sift_down_from_root(std::move(last));
    return result;
  }

  void clear() { heap_.clear(); }

  /// Removes the events `doomed` selects and restores the heap; returns how
  /// many went. The pop order of the rest is unchanged: it follows the
  /// (time, order key) total order, not positions in the heap.
  template <class Predicate>
  std::size_t discard_if(Predicate doomed) {
    const auto kept = std::remove_if(heap_.begin(), heap_.end(), doomed);
    const auto removed = static_cast<std::size_t>(heap_.end() - kept);
    if (removed == 0) return 0;
    heap_.erase(kept, heap_.end());
    // Floyd's construction: sift every inner node down, last first.
    for (std::size_t i = heap_.size() / 2; i-- > 0;) {
      Ev moving = std::move(heap_[i]);  // out of the heap: its slot is the hole
      sift_down(i, std::move(moving));
    }
    return removed;
  }

 private:
  void sift_up(std::size_t hole) {
    Ev moving = std::move(heap_[hole]);
    while (hole > 0) {
      const std::size_t parent = (hole - 1) / 2;
      if (!fires_before(moving, heap_[parent])) break;
      heap_[hole] = std::move(heap_[parent]);
      hole = parent;
    }
    heap_[hole] = std::move(moving);
  }

  void sift_down_from_root(Ev&& moving) { sift_down(0, std::move(moving)); }

  void sift_down(std::size_t hole, Ev&& moving) {
    const std::size_t n = heap_.size();
    for (;;) {
      std::size_t child = 2 * hole + 1;
      if (child >= n) break;
      if (child + 1 < n && fires_before(heap_[child + 1], heap_[child])) ++child;
      if (!fires_before(heap_[child], moving)) break;
      heap_[hole] = std::move(heap_[child]);
      hole = child;
    }
    heap_[hole] = std::move(moving);
  }

  std::vector<Ev> heap_;
};

}  // namespace wfsim::core::detail
