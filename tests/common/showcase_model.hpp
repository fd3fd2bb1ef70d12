#pragma once
/// A small model whose results use every feature of an output schema: plain
/// and broken-down series, missing values, all visibilities, event tables
/// with integer, real and categorical columns (UTF-8 labels with blanks),
/// tables that are often or always empty, an optional agent panel, scalars
/// that are sometimes missing. The results-file tests run it through the real
/// engine and command line. Its numbers mean nothing.
#include <memory>

#include "engine/model/model.hpp"

namespace wfsim::testing {

/// Parameters: months, people, leave_rate, hire_rate, snapshot_every (0: no
/// panel), fail_at (a replication that throws, to test failed runs; -1:
/// none), work (busy iterations per person-month, to make runs slower).
std::unique_ptr<model::Model> make_showcase_model();

}  // namespace wfsim::testing
