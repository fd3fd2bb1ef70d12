#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <vector>

#include "engine/experiment/detail/sobol_sequence.hpp"

using wfsim::experiment::detail::SobolSequence;

TEST_CASE("the Sobol sequence starts with the published points") {
  const SobolSequence sequence(3);
  const std::vector<std::vector<double>> expected = {{0, 0, 0},
                                                     {0.5, 0.5, 0.5},
                                                     {0.75, 0.25, 0.25},
                                                     {0.25, 0.75, 0.75},
                                                     {0.375, 0.375, 0.625},
                                                     {0.875, 0.875, 0.125},
                                                     {0.625, 0.125, 0.875},
                                                     {0.125, 0.625, 0.375},
                                                     {0.1875, 0.3125, 0.9375},
                                                     {0.6875, 0.8125, 0.4375}};
  for (std::size_t n = 0; n < expected.size(); ++n) {
    for (std::size_t d = 0; d < 3; ++d) {
      INFO("point " << n << " dimension " << d);
      CHECK(sequence.coordinate(n, d) == expected[n][d]);
    }
  }
}

namespace {
/// Whether the first 2^m points put exactly one point in each interval
/// [j / 2^m, (j + 1) / 2^m) of dimension d.
bool stratified(const std::vector<double>& points, std::size_t dimensions, std::size_t d,
                unsigned m) {
  const std::size_t n = std::size_t{1} << m;
  std::vector<int> hits(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    ++hits[static_cast<std::size_t>(points[i * dimensions + d] * static_cast<double>(n))];
  }
  return std::all_of(hits.begin(), hits.end(), [](int h) { return h == 1; });
}
}  // namespace

TEST_CASE("every dimension a 64-parameter Saltelli design uses is stratified, shifted or not") {
  // 128 dimensions: A and B of 64 parameters; and a few of the highest.
  constexpr std::size_t kDimensions = 128;
  std::vector<std::uint32_t> shifts;
  for (std::size_t d = 0; d < kDimensions; ++d) {
    shifts.push_back(static_cast<std::uint32_t>(0x9e3779b9u * (d + 1)));
  }
  const auto plain = SobolSequence(kDimensions).first_points(1024);
  const auto shifted = SobolSequence(kDimensions, shifts).first_points(1024);
  for (std::size_t d = 0; d < kDimensions; ++d) {
    for (unsigned m : {1u, 4u, 10u}) {
      INFO("dimension " << d << ", 2^" << m << " points");
      CHECK(stratified(plain, kDimensions, d, m));
      CHECK(stratified(shifted, kDimensions, d, m));
    }
  }
  const SobolSequence widest(SobolSequence::kMaxDimensions);
  for (std::size_t d = SobolSequence::kMaxDimensions - 3; d < SobolSequence::kMaxDimensions; ++d) {
    std::vector<double> column;
    for (std::uint64_t i = 0; i < 16; ++i)
      column.push_back(widest.coordinate(i, d));
    INFO("dimension " << d);
    CHECK(stratified(column, 1, 0, 4));
  }
}

TEST_CASE("points generated in sequence are the points computed one by one") {
  const SobolSequence sequence(70, std::vector<std::uint32_t>(70, 0x5a5a5a5au));
  const auto points = sequence.first_points(300);
  for (std::uint64_t i : {0u, 1u, 2u, 3u, 64u, 255u, 299u}) {
    for (std::size_t d : {0u, 1u, 33u, 69u}) {
      INFO("point " << i << " dimension " << d);
      CHECK(points[i * 70 + d] == sequence.coordinate(i, d));
    }
  }
}

TEST_CASE("the higher dimensions match an independent implementation") {
  // Dimensions 17-32 of points 5, 77 and 1000, as SciPy 1.10's unscrambled
  // scipy.stats.qmc.Sobol gives them (it uses the same Joe-Kuo numbers):
  // the direction numbers and their recurrence are right in every bit that
  // these points use. (All 32 dimensions of the first 1024 points agreed
  // when this was written.)
  const SobolSequence sequence(32);
  const std::vector<std::pair<std::uint64_t, std::vector<double>>> reference = {
      {5,
       {0.875, 0.375, 0.375, 0.625, 0.625, 0.625, 0.875, 0.375, 0.375, 0.375, 0.875, 0.125, 0.625,
        0.625, 0.875, 0.625}},
      {77,
       {0.8203125, 0.8828125, 0.7890625, 0.0078125, 0.1484375, 0.8828125, 0.8671875, 0.7890625,
        0.8515625, 0.6796875, 0.8046875, 0.3671875, 0.1640625, 0.4609375, 0.9765625, 0.7421875}},
      {1000,
       {0.7197265625, 0.3447265625, 0.9912109375, 0.7255859375, 0.5224609375, 0.5498046875,
        0.9501953125, 0.5400390625, 0.5830078125, 0.9072265625, 0.0400390625, 0.9794921875,
        0.0595703125, 0.3408203125, 0.1474609375, 0.1455078125}},
  };
  for (const auto& [index, values] : reference) {
    for (std::size_t d = 0; d < values.size(); ++d) {
      INFO("point " << index << " dimension " << d + 16);
      CHECK(sequence.coordinate(index, d + 16) == values[d]);
    }
  }
}

TEST_CASE("more dimensions than the direction numbers cover are refused") {
  CHECK(SobolSequence::kMaxDimensions >= 128);  // Saltelli designs of 64 parameters
  CHECK_THROWS_AS(SobolSequence(SobolSequence::kMaxDimensions + 1), std::invalid_argument);
  CHECK_THROWS_AS(SobolSequence(0), std::invalid_argument);
}
