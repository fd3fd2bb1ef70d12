#include "engine/experiment/detail/sobol_sequence.hpp"

#include <array>
#include <stdexcept>
#include <string>

namespace wfsim::experiment::detail {

namespace {

/// One row of the Joe and Kuo table (new-joe-kuo-6.21201): the degree s of a
/// primitive polynomial over GF(2), its inner coefficients a (a_1 the most
/// significant of s - 1 bits), and the initial direction numbers m_1..m_s.
struct DirectionRow {
  unsigned degree;
  unsigned coefficients;
  std::array<std::uint32_t, 7> initial;
};

// Dimensions 2..32; dimension 1 is the van der Corput sequence.
constexpr std::array<DirectionRow, 31> kJoeKuo = {{
    {1, 0, {1}},
    {2, 1, {1, 3}},
    {3, 1, {1, 3, 1}},
    {3, 2, {1, 1, 1}},
    {4, 1, {1, 1, 3, 3}},
    {4, 4, {1, 3, 5, 13}},
    {5, 2, {1, 1, 5, 5, 17}},
    {5, 4, {1, 1, 5, 5, 5}},
    {5, 7, {1, 1, 7, 11, 19}},
    {5, 11, {1, 1, 5, 1, 1}},
    {5, 13, {1, 1, 1, 3, 11}},
    {5, 14, {1, 3, 5, 5, 31}},
    {6, 1, {1, 3, 3, 9, 7, 49}},
    {6, 13, {1, 1, 1, 15, 21, 21}},
    {6, 16, {1, 3, 1, 13, 27, 49}},
    {6, 19, {1, 1, 1, 15, 7, 5}},
    {6, 22, {1, 3, 1, 15, 13, 25}},
    {6, 25, {1, 1, 5, 5, 19, 61}},
    {7, 1, {1, 3, 7, 11, 23, 15, 103}},
    {7, 4, {1, 3, 7, 13, 13, 15, 69}},
    {7, 7, {1, 1, 3, 13, 7, 35, 63}},
    {7, 8, {1, 3, 5, 9, 1, 25, 53}},
    {7, 14, {1, 3, 1, 13, 9, 35, 107}},
    {7, 19, {1, 3, 1, 5, 27, 61, 31}},
    {7, 21, {1, 1, 5, 11, 19, 41, 61}},
    {7, 28, {1, 3, 5, 3, 3, 13, 69}},
    {7, 31, {1, 1, 7, 13, 1, 19, 1}},
    {7, 32, {1, 3, 7, 5, 13, 19, 59}},
    {7, 37, {1, 1, 3, 9, 25, 29, 41}},
    {7, 41, {1, 3, 5, 13, 23, 1, 55}},
    {7, 42, {1, 3, 7, 3, 13, 59, 17}},
}};

}  // namespace

SobolSequence::SobolSequence(std::size_t dimensions, std::vector<std::uint32_t> shifts)
    : dimensions_(dimensions), directions_(dimensions * kBits), shifts_(std::move(shifts)) {
  if (dimensions > kMaxDimensions) {
    throw std::invalid_argument("the Sobol sequence has direction numbers for " +
                                std::to_string(kMaxDimensions) + " dimensions, not " +
                                std::to_string(dimensions));
  }
  if (!shifts_.empty() && shifts_.size() != dimensions) {
    throw std::invalid_argument("one digital shift per dimension");
  }
  for (std::size_t d = 0; d < dimensions; ++d) {
    std::uint32_t* v = &directions_[d * kBits];
    if (d == 0) {
      for (int b = 0; b < kBits; ++b)
        v[b] = 1u << (kBits - 1 - b);
      continue;
    }
    const DirectionRow& row = kJoeKuo[d - 1];
    const unsigned s = row.degree;
    for (unsigned b = 0; b < s && b < static_cast<unsigned>(kBits); ++b) {
      v[b] = row.initial[b] << (kBits - 1 - b);
    }
    // v_i = v_{i-s} ^ (v_{i-s} >> s) ^ sum_k a_k v_{i-k}: the recurrence of
    // the primitive polynomial, on direction numbers as binary fractions.
    for (unsigned b = s; b < static_cast<unsigned>(kBits); ++b) {
      std::uint32_t value = v[b - s] ^ (v[b - s] >> s);
      for (unsigned k = 1; k < s; ++k) {
        if ((row.coefficients >> (s - 1 - k)) & 1u) value ^= v[b - k];
      }
      v[b] = value;
    }
  }
}

std::uint32_t SobolSequence::bits(std::uint64_t index, std::size_t dimension) const {
  // Point n is the XOR of the direction numbers selected by the bits of its
  // Gray code; the set of the first 2^m points is the same as in natural
  // order, and any point can be computed directly.
  std::uint64_t gray = index ^ (index >> 1);
  const std::uint32_t* v = &directions_[dimension * kBits];
  std::uint32_t x = shifts_.empty() ? 0u : shifts_[dimension];
  for (int b = 0; gray != 0 && b < kBits; ++b, gray >>= 1) {
    if (gray & 1u) x ^= v[b];
  }
  return x;
}

double SobolSequence::coordinate(std::uint64_t index, std::size_t dimension) const {
  return static_cast<double>(bits(index, dimension)) * 0x1.0p-32;
}

void SobolSequence::point(std::uint64_t index, double* out) const {
  for (std::size_t d = 0; d < dimensions_; ++d)
    out[d] = coordinate(index, d);
}

}  // namespace wfsim::experiment::detail
