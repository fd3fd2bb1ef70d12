#pragma once
/// The Sobol low-discrepancy sequence in base 2, from Boost.Random's
/// generator (Joe and Kuo's direction numbers, thousands of dimensions), in
/// Gray-code order starting at the origin, with an optional random digital
/// shift.
///
/// The first 2^m points of every dimension hit each dyadic interval
/// [j / 2^m, (j + 1) / 2^m) exactly once; a digital shift (XOR of a fixed
/// random bit pattern per dimension) keeps that property while making the
/// points a seeded random sample, which is what lets a Saltelli design be
/// reproducible from a seed and still be unbiased.
#include <boost/random/sobol.hpp>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace wfsim::experiment::detail {

class SobolSequence {
 public:
  /// The most dimensions Boost's direction numbers cover.
  static constexpr std::size_t kMaxDimensions = boost::random::default_sobol_table::max_dimension;
  /// Points are 32-bit binary fractions; the index must stay below 2^32.
  static constexpr int kBits = 32;

  /// `shifts` holds one 32-bit pattern per dimension XORed into every point,
  /// or is empty for the unshifted sequence. Throws std::invalid_argument
  /// beyond kMaxDimensions.
  explicit SobolSequence(std::size_t dimensions, std::vector<std::uint32_t> shifts = {});

  std::size_t dimensions() const { return dimensions_; }
  /// Coordinate `dimension` of point `index` (index 0 is the origin before
  /// shifting), in [0, 1).
  double coordinate(std::uint64_t index, std::size_t dimension) const;
  /// Points 0 .. count - 1, row-major (count x dimensions), generated in
  /// sequence (one XOR per coordinate).
  std::vector<double> first_points(std::uint64_t count) const;

 private:
  using Engine = boost::random::sobol_engine<std::uint32_t, kBits>;
  double to_unit(std::uint32_t bits, std::size_t dimension) const;

  std::size_t dimensions_;
  Engine engine_;
  std::vector<std::uint32_t> shifts_;
};

}  // namespace wfsim::experiment::detail
