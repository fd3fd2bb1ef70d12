#pragma once
/// A small RAII layer over the HDF5 C API: files, groups, datasets with named
/// dimensions, attributes, chunked and compressed storage, appends to
/// unlimited 1-D datasets, and reading back.
///
/// Conventions (shared by every results file wfsim writes; see
/// docs/results-format.md):
/// - Named dimensions are HDF5 dimension scales (the H5DS API), laid out as
///   netCDF-4 does, so that xarray (h5netcdf engine) and netCDF tools see
///   dimensions and coordinates with no extra code. A dimension with labels
///   is a *coordinate*: a 1-D dataset named after the dimension, holding its
///   values. A dimension without labels is a scale marked, as netCDF-4 marks
///   it, "not a variable".
/// - Every dataset's axes are attached to scales in the same group, so that
///   each group opens on its own (`xarray.open_dataset(path, group=...)`).
/// - Text (attributes and string datasets) is variable-length UTF-8, which
///   h5py and xarray read as `str`.
/// - Floating-point data is IEEE 754 binary64 little-endian, integers are
///   64-bit little-endian two's complement, whatever the machine.
///
/// Every failure throws io::hdf5::Error with HDF5's own explanation. Use it
/// from one thread at a time: HDF5's global lock (when the library is built
/// with it) does not cover the high-level dimension-scale functions.
#include <hdf5.h>

#include <cstdint>
#include <filesystem>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace wfsim::io::detail::hdf5 {

/// An HDF5 call failed; the message names the operation, the object and
/// HDF5's reason.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message, int system_error = 0)
      : std::runtime_error(message), system_error_(system_error) {}
  /// The operating system's errno behind the failure (ENOSPC, EFBIG, EIO,
  /// ...), 0 when HDF5 itself refused.
  int system_error() const { return system_error_; }

 private:
  int system_error_ = 0;
};

/// One line for a failure to write `path` (the final name the user gave,
/// not the temporary file): the operating system's reason when there is one
/// ("no space left on device while writing results/x.h5"), else HDF5's.
std::string write_failure_message(const Error& error, const std::filesystem::path& path);

/// The extent of an axis that may grow (with Dataset::resize or append).
inline constexpr hsize_t kUnlimited = H5S_UNLIMITED;

/// Owns one HDF5 identifier and releases it with the matching close call.
class Id {
 public:
  using Closer = herr_t (*)(hid_t);
  Id() = default;
  /// Also turns HDF5's error printing off for the calling thread, as
  /// everything that talks to HDF5 goes through here.
  Id(hid_t id, Closer closer);
  Id(const Id&) = delete;
  Id& operator=(const Id&) = delete;
  Id(Id&& other) noexcept : id_(other.id_), closer_(other.closer_) { other.id_ = H5I_INVALID_HID; }
  Id& operator=(Id&& other) noexcept;
  ~Id() { reset(); }

  hid_t get() const { return id_; }
  explicit operator bool() const { return id_ >= 0; }
  /// Closes the identifier now; reports a failure to close (for example a
  /// failed flush of a file) by throwing.
  void close();
  /// Closes the identifier, ignoring failures (for destructors and cleanup).
  void reset() noexcept;
  /// Gives up ownership without closing (for an identifier closed by other
  /// means).
  void release() noexcept { id_ = H5I_INVALID_HID; }

 private:
  hid_t id_ = H5I_INVALID_HID;
  Closer closer_ = nullptr;
};

/// Element types a dataset or attribute can hold: double, std::int64_t,
/// std::uint64_t (seeds),
/// std::int32_t, std::uint8_t and std::string.
template <class T>
concept Element =
    std::same_as<T, double> || std::same_as<T, std::int64_t> || std::same_as<T, std::uint64_t> ||
    std::same_as<T, std::int32_t> || std::same_as<T, std::uint8_t> || std::same_as<T, std::string>;

/// Storage of a new dataset.
struct DatasetOptions {
  /// Largest extent of each axis (kUnlimited to grow without bound); empty
  /// means the creation shape. Growing axes need chunked storage.
  std::vector<hsize_t> max_shape;
  /// Chunk shape; empty means contiguous storage. Chunks are what gets
  /// compressed, cached and read as a unit.
  std::vector<hsize_t> chunk;
  /// Deflate (zlib) level 1-9 on chunks; 0 for none.
  int deflate = 0;
  /// Byte-shuffle before deflate: groups the bytes of each significance,
  /// which compresses numbers far better.
  bool shuffle = true;
  /// Fletcher-32 checksum of each chunk, so corruption is detected on read
  /// (HDF5 verifies it on every read and fails the read). On by default:
  /// a dataset given no chunk shape is then chunked (whole rows up to a
  /// quarter MiB per chunk), as filters apply to chunks only. Scalars
  /// cannot be chunked and variable-length strings cannot be filtered:
  /// they go without.
  bool checksum = true;
  /// The value of elements never written (numeric types only); NaN is the
  /// usual choice for "missing" floating-point data. For float64 and int64
  /// datasets it is also written as the `_FillValue` attribute, which
  /// netCDF readers and CF tools read as "missing".
  double fill = 0.0;
  bool has_fill = false;
  /// Bytes of chunk cache for this dataset while it stays open; 0 keeps the
  /// library default (1 MiB). A chunk larger than its cache is written and
  /// read around the cache, so streaming writes must fit one chunk in it.
  std::size_t chunk_cache_bytes = 0;
};

/// Chunk shape for a dataset of `shape` (and `max_shape`, kUnlimited where it
/// grows): whole trailing axes, then as many leading rows as fit `target_bytes`
/// with `element_bytes` per element, each axis at least 1.
std::vector<hsize_t> chunk_shape(std::span<const hsize_t> shape, std::size_t element_bytes,
                                 std::size_t target_bytes = std::size_t{1} << 18);

class Dataset;

/// What groups and datasets share: attributes.
class Object {
 public:
  hid_t id() const { return id_.get(); }
  /// The object's path in its file, for messages.
  std::string path() const;

  void set_attribute(std::string_view name, std::string_view value);
  void set_attribute(std::string_view name, const char* value) {
    set_attribute(name, std::string_view(value));
  }
  void set_attribute(std::string_view name, double value);
  void set_attribute(std::string_view name, std::int64_t value);
  void set_attribute(std::string_view name, std::uint64_t value);
  void set_attribute(std::string_view name, std::span<const double> values);
  void set_attribute(std::string_view name, std::span<const std::int64_t> values);
  void set_attribute(std::string_view name, std::span<const std::string> values);

  bool has_attribute(std::string_view name) const;
  std::vector<std::string> attribute_names() const;
  /// Reads an attribute, converting to T as HDF5 converts numbers; strings
  /// may be stored fixed- or variable-length. Throws Error when absent.
  template <Element T>
  T attribute(std::string_view name) const;
  template <Element T>
  std::vector<T> attribute_values(std::string_view name) const;

 protected:
  Object() = default;
  explicit Object(Id id) : id_(std::move(id)) {}
  Id id_;
};

/// An n-dimensional array in a file.
class Dataset : public Object {
 public:
  Dataset() = default;
  explicit Dataset(Id id) : Object(std::move(id)) {}

  std::vector<hsize_t> shape() const;
  std::size_t rank() const;
  /// Total elements.
  hsize_t size() const;
  std::vector<hsize_t> chunk() const;  // empty when contiguous

  /// Writes a block: `count` elements along each axis from `start`, taken
  /// row-major from `values` (whose size must be their product).
  template <Element T>
  void write(std::span<const T> values, std::span<const hsize_t> start,
             std::span<const hsize_t> count);
  template <Element T>
  void write(std::span<const T> values);  // the whole dataset
  template <Element T>
  std::vector<T> read(std::span<const hsize_t> start, std::span<const hsize_t> count) const;
  template <Element T>
  std::vector<T> read() const;  // the whole dataset

  /// Appends to a 1-D dataset whose axis is unlimited.
  template <Element T>
  void append(std::span<const T> values);
  /// Sets the current extent (within the maximum).
  void resize(std::span<const hsize_t> shape);

  /// Makes this dataset the scale of a dimension named `dimension_name`.
  void make_scale(std::string_view dimension_name);
  bool is_scale() const;
  /// Labels axis `axis` with a dimension scale.
  void attach_scale(const Dataset& scale, unsigned axis);
  /// Names of the dimensions attached to each axis ("" where none).
  std::vector<std::string> dimension_names() const;

  void close() { id_.close(); }
};

/// A group of datasets and groups. Creation order of members and attributes
/// is tracked, as netCDF-4 requires.
class Group : public Object {
 public:
  Group() = default;
  explicit Group(Id id) : Object(std::move(id)) {}

  Group create_group(std::string_view name);
  Group open_group(std::string_view name) const;
  bool contains(std::string_view name) const;
  /// Member names in creation order.
  std::vector<std::string> members() const;
  bool is_group(std::string_view name) const;

  template <Element T>
  Dataset create_dataset(std::string_view name, std::span<const hsize_t> shape,
                         const DatasetOptions& options = {});
  Dataset open_dataset(std::string_view name, std::size_t chunk_cache_bytes = 0) const;

  /// A dimension with values: a 1-D dataset named `name` holding them, made
  /// the scale of dimension `name`.
  template <Element T>
  Dataset create_coordinate(std::string_view name, std::span<const T> values,
                            std::string_view units = {}, std::string_view long_name = {});
  /// A dimension without values, of `size` elements (growing when
  /// `unlimited`): a scale netCDF-4 and h5netcdf read as a bare dimension.
  Dataset create_dimension(std::string_view name, hsize_t size, bool unlimited = false);
  /// A dataset spanning the given dimension scales in order (its shape is
  /// theirs, its maximum extent too), attached to them.
  template <Element T>
  Dataset create_variable(std::string_view name, std::span<const Dataset* const> dimensions,
                          DatasetOptions options = {});
  template <Element T>
  Dataset create_variable(std::string_view name, std::initializer_list<const Dataset*> dimensions,
                          DatasetOptions options = {}) {
    return create_variable<T>(
        name, std::span<const Dataset* const>(dimensions.begin(), dimensions.size()),
        std::move(options));
  }
};

/// An HDF5 file, which is also its root group.
class File : public Group {
 public:
  enum class Mode { ReadOnly, ReadWrite };
  File() = default;  // no file: for members assigned later
  /// Creates a file; fails if it exists unless `truncate`.
  static File create(const std::filesystem::path& path, bool truncate = false);
  static File open(const std::filesystem::path& path, Mode mode = Mode::ReadOnly);
  /// Whether `path` is an HDF5 file (false when missing or not HDF5).
  static bool is_hdf5(const std::filesystem::path& path);

  const std::filesystem::path& file_path() const { return path_; }
  void flush();
  /// Closes the file, writing everything still cached. Every object opened
  /// from it must be closed (destroyed) first, or the file stays open.
  void close();
  /// For a file about to be deleted after a failure: closes it and every
  /// object still open in it, sending what is left to write nowhere. After a
  /// failed write (a full disk) HDF5 cannot close a dataset whose cached
  /// chunks it cannot write; the identifier would stay open and the library
  /// would try again, and crash, when the program exits.
  void discard() noexcept;

 private:
  File(Id id, std::filesystem::path path) : Group(std::move(id)), path_(std::move(path)) {}
  std::filesystem::path path_;
};

}  // namespace wfsim::io::detail::hdf5
