#include "engine/io/json_lines.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include "engine/io/run_writer.hpp"
#include "engine/params/config_error.hpp"

namespace wfsim::io {

namespace {

void put_number(std::string& out, double x) {
  if (std::isnan(x)) {
    out += "null";
  } else if (std::isinf(x)) {
    // Valid JSON that every reader takes for the largest double and
    // beyond: infinity (JSON has no word for it).
    out += x > 0 ? "1e999" : "-1e999";
  } else {
    fmt::format_to(std::back_inserter(out), "{:.17g}", x);
  }
}

void put_number(std::string& out, std::int64_t x) {
  out += std::to_string(x);
}

template <class T>
void put_array(std::string& out, const std::vector<T>& values) {
  out += '[';
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    put_number(out, values[i]);
  }
  out += ']';
}

}  // namespace

std::string json_quote(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<unsigned>(c));
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

JsonLinesWriter::JsonLinesWriter(const std::filesystem::path& path,
                                 const results::OutputSchema& schema, bool overwrite)
    : path_(path), temporary_(temporary_path_for(path)), schema_(schema) {
  check_output_path(path_, overwrite, "--dump-json");
  const int fd = ::open(temporary_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd >= 0) out_ = ::fdopen(fd, "w");
  if (!out_) {
    const int error = errno;
    if (fd >= 0) ::close(fd);
    throw params::ConfigError({path.string(), 0, 0}, "--dump-json",
                              std::string("cannot write: ") + std::strerror(error));
  }
}

JsonLinesWriter::~JsonLinesWriter() {
  if (!out_) return;
  // Not closed: the run failed, and a partial dump is not kept.
  std::fclose(out_);
  std::error_code ignored;
  std::filesystem::remove(temporary_, ignored);
}

void JsonLinesWriter::add(const results::ReplicationResult& result) {
  std::string line = "{\"replication\":" + std::to_string(result.replication) +
                     ",\"events\":" + std::to_string(result.events) + ",\"wall_seconds\":";
  put_number(line, result.wall_seconds);
  line += ",\"series\":{";
  for (std::size_t i = 0; i < schema_.series.size(); ++i) {
    if (i) line += ',';
    line += json_quote(schema_.series[i].name) + ':';
    put_array(line, result.series[i]);
  }
  line += "},\"scalars\":{";
  for (std::size_t i = 0; i < schema_.scalars.size(); ++i) {
    if (i) line += ',';
    line += json_quote(schema_.scalars[i].name) + ':';
    put_number(line, result.scalars[i]);
  }
  line += "},\"tables\":{";
  for (std::size_t t = 0; t < schema_.tables.size(); ++t) {
    if (t) line += ',';
    line += json_quote(schema_.tables[t].name) + ":{";
    const auto& columns = schema_.tables[t].columns;
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (c) line += ',';
      line += json_quote(columns[c].name) + ':';
      const auto put = [&](const auto& values) { put_array(line, values); };
      const results::TableData& data = result.tables[t];
      if (data.spilled.empty()) {
        std::visit(put, data.columns[c]);
      } else {
        std::visit(put, data.column(c));  // spilled rows read back, one column at a time
      }
    }
    line += '}';
  }
  line += "}}\n";
  if (std::fwrite(line.data(), 1, line.size(), out_) != line.size()) {
    throw std::runtime_error("cannot write " + path_.string() + ": " + std::strerror(errno));
  }
}

void JsonLinesWriter::close() {
  if (!out_) return;
  std::FILE* out = out_;
  out_ = nullptr;
  std::error_code ignored;
  if (std::fclose(out) != 0) {
    const int error = errno;
    std::filesystem::remove(temporary_, ignored);
    throw std::runtime_error("cannot write " + path_.string() + ": " + std::strerror(error));
  }
  if (std::rename(temporary_.c_str(), path_.c_str()) != 0) {
    const int error = errno;
    std::filesystem::remove(temporary_, ignored);
    throw std::runtime_error("cannot rename '" + temporary_.string() + "' to '" + path_.string() +
                             "': " + std::strerror(error));
  }
}

}  // namespace wfsim::io
