#pragma once
/// Independent work inside one replication, spread over the threads the
/// batch runs on. A model's set-up can be most of a small replication's
/// cost and, for a single large replication, a long serial stretch before
/// the kernel's parallel windows start (a million seats each living years of
/// past); the pieces are independent, so they need not wait for each other.

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cstddef>
#include <vector>

#include "engine/core/detail/sync_annotations.hpp"
#include "engine/core/worker_errors.hpp"

namespace wfsim::core {

/// Calls `body(begin, end)` on disjoint ranges covering [0, count), each
/// about `grain` long, in any order and possibly at the same time. The body
/// must touch only state of its own indices and draw from streams of its
/// own, so that results do not depend on how the range is cut or on the
/// number of threads.
template <class Body>
void for_each_range(std::size_t count, std::size_t grain, const Body& body) {
  if (count == 0) return;
  if (grain == 0 || count <= grain) {
    body(std::size_t{0}, count);
    return;
  }
  // Each piece is a record the loop body reaches through the range alone:
  // the body captures nothing, so no thread reads memory that oneTBB handed
  // over (invisibly to ThreadSanitizer, see detail/sync_annotations.hpp),
  // and the annotations on each record order everything else.
  struct Piece {
    const Body* body;
    WorkerErrors* errors;
    std::size_t begin, end;
  };
  WorkerErrors errors;
  std::vector<Piece> pieces;
  pieces.reserve((count + grain - 1) / grain);
  for (std::size_t begin = 0; begin < count; begin += grain) {
    pieces.push_back(Piece{&body, &errors, begin, std::min(count, begin + grain)});
  }
  for ([[maybe_unused]] Piece& piece : pieces)
    WFSIM_HAPPENS_BEFORE(&piece);
  tbb::parallel_for(tbb::blocked_range<Piece*>(pieces.data(), pieces.data() + pieces.size(), 1),
                    [](const tbb::blocked_range<Piece*>& range) {
                      for (Piece* piece = range.begin(); piece != range.end(); ++piece) {
                        WFSIM_HAPPENS_AFTER(piece);
                        if (!piece->errors->failed_at_or_before(piece->begin))
                          piece->errors->run(piece->begin,
                                             [piece] { (*piece->body)(piece->begin, piece->end); });
                        WFSIM_HAPPENS_BEFORE(piece);
                      }
                    });
  for ([[maybe_unused]] Piece& piece : pieces)
    WFSIM_HAPPENS_AFTER(&piece);
  errors.rethrow_first();
}

}  // namespace wfsim::core
