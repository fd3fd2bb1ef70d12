#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <limits>

#include "engine/io/detail/hdf5.hpp"
#include "tests/common/temp_dir.hpp"

using namespace wfsim::io::detail::hdf5;
using wfsim::testing::TempDir;

namespace {
template <class T>
std::span<const T> view(const std::vector<T>& v) {
  return std::span<const T>(v);
}
std::vector<hsize_t> dims(std::initializer_list<hsize_t> d) {
  return std::vector<hsize_t>(d);
}
}  // namespace

TEST_CASE("attributes round-trip: text, numbers and arrays") {
  TempDir dir;
  const auto path = dir / "a.h5";
  {
    File file = File::create(path);
    file.set_attribute("title", "caf\xc3\xa9 results");  // UTF-8 survives
    file.set_attribute("version", std::int64_t{3});
    file.set_attribute("ratio", 0.25);
    const std::vector<double> quantiles = {0.05, 0.5, 0.95};
    file.set_attribute("quantiles", view(quantiles));
    const std::vector<std::int64_t> codes = {0, 1, -1};
    file.set_attribute("codes", view(codes));
    const std::vector<std::string> labels = {"product engineer", "ML engineer", ""};
    file.set_attribute("labels", view(labels));
    const std::vector<std::string> none;
    file.set_attribute("empty_labels", view(none));
    file.set_attribute("title", "replaced");  // rewriting an attribute replaces it
    Group group = file.create_group("provenance");
    group.set_attribute("host", "example");
  }
  File file = File::open(path);
  CHECK(file.attribute<std::string>("title") == "replaced");
  CHECK(file.attribute<std::int64_t>("version") == 3);
  CHECK(file.attribute<double>("version") == 3.0);  // converted as HDF5 converts numbers
  CHECK(file.attribute<double>("ratio") == 0.25);
  CHECK(file.attribute_values<double>("quantiles") == std::vector<double>{0.05, 0.5, 0.95});
  CHECK(file.attribute_values<std::int64_t>("codes") == std::vector<std::int64_t>{0, 1, -1});
  CHECK(file.attribute_values<std::string>("labels") ==
        std::vector<std::string>{"product engineer", "ML engineer", ""});
  CHECK(file.attribute_values<std::string>("empty_labels").empty());
  CHECK(file.has_attribute("ratio"));
  CHECK_FALSE(file.has_attribute("nope"));
  CHECK_THROWS_AS(file.attribute<double>("nope"), Error);
  CHECK_THROWS_AS(file.attribute<double>("quantiles"), Error);  // three values, not one
  CHECK(file.open_group("provenance").attribute<std::string>("host") == "example");
  CHECK(file.contains("provenance"));
  CHECK(file.is_group("provenance"));
  CHECK_FALSE(file.contains("provenance/missing"));
  CHECK_FALSE(file.contains("missing/deeper"));
}

TEST_CASE("named dimensions: coordinates, bare dimensions and attached variables") {
  TempDir dir;
  const auto path = dir / "d.h5";
  const std::vector<std::int64_t> replications = {0, 1, 2};
  const std::vector<std::int64_t> months = {1, 2, 3, 4};
  const std::vector<std::string> roles = {"researcher", "MLOps engineer"};
  {
    File file = File::create(path);
    Dataset replication = file.create_coordinate<std::int64_t>("replication", view(replications));
    Dataset month = file.create_coordinate<std::int64_t>("month", view(months), "months",
                                                         "month since the start");
    Dataset role = file.create_coordinate<std::string>("role", view(roles));
    DatasetOptions options;
    options.chunk = {1, 4, 2};
    options.deflate = 4;
    options.has_fill = true;
    options.fill = std::numeric_limits<double>::quiet_NaN();
    Dataset headcount =
        file.create_variable<double>("headcount_by_role", {&replication, &month, &role}, options);
    CHECK(headcount.shape() == dims({3, 4, 2}));
    // Replication 1 only: the others stay at the fill value.
    std::vector<double> block(8);
    for (std::size_t i = 0; i < block.size(); ++i)
      block[i] = 10.0 + static_cast<double>(i);
    headcount.write<double>(view(block), dims({1, 0, 0}), dims({1, 4, 2}));
    headcount.set_attribute("units", "people");

    Group table = file.create_group("exits");
    Dataset row = table.create_dimension("row", 0, true);
    DatasetOptions column_options;
    column_options.chunk = {4};
    column_options.deflate = 1;
    Dataset month_column = table.create_variable<std::int64_t>("month", {&row}, column_options);
    CHECK(month_column.shape() == dims({0}));
    const std::vector<std::int64_t> first = {1, 2, 3};
    const std::vector<std::int64_t> second = {4, 5, 6, 7, 8};
    month_column.append<std::int64_t>(view(first));
    month_column.append<std::int64_t>(std::span<const std::int64_t>());
    month_column.append<std::int64_t>(view(second));
    const hsize_t rows = 8;
    row.resize(std::span<const hsize_t>(&rows, 1));
  }
  File file = File::open(path);
  Dataset headcount = file.open_dataset("headcount_by_role");
  CHECK(headcount.dimension_names() == std::vector<std::string>{"replication", "month", "role"});
  CHECK(headcount.chunk() == dims({1, 4, 2}));
  CHECK(headcount.attribute<std::string>("units") == "people");
  const auto all = headcount.read<double>();
  REQUIRE(all.size() == 24);
  CHECK(std::isnan(all[0]));
  CHECK(all[8] == 10.0);
  CHECK(all[15] == 17.0);
  CHECK(std::isnan(all[16]));
  const auto cell = headcount.read<double>(dims({1, 2, 1}), dims({1, 1, 1}));
  CHECK(cell == std::vector<double>{15.0});

  Dataset role = file.open_dataset("role");
  CHECK(role.is_scale());
  CHECK(role.read<std::string>() == roles);
  CHECK(file.open_dataset("month").attribute<std::string>("long_name") == "month since the start");
  CHECK(file.members() ==
        std::vector<std::string>{"replication", "month", "role", "headcount_by_role", "exits"});

  Dataset column = file.open_dataset("exits/month");
  CHECK(column.read<std::int64_t>() == std::vector<std::int64_t>{1, 2, 3, 4, 5, 6, 7, 8});
  CHECK(column.dimension_names() == std::vector<std::string>{"row"});
  CHECK(file.open_dataset("exits/row").shape() == dims({8}));
  CHECK(
      file.open_dataset("exits/row").attribute<std::string>("NAME").find("not a netCDF variable") !=
      std::string::npos);
}

TEST_CASE("chunk shapes keep trailing axes whole and fit the target") {
  CHECK(chunk_shape(dims({1000, 120}), 8, 1 << 18) == dims({273, 120}));
  CHECK(chunk_shape(dims({1000, 120, 8}), 8, 1 << 18) == dims({34, 120, 8}));
  CHECK(chunk_shape(dims({10, 120}), 8, 1 << 18) == dims({10, 120}));
  // A row larger than the target is cut along its own axes, never to zero.
  CHECK(chunk_shape(dims({5, 1000000}), 8, 1 << 18) == dims({1, 32768}));
  CHECK(chunk_shape(dims({0}), 8, 1 << 18) == dims({1}));
}

TEST_CASE("failures are exceptions that say what failed") {
  TempDir dir;
  const auto path = dir / "x.h5";
  { File::create(path); }
  CHECK(File::is_hdf5(path));
  // An existing file is not replaced unless asked.
  CHECK_THROWS_WITH(File::create(path), Catch::Contains("create") && Catch::Contains("x.h5"));
  CHECK_NOTHROW(File::create(path, true));
  CHECK_THROWS_AS(File::open(dir / "missing.h5"), Error);
  {
    std::ofstream text(dir / "text.h5");
    text << "not HDF5\n";
  }
  CHECK_FALSE(File::is_hdf5(dir / "text.h5"));
  CHECK_FALSE(File::is_hdf5(dir / "missing.h5"));
  CHECK_THROWS_AS(File::open(dir / "text.h5"), Error);

  File file = File::open(path, File::Mode::ReadWrite);
  const std::vector<double> values = {1.0, 2.0};
  const hsize_t two = 2;
  Dataset fixed = file.create_dataset<double>("fixed", std::span<const hsize_t>(&two, 1));
  CHECK_THROWS_AS(fixed.append<double>(view(values)), Error);  // not growable
  CHECK_THROWS_AS(fixed.write<double>(std::span<const double>(values.data(), 1)), Error);
  CHECK_THROWS_WITH(file.open_dataset("absent"), Catch::Contains("absent"));
  CHECK_THROWS_AS(file.create_group("fixed"), Error);  // the name is taken
}
