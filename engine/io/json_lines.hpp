#pragma once
/// Raw replication results as JSON lines, one object per replication, for
/// checking what a results file holds against what the engine computed by an
/// independent route, and for quick looks with standard tools.
///
/// Each line: {"replication": r, "events": n, "wall_seconds": s,
///   "series": {name: [periods x width values, period-major]},
///   "scalars": {name: value}, "tables": {name: {column: [values]}}}.
/// Numbers are written with 17 significant digits (they read back exactly);
/// missing values (NaN) are null, and infinities 1e999 and -1e999, which
/// stays valid JSON and reads back as infinity.
#include <cstdio>
#include <filesystem>
#include <string>

#include "engine/results/schema.hpp"

namespace wfsim::io {

class JsonLinesWriter {
 public:
  /// Opens a temporary file next to `path`, which close() renames to
  /// `path`; throws params::ConfigError when it cannot, or when a file is
  /// at `path` and not `overwrite`.
  JsonLinesWriter(const std::filesystem::path& path, const results::OutputSchema& schema,
                  bool overwrite = false);
  JsonLinesWriter(const JsonLinesWriter&) = delete;
  JsonLinesWriter& operator=(const JsonLinesWriter&) = delete;
  /// Without close(), deletes the temporary file: a failed run leaves no
  /// partial dump, and an existing file is untouched.
  ~JsonLinesWriter();

  void add(const results::ReplicationResult& result);
  const std::filesystem::path& temporary_path() const { return temporary_; }
  /// Flushes, closes and renames into place; throws std::runtime_error when the data could not
  /// all be written.
  void close();

 private:
  std::filesystem::path path_;
  std::filesystem::path temporary_;
  const results::OutputSchema& schema_;
  std::FILE* out_ = nullptr;
};

/// A JSON string literal for `text`.
std::string json_quote(const std::string& text);

}  // namespace wfsim::io
