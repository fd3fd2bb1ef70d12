#include "engine/io/detail/hdf5.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <hdf5_hl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <concepts>
#include <cstdlib>
#include <cstring>
#include <numeric>

namespace wfsim::io::detail::hdf5 {

namespace {

/// netCDF-4 marks a dimension scale that is not also a variable with this
/// NAME; h5netcdf and netCDF-C then show the dimension but no variable.
constexpr std::string_view kNotAVariable = "This is a netCDF dimension but not a netCDF variable.";

/// Turns HDF5's automatic error printing off for the calling thread: the
/// library is built thread-safe, so each thread has its own error stack
/// and printing setting. Failures become exceptions that carry the
/// library's explanation instead.
void quiet_this_thread() {
  thread_local const bool quiet = [] {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    return true;
  }();
  (void)quiet;
}

/// Before main: no cleanup at exit (every file is closed, or discarded,
/// explicitly; the library's own cleanup at exit retried writes that had
/// failed, printed their error stacks and crashed), and the main thread
/// quiet.
const bool g_library_set_up = [] {
  H5dont_atexit();
  H5open();
  quiet_this_thread();
  return true;
}();

/// The errno a file driver reports in its message ("..., errno = 28, error
/// message = 'No space left on device', ..."), 0 when none.
int errno_in(const std::string& message) {
  const std::string marker = "errno = ";
  const auto at = message.find(marker);
  if (at == std::string::npos) return 0;
  return std::atoi(message.c_str() + at + marker.size());
}

/// Errors of the operating system that say why a file could not be
/// written or read, and that HDF5 does not always pass on.
bool is_io_errno(int error) {
  return error == ENOSPC || error == EFBIG || error == EDQUOT || error == EIO || error == EROFS;
}

struct StackReport {
  std::string text;
  int system_error = 0;
};

/// The most specific messages on HDF5's error stack, innermost last.
StackReport error_stack() {
  std::vector<std::string> messages;
  H5Ewalk2(
      H5E_DEFAULT, H5E_WALK_DOWNWARD,
      [](unsigned, const H5E_error2_t* error, void* data) -> herr_t {
        auto* out = static_cast<std::vector<std::string>*>(data);
        if (error->desc && *error->desc) out->emplace_back(error->desc);
        return 0;
      },
      &messages);
  H5Eclear2(H5E_DEFAULT);
  StackReport report;
  for (const auto& message : messages) {
    if (const int error = errno_in(message); error != 0) report.system_error = error;
  }
  if (messages.empty()) {
    report.text = "unknown HDF5 error";
    return report;
  }
  // The outermost entry says what failed, the innermost why.
  report.text = messages.front();
  if (messages.size() > 1 && messages.back() != messages.front()) {
    report.text += ": " + messages.back();
  }
  return report;
}

[[noreturn]] void fail_with(const std::string& what, StackReport report, int last_errno) {
  // A failed flush of cached chunks sometimes leaves no driver message on
  // the stack; the errno of the failed write is still the reason.
  if (report.system_error == 0 && is_io_errno(last_errno)) report.system_error = last_errno;
  if (report.system_error != 0) {
    throw Error("HDF5: " + what + ": " + std::strerror(report.system_error), report.system_error);
  }
  throw Error("HDF5: " + what + ": " + report.text);
}

[[noreturn]] void fail(const std::string& what) {
  const int last_errno = errno;
  fail_with(what, error_stack(), last_errno);
}

/// What was being done, for an error message: text, or a function that
/// makes it, so that hot paths (every write) build no strings unless they
/// fail.
std::string describe(const std::string& what) {
  return what;
}
std::string describe(const char* what) {
  return what;
}
template <std::invocable F>
std::string describe(const F& make) {
  return make();
}

// The stack is read before `what` is described: describing may call HDF5
// (an object's path), and every HDF5 call starts by clearing the stack.
template <class What>
hid_t check(hid_t id, const What& what) {
  if (id < 0) {
    const int last_errno = errno;
    StackReport report = error_stack();
    fail_with(describe(what), std::move(report), last_errno);
  }
  return id;
}

template <class What>
void check_status(herr_t status, const What& what) {
  if (status < 0) {
    const int last_errno = errno;
    StackReport report = error_stack();
    fail_with(describe(what), std::move(report), last_errno);
  }
}

Id property_list(hid_t cls, const char* what) {
  return Id(check(H5Pcreate(cls), std::string("create ") + what + " property list"), H5Pclose);
}

Id dataspace(std::span<const hsize_t> shape, std::span<const hsize_t> max_shape = {}) {
  if (shape.empty()) return Id(check(H5Screate(H5S_SCALAR), "create dataspace"), H5Sclose);
  return Id(check(H5Screate_simple(static_cast<int>(shape.size()), shape.data(),
                                   max_shape.empty() ? nullptr : max_shape.data()),
                  "create dataspace"),
            H5Sclose);
}

/// A variable-length UTF-8 string type.
Id string_type() {
  Id type(check(H5Tcopy(H5T_C_S1), "copy string type"), H5Tclose);
  check_status(H5Tset_size(type.get(), H5T_VARIABLE), "set string size");
  check_status(H5Tset_cset(type.get(), H5T_CSET_UTF8), "set string charset");
  return type;
}

/// In-memory type of T, and the type it is stored as in files: fixed
/// little-endian so files are the same on every machine.
template <Element T>
Id memory_type() {
  if constexpr (std::is_same_v<T, std::string>) {
    return string_type();
  } else {
    hid_t native = H5I_INVALID_HID;
    if constexpr (std::is_same_v<T, double>) native = H5T_NATIVE_DOUBLE;
    if constexpr (std::is_same_v<T, std::int64_t>) native = H5T_NATIVE_INT64;
    if constexpr (std::is_same_v<T, std::uint64_t>) native = H5T_NATIVE_UINT64;
    if constexpr (std::is_same_v<T, std::int32_t>) native = H5T_NATIVE_INT32;
    if constexpr (std::is_same_v<T, std::uint8_t>) native = H5T_NATIVE_UINT8;
    return Id(check(H5Tcopy(native), "copy type"), H5Tclose);
  }
}

template <Element T>
Id file_type() {
  if constexpr (std::is_same_v<T, std::string>) {
    return string_type();
  } else {
    hid_t stored = H5I_INVALID_HID;
    if constexpr (std::is_same_v<T, double>) stored = H5T_IEEE_F64LE;
    if constexpr (std::is_same_v<T, std::int64_t>) stored = H5T_STD_I64LE;
    if constexpr (std::is_same_v<T, std::uint64_t>) stored = H5T_STD_U64LE;
    if constexpr (std::is_same_v<T, std::int32_t>) stored = H5T_STD_I32LE;
    if constexpr (std::is_same_v<T, std::uint8_t>) stored = H5T_STD_U8LE;
    return Id(check(H5Tcopy(stored), "copy type"), H5Tclose);
  }
}

hsize_t product(std::span<const hsize_t> shape) {
  return std::accumulate(shape.begin(), shape.end(), hsize_t{1}, std::multiplies<>());
}

/// Pointers to the strings' bytes, as HDF5 writes variable-length strings.
std::vector<const char*> c_strings(std::span<const std::string> values) {
  std::vector<const char*> pointers(values.size());
  std::transform(values.begin(), values.end(), pointers.begin(),
                 [](const std::string& s) { return s.c_str(); });
  return pointers;
}

/// Reads `count` strings of type `stored` (fixed or variable length) through
/// `reader`, which reads into a buffer of the given memory type.
template <class Reader, class What>
std::vector<std::string> read_strings(hid_t stored, hid_t space, std::size_t count,
                                      const Reader& reader, const What& what) {
  std::vector<std::string> out;
  out.reserve(count);
  if (H5Tget_class(stored) != H5T_STRING) throw Error("HDF5: " + describe(what) + ": not text");
  if (H5Tis_variable_str(stored) > 0) {
    Id type = string_type();
    std::vector<char*> pointers(count, nullptr);
    check_status(reader(type.get(), pointers.data()), what);
    for (char* p : pointers)
      out.emplace_back(p ? p : "");
    H5Dvlen_reclaim(type.get(), space, H5P_DEFAULT, pointers.data());
  } else {
    const std::size_t width = H5Tget_size(stored);
    Id type(check(H5Tcopy(H5T_C_S1), what), H5Tclose);
    check_status(H5Tset_size(type.get(), width), what);
    check_status(H5Tset_cset(type.get(), H5Tget_cset(stored)), what);
    check_status(H5Tset_strpad(type.get(), H5Tget_strpad(stored)), what);
    std::vector<char> buffer(width * count + 1, '\0');
    check_status(reader(type.get(), buffer.data()), what);
    for (std::size_t i = 0; i < count; ++i) {
      const char* begin = buffer.data() + i * width;
      out.emplace_back(begin, strnlen(begin, width));
    }
  }
  return out;
}

/// A selection of `count` elements from `start` in the dataspace of `dataset`.
template <class What>
Id select(hid_t dataset, std::span<const hsize_t> start, std::span<const hsize_t> count,
          const What& what) {
  Id space(check(H5Dget_space(dataset), what), H5Sclose);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank != static_cast<int>(start.size()) || rank != static_cast<int>(count.size())) {
    throw Error("HDF5: " + describe(what) + ": the block has rank " + std::to_string(start.size()) +
                ", the dataset " + std::to_string(rank));
  }
  if (rank > 0) {
    check_status(H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, start.data(), nullptr,
                                     count.data(), nullptr),
                 what);
  }
  return space;
}

}  // namespace

std::string write_failure_message(const Error& error, const std::filesystem::path& path) {
  if (error.system_error() == 0) return "cannot write " + path.string() + ": " + error.what();
  std::string reason = std::strerror(error.system_error());
  if (!reason.empty()) reason[0] = static_cast<char>(std::tolower(reason[0]));
  return reason + " while writing " + path.string();
}

Id::Id(hid_t id, Closer closer) : id_(id), closer_(closer) {
  quiet_this_thread();
}

Id& Id::operator=(Id&& other) noexcept {
  if (this != &other) {
    reset();
    id_ = other.id_;
    closer_ = other.closer_;
    other.id_ = H5I_INVALID_HID;
  }
  return *this;
}

void Id::close() {
  if (id_ < 0) return;
  // On failure the identifier stays ours: HDF5 keeps an object open whose
  // cached data it could not write, and File::discard must find it.
  check_status(closer_(id_), "close");
  id_ = H5I_INVALID_HID;
}

void Id::reset() noexcept {
  if (id_ >= 0 && closer_) closer_(id_);
  id_ = H5I_INVALID_HID;
}

std::vector<hsize_t> chunk_shape(std::span<const hsize_t> shape, std::size_t element_bytes,
                                 std::size_t target_bytes) {
  std::vector<hsize_t> chunk(shape.begin(), shape.end());
  for (auto& c : chunk)
    c = std::max<hsize_t>(c, 1);
  // Shrink from the leading axis: trailing axes (the contiguous ones) stay
  // whole as long as they fit, so a chunk holds whole rows.
  const hsize_t budget =
      std::max<hsize_t>(1, target_bytes / std::max<std::size_t>(1, element_bytes));
  for (std::size_t axis = 0; axis < chunk.size(); ++axis) {
    std::span<const hsize_t> rest(chunk.data() + axis + 1, chunk.size() - axis - 1);
    const hsize_t inner = product(rest);
    chunk[axis] = std::max<hsize_t>(1, std::min(chunk[axis], budget / std::max<hsize_t>(1, inner)));
  }
  return chunk;
}

// ---- Object ----------------------------------------------------------------

std::string Object::path() const {
  const ssize_t size = H5Iget_name(id(), nullptr, 0);
  if (size <= 0) return "?";
  std::string name(static_cast<std::size_t>(size), '\0');
  H5Iget_name(id(), name.data(), name.size() + 1);
  return name;
}

namespace {

template <Element T>
void write_attribute(hid_t object, std::string_view name, std::span<const T> values, bool scalar,
                     const std::string& where) {
  const std::string key(name);
  const std::string what = "write attribute " + key + " of " + where;
  if (H5Aexists(object, key.c_str()) > 0) check_status(H5Adelete(object, key.c_str()), what);
  const hsize_t n = values.size();
  Id space = scalar ? dataspace({}) : dataspace(std::span<const hsize_t>(&n, 1));
  Id stored = file_type<T>();
  Id attribute(
      check(H5Acreate2(object, key.c_str(), stored.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
            what),
      H5Aclose);
  Id memory = memory_type<T>();
  if (values.empty()) {
    // An empty array: nothing to write (and HDF5 refuses a null buffer).
  } else if constexpr (std::is_same_v<T, std::string>) {
    const auto pointers = c_strings(values);
    check_status(H5Awrite(attribute.get(), memory.get(), pointers.data()), what);
  } else {
    check_status(H5Awrite(attribute.get(), memory.get(), values.data()), what);
  }
  attribute.close();
}

}  // namespace

void Object::set_attribute(std::string_view name, std::string_view value) {
  const std::string text(value);
  write_attribute<std::string>(id(), name, std::span<const std::string>(&text, 1), true, path());
}
void Object::set_attribute(std::string_view name, double value) {
  write_attribute<double>(id(), name, std::span<const double>(&value, 1), true, path());
}
void Object::set_attribute(std::string_view name, std::int64_t value) {
  write_attribute<std::int64_t>(id(), name, std::span<const std::int64_t>(&value, 1), true, path());
}
void Object::set_attribute(std::string_view name, std::span<const double> values) {
  write_attribute<double>(id(), name, values, false, path());
}
void Object::set_attribute(std::string_view name, std::uint64_t value) {
  write_attribute<std::uint64_t>(id(), name, std::span<const std::uint64_t>(&value, 1), true,
                                 path());
}

void Object::set_attribute(std::string_view name, std::span<const std::int64_t> values) {
  write_attribute<std::int64_t>(id(), name, values, false, path());
}
void Object::set_attribute(std::string_view name, std::span<const std::string> values) {
  write_attribute<std::string>(id(), name, values, false, path());
}

bool Object::has_attribute(std::string_view name) const {
  const std::string key(name);
  const htri_t exists = H5Aexists(id(), key.c_str());
  if (exists < 0) fail("look up attribute " + key + " of " + path());
  return exists > 0;
}

std::vector<std::string> Object::attribute_names() const {
  std::vector<std::string> names;
  H5O_info_t info;
  check_status(H5Oget_info2(id(), &info, H5O_INFO_NUM_ATTRS), "inspect " + path());
  for (hsize_t i = 0; i < info.num_attrs; ++i) {
    const ssize_t size =
        H5Aget_name_by_idx(id(), ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    if (size < 0) fail("list attributes of " + path());
    std::string name(static_cast<std::size_t>(size), '\0');
    H5Aget_name_by_idx(id(), ".", H5_INDEX_NAME, H5_ITER_INC, i, name.data(), name.size() + 1,
                       H5P_DEFAULT);
    names.push_back(std::move(name));
  }
  return names;
}

template <Element T>
std::vector<T> Object::attribute_values(std::string_view name) const {
  const std::string key(name);
  const std::string what = "read attribute " + key + " of " + path();
  Id attribute(check(H5Aopen(id(), key.c_str(), H5P_DEFAULT), what), H5Aclose);
  Id space(check(H5Aget_space(attribute.get()), what), H5Sclose);
  const hssize_t count = H5Sget_simple_extent_npoints(space.get());
  if (count < 0) fail(what);
  const auto n = static_cast<std::size_t>(count);
  // An empty list: HDF5 refuses to read into the null buffer of an empty vector.
  if (n == 0) return {};
  if constexpr (std::is_same_v<T, std::string>) {
    Id stored(check(H5Aget_type(attribute.get()), what), H5Tclose);
    return read_strings(
        stored.get(), space.get(), n,
        [&](hid_t type, void* buffer) { return H5Aread(attribute.get(), type, buffer); }, what);
  } else {
    std::vector<T> values(n);
    Id memory = memory_type<T>();
    check_status(H5Aread(attribute.get(), memory.get(), values.data()), what);
    return values;
  }
}

template <Element T>
T Object::attribute(std::string_view name) const {
  auto values = attribute_values<T>(name);
  if (values.size() != 1) {
    throw Error("HDF5: attribute " + std::string(name) + " of " + path() + " holds " +
                std::to_string(values.size()) + " values, not one");
  }
  return std::move(values.front());
}

// ---- Dataset ---------------------------------------------------------------

std::vector<hsize_t> Dataset::shape() const {
  Id space(check(H5Dget_space(id()), [&] { return "inspect " + path(); }), H5Sclose);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(rank, 0)));
  if (rank > 0) H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
  return dims;
}

std::size_t Dataset::rank() const {
  return shape().size();
}

hsize_t Dataset::size() const {
  const auto dims = shape();
  return product(dims);
}

std::vector<hsize_t> Dataset::chunk() const {
  Id plist(check(H5Dget_create_plist(id()), "inspect " + path()), H5Pclose);
  if (H5Pget_layout(plist.get()) != H5D_CHUNKED) return {};
  std::vector<hsize_t> dims(rank());
  check_status(H5Pget_chunk(plist.get(), static_cast<int>(dims.size()), dims.data()),
               "inspect " + path());
  return dims;
}

template <Element T>
void Dataset::write(std::span<const T> values, std::span<const hsize_t> start,
                    std::span<const hsize_t> count) {
  const auto what = [&] { return "write to " + path(); };
  if (values.size() != product(count)) {
    throw Error("HDF5: " + what() + ": " + std::to_string(values.size()) +
                " values for a block of " + std::to_string(product(count)));
  }
  if (values.empty()) return;
  quiet_this_thread();
  Id file_space = select(id(), start, count, what);
  Id memory_space = dataspace(count);
  Id memory = memory_type<T>();
  if constexpr (std::is_same_v<T, std::string>) {
    const auto pointers = c_strings(values);
    check_status(H5Dwrite(id(), memory.get(), memory_space.get(), file_space.get(), H5P_DEFAULT,
                          pointers.data()),
                 what);
  } else {
    check_status(H5Dwrite(id(), memory.get(), memory_space.get(), file_space.get(), H5P_DEFAULT,
                          values.data()),
                 what);
  }
}

template <Element T>
void Dataset::write(std::span<const T> values) {
  const auto dims = shape();
  const std::vector<hsize_t> start(dims.size(), 0);
  write<T>(values, start, dims);
}

template <Element T>
std::vector<T> Dataset::read(std::span<const hsize_t> start, std::span<const hsize_t> count) const {
  const auto what = [&] { return "read " + path(); };
  const auto n = static_cast<std::size_t>(product(count));
  if (n == 0) return {};
  Id file_space = select(id(), start, count, what);
  Id memory_space = dataspace(count);
  if constexpr (std::is_same_v<T, std::string>) {
    Id stored(check(H5Dget_type(id()), what), H5Tclose);
    return read_strings(
        stored.get(), memory_space.get(), n,
        [&](hid_t type, void* buffer) {
          return H5Dread(id(), type, memory_space.get(), file_space.get(), H5P_DEFAULT, buffer);
        },
        what);
  } else {
    std::vector<T> values(n);
    Id memory = memory_type<T>();
    check_status(H5Dread(id(), memory.get(), memory_space.get(), file_space.get(), H5P_DEFAULT,
                         values.data()),
                 what);
    return values;
  }
}

template <Element T>
std::vector<T> Dataset::read() const {
  const auto dims = shape();
  const std::vector<hsize_t> start(dims.size(), 0);
  return read<T>(start, dims);
}

template <Element T>
void Dataset::append(std::span<const T> values) {
  const auto dims = shape();
  if (dims.size() != 1) throw Error("HDF5: append to " + path() + ": not a 1-D dataset");
  if (values.empty()) return;
  const hsize_t grown = dims[0] + values.size();
  resize(std::span<const hsize_t>(&grown, 1));
  const hsize_t count = values.size();
  write<T>(values, std::span<const hsize_t>(&dims[0], 1), std::span<const hsize_t>(&count, 1));
}

void Dataset::resize(std::span<const hsize_t> new_shape) {
  if (new_shape.size() != rank()) throw Error("HDF5: resize " + path() + ": wrong rank");
  check_status(H5Dset_extent(id(), new_shape.data()), [&] { return "resize " + path(); });
}

void Dataset::make_scale(std::string_view dimension_name) {
  const std::string name(dimension_name);
  check_status(H5DSset_scale(id(), name.c_str()), "make " + path() + " a dimension scale");
}

bool Dataset::is_scale() const {
  const htri_t scale = H5DSis_scale(id());
  if (scale < 0) fail("inspect " + path());
  return scale > 0;
}

void Dataset::attach_scale(const Dataset& scale, unsigned axis) {
  check_status(H5DSattach_scale(id(), scale.id(), axis),
               "attach " + scale.path() + " to axis " + std::to_string(axis) + " of " + path());
}

std::vector<std::string> Dataset::dimension_names() const {
  std::vector<std::string> names;
  for (unsigned axis = 0; axis < rank(); ++axis) {
    std::string name;
    const int scales = H5DSget_num_scales(id(), axis);
    if (scales > 0) {
      int index = 0;
      H5DSiterate_scales(
          id(), axis, &index,
          [](hid_t, unsigned, hid_t scale, void* data) -> herr_t {
            // The scale's own name (last path component), as h5netcdf names
            // the dimension, not its NAME attribute.
            const ssize_t size = H5Iget_name(scale, nullptr, 0);
            std::string path(static_cast<std::size_t>(std::max<ssize_t>(size, 0)), '\0');
            H5Iget_name(scale, path.data(), path.size() + 1);
            *static_cast<std::string*>(data) = path.substr(path.rfind('/') + 1);
            return 1;
          },
          &name);
    }
    names.push_back(std::move(name));
  }
  return names;
}

// ---- Group -----------------------------------------------------------------

namespace {

/// Creation order tracked and indexed, as netCDF-4 files have it.
Id group_creation_plist() {
  Id plist = property_list(H5P_GROUP_CREATE, "group creation");
  check_status(
      H5Pset_link_creation_order(plist.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
      "set link creation order");
  check_status(
      H5Pset_attr_creation_order(plist.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
      "set attribute creation order");
  return plist;
}

Id dataset_access_plist(std::size_t chunk_cache_bytes) {
  if (chunk_cache_bytes == 0) return Id();
  Id plist = property_list(H5P_DATASET_ACCESS, "dataset access");
  // 521 hash slots (the library's default, a prime) keep collisions, which
  // evict chunks early, rare for the few chunks a small cache holds.
  check_status(H5Pset_chunk_cache(plist.get(), 521, chunk_cache_bytes, 0.75), "set chunk cache");
  return plist;
}

}  // namespace

Group Group::create_group(std::string_view name) {
  const std::string key(name);
  Id plist = group_creation_plist();
  return Group(Id(check(H5Gcreate2(id(), key.c_str(), H5P_DEFAULT, plist.get(), H5P_DEFAULT),
                        "create group " + key + " in " + path()),
                  H5Gclose));
}

Group Group::open_group(std::string_view name) const {
  const std::string key(name);
  return Group(
      Id(check(H5Gopen2(id(), key.c_str(), H5P_DEFAULT), "open group " + key + " in " + path()),
         H5Gclose));
}

bool Group::contains(std::string_view name) const {
  const std::string key(name);
  // H5Lexists fails on "a/b" when "a" is missing, so walk the path.
  std::size_t from = 0;
  while (true) {
    const std::size_t slash = key.find('/', from);
    const std::string prefix = key.substr(0, slash);
    if (prefix.empty() || H5Lexists(id(), prefix.c_str(), H5P_DEFAULT) <= 0) return false;
    if (slash == std::string::npos) break;
    from = slash + 1;
  }
  return H5Oexists_by_name(id(), key.c_str(), H5P_DEFAULT) > 0;
}

std::vector<std::string> Group::members() const {
  std::vector<std::string> names;
  H5G_info_t info;
  check_status(H5Gget_info(id(), &info), "inspect " + path());
  // Through "." so that a file's root group works like any other group.
  Id self(check(H5Gopen2(id(), ".", H5P_DEFAULT), "open " + path()), H5Gclose);
  Id plist(check(H5Gget_create_plist(self.get()), "inspect " + path()), H5Pclose);
  unsigned order = 0;
  H5Pget_link_creation_order(plist.get(), &order);
  const H5_index_t index = (order & H5P_CRT_ORDER_INDEXED) ? H5_INDEX_CRT_ORDER : H5_INDEX_NAME;
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    const ssize_t size =
        H5Lget_name_by_idx(id(), ".", index, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    if (size < 0) fail("list " + path());
    std::string name(static_cast<std::size_t>(size), '\0');
    H5Lget_name_by_idx(id(), ".", index, H5_ITER_INC, i, name.data(), name.size() + 1, H5P_DEFAULT);
    names.push_back(std::move(name));
  }
  return names;
}

bool Group::is_group(std::string_view name) const {
  if (!contains(name)) return false;
  const std::string key(name);
  H5O_info_t info;
  check_status(H5Oget_info_by_name2(id(), key.c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT),
               "inspect " + key);
  return info.type == H5O_TYPE_GROUP;
}

template <Element T>
Dataset Group::create_dataset(std::string_view name, std::span<const hsize_t> shape,
                              const DatasetOptions& options) {
  const std::string key(name);
  const std::string what = "create dataset " + key + " in " + path();
  Id plist = property_list(H5P_DATASET_CREATE, "dataset creation");
  check_status(
      H5Pset_attr_creation_order(plist.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), what);
  std::vector<hsize_t> chunk = options.chunk;
  // Variable-length strings cannot be filtered (their data lives in the
  // file's global heap): checksums cover numbers only.
  const bool checksum = options.checksum && !std::is_same_v<T, std::string>;
  if (chunk.empty() && checksum && !shape.empty()) {
    const std::vector<hsize_t> max_shape = options.max_shape.empty()
                                               ? std::vector<hsize_t>(shape.begin(), shape.end())
                                               : options.max_shape;
    std::vector<hsize_t> extent(shape.begin(), shape.end());
    for (std::size_t axis = 0; axis < extent.size(); ++axis) {
      // A chunk may span the whole of a fixed axis, never more; an empty
      // axis still needs chunks of at least one element.
      if (max_shape[axis] != kUnlimited) extent[axis] = std::max<hsize_t>(max_shape[axis], 1);
    }
    chunk = chunk_shape(extent, std::is_same_v<T, std::string> ? sizeof(hvl_t) : sizeof(T));
  }
  if (!chunk.empty()) {
    if (chunk.size() != shape.size()) throw Error("HDF5: " + what + ": chunk rank");
    check_status(H5Pset_chunk(plist.get(), static_cast<int>(chunk.size()), chunk.data()), what);
    if (options.shuffle && options.deflate > 0) check_status(H5Pset_shuffle(plist.get()), what);
    if (options.deflate > 0) {
      check_status(H5Pset_deflate(plist.get(), static_cast<unsigned>(options.deflate)), what);
    }
    if (checksum) check_status(H5Pset_fletcher32(plist.get()), what);
  }
  if constexpr (!std::is_same_v<T, std::string>) {
    if (options.has_fill) {
      const T fill = static_cast<T>(options.fill);
      Id memory = memory_type<T>();
      check_status(H5Pset_fill_value(plist.get(), memory.get(), &fill), what);
    }
  }
  // Space for chunks is taken as they are written, so a preallocated
  // dataset costs nothing until it is filled.
  check_status(
      H5Pset_alloc_time(plist.get(), chunk.empty() ? H5D_ALLOC_TIME_LATE : H5D_ALLOC_TIME_INCR),
      what);
  Id space = dataspace(shape, options.max_shape);
  Id stored = file_type<T>();
  Id access = dataset_access_plist(options.chunk_cache_bytes);
  Dataset dataset(Id(check(H5Dcreate2(id(), key.c_str(), stored.get(), space.get(), H5P_DEFAULT,
                                      plist.get(), access ? access.get() : H5P_DEFAULT),
                           what),
                     H5Dclose));
  // The fill value doubles as the CF/netCDF `_FillValue` attribute (of the
  // variable's own type), so readers mask exactly what was never written
  // or was written as missing.
  if constexpr (std::is_same_v<T, double> || std::is_same_v<T, std::int64_t>) {
    if (options.has_fill) dataset.set_attribute("_FillValue", static_cast<T>(options.fill));
  }
  return dataset;
}

Dataset Group::open_dataset(std::string_view name, std::size_t chunk_cache_bytes) const {
  const std::string key(name);
  Id access = dataset_access_plist(chunk_cache_bytes);
  return Dataset(Id(check(H5Dopen2(id(), key.c_str(), access ? access.get() : H5P_DEFAULT),
                          "open dataset " + key + " in " + path()),
                    H5Dclose));
}

template <Element T>
Dataset Group::create_coordinate(std::string_view name, std::span<const T> values,
                                 std::string_view units, std::string_view long_name) {
  const hsize_t n = values.size();
  DatasetOptions options;
  if (n == 0) {
    // An empty contiguous dataset cannot be written; a chunked one can.
    options.chunk = {1};
    options.max_shape = {kUnlimited};
  }
  Dataset coordinate = create_dataset<T>(name, std::span<const hsize_t>(&n, 1), options);
  coordinate.write<T>(values);
  coordinate.make_scale(name);
  if (!units.empty()) coordinate.set_attribute("units", units);
  if (!long_name.empty()) coordinate.set_attribute("long_name", long_name);
  return coordinate;
}

Dataset Group::create_dimension(std::string_view name, hsize_t size, bool unlimited) {
  DatasetOptions options;
  if (unlimited) {
    options.max_shape = {kUnlimited};
    options.chunk = {1024};
  }
  // Never written: with late allocation and no fill, it takes no space.
  Dataset dimension =
      create_dataset<std::int32_t>(name, std::span<const hsize_t>(&size, 1), options);
  // netCDF-4 appends the length, right-aligned in ten columns.
  dimension.make_scale(fmt::format("{}{:10}", kNotAVariable, size));
  return dimension;
}

template <Element T>
Dataset Group::create_variable(std::string_view name, std::span<const Dataset* const> dimensions,
                               DatasetOptions options) {
  std::vector<hsize_t> shape;
  std::vector<hsize_t> max_shape;
  bool grows = false;
  for (const Dataset* dimension : dimensions) {
    Id space(check(H5Dget_space(dimension->id()), "inspect " + dimension->path()), H5Sclose);
    hsize_t current = 0;
    hsize_t maximum = 0;
    H5Sget_simple_extent_dims(space.get(), &current, &maximum);
    shape.push_back(current);
    max_shape.push_back(maximum);
    grows = grows || maximum != current;
  }
  if (options.max_shape.empty() && grows) options.max_shape = max_shape;
  Dataset variable = create_dataset<T>(name, shape, options);
  for (unsigned axis = 0; axis < dimensions.size(); ++axis) {
    variable.attach_scale(*dimensions[axis], axis);
  }
  return variable;
}

// ---- File ------------------------------------------------------------------

namespace {

Id file_access_plist() {
  Id plist = property_list(H5P_FILE_ACCESS, "file access");
  // Closing a file with objects still open is a bug in the caller; SEMI
  // makes it an error instead of a file silently left open.
  check_status(H5Pset_fclose_degree(plist.get(), H5F_CLOSE_SEMI), "set close degree");
  return plist;
}

}  // namespace

File File::create(const std::filesystem::path& path, bool truncate) {
  quiet_this_thread();
  Id creation = property_list(H5P_FILE_CREATE, "file creation");
  check_status(
      H5Pset_link_creation_order(creation.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
      "set link creation order");
  check_status(
      H5Pset_attr_creation_order(creation.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
      "set attribute creation order");
  Id access = file_access_plist();
  const hid_t id = H5Fcreate(path.c_str(), truncate ? H5F_ACC_TRUNC : H5F_ACC_EXCL, creation.get(),
                             access.get());
  return File(Id(check(id, "create " + path.string()), H5Fclose), path);
}

File File::open(const std::filesystem::path& path, Mode mode) {
  quiet_this_thread();
  Id access = file_access_plist();
  const hid_t id =
      H5Fopen(path.c_str(), mode == Mode::ReadOnly ? H5F_ACC_RDONLY : H5F_ACC_RDWR, access.get());
  return File(Id(check(id, "open " + path.string()), H5Fclose), path);
}

bool File::is_hdf5(const std::filesystem::path& path) {
  quiet_this_thread();
  const htri_t result = H5Fis_hdf5(path.c_str());
  H5Eclear2(H5E_DEFAULT);
  return result > 0;
}

void File::flush() {
  check_status(H5Fflush(id(), H5F_SCOPE_LOCAL), "flush " + path_.string());
}

void File::close() {
  if (!id_) return;
  // Flushed first: a write that fails (a full disk) then fails here, with
  // the file still intact for discard(). A failed H5Fclose, by contrast,
  // leaves an identifier whose file is half torn down, which nothing may
  // touch again.
  flush();
  try {
    id_.close();
  } catch (...) {
    id_.release();
    throw;
  }
}

void File::discard() noexcept {
  if (!id_) return;
  quiet_this_thread();
  const hid_t file = id_.get();
  if (H5Iis_valid(file) <= 0) {
    // A failed close released it after all.
    H5Eclear2(H5E_DEFAULT);
    id_.release();
    return;
  }
  // Writes that can no longer succeed go to /dev/null in place of the file:
  // the objects then close cleanly, and the file is deleted afterwards.
  void* handle = nullptr;
  if (H5Fget_vfd_handle(file, H5P_DEFAULT, &handle) >= 0 && handle) {
    const int null_fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null_fd >= 0) {
      ::dup2(null_fd, *static_cast<int*>(handle));
      ::close(null_fd);
    }
  }
  const ssize_t open_count = H5Fget_obj_count(file, H5F_OBJ_ALL | H5F_OBJ_LOCAL);
  if (open_count > 0) {
    std::vector<hid_t> ids(static_cast<std::size_t>(open_count));
    const ssize_t listed =
        H5Fget_obj_ids(file, H5F_OBJ_ALL | H5F_OBJ_LOCAL, ids.size(), ids.data());
    for (ssize_t i = 0; i < listed; ++i) {
      const hid_t object = ids[static_cast<std::size_t>(i)];
      if (object == file) continue;
      // Every reference: the owners' destructors then find them closed.
      while (H5Iis_valid(object) > 0 && H5Idec_ref(object) > 0) {
      }
    }
  }
  while (H5Iis_valid(file) > 0 && H5Idec_ref(file) > 0) {
  }
  H5Eclear2(H5E_DEFAULT);
  id_.release();
}

// ---- explicit instantiations -------------------------------------------------

#define WFSIM_HDF5_INSTANTIATE(T)                                                               \
  template T Object::attribute<T>(std::string_view) const;                                      \
  template std::vector<T> Object::attribute_values<T>(std::string_view) const;                  \
  template void Dataset::write<T>(std::span<const T>, std::span<const hsize_t>,                 \
                                  std::span<const hsize_t>);                                    \
  template void Dataset::write<T>(std::span<const T>);                                          \
  template std::vector<T> Dataset::read<T>(std::span<const hsize_t>, std::span<const hsize_t>)  \
      const;                                                                                    \
  template std::vector<T> Dataset::read<T>() const;                                             \
  template void Dataset::append<T>(std::span<const T>);                                         \
  template Dataset Group::create_dataset<T>(std::string_view, std::span<const hsize_t>,         \
                                            const DatasetOptions&);                             \
  template Dataset Group::create_coordinate<T>(std::string_view, std::span<const T>,            \
                                               std::string_view, std::string_view);             \
  template Dataset Group::create_variable<T>(std::string_view, std::span<const Dataset* const>, \
                                             DatasetOptions);

WFSIM_HDF5_INSTANTIATE(double)
WFSIM_HDF5_INSTANTIATE(std::int64_t)
WFSIM_HDF5_INSTANTIATE(std::uint64_t)
WFSIM_HDF5_INSTANTIATE(std::int32_t)
WFSIM_HDF5_INSTANTIATE(std::uint8_t)
WFSIM_HDF5_INSTANTIATE(std::string)

#undef WFSIM_HDF5_INSTANTIATE

}  // namespace wfsim::io::detail::hdf5
