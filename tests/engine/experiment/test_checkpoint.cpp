#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>

#include "engine/experiment/detail/checkpoint.hpp"
#include "tests/common/temp_dir.hpp"

using namespace wfsim::experiment;
using namespace wfsim::experiment::detail;
using wfsim::testing::TempDir;

namespace {

const CheckpointHeader kHeader{0x1234, 100, 3, Shard{1, 4}};

std::map<std::uint64_t, std::vector<double>> read_back(const std::string& path,
                                                       const CheckpointHeader& header = kHeader) {
  std::map<std::uint64_t, std::vector<double>> records;
  Checkpoint::resume(path, header, [&](std::uint64_t point, std::span<const double> values) {
    records[point] = std::vector<double>(values.begin(), values.end());
  });
  return records;
}

}  // namespace

TEST_CASE("finished points survive and come back on resume") {
  TempDir dir;
  const std::string path = (dir / "c.checkpoint").string();
  {
    Checkpoint checkpoint = Checkpoint::create(path, kHeader);
    checkpoint.append(30, std::vector<double>{1, 2, 3});
    checkpoint.append(27, std::vector<double>{4, std::nan(""), 6});
  }
  auto records = read_back(path);
  REQUIRE(records.size() == 2);
  CHECK(records[30] == std::vector<double>{1, 2, 3});
  CHECK(std::isnan(records[27][1]));
  {
    // Resuming appends after what is there.
    Checkpoint again = Checkpoint::resume(path, kHeader, [](auto, auto) {});
    again.append(40, std::vector<double>{7, 8, 9});
  }
  CHECK(read_back(path).size() == 3);
}

TEST_CASE("a torn last record is dropped and cut off") {
  TempDir dir;
  const std::string path = (dir / "c.checkpoint").string();
  {
    Checkpoint checkpoint = Checkpoint::create(path, kHeader);
    checkpoint.append(1, std::vector<double>{1, 2, 3});
    checkpoint.append(2, std::vector<double>{4, 5, 6});
  }
  const auto full = std::filesystem::file_size(path);
  std::filesystem::resize_file(path, full - 5);  // died inside the second write()
  const auto records = read_back(path);
  CHECK(records.size() == 1);
  CHECK(records.count(1) == 1);
  CHECK(std::filesystem::file_size(path) < full - 5);

  // A flipped byte in a record is caught by its checksum.
  {
    Checkpoint checkpoint = Checkpoint::resume(path, kHeader, [](auto, auto) {});
    checkpoint.append(3, std::vector<double>{7, 8, 9});
  }
  {
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(-12, std::ios::end);
    file.put('\x7f');
  }
  CHECK(read_back(path).size() == 1);
}

TEST_CASE("a checkpoint of another sweep or shard is refused and left alone") {
  TempDir dir;
  const std::string path = (dir / "c.checkpoint").string();
  {
    Checkpoint checkpoint = Checkpoint::create(path, kHeader);
    checkpoint.append(5, std::vector<double>{1, 2, 3});
  }
  const auto size = std::filesystem::file_size(path);
  CheckpointHeader other = kHeader;
  other.sweep_hash = 0x9999;
  CHECK_THROWS_WITH(read_back(path, other), Catch::Contains("different sweep"));
  other = kHeader;
  other.shard = Shard{2, 4};
  CHECK_THROWS_WITH(read_back(path, other), Catch::Contains("shard 1/4"));
  CHECK(std::filesystem::file_size(path) == size);
  CHECK_THROWS_WITH(Checkpoint::create(path, kHeader), Catch::Contains("--resume"));
  CHECK_THROWS_AS(read_back((dir / "missing").string()), wfsim::params::ConfigError);
  std::ofstream(dir / "junk") << "not a checkpoint at all, just some text that is long enough";
  CHECK_THROWS_WITH(read_back((dir / "junk").string()),
                    Catch::Contains("not a wfsim sweep checkpoint"));
}

TEST_CASE("a damaged record with finished points after it is an error, not a torn tail") {
  TempDir dir;
  const std::string path = (dir / "c.checkpoint").string();
  {
    Checkpoint checkpoint = Checkpoint::create(path, kHeader);
    checkpoint.append(1, std::vector<double>{1, 2, 3});
    checkpoint.append(2, std::vector<double>{4, 5, 6});
    checkpoint.append(3, std::vector<double>{7, 8, 9});
  }
  const auto size = std::filesystem::file_size(path);
  {
    // A byte of the second record's values.
    const std::streamoff header = 7 * 8;
    const std::streamoff record = 5 * 8;
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(header + record + 12);
    file.put('\x55');
  }
  CHECK_THROWS_WITH(read_back(path), Catch::Contains("record 1 (at byte 96) is damaged") &&
                                         Catch::Contains("finished points follow"));
  CHECK_THROWS_AS(read_back(path), wfsim::params::ConfigError);
  CHECK(std::filesystem::file_size(path) == size);  // left untouched
}
