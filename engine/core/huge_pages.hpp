#pragma once
/// An allocator for a model's large per-entity arrays: blocks of 2 MiB and
/// more are aligned to 2 MiB and offered to the kernel for transparent huge
/// pages. Models walk such arrays every period and reach into them at random
/// from events; with 4 KiB pages, an array of a million records spans more
/// pages than the TLB covers, and many of those accesses miss it. Where huge
/// pages are off (or only granted on request and refused), this is an ordinary
/// aligned allocation: contents and results do not depend on it.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace wfsim::core {

inline constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;

template <class T>
class HugePageAllocator {
 public:
  using value_type = T;

  HugePageAllocator() noexcept = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}

  T* allocate(std::size_t n) {
    if (n > (std::size_t{PTRDIFF_MAX} - kHugePageBytes) / sizeof(T)) {
      throw std::bad_array_new_length();
    }
    const std::size_t bytes = n * sizeof(T);
    if (!large(bytes)) {
      return static_cast<T*>(::operator new (bytes, std::align_val_t{alignof(T)}));
    }
    const std::size_t rounded = (bytes + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
    void* block = std::aligned_alloc(kHugePageBytes, rounded);
    if (block == nullptr) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    // Advice only: a refusal leaves ordinary pages.
    (void)::madvise(block, rounded, MADV_HUGEPAGE);
#endif
    return static_cast<T*>(block);
  }

  void deallocate(T* p, std::size_t n) noexcept {
    if (!large(n * sizeof(T))) {
      ::operator delete (p, std::align_val_t{alignof(T)});
    } else {
      std::free(p);
    }
  }

  template <class U>
  bool operator==(const HugePageAllocator<U>&) const noexcept {
    return true;
  }

 private:
  static constexpr bool large(std::size_t bytes) {
    return bytes >= kHugePageBytes;
  }
};

}  // namespace wfsim::core
