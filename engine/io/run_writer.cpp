#include "engine/io/run_writer.hpp"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <ctime>
#include <limits>
#include <map>
#include <stdexcept>
#include <variant>

#include "engine/io/detail/hdf5.hpp"
#include "engine/params/config_error.hpp"
#include "engine/results/spill_file.hpp"

namespace wfsim::io {

namespace fs = std::filesystem;
namespace hdf5 = detail::hdf5;
using hdf5::Dataset;
using hdf5::DatasetOptions;
using hdf5::Group;
using results::ColumnType;
using results::OutputSchema;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/// Chunks of streamed datasets: small enough that every open dataset can
/// keep its current chunk cached (memory ~ datasets x 2 chunks), large
/// enough to compress well.
constexpr std::size_t kChunkBytes = std::size_t{64} << 10;
constexpr hsize_t kTableChunkRows = 8192;
/// Bounds of the block of replications the writer gathers before writing.
constexpr hsize_t kBlockBufferBytes = hsize_t{4} << 20;
constexpr hsize_t kMaxBlockReplications = 256;

/// Names the writer gives to what it adds around the schema's own.
constexpr const char* kReplication = "replication";
constexpr const char* kRow = "row";
constexpr const char* kQuantile = "quantile";
constexpr const char* kTime = "time";
constexpr const char* kTimeBounds = "time_bnds";
constexpr const char* kBoundsDimension = "nv";
const std::vector<std::string> kGroups = {"scalars", "summary", "tables", "diagnostics",
                                          "provenance"};

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm parts{};
  gmtime_r(&now, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

std::string host_name() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "unknown";
  return name;
}

std::string errno_text(int error) {
  return std::strerror(error);
}

/// A model bug (a schema the layout cannot hold): caught at the start.
void require(bool ok, const std::string& message) {
  if (!ok) throw std::logic_error("results schema: " + message);
}

void check_name(const std::string& name, const std::string& what) {
  require(!name.empty() && name.find('/') == std::string::npos && name != "." && name != "..",
          what + " '" + name + "' is not a valid name");
}

void check_schema(const OutputSchema& schema, std::uint64_t replications) {
  require(replications > 0, "a run needs at least one replication");
  require(schema.periods > 0 || schema.series.empty(), "series need at least one period");
  std::vector<std::string> reserved = {kReplication, kQuantile,   schema.period_name,
                                       kTime,        kTimeBounds, kBoundsDimension};
  check_name(schema.period_name, "the period dimension");
  require(std::find(reserved.begin() + 3, reserved.end(), schema.period_name) == reserved.end() &&
              schema.period_name != kReplication && schema.period_name != kQuantile,
          "the period dimension may not be called '" + schema.period_name + "'");
  for (const auto& dimension : schema.dimensions) {
    check_name(dimension.name, "dimension");
    require(std::find(reserved.begin(), reserved.end(), dimension.name) == reserved.end(),
            "dimension '" + dimension.name + "' clashes with a dimension the file adds");
    reserved.push_back(dimension.name);
  }
  for (const auto& series : schema.series) {
    check_name(series.name, "series");
    require(std::find(reserved.begin(), reserved.end(), series.name) == reserved.end() &&
                std::find(kGroups.begin(), kGroups.end(), series.name) == kGroups.end(),
            "series '" + series.name + "' clashes with a dimension or group of the file");
    (void)schema.width(series);  // throws on an unknown dimension
  }
  for (const auto& scalar : schema.scalars) {
    check_name(scalar.name, "scalar");
    require(scalar.name != kReplication, "scalar 'replication' clashes with the coordinate");
  }
  for (const auto& table : schema.tables) {
    check_name(table.name, "table");
    for (const auto& column : table.columns) {
      check_name(column.name, "column");
      require(
          column.name != kReplication && column.name != kRow,
          "column '" + table.name + "." + column.name + "' clashes with a column the file adds");
      if (column.type == ColumnType::Category) {
        require(schema.find_dimension(column.dimension) != nullptr,
                "column '" + table.name + "." + column.name + "' names unknown dimension '" +
                    column.dimension + "'");
      }
    }
  }
}

DatasetOptions streamed(std::span<const hsize_t> shape, int deflate, bool nan_fill) {
  DatasetOptions options;
  options.chunk = hdf5::chunk_shape(shape, sizeof(double), kChunkBytes);
  options.deflate = deflate;
  if (nan_fill) {
    options.has_fill = true;
    options.fill = kNaN;
  }
  hsize_t chunk_elements = 1;
  for (const hsize_t c : options.chunk)
    chunk_elements *= c;
  options.chunk_cache_bytes = std::max<std::size_t>(2 * chunk_elements * sizeof(double), 1 << 16);
  return options;
}

void describe(hdf5::Object& object, const std::string& units, const std::string& long_name) {
  object.set_attribute("units", units.empty() ? std::string("1") : units);
  object.set_attribute("long_name", long_name);
}

std::string cf_flag_meanings(const std::vector<std::string>& labels) {
  // CF flag_meanings is a blank-separated list of words made of letters,
  // digits and _ - . + @, so anything else inside a label (blanks, slashes)
  // becomes an underscore; the exact labels are in `categories`.
  std::string text;
  for (const auto& label : labels) {
    std::string word = label.empty() ? std::string("_") : label;
    std::replace_if(
        word.begin(), word.end(),
        [](char c) {
          const auto byte = static_cast<unsigned char>(c);
          // Bytes of multi-byte UTF-8 characters (letters of other scripts)
          // stay.
          return !(byte >= 0x80 || std::isalnum(byte) || c == '_' || c == '-' || c == '.' ||
                   c == '+' || c == '@');
        },
        '_');
    text += (text.empty() ? "" : " ") + word;
  }
  return text;
}

/// The dimension scales, in a group, that describe the schema's axes.
struct Axes {
  Dataset replication;
  Dataset period;
  bool dated = false;               // the period axis has a `time` coordinate
  std::vector<Dataset> dimensions;  // schema order; empty where no series uses it
  Dataset quantile;
};

/// Variables on the period axis name the time coordinate, as CF asks of
/// auxiliary coordinates (xarray then shows `time` beside the period).
void link_time(Dataset& variable, const Axes& axes) {
  if (axes.dated) variable.set_attribute("coordinates", kTime);
}

}  // namespace

double quantile_of_sorted(const std::vector<double>& sorted, double q) {
  const std::size_t n = sorted.size();
  if (n == 0) return kNaN;
  const double h = static_cast<double>(n - 1) * q;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, n - 1);
  const double t = h - static_cast<double>(lo);
  const double a = sorted[lo];
  const double b = sorted[hi];
  if (a == b) return a;
  // numpy's lerp: from the nearer end, so the result stays within [a, b].
  const double diff = b - a;
  return t >= 0.5 ? b - diff * (1.0 - t) : a + diff * t;
}

fs::path temporary_path_for(const fs::path& path) {
  const fs::path directory = path.has_parent_path() ? path.parent_path() : fs::path(".");
  return directory / ("." + path.filename().string() + "." + std::to_string(getpid()) + ".part");
}

std::vector<fs::path> abandoned_temporaries(const fs::path& path) {
  const fs::path directory = path.has_parent_path() ? path.parent_path() : fs::path(".");
  const std::string prefix = "." + path.filename().string() + ".";
  const std::string suffix = ".part";
  std::vector<fs::path> found;
  std::error_code error;
  for (fs::directory_iterator it(directory, error), end; !error && it != end; it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (name.size() <= prefix.size() + suffix.size() ||
        name.compare(0, prefix.size(), prefix) != 0 ||
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) {
      continue;
    }
    const std::string digits =
        name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
    if (digits.empty() || digits.size() > 9 ||
        digits.find_first_not_of("0123456789") != std::string::npos) {
      continue;
    }
    const auto pid = static_cast<pid_t>(std::stol(digits));
    // kill(pid, 0) probes without signalling: ESRCH means no such process.
    if (::kill(pid, 0) != 0 && errno == ESRCH) found.push_back(it->path());
  }
  std::sort(found.begin(), found.end());
  return found;
}

void check_output_path(const fs::path& path, bool overwrite, const std::string& key) {
  const auto fail = [&](const std::string& message) {
    throw params::ConfigError({path.string(), 0, 0}, key, message);
  };
  if (path.empty()) throw params::ConfigError({"<command line>", 0, 0}, key, "empty output path");
  if (!path.has_filename() || path.filename() == "." || path.filename() == "..") {
    fail("the output path names a directory, not a file");
  }
  const fs::path directory = path.has_parent_path() ? path.parent_path() : fs::path(".");
  std::error_code error;
  const auto directory_status = fs::status(directory, error);
  if (!fs::exists(directory_status))
    fail("the directory '" + directory.string() + "' does not exist");
  if (!fs::is_directory(directory_status)) fail("'" + directory.string() + "' is not a directory");
  if (access(directory.c_str(), W_OK | X_OK) != 0) {
    const int reason = errno;
    fail("the directory '" + directory.string() + "' is not writable (" + errno_text(reason) + ")");
  }
  const auto file_status = fs::symlink_status(path, error);
  if (fs::exists(file_status)) {
    if (fs::is_directory(fs::status(path, error))) fail("the output path is a directory");
    if (!overwrite) {
      fail("the file exists; pass --overwrite to replace it, or choose another path with -o");
    }
  }
}

struct RunWriter::State {
  fs::path path;
  fs::path temporary;
  OutputSchema schema;
  RunProvenance provenance;
  RunWriterOptions options;
  hsize_t replications = 0;
  hsize_t periods = 0;
  std::chrono::steady_clock::time_point started;

  // Declared before the datasets so that it is destroyed after them: a file
  // closes only when nothing in it is open.
  hdf5::File file;
  std::vector<Dataset> series;
  std::vector<Dataset> scalars;
  Dataset kernel_events;
  Dataset wall_seconds;
  /// An event table. Rows gather in memory and go to the file a whole chunk
  /// at a time: a replication adds a few hundred rows, and appending those
  /// one replication at a time cost an HDF5 call per column per replication
  /// and rewrote partly filled chunks. The buffer holds less than a chunk
  /// plus one replication's rows.
  struct Table {
    Group group;
    Dataset row;
    Dataset replication;
    std::vector<Dataset> columns;
    hsize_t rows = 0;  // in the file
    std::vector<std::int64_t> pending_replication;
    std::vector<results::Column> pending;
  };
  std::vector<Table> tables;

  /// Per-replication values (series rows, scalars, diagnostics) of a block
  /// of consecutive replications, written to the file once the block is
  /// complete: one HDF5 call per dataset per block instead of per
  /// replication, which was most of the writer's cost per replication.
  struct PendingBlock {
    hsize_t first = 0;                         // index of the block's first replication
    hsize_t size = 0;                          // replications in the block
    hsize_t filled = 0;                        // of which written
    std::vector<std::vector<double>> series;   // per series: size x periods [x width]
    std::vector<std::vector<double>> scalars;  // per scalar: size
    std::vector<std::int64_t> kernel_events;
    std::vector<double> wall_seconds;
  };
  hsize_t block_replications = 1;
  std::map<hsize_t, PendingBlock> pending_blocks;  // by block number

  std::vector<bool> written;
  std::uint64_t written_count = 0;
  bool committed = false;
  bool keep_temporary = false;

  Axes make_axes(Group& group, bool with_replication, bool with_period, bool with_quantile) {
    Axes axes;
    if (with_quantile) {
      const std::vector<double> q(std::begin(kSummaryQuantiles), std::end(kSummaryQuantiles));
      axes.quantile = group.create_coordinate<double>(kQuantile, std::span<const double>(q), "1",
                                                      "quantile across replications");
    }
    if (with_replication) {
      std::vector<std::int64_t> ids(replications);
      for (hsize_t r = 0; r < replications; ++r) {
        ids[r] = static_cast<std::int64_t>(provenance.first_replication + r);
      }
      axes.replication = group.create_coordinate<std::int64_t>(
          kReplication, std::span<const std::int64_t>(ids), "1",
          "replication number (with the seed, it fixes every random draw)");
      // CF's name for a member of an ensemble of runs.
      axes.replication.set_attribute("standard_name", "realization");
    }
    if (with_period) {
      std::vector<std::int64_t> numbers(periods);
      for (hsize_t p = 0; p < periods; ++p)
        numbers[p] = static_cast<std::int64_t>(p + 1);
      axes.period = group.create_coordinate<std::int64_t>(
          schema.period_name, std::span<const std::int64_t>(numbers), "1",
          schema.period_name + " of the simulation, counted from 1 (an index; `time` gives dates)");
      axes.period.set_attribute("period_length", schema.period_units);
      axes.dated = add_time_coordinate(group, axes.period);
      for (const auto& dimension : schema.dimensions) {
        // Dimensions only tables use are not axes of any variable: their
        // labels go with the columns (the `categories` attribute).
        const bool used = std::any_of(schema.series.begin(), schema.series.end(),
                                      [&](const auto& spec) { return spec.by == dimension.name; });
        axes.dimensions.push_back(used ? group.create_coordinate<std::string>(
                                             dimension.name,
                                             std::span<const std::string>(dimension.labels), "",
                                             dimension.long_name)
                                       : Dataset());
      }
    }
    return axes;
  }

  /// The CF time coordinate of the period axis: the start of each period
  /// in days since the run's start date, with the periods' bounds. Only
  /// for models whose period length is a unit of time.
  bool add_time_coordinate(Group& group, const Dataset& period_axis) {
    const auto length = results::parse_period_length(schema.period_units);
    if (!length || periods == 0) return false;
    std::vector<double> start(periods);
    std::vector<double> bounds(2 * periods);
    for (hsize_t p = 0; p < periods; ++p) {
      start[p] = results::days_to_period(provenance.start_date, *length, p);
      bounds[2 * p] = start[p];
      bounds[2 * p + 1] = results::days_to_period(provenance.start_date, *length, p + 1);
    }
    Dataset time = group.create_variable<double>(kTime, {&period_axis});
    time.write<double>(std::span<const double>(start));
    time.set_attribute("standard_name", "time");
    time.set_attribute("long_name", "start of the " + schema.period_name);
    time.set_attribute("units", results::days_since(provenance.start_date));
    time.set_attribute("calendar", "proleptic_gregorian");
    time.set_attribute("bounds", kTimeBounds);
    Dataset nv = group.create_dimension(kBoundsDimension, 2);
    Dataset time_bounds = group.create_variable<double>(kTimeBounds, {&period_axis, &nv});
    time_bounds.write<double>(std::span<const double>(bounds));
    time_bounds.set_attribute("long_name", "start and end of the " + schema.period_name);
    return true;
  }

  const Dataset* dimension_of(const Axes& axes, const results::SeriesSpec& spec) const {
    for (std::size_t d = 0; d < schema.dimensions.size(); ++d) {
      if (schema.dimensions[d].name == spec.by) return &axes.dimensions[d];
    }
    return nullptr;
  }

  void create_layout() {
    const int deflate = options.deflate;
    file.set_attribute("Conventions", kCfConventions);
    file.set_attribute("wfsim_format", kRunFormat);
    file.set_attribute("wfsim_format_version", kRunFormatVersion);
    file.set_attribute("wfsim_format_minor_version", kRunFormatMinorVersion);
    file.set_attribute("title", provenance.description.empty()
                                    ? "wfsim run of model " + provenance.model
                                    : provenance.description);
    file.set_attribute("model", provenance.model);
    file.set_attribute("seed", provenance.seed);
    file.set_attribute("first_replication",
                       static_cast<std::int64_t>(provenance.first_replication));
    file.set_attribute("replications", static_cast<std::int64_t>(replications));
    file.set_attribute("period_dimension", schema.period_name);
    file.set_attribute("start_date", provenance.start_date.iso());
    file.set_attribute("source",
                       "wfsim " + provenance.wfsim_version + ", model " + provenance.model);
    file.set_attribute("wfsim_version", provenance.wfsim_version);

    // Series, on (replication, period[, dimension]).
    Axes root = make_axes(file, true, true, false);
    for (const auto& spec : schema.series) {
      const Dataset* by = dimension_of(root, spec);
      std::vector<const Dataset*> axes = {&root.replication, &root.period};
      if (by) axes.push_back(by);
      std::vector<hsize_t> shape = {replications, periods};
      if (by) shape.push_back(schema.width(spec));
      Dataset dataset =
          file.create_variable<double>(spec.name, axes, streamed(shape, deflate, true));
      describe(dataset, spec.units, spec.long_name);
      dataset.set_attribute("visibility", results::to_string(spec.visibility));
      link_time(dataset, root);
      series.push_back(std::move(dataset));
    }

    Group scalar_group = file.create_group("scalars");
    scalar_group.set_attribute("long_name", "one value per replication");
    Axes scalar_axes = make_axes(scalar_group, true, false, false);
    const hsize_t r_shape[] = {replications};
    for (const auto& spec : schema.scalars) {
      Dataset dataset = scalar_group.create_variable<double>(spec.name, {&scalar_axes.replication},
                                                             streamed(r_shape, deflate, true));
      describe(dataset, spec.units, spec.long_name);
      dataset.set_attribute("visibility", results::to_string(spec.visibility));
      scalars.push_back(std::move(dataset));
    }

    Group diagnostics = file.create_group("diagnostics");
    diagnostics.set_attribute("long_name",
                              "about the simulation itself, one value per replication");
    Axes diagnostic_axes = make_axes(diagnostics, true, false, false);
    kernel_events = diagnostics.create_variable<std::int64_t>(
        "kernel_events", {&diagnostic_axes.replication}, streamed(r_shape, deflate, false));
    describe(kernel_events, "1", "events the simulation kernel processed");
    kernel_events.set_attribute("visibility", "diagnostic");

    Group table_group = file.create_group("tables");
    table_group.set_attribute("long_name", "event tables, one row per occurrence");
    for (const auto& spec : schema.tables) {
      Table table;
      table.group = table_group.create_group(spec.name);
      table.group.set_attribute("long_name", spec.long_name);
      table.row = table.group.create_dimension(kRow, 0, true);
      DatasetOptions column_options;
      column_options.chunk = {kTableChunkRows};
      column_options.deflate = deflate;
      column_options.chunk_cache_bytes = 2 * kTableChunkRows * sizeof(double);
      // Measured on the workforce model's tables: shuffle + deflate saved 15
      // to 25 % of the floating-point columns' size (times, tenures, ratios
      // are high-entropy) at about four times their writing cost, while the
      // integer columns shrink tenfold. So floating-point columns are
      // stored as they are.
      DatasetOptions float_column_options = column_options;
      float_column_options.deflate = 0;
      float_column_options.has_fill = true;  // NaN: missing
      float_column_options.fill = kNaN;
      table.replication =
          table.group.create_variable<std::int64_t>(kReplication, {&table.row}, column_options);
      describe(table.replication, "1", "replication the row belongs to");
      for (const auto& column : spec.columns) {
        const bool category = column.type == ColumnType::Category;
        Dataset dataset = column.type == ColumnType::Float64
                              ? table.group.create_variable<double>(column.name, {&table.row},
                                                                    float_column_options)
                              : table.group.create_variable<std::int64_t>(column.name, {&table.row},
                                                                          column_options);
        // Codes of categories have no units (CF flag variables). Their
        // missing code, -1, is pandas' own and is not declared as
        // _FillValue: xarray would turn every code column into floats.
        if (category) {
          dataset.set_attribute("long_name", column.long_name);
        } else {
          describe(dataset, column.units, column.long_name);
        }
        dataset.set_attribute("visibility", results::to_string(column.visibility));
        if (category) {
          const auto& labels = schema.find_dimension(column.dimension)->labels;
          std::vector<std::int64_t> codes(labels.size());
          for (std::size_t i = 0; i < codes.size(); ++i)
            codes[i] = static_cast<std::int64_t>(i);
          dataset.set_attribute("categories", std::span<const std::string>(labels));
          dataset.set_attribute("category_dimension", column.dimension);
          dataset.set_attribute("flag_values", std::span<const std::int64_t>(codes));
          dataset.set_attribute("flag_meanings", cf_flag_meanings(labels));
        }
        table.columns.push_back(std::move(dataset));
        if (column.type == ColumnType::Float64) {
          table.pending.emplace_back(std::vector<double>{});
        } else {
          table.pending.emplace_back(std::vector<std::int64_t>{});
        }
      }
      tables.push_back(std::move(table));
    }

    Group record = file.create_group("provenance");
    record.set_attribute("long_name", "how this file was made");
    record.set_attribute("model", provenance.model);
    record.set_attribute("description", provenance.description);
    record.set_attribute("wfsim_version", provenance.wfsim_version);
    record.set_attribute("git_commit", provenance.git_commit);
    record.set_attribute("seed", provenance.seed);
    record.set_attribute("first_replication",
                         static_cast<std::int64_t>(provenance.first_replication));
    record.set_attribute("replications", static_cast<std::int64_t>(replications));
    record.set_attribute("threads", static_cast<std::int64_t>(provenance.threads));
    record.set_attribute("host", host_name());
    record.set_attribute("start_time", utc_now());
    record.set_attribute("config_file", provenance.config_file);
    record.set_attribute("command_line", provenance.command_line);
    record.set_attribute("overrides", std::span<const std::string>(provenance.overrides));
    const hsize_t scalar_shape[] = {0};
    Dataset given =
        record.create_dataset<std::string>("config", std::span<const hsize_t>(scalar_shape, 0));
    given.write<std::string>(std::span<const std::string>(&provenance.config_text, 1));
    given.set_attribute("long_name", "the config file as given");
    Dataset resolved = record.create_dataset<std::string>(
        "config_resolved", std::span<const hsize_t>(scalar_shape, 0));
    resolved.write<std::string>(std::span<const std::string>(&provenance.config_resolved, 1));
    resolved.set_attribute("long_name", "the config with every default, after overrides");
    Axes record_axes = make_axes(record, true, false, false);
    wall_seconds = record.create_variable<double>(
        "replication_wall_seconds", {&record_axes.replication}, streamed(r_shape, deflate, true));
    describe(wall_seconds, "s", "wall-clock time the replication took to simulate");
  }

  /// Category codes must name a label (or be -1, missing). Checked before
  /// anything of the replication is buffered; spilled rows are read back a
  /// block of one column at a time.
  void check_categories(const results::ReplicationResult& result) const {
    results::Column block = std::vector<std::int64_t>{};
    for (std::size_t t = 0; t < tables.size(); ++t) {
      const auto& spec = schema.tables[t];
      const auto& data = result.tables[t];
      for (std::size_t c = 0; c < spec.columns.size(); ++c) {
        if (spec.columns[c].type != ColumnType::Category) continue;
        const auto n = static_cast<std::int64_t>(
            schema.find_dimension(spec.columns[c].dimension)->labels.size());
        auto check = [&](const std::vector<std::int64_t>& codes) {
          for (const std::int64_t code : codes) {
            if (code < -1 || code >= n) {
              throw std::logic_error("table " + spec.name + ", column " + spec.columns[c].name +
                                     ": category code " + std::to_string(code) +
                                     " is outside [-1, " + std::to_string(n) + ")");
            }
          }
        };
        for (std::size_t b = 0; b < data.spilled.size(); ++b) {
          data.read_spilled(b, c, block);
          check(std::get<std::vector<std::int64_t>>(block));
        }
        check(std::get<std::vector<std::int64_t>>(data.columns[c]));
      }
    }
  }

  /// A replication's rows, a block at a time: rows a model spilled are read
  /// back one block at a time, so memory holds a block and a chunk.
  void write_tables(const results::ReplicationResult& result) {
    for (std::size_t t = 0; t < tables.size(); ++t) {
      Table& table = tables[t];
      result.tables[t].for_each_block([&](const std::vector<results::Column>& block) {
        table.pending_replication.insert(table.pending_replication.end(),
                                         results::column_size(block.front()),
                                         static_cast<std::int64_t>(result.replication));
        for (std::size_t c = 0; c < block.size(); ++c)
          results::append_column(table.pending[c], block[c]);
        if (table.pending_replication.size() >= kTableChunkRows) flush_table(table, false);
      });
    }
  }

  /// Writes a table's buffered rows: whole chunks only, unless `all`.
  void flush_table(Table& table, bool all) {
    const std::size_t buffered = table.pending_replication.size();
    const std::size_t count = all ? buffered : buffered - buffered % kTableChunkRows;
    if (count == 0) return;
    auto write_front = [count](Dataset& dataset, auto& buffer) {
      using T = typename std::decay_t<decltype(buffer)>::value_type;
      dataset.append<T>(std::span<const T>(buffer.data(), count));
      buffer.erase(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(count));
    };
    write_front(table.replication, table.pending_replication);
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      std::visit([&](auto& buffer) { write_front(table.columns[c], buffer); }, table.pending[c]);
    }
    table.rows += count;
    table.row.resize(std::span<const hsize_t>(&table.rows, 1));
  }

  /// Per-period mean, quantiles and count of one series over replications,
  /// reading it back a block of periods at a time.
  void summarise(std::size_t index, Dataset& mean, Dataset& quantiles, Dataset& count) {
    const auto& spec = schema.series[index];
    const hsize_t width = schema.width(spec);
    const bool by = !spec.by.empty();
    const hsize_t per_period = replications * width;
    const hsize_t block = std::max<hsize_t>(
        1, options.summary_buffer_bytes / sizeof(double) / std::max<hsize_t>(1, per_period));
    constexpr std::size_t kQuantiles = std::size(kSummaryQuantiles);
    std::vector<double> values;
    values.reserve(replications);
    for (hsize_t p0 = 0; p0 < periods; p0 += block) {
      const hsize_t pb = std::min(block, periods - p0);
      std::vector<hsize_t> start = {0, p0};
      std::vector<hsize_t> extent = {replications, pb};
      if (by) {
        start.push_back(0);
        extent.push_back(width);
      }
      const auto data = series[index].read<double>(start, extent);
      std::vector<double> means(pb * width);
      std::vector<std::int64_t> counts(pb * width);
      std::vector<double> qs(kQuantiles * pb * width);
      for (hsize_t cell = 0; cell < pb * width; ++cell) {
        values.clear();
        double sum = 0.0;
        for (hsize_t r = 0; r < replications; ++r) {
          const double x = data[r * pb * width + cell];
          if (std::isnan(x)) continue;
          values.push_back(x);
          sum += x;
        }
        counts[cell] = static_cast<std::int64_t>(values.size());
        means[cell] = values.empty() ? kNaN : sum / static_cast<double>(values.size());
        std::sort(values.begin(), values.end());
        for (std::size_t q = 0; q < kQuantiles; ++q) {
          qs[q * pb * width + cell] = quantile_of_sorted(values, kSummaryQuantiles[q]);
        }
      }
      std::vector<hsize_t> out_start = {p0};
      std::vector<hsize_t> out_extent = {pb};
      if (by) {
        out_start.push_back(0);
        out_extent.push_back(width);
      }
      mean.write<double>(std::span<const double>(means), out_start, out_extent);
      count.write<std::int64_t>(std::span<const std::int64_t>(counts), out_start, out_extent);
      out_start.insert(out_start.begin(), 0);
      out_extent.insert(out_extent.begin(), kQuantiles);
      quantiles.write<double>(std::span<const double>(qs), out_start, out_extent);
    }
  }

  void write_summaries() {
    Group summary = file.create_group("summary");
    summary.set_attribute("long_name", "statistics across replications, per " + schema.period_name);
    summary.set_attribute("replications", static_cast<std::int64_t>(replications));
    summary.set_attribute("quantiles", std::span<const double>(kSummaryQuantiles));
    summary.set_attribute("method",
                          "over the replications with a value (NaN ignored); quantiles interpolate "
                          "linearly between order statistics (numpy's default)");
    Group mean_group = summary.create_group("mean");
    Group quantile_group = summary.create_group("quantiles");
    Group count_group = summary.create_group("count");
    Axes mean_axes = make_axes(mean_group, false, true, false);
    Axes quantile_axes = make_axes(quantile_group, false, true, true);
    Axes count_axes = make_axes(count_group, false, true, false);
    for (std::size_t i = 0; i < schema.series.size(); ++i) {
      const auto& spec = schema.series[i];
      const auto axes_of = [&](Axes& axes, bool with_quantile) {
        std::vector<const Dataset*> list;
        if (with_quantile) list.push_back(&axes.quantile);
        list.push_back(&axes.period);
        if (const Dataset* by = dimension_of(axes, spec)) list.push_back(by);
        return list;
      };
      const auto options_for = [&](const std::vector<const Dataset*>& axes, bool nan_fill) {
        std::vector<hsize_t> shape(axes.size());
        std::transform(axes.begin(), axes.end(), shape.begin(),
                       [](const Dataset* axis) { return axis->shape()[0]; });
        return streamed(shape, this->options.deflate, nan_fill);
      };
      const auto mean_list = axes_of(mean_axes, false);
      const auto quantile_list = axes_of(quantile_axes, true);
      const auto count_list = axes_of(count_axes, false);
      Dataset mean =
          mean_group.create_variable<double>(spec.name, mean_list, options_for(mean_list, true));
      Dataset quantiles = quantile_group.create_variable<double>(spec.name, quantile_list,
                                                                 options_for(quantile_list, true));
      Dataset count = count_group.create_variable<std::int64_t>(spec.name, count_list,
                                                                options_for(count_list, false));
      describe(mean, spec.units, "mean over replications of: " + spec.long_name);
      describe(quantiles, spec.units, "quantiles over replications of: " + spec.long_name);
      describe(count, "1", "replications with a value of: " + spec.long_name);
      for (Dataset* d : {&mean, &quantiles, &count}) {
        d->set_attribute("visibility", results::to_string(spec.visibility));
      }
      link_time(mean, mean_axes);
      link_time(quantiles, quantile_axes);
      link_time(count, count_axes);
      summarise(i, mean, quantiles, count);
      mean.close();
      quantiles.close();
      count.close();
      // Done with the replications' values: free the dataset and its cache.
      series[i].close();
    }
  }

  void finish_provenance() {
    Group record = file.open_group("provenance");
    record.set_attribute("end_time", utc_now());
    record.set_attribute(
        "wall_seconds",
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }

  hsize_t series_row_size(std::size_t i) const { return periods * schema.width(schema.series[i]); }

  /// Replications per block: enough to make a block's writes few, few
  /// enough that its buffer (one per block in flight) stays within a few
  /// MiB whatever the schema.
  hsize_t choose_block_replications() const {
    hsize_t per_replication = schema.scalars.size() + 2;
    for (std::size_t i = 0; i < schema.series.size(); ++i)
      per_replication += series_row_size(i);
    const hsize_t by_memory =
        std::max<hsize_t>(1, kBlockBufferBytes / (sizeof(double) * per_replication));
    return std::clamp<hsize_t>(std::min(by_memory, kMaxBlockReplications), 1,
                               std::max<hsize_t>(1, replications));
  }

  PendingBlock& block_of(hsize_t index) {
    const hsize_t number = index / block_replications;
    auto [it, created] = pending_blocks.try_emplace(number);
    PendingBlock& block = it->second;
    if (created) {
      block.first = number * block_replications;
      block.size = std::min(block_replications, replications - block.first);
      block.series.resize(schema.series.size());
      for (std::size_t i = 0; i < schema.series.size(); ++i)
        block.series[i].resize(block.size * series_row_size(i));
      block.scalars.assign(schema.scalars.size(), std::vector<double>(block.size));
      block.kernel_events.resize(block.size);
      block.wall_seconds.resize(block.size);
    }
    return block;
  }

  void flush_block(const PendingBlock& block) {
    const std::span<const hsize_t> at(&block.first, 1);
    const std::span<const hsize_t> count(&block.size, 1);
    for (std::size_t i = 0; i < schema.series.size(); ++i) {
      std::vector<hsize_t> start = {block.first, 0};
      std::vector<hsize_t> extent = {block.size, periods};
      if (!schema.series[i].by.empty()) {
        start.push_back(0);
        extent.push_back(schema.width(schema.series[i]));
      }
      series[i].write<double>(std::span<const double>(block.series[i]), start, extent);
    }
    for (std::size_t i = 0; i < scalars.size(); ++i)
      scalars[i].write<double>(std::span<const double>(block.scalars[i]), at, count);
    kernel_events.write<std::int64_t>(std::span<const std::int64_t>(block.kernel_events), at,
                                      count);
    wall_seconds.write<double>(std::span<const double>(block.wall_seconds), at, count);
  }

  /// Closes datasets one by one, so that a failure to write out a cached
  /// chunk is reported rather than lost in a destructor.
  void close_checked(bool with_series) {
    for (auto& table : tables)
      flush_table(table, true);
    for (auto& table : tables) {
      for (auto& column : table.columns)
        column.close();
      table.replication.close();
      table.row.close();
    }
    tables.clear();
    for (auto& dataset : scalars)
      dataset.close();
    scalars.clear();
    kernel_events.close();
    wall_seconds.close();
    if (with_series) {
      for (auto& dataset : series)
        dataset.close();
      series.clear();
    }
  }
};

namespace {

void sync_path(const fs::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags);
  if (fd < 0) return;
  // Best effort: a filesystem without fsync still gets the rename.
  (void)fsync(fd);
  ::close(fd);
}

}  // namespace

RunWriter::RunWriter(fs::path path, const OutputSchema& schema, RunProvenance provenance,
                     RunWriterOptions options)
    : state_(std::make_unique<State>()) {
  check_schema(schema, provenance.replications);
  State& s = *state_;
  s.path = std::move(path);
  s.temporary = temporary_path_for(s.path);
  s.schema = schema;
  s.provenance = std::move(provenance);
  s.options = options;
  s.replications = s.provenance.replications;
  s.periods = schema.periods;
  s.started = std::chrono::steady_clock::now();
  s.written.assign(s.replications, false);
  s.block_replications = s.choose_block_replications();

  // Created first with open(2), which says plainly why it cannot be.
  const int fd = ::open(s.temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) {
    const int error = errno;
    throw params::ConfigError(
        {s.path.string(), 0, 0}, "--output",
        "cannot create the results file '" + s.temporary.string() + "': " + errno_text(error));
  }
  ::close(fd);
  try {
    s.file = hdf5::File::create(s.temporary, true);
    s.create_layout();
  } catch (const hdf5::Error& error) {
    discard();
    throw std::runtime_error(hdf5::write_failure_message(error, state_path_or_empty()));
  } catch (...) {
    discard();
    throw;
  }
}

fs::path RunWriter::state_path_or_empty() const {
  return state_ ? state_->path : fs::path();
}

void RunWriter::discard() noexcept {
  if (!state_) return;
  State& s = *state_;
  if (s.committed || s.keep_temporary) return;
  const fs::path temporary = s.temporary;
  const fs::path path = s.path;
  s.file.discard();
  state_.reset();
  std::error_code ignored;
  fs::remove(temporary, ignored);
  // Kept so that path() still answers after a failure.
  state_ = std::make_unique<State>();
  state_->path = path;
  state_->temporary = temporary;
  state_->committed = true;
}

RunWriter::~RunWriter() {
  discard();
}

const fs::path& RunWriter::path() const {
  return state_->path;
}
const fs::path& RunWriter::temporary_path() const {
  return state_->temporary;
}

void RunWriter::add(const results::ReplicationResult& result) {
  try {
    add_unchecked(result);
  } catch (const hdf5::Error& error) {
    const fs::path path = state_->path;
    discard();
    throw std::runtime_error(hdf5::write_failure_message(error, path));
  } catch (const results::SpillError&) {
    // Part of the replication may be written: the file cannot be completed.
    discard();
    throw;
  }
}

void RunWriter::commit() {
  try {
    commit_unchecked();
  } catch (const hdf5::Error& error) {
    const fs::path path = state_->path;
    discard();
    throw std::runtime_error(hdf5::write_failure_message(error, path));
  }
}

void RunWriter::add_unchecked(const results::ReplicationResult& result) {
  State& s = *state_;
  if (s.committed) throw std::logic_error("results added after the writer failed or committed");
  results::check_result(s.schema, result);
  if (result.replication < s.provenance.first_replication ||
      result.replication - s.provenance.first_replication >= s.replications) {
    throw std::logic_error("replication " + std::to_string(result.replication) +
                           " is outside the run's range");
  }
  const hsize_t index = result.replication - s.provenance.first_replication;
  if (s.written[index]) {
    throw std::logic_error("replication " + std::to_string(result.replication) +
                           " was written twice");
  }
  s.check_categories(result);
  State::PendingBlock& block = s.block_of(index);
  const hsize_t slot = index - block.first;
  for (std::size_t i = 0; i < s.schema.series.size(); ++i) {
    const hsize_t row = s.series_row_size(i);
    std::copy(result.series[i].begin(), result.series[i].end(),
              block.series[i].begin() + static_cast<std::ptrdiff_t>(slot * row));
  }
  for (std::size_t i = 0; i < s.scalars.size(); ++i)
    block.scalars[i][slot] = result.scalars[i];
  block.kernel_events[slot] = static_cast<std::int64_t>(result.events);
  block.wall_seconds[slot] = result.wall_seconds;
  if (++block.filled == block.size) {
    s.flush_block(block);
    s.pending_blocks.erase(index / s.block_replications);
  }
  s.write_tables(result);
  s.written[index] = true;
  ++s.written_count;
}

void RunWriter::add_run_summary(const results::RunSummary& table) {
  try {
    add_run_summary_unchecked(table);
  } catch (const hdf5::Error& error) {
    const fs::path path = state_->path;
    discard();
    throw std::runtime_error(hdf5::write_failure_message(error, path));
  }
}

void RunWriter::add_run_summary_unchecked(const results::RunSummary& table) {
  State& s = *state_;
  if (s.committed)
    throw std::logic_error("a run summary added after the writer failed or committed");
  check_name(table.name, "run summary");
  check_name(table.row_dimension, "run summary dimension");
  Group all;
  if (s.file.contains("run_summaries")) {
    all = s.file.open_group("run_summaries");
  } else {
    all = s.file.create_group("run_summaries");
    all.set_attribute("long_name", "tables about the run as a whole, over all replications");
  }
  Group group = all.create_group(table.name);
  group.set_attribute("long_name", table.long_name);
  group.set_attribute("replications", static_cast<std::int64_t>(s.replications));
  const Dataset rows = group.create_coordinate<std::string>(
      table.row_dimension, std::span<const std::string>(table.rows), "", table.row_dimension);
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    const auto& spec = table.columns[c];
    check_name(spec.name, "run summary column");
    DatasetOptions missing_is_nan;
    missing_is_nan.has_fill = true;
    missing_is_nan.fill = kNaN;
    Dataset column = group.create_variable<double>(spec.name, {&rows}, missing_is_nan);
    column.write<double>(std::span<const double>(table.values.at(c)));
    describe(column, spec.units, spec.long_name);
    column.set_attribute("visibility", results::to_string(spec.visibility));
  }
}

void RunWriter::commit_unchecked() {
  State& s = *state_;
  if (s.committed) throw std::logic_error("commit after the writer failed or committed");
  if (s.written_count != s.replications) {
    const auto missing = std::find(s.written.begin(), s.written.end(), false) - s.written.begin();
    throw std::logic_error(
        "replication " +
        std::to_string(s.provenance.first_replication + static_cast<std::uint64_t>(missing)) +
        " was never written");
  }
  // Tables and scalars are complete: closing them writes out their caches
  // (and reports a full disk) before the summaries read the series back.
  s.close_checked(false);
  s.write_summaries();
  s.finish_provenance();
  s.close_checked(true);
  s.file.close();
  sync_path(s.temporary, O_RDONLY);

  if (s.options.overwrite) {
    if (std::rename(s.temporary.c_str(), s.path.c_str()) != 0) {
      const int error = errno;
      throw std::runtime_error("cannot rename '" + s.temporary.string() + "' to '" +
                               s.path.string() + "': " + errno_text(error));
    }
  } else {
    // Never replaces a file that appeared during the run.
    int status =
        renameat2(AT_FDCWD, s.temporary.c_str(), AT_FDCWD, s.path.c_str(), RENAME_NOREPLACE);
    if (status != 0 && (errno == EINVAL || errno == ENOSYS)) {
      status = link(s.temporary.c_str(), s.path.c_str());
      if (status == 0) unlink(s.temporary.c_str());
    }
    if (status != 0) {
      const int error = errno;
      if (error == EEXIST) {
        s.keep_temporary = true;
        throw std::runtime_error("'" + s.path.string() +
                                 "' appeared during the run and was left alone; the results "
                                 "are in '" +
                                 s.temporary.string() + "'");
      }
      throw std::runtime_error("cannot rename '" + s.temporary.string() + "' to '" +
                               s.path.string() + "': " + errno_text(error));
    }
  }
  s.committed = true;
  const fs::path directory = s.path.has_parent_path() ? s.path.parent_path() : fs::path(".");
  sync_path(directory, O_RDONLY | O_DIRECTORY);
}

}  // namespace wfsim::io
