#pragma once
/// The Sobol low-discrepancy sequence in base 2 (Sobol 1967; Bratley and Fox
/// 1988), with the direction numbers of Joe and Kuo (2008) for the first 32
/// dimensions, and an optional random digital shift.
///
/// The first 2^m points of every dimension hit each dyadic interval
/// [j / 2^m, (j + 1) / 2^m) exactly once; a digital shift (XOR of a fixed
/// random bit pattern per dimension) keeps that property while making the
/// points a seeded random sample, which is what lets a Saltelli design be
/// reproducible from a seed and still be unbiased.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace wfsim::experiment::detail {

class SobolSequence {
 public:
  /// The most dimensions the built-in direction numbers cover.
  static constexpr std::size_t kMaxDimensions = 32;
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
  /// All coordinates of point `index`.
  void point(std::uint64_t index, double* out) const;

 private:
  std::uint32_t bits(std::uint64_t index, std::size_t dimension) const;

  std::size_t dimensions_;
  // directions_[d * kBits + b]: direction number b of dimension d, as a
  // 32-bit binary fraction.
  std::vector<std::uint32_t> directions_;
  std::vector<std::uint32_t> shifts_;
};

}  // namespace wfsim::experiment::detail
