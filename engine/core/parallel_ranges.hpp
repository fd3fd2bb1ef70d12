#pragma once
/// Independent work inside one replication, spread over the threads the
/// batch runs on. A model's set-up can be most of a small replication's
/// cost and, for a single large replication, a long serial stretch before
/// the kernel's parallel windows start (a million seats each living years of
/// past); the pieces are independent, so they need not wait for each other.

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <cstddef>

namespace wfsim::core {

/// Calls `body(begin, end)` on disjoint ranges covering [0, count), each
/// about `grain` long, in any order and possibly at the same time. The body
/// must touch only state of its own indices and draw from streams of its
/// own, so that results do not depend on how the range is cut or on the
/// number of threads.
template <class Body>
void for_each_range(std::size_t count, std::size_t grain, const Body& body) {
  if (count == 0) return;
  if (count <= grain) {
    body(std::size_t{0}, count);
    return;
  }
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, count, grain),
      [&body](const tbb::blocked_range<std::size_t>& range) { body(range.begin(), range.end()); });
}

}  // namespace wfsim::core
