#pragma once
/// Raw replication results as JSON lines, one object per replication, for
/// checking what a results file holds against what the engine computed by an
/// independent route, and for quick looks with standard tools.
///
/// Each line: {"replication": r, "events": n, "wall_seconds": s,
///   "series": {name: [periods x width values, period-major]},
///   "scalars": {name: value}, "tables": {name: {column: [values]}}}.
/// Numbers are written with 17 significant digits (they read back exactly);
/// missing values are NaN, and infinities Infinity, as Python's json reads
/// them.
#include <cstdio>
#include <filesystem>
#include <string>

#include "engine/results/schema.hpp"

namespace wfsim::io {

class JsonLinesWriter {
 public:
  /// Opens `path` for writing; throws params::ConfigError when it cannot.
  JsonLinesWriter(const std::filesystem::path& path, const results::OutputSchema& schema);
  JsonLinesWriter(const JsonLinesWriter&) = delete;
  JsonLinesWriter& operator=(const JsonLinesWriter&) = delete;
  /// Without close(), deletes the file: a failed run leaves no partial dump.
  ~JsonLinesWriter();

  void add(const results::ReplicationResult& result);
  /// Flushes and closes; throws std::runtime_error when the data could not
  /// all be written.
  void close();

 private:
  std::filesystem::path path_;
  const results::OutputSchema& schema_;
  std::FILE* out_ = nullptr;
};

/// A JSON string literal for `text`.
std::string json_quote(const std::string& text);

}  // namespace wfsim::io
