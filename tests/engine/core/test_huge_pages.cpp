#include <catch2/catch.hpp>
#include <cstdint>
#include <vector>

#include "engine/core/huge_pages.hpp"

using wfsim::core::HugePageAllocator;
using wfsim::core::kHugePageBytes;

namespace {

struct alignas(64) Record {
  std::uint64_t id;
  double values[7];
};

}  // namespace

TEST_CASE("large arrays start on a huge-page boundary and keep their contents as they grow") {
  std::vector<Record, HugePageAllocator<Record>> records;
  const std::size_t count = 3 * kHugePageBytes / sizeof(Record) + 5;
  for (std::size_t i = 0; i < count; ++i) {
    records.push_back(Record{i, {static_cast<double>(i)}});
    if (records.size() * sizeof(Record) >= kHugePageBytes) {
      REQUIRE(reinterpret_cast<std::uintptr_t>(records.data()) % kHugePageBytes == 0);
    }
  }
  for (std::size_t i = 0; i < count; ++i) {
    REQUIRE(records[i].id == i);
    REQUIRE(records[i].values[0] == static_cast<double>(i));
  }
  records.resize(3);
  records.shrink_to_fit();
  CHECK(records[2].id == 2);
}

TEST_CASE("small arrays keep the element's alignment") {
  std::vector<Record, HugePageAllocator<Record>> few(3);
  CHECK(reinterpret_cast<std::uintptr_t>(few.data()) % alignof(Record) == 0);
  std::vector<char, HugePageAllocator<char>> bytes(kHugePageBytes - 1, 'x');
  // The allocator-aware copy constructor is what is tested.
  // NOLINTNEXTLINE(performance-unnecessary-copy-initialization)
  std::vector<char, HugePageAllocator<char>> copy = bytes;
  CHECK(copy == bytes);
}
