#pragma once
/// Exceptions thrown on worker threads, carried back to the thread that
/// started the work.
///
/// oneTBB would carry them itself, but inside its uninstrumented library:
/// ThreadSanitizer then sees the exception object written on a worker and
/// read on the caller's thread with nothing ordering the two, and reports a
/// race on every error path (a bad setting found while a replication starts,
/// a full disk while the sink writes). Handed over through a mutex, the
/// exception is ordered for TSan like any other data. It also makes the
/// error reported deterministic: of several failures, the one first in the
/// work's own order (replication, point, block) is rethrown, whichever
/// thread happened to fail first.

#include <cstdint>
#include <exception>
#include <mutex>
#include <utility>

namespace wfsim::core {

class WorkerErrors {
 public:
  /// Runs `work`; if it throws, keeps the exception under `order` and
  /// returns false instead.
  template <class Work>
  bool run(std::uint64_t order, Work&& work) noexcept {
    try {
      std::forward<Work>(work)();
      return true;
    } catch (...) {
      keep(order, std::current_exception());
      return false;
    }
  }

  /// Whether some work has failed, so that work handed out in order need
  /// not be handed out any more: its results would be thrown away.
  [[nodiscard]] bool failed() const noexcept {
    const std::lock_guard lock(mutex_);
    return first_ != nullptr;
  }

  /// Whether work at or before `order` has failed. Work after a failure may
  /// be skipped; work before it must still run, so that the failure kept is
  /// the first in order whichever thread failed first.
  [[nodiscard]] bool failed_at_or_before(std::uint64_t order) const noexcept {
    const std::lock_guard lock(mutex_);
    return first_ != nullptr && first_order_ <= order;
  }

  /// On the starting thread once the workers are done: rethrows the kept
  /// exception first in order, if any.
  void rethrow_first() const {
    std::exception_ptr first;
    {
      const std::lock_guard lock(mutex_);
      first = first_;
    }
    if (first) std::rethrow_exception(first);
  }

 private:
  void keep(std::uint64_t order, std::exception_ptr error) noexcept {
    const std::lock_guard lock(mutex_);
    if (first_ == nullptr || order < first_order_) {
      first_ = std::move(error);
      first_order_ = order;
    }
  }

  mutable std::mutex mutex_;
  std::exception_ptr first_;
  std::uint64_t first_order_ = 0;
};

}  // namespace wfsim::core
