#include "engine/experiment/detail/sobol_sequence.hpp"

#include <stdexcept>
#include <string>

namespace wfsim::experiment::detail {

namespace {

std::size_t checked(std::size_t dimensions) {
  if (dimensions == 0 || dimensions > SobolSequence::kMaxDimensions) {
    throw std::invalid_argument("the Sobol sequence has direction numbers for 1 to " +
                                std::to_string(SobolSequence::kMaxDimensions) +
                                " dimensions, not " + std::to_string(dimensions));
  }
  return dimensions;
}

constexpr std::uint64_t kPoints = std::uint64_t{1} << SobolSequence::kBits;

}  // namespace

SobolSequence::SobolSequence(std::size_t dimensions, std::vector<std::uint32_t> shifts)
    : dimensions_(checked(dimensions)), engine_(dimensions), shifts_(std::move(shifts)) {
  if (!shifts_.empty() && shifts_.size() != dimensions) {
    throw std::invalid_argument("one digital shift per dimension");
  }
}

double SobolSequence::to_unit(std::uint32_t bits, std::size_t dimension) const {
  if (!shifts_.empty()) bits ^= shifts_[dimension];
  return static_cast<double>(bits) * 0x1.0p-32;
}

double SobolSequence::coordinate(std::uint64_t index, std::size_t dimension) const {
  if (index >= kPoints) throw std::out_of_range("Sobol point index beyond 2^32 - 1");
  if (dimension >= dimensions_) throw std::out_of_range("Sobol dimension out of range");
  if (index == 0) return to_unit(0, dimension);
  // Boost's generator leaves out the origin: its vector n is point n + 1
  // here (both in Gray-code order).
  Engine engine = engine_;
  engine.seed(static_cast<std::uint32_t>(index - 1));
  engine.discard(dimension);
  return to_unit(engine(), dimension);
}

std::vector<double> SobolSequence::first_points(std::uint64_t count) const {
  if (count > kPoints) throw std::out_of_range("more Sobol points than 2^32");
  std::vector<double> points(count * dimensions_);
  if (count == 0) return points;
  for (std::size_t d = 0; d < dimensions_; ++d)
    points[d] = to_unit(0, d);
  Engine engine = engine_;
  engine.seed();
  for (std::uint64_t i = 1; i < count; ++i) {
    double* row = &points[i * dimensions_];
    for (std::size_t d = 0; d < dimensions_; ++d)
      row[d] = to_unit(engine(), d);
  }
  return points;
}

}  // namespace wfsim::experiment::detail
