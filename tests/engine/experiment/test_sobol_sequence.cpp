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
bool stratified(const SobolSequence& sequence, std::size_t d, unsigned m) {
  const std::size_t n = std::size_t{1} << m;
  std::vector<int> hits(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    ++hits[static_cast<std::size_t>(sequence.coordinate(i, d) * static_cast<double>(n))];
  }
  for (int h : hits) {
    if (h != 1) return false;
  }
  return true;
}
}  // namespace

TEST_CASE("every dimension is stratified, with and without a digital shift") {
  const SobolSequence plain(SobolSequence::kMaxDimensions);
  std::vector<std::uint32_t> shifts;
  for (std::size_t d = 0; d < SobolSequence::kMaxDimensions; ++d) {
    shifts.push_back(static_cast<std::uint32_t>(0x9e3779b9u * (d + 1)));
  }
  const SobolSequence shifted(SobolSequence::kMaxDimensions, shifts);
  for (std::size_t d = 0; d < SobolSequence::kMaxDimensions; ++d) {
    for (unsigned m : {1u, 4u, 10u}) {
      INFO("dimension " << d << ", 2^" << m << " points");
      CHECK(stratified(plain, d, m));
      CHECK(stratified(shifted, d, m));
    }
  }
}

TEST_CASE("the higher dimensions match an independent implementation") {
  // Dimensions 17-32 of points 5, 77 and 1000, as SciPy 1.10's unscrambled
  // scipy.stats.qmc.Sobol gives them (it uses the same Joe-Kuo numbers):
  // the direction numbers and their recurrence are right in every bit that
  // these points use. (All 32 dimensions of the first 1024 points agreed
  // when this was written.)
  const SobolSequence sequence(SobolSequence::kMaxDimensions);
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
  CHECK_THROWS_AS(SobolSequence(SobolSequence::kMaxDimensions + 1), std::invalid_argument);
}
