#pragma once
/// Happens-before annotations for ThreadSanitizer.
///
/// Debian's oneTBB library is not built with TSan, so the synchronisation by
/// which it hands work to its threads is invisible and TSan would report
/// every hand-off as a race. The engine marks its own hand-offs (into and
/// out of parallel regions) explicitly; everywhere else TSan still sees all
/// of the engine's memory accesses.
#if defined(__SANITIZE_THREAD__)
extern "C" void __tsan_acquire(void* address);
extern "C" void __tsan_release(void* address);
#define WFSIM_HAPPENS_BEFORE(address) __tsan_release(static_cast<void*>(address))
#define WFSIM_HAPPENS_AFTER(address) __tsan_acquire(static_cast<void*>(address))
#else
#define WFSIM_HAPPENS_BEFORE(address) static_cast<void>(0)
#define WFSIM_HAPPENS_AFTER(address) static_cast<void>(0)
#endif

namespace wfsim::core::detail {

/// Marks, on scope exit (normal or by exception), that everything this
/// thread did happens before a later WFSIM_HAPPENS_AFTER on `address`.
class HappensBeforeOnExit {
 public:
  explicit HappensBeforeOnExit(void* address) : address_(address) {}
  HappensBeforeOnExit(const HappensBeforeOnExit&) = delete;
  HappensBeforeOnExit& operator=(const HappensBeforeOnExit&) = delete;
  ~HappensBeforeOnExit() { WFSIM_HAPPENS_BEFORE(address_); }

 private:
  [[maybe_unused]] void* address_;
};

}  // namespace wfsim::core::detail
