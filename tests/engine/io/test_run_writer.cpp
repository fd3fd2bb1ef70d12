#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>

#include "engine/experiment/batch.hpp"
#include "engine/io/detail/hdf5.hpp"
#include "engine/io/run_writer.hpp"
#include "engine/params/config_error.hpp"
#include "tests/common/showcase_model.hpp"
#include "tests/common/temp_dir.hpp"

using namespace wfsim;
using io::detail::hdf5::Dataset;
using io::detail::hdf5::File;
using testing::TempDir;

namespace {

struct Run {
  std::unique_ptr<model::Model> model = testing::make_showcase_model();
  std::unique_ptr<const model::Scenario> scenario;
  std::vector<results::ReplicationResult> results;

  explicit Run(std::int64_t months, std::int64_t snapshot_every = 0) {
    params::ParamValues values(model->parameters());
    values.set("months", months);
    values.set("snapshot_every", snapshot_every);
    scenario = model->instantiate(values);
  }
  const results::OutputSchema& schema() const { return scenario->schema(); }

  io::RunProvenance provenance(std::uint64_t replications) const {
    io::RunProvenance p;
    p.model = "showcase";
    p.config_file = "showcase.yaml";
    p.config_text = "model: showcase\n";
    p.config_resolved = "model: showcase\nparameters: {}\n";
    p.seed = 11;
    p.replications = replications;
    p.threads = 2;
    p.wfsim_version = "test";
    p.git_commit = "test";
    return p;
  }

  /// Runs `replications` through the real batch runner into `writer`,
  /// keeping the results to compare with.
  void execute(io::RunWriter& writer, std::uint64_t replications) {
    experiment::BatchOptions options;
    options.seed = 11;
    options.replications = replications;
    options.threads = 2;
    experiment::run_batch(*scenario, options, [&](results::ReplicationResult&& result) {
      writer.add(result);
      results.push_back(std::move(result));
    });
  }
};

bool same(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || a == b;
}

std::vector<std::string> dims(const Dataset& d) {
  return d.dimension_names();
}

}  // namespace

TEST_CASE("a results file holds what each replication computed, in the declared layout") {
  TempDir dir;
  const auto path = dir / "run.h5";
  Run run(14, 7);
  const std::uint64_t replications = 5;
  {
    io::RunWriter writer(path, run.schema(), run.provenance(replications));
    run.execute(writer, replications);
    CHECK_FALSE(std::filesystem::exists(path));
    writer.commit();
  }
  REQUIRE(std::filesystem::exists(path));
  // Only the final file: the temporary one was renamed.
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path()),
                      std::filesystem::directory_iterator()) == 1);

  const auto& schema = run.schema();
  File file = File::open(path);
  CHECK(file.attribute<std::string>("wfsim_format") == io::kRunFormat);
  CHECK(file.attribute<std::int64_t>("wfsim_format_version") == io::kRunFormatVersion);
  CHECK(file.attribute<std::int64_t>("replications") == 5);
  CHECK(file.open_dataset("replication").read<std::int64_t>() ==
        std::vector<std::int64_t>{0, 1, 2, 3, 4});
  CHECK(file.open_dataset("month").read<std::int64_t>().back() == 14);
  CHECK(file.open_dataset("group").read<std::string>() == schema.dimensions[0].labels);

  for (std::size_t i = 0; i < schema.series.size(); ++i) {
    const auto& spec = schema.series[i];
    INFO("series " << spec.name);
    Dataset dataset = file.open_dataset(spec.name);
    std::vector<std::string> expected_dims = {"replication", "month"};
    if (!spec.by.empty()) expected_dims.push_back(spec.by);
    CHECK(dims(dataset) == expected_dims);
    CHECK(dataset.attribute<std::string>("units") == spec.units);
    CHECK(dataset.attribute<std::string>("long_name") == spec.long_name);
    CHECK(dataset.attribute<std::string>("visibility") == results::to_string(spec.visibility));
    CHECK_FALSE(dataset.chunk().empty());
    const auto values = dataset.read<double>();
    const std::size_t per_replication = schema.periods * schema.width(spec);
    REQUIRE(values.size() == replications * per_replication);
    for (const auto& result : run.results) {
      for (std::size_t k = 0; k < per_replication; ++k) {
        REQUIRE(same(values[result.replication * per_replication + k], result.series[i][k]));
      }
    }

    // Summaries: count and mean per cell, quantiles ordered and bracketing
    // the median of the replications' values.
    const auto mean = file.open_dataset("summary/mean/" + spec.name).read<double>();
    const auto count = file.open_dataset("summary/count/" + spec.name).read<std::int64_t>();
    Dataset quantile_set = file.open_dataset("summary/quantiles/" + spec.name);
    CHECK(dims(quantile_set).front() == "quantile");
    const auto quantiles = quantile_set.read<double>();
    for (std::size_t k = 0; k < per_replication; ++k) {
      std::vector<double> cell;
      for (const auto& result : run.results) {
        if (!std::isnan(result.series[i][k])) cell.push_back(result.series[i][k]);
      }
      REQUIRE(count[k] == static_cast<std::int64_t>(cell.size()));
      if (cell.empty()) {
        REQUIRE(std::isnan(mean[k]));
        for (std::size_t q = 0; q < 5; ++q)
          REQUIRE(std::isnan(quantiles[q * per_replication + k]));
        continue;
      }
      double sum = 0;
      for (double x : cell)
        sum += x;
      REQUIRE(mean[k] == Approx(sum / static_cast<double>(cell.size())));
      std::sort(cell.begin(), cell.end());
      REQUIRE(quantiles[0 * per_replication + k] >= cell.front());
      REQUIRE(quantiles[4 * per_replication + k] <= cell.back());
      for (std::size_t q = 1; q < 5; ++q) {
        REQUIRE(quantiles[q * per_replication + k] >= quantiles[(q - 1) * per_replication + k]);
      }
      if (cell.size() % 2 == 1)
        REQUIRE(quantiles[2 * per_replication + k] == cell[cell.size() / 2]);
    }
  }

  for (std::size_t i = 0; i < schema.scalars.size(); ++i) {
    Dataset dataset = file.open_dataset("scalars/" + schema.scalars[i].name);
    CHECK(dims(dataset) == std::vector<std::string>{"replication"});
    const auto values = dataset.read<double>();
    for (const auto& result : run.results) {
      CHECK(same(values[result.replication], result.scalars[i]));
    }
  }
  const auto events = file.open_dataset("diagnostics/kernel_events").read<std::int64_t>();
  for (const auto& result : run.results) {
    CHECK(events[result.replication] == static_cast<std::int64_t>(result.events));
  }

  for (std::size_t t = 0; t < schema.tables.size(); ++t) {
    const auto& spec = schema.tables[t];
    INFO("table " << spec.name);
    const std::string group = "tables/" + spec.name + "/";
    std::vector<std::int64_t> expected_replication;
    for (const auto& result : run.results) {
      expected_replication.insert(expected_replication.end(), result.tables[t].rows(),
                                  static_cast<std::int64_t>(result.replication));
    }
    CHECK(file.open_dataset(group + "replication").read<std::int64_t>() == expected_replication);
    CHECK(file.open_dataset(group + "row").shape() ==
          std::vector<hsize_t>{expected_replication.size()});
    for (std::size_t c = 0; c < spec.columns.size(); ++c) {
      Dataset column = file.open_dataset(group + spec.columns[c].name);
      CHECK(dims(column) == std::vector<std::string>{"row"});
      CHECK(column.attribute<std::string>("visibility") ==
            results::to_string(spec.columns[c].visibility));
      if (spec.columns[c].type == results::ColumnType::Float64) {
        std::vector<double> expected;
        for (const auto& result : run.results) {
          const auto& v = std::get<std::vector<double>>(result.tables[t].columns[c]);
          expected.insert(expected.end(), v.begin(), v.end());
        }
        CHECK(column.read<double>() == expected);
      } else {
        std::vector<std::int64_t> expected;
        for (const auto& result : run.results) {
          const auto& v = std::get<std::vector<std::int64_t>>(result.tables[t].columns[c]);
          expected.insert(expected.end(), v.begin(), v.end());
        }
        CHECK(column.read<std::int64_t>() == expected);
      }
      if (spec.columns[c].type == results::ColumnType::Category) {
        CHECK(column.attribute_values<std::string>("categories") ==
              schema.find_dimension(spec.columns[c].dimension)->labels);
        CHECK(column.attribute<std::string>("category_dimension") == spec.columns[c].dimension);
      }
    }
  }
  // The panel was asked for (every 7 months): it has rows.
  CHECK(file.open_dataset("tables/panel/row").shape()[0] > 0);

  CHECK(file.open_group("provenance").attribute<std::string>("config_file") == "showcase.yaml");
  CHECK(file.open_dataset("provenance/config").read<std::string>() ==
        std::vector<std::string>{"model: showcase\n"});
  CHECK_FALSE(file.open_group("provenance").attribute<std::string>("end_time").empty());
}

TEST_CASE("replications written in any order land in their rows across blocks and chunks") {
  // Enough replications for several of the writer's blocks (at most 256
  // replications each) and enough table rows for several 8,192-row chunks,
  // handed over out of order, as a writer fed by other processes may be.
  TempDir dir;
  const auto path = dir / "run.h5";
  Run run(36);
  const std::uint64_t replications = 600;
  {
    experiment::BatchOptions options;
    options.seed = 11;
    options.replications = replications;
    options.threads = 2;
    experiment::run_batch(*run.scenario, options, [&](results::ReplicationResult&& result) {
      run.results.push_back(std::move(result));
    });
  }
  // Odd replications from the back, then even ones from the front.
  std::vector<const results::ReplicationResult*> order;
  for (auto it = run.results.rbegin(); it != run.results.rend(); ++it) {
    if (it->replication % 2 == 1) order.push_back(&*it);
  }
  for (const auto& result : run.results) {
    if (result.replication % 2 == 0) order.push_back(&result);
  }
  {
    io::RunWriter writer(path, run.schema(), run.provenance(replications));
    for (const auto* result : order)
      writer.add(*result);
    writer.commit();
  }

  const auto& schema = run.schema();
  File file = File::open(path);
  for (std::size_t i = 0; i < schema.series.size(); ++i) {
    INFO("series " << schema.series[i].name);
    const auto values = file.open_dataset(schema.series[i].name).read<double>();
    const std::size_t per_replication = schema.periods * schema.width(schema.series[i]);
    REQUIRE(values.size() == replications * per_replication);
    for (const auto& result : run.results) {
      for (std::size_t k = 0; k < per_replication; ++k) {
        REQUIRE(same(values[result.replication * per_replication + k], result.series[i][k]));
      }
    }
  }
  for (std::size_t i = 0; i < schema.scalars.size(); ++i) {
    const auto values = file.open_dataset("scalars/" + schema.scalars[i].name).read<double>();
    for (const auto& result : run.results)
      REQUIRE(same(values[result.replication], result.scalars[i]));
  }
  const auto events = file.open_dataset("diagnostics/kernel_events").read<std::int64_t>();
  for (const auto& result : run.results)
    REQUIRE(events[result.replication] == static_cast<std::int64_t>(result.events));

  // Table rows follow the order the replications were handed over.
  std::size_t largest = 0;
  for (std::size_t t = 0; t < schema.tables.size(); ++t) {
    const auto& spec = schema.tables[t];
    INFO("table " << spec.name);
    const std::string group = "tables/" + spec.name + "/";
    std::vector<std::int64_t> expected_replication;
    for (const auto* result : order) {
      expected_replication.insert(expected_replication.end(), result->tables[t].rows(),
                                  static_cast<std::int64_t>(result->replication));
    }
    largest = std::max(largest, expected_replication.size());
    CHECK(file.open_dataset(group + "replication").read<std::int64_t>() == expected_replication);
    CHECK(file.open_dataset(group + "row").shape() ==
          std::vector<hsize_t>{expected_replication.size()});
    for (std::size_t c = 0; c < spec.columns.size(); ++c) {
      Dataset column = file.open_dataset(group + spec.columns[c].name);
      if (spec.columns[c].type == results::ColumnType::Float64) {
        std::vector<double> expected;
        for (const auto* result : order) {
          const auto& v = std::get<std::vector<double>>(result->tables[t].columns[c]);
          expected.insert(expected.end(), v.begin(), v.end());
        }
        CHECK(column.read<double>() == expected);
      } else {
        std::vector<std::int64_t> expected;
        for (const auto* result : order) {
          const auto& v = std::get<std::vector<std::int64_t>>(result->tables[t].columns[c]);
          expected.insert(expected.end(), v.begin(), v.end());
        }
        CHECK(column.read<std::int64_t>() == expected);
      }
    }
  }
  CHECK(largest > 2 * 8192);  // the case above crossed chunk boundaries
}

TEST_CASE("nothing is at the final path before commit; an abandoned writer leaves nothing") {
  TempDir dir;
  const auto path = dir / "run.h5";
  Run run(6);
  std::filesystem::path temporary;
  {
    io::RunWriter writer(path, run.schema(), run.provenance(3));
    temporary = writer.temporary_path();
    CHECK(temporary.parent_path() == path.parent_path());
    CHECK(temporary.filename().string().front() == '.');
    CHECK(std::filesystem::exists(temporary));
    run.execute(writer, 2);  // one replication short
    CHECK_THROWS_WITH(writer.commit(), Catch::Contains("replication 2 was never written"));
    CHECK_FALSE(std::filesystem::exists(path));
  }
  CHECK_FALSE(std::filesystem::exists(temporary));
  CHECK(std::filesystem::is_empty(dir.path()));
}

TEST_CASE("an existing file is replaced only when asked, never behind the writer's back") {
  TempDir dir;
  const auto path = dir / "run.h5";
  Run run(4);
  { std::ofstream(path) << "precious\n"; }
  CHECK_THROWS_AS(io::check_output_path(path, false), params::ConfigError);
  CHECK_NOTHROW(io::check_output_path(path, true));

  io::RunWriterOptions overwrite;
  overwrite.overwrite = true;
  {
    io::RunWriter writer(path, run.schema(), run.provenance(2), overwrite);
    run.execute(writer, 2);
    writer.commit();
  }
  CHECK(File::is_hdf5(path));

  // Without overwrite, a file that appears during the run is left alone and
  // the results stay in the temporary file, which the error names.
  std::filesystem::remove(path);
  std::filesystem::path temporary;
  {
    io::RunWriter writer(path, run.schema(), run.provenance(2));
    temporary = writer.temporary_path();
    run.execute(writer, 2);
    { std::ofstream(path) << "precious\n"; }
    CHECK_THROWS_WITH(writer.commit(), Catch::Contains("left alone") &&
                                           Catch::Contains(temporary.filename().string()));
  }
  std::ifstream kept(path);
  std::string text;
  std::getline(kept, text);
  CHECK(text == "precious");
  CHECK(File::is_hdf5(temporary));
}

TEST_CASE("output path problems are found before a run, each with one located error") {
  TempDir dir;
  const auto message = [](const std::filesystem::path& path) -> std::string {
    try {
      io::check_output_path(path, false);
    } catch (const params::ConfigError& e) {
      return e.what();
    }
    return "";
  };
  CHECK_THAT(message(dir / "missing" / "run.h5"), Catch::Contains("run.h5") &&
                                                      Catch::Contains("does not exist") &&
                                                      Catch::Contains("key '--output'"));
  { std::ofstream(dir / "plain") << "x"; }
  CHECK_THAT(message(dir / "plain" / "run.h5"), Catch::Contains("is not a directory"));
  std::filesystem::create_directory(dir / "sub");
  CHECK_THAT(message(dir / "sub"), Catch::Contains("is a directory"));
  CHECK(message(dir / "fresh.h5").empty());
}

TEST_CASE("quantiles interpolate linearly between order statistics, as numpy does") {
  const std::vector<double> four = {1.0, 2.0, 3.0, 4.0};
  CHECK(io::quantile_of_sorted(four, 0.5) == 2.5);
  CHECK(io::quantile_of_sorted(four, 0.05) == Approx(1.15));
  CHECK(io::quantile_of_sorted(four, 0.95) == Approx(3.85));
  CHECK(io::quantile_of_sorted(four, 0.0) == 1.0);
  CHECK(io::quantile_of_sorted(four, 1.0) == 4.0);
  CHECK(io::quantile_of_sorted({7.0}, 0.25) == 7.0);
  CHECK(std::isnan(io::quantile_of_sorted({}, 0.5)));
}

TEST_CASE("a schema the layout cannot hold is refused before anything is written") {
  TempDir dir;
  Run run(3);
  auto schema = run.schema();
  schema.series[0].name = "replication";
  CHECK_THROWS_AS(io::RunWriter(dir / "a.h5", schema, run.provenance(1)), std::logic_error);
  schema = run.schema();
  schema.series[0].name = "summary";  // a group's name
  CHECK_THROWS_AS(io::RunWriter(dir / "a.h5", schema, run.provenance(1)), std::logic_error);
  schema = run.schema();
  schema.tables[0].columns[0].name = "replication";
  CHECK_THROWS_AS(io::RunWriter(dir / "a.h5", schema, run.provenance(1)), std::logic_error);
  CHECK(std::filesystem::is_empty(dir.path()));
}
