#include "engine/experiment/design.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include "engine/experiment/detail/sobol_sequence.hpp"
#include "engine/rng/random_stream.hpp"

namespace wfsim::experiment {

std::string_view to_string(DesignKind kind) {
  switch (kind) {
    case DesignKind::Grid:
      return "grid";
    case DesignKind::LatinHypercube:
      return "lhs";
    case DesignKind::Morris:
      return "morris";
    case DesignKind::Sobol:
      return "sobol";
  }
  return "?";
}

const std::vector<std::string>& design_names() {
  static const std::vector<std::string> names = {"grid", "lhs", "morris", "sobol"};
  return names;
}

std::string DesignSettings::canonical() const {
  return fmt::format(
      "design {} samples {} trajectories {} levels {} bootstrap {} confidence {:.17g}",
      to_string(kind), samples, trajectories, levels, bootstrap, confidence);
}

std::size_t design_points(const DesignSettings& settings, const std::vector<Factor>& factors) {
  const std::size_t k = factors.size();
  if (k == 0) throw std::invalid_argument("a design needs at least one factor");
  switch (settings.kind) {
    case DesignKind::Grid: {
      std::size_t points = 1;
      for (const auto& factor : factors) {
        if (factor.grid_size() == 0) throw std::invalid_argument("grid factor without points");
        points *= factor.grid_size();
      }
      return points;
    }
    case DesignKind::LatinHypercube:
      return settings.samples;
    case DesignKind::Morris:
      return settings.trajectories * (k + 1);
    case DesignKind::Sobol:
      return settings.samples * sobol_group_size(k);
  }
  return 0;
}

namespace {

void fill_grid(Design& design, const std::vector<Factor>& factors) {
  // Row-major: the last factor varies fastest.
  std::vector<std::size_t> index(design.factors, 0);
  for (std::size_t p = 0; p < design.points; ++p) {
    for (std::size_t f = 0; f < design.factors; ++f) {
      design.unit[p * design.factors + f] = factors[f].grid_coordinate(index[f]);
    }
    for (std::size_t f = design.factors; f-- > 0;) {
      if (++index[f] < factors[f].grid_size()) break;
      index[f] = 0;
    }
  }
}

void fill_latin(Design& design, std::uint64_t seed) {
  const std::size_t n = design.points;
  std::vector<std::size_t> strata(n);
  for (std::size_t f = 0; f < design.factors; ++f) {
    rng::RandomStream stream(rng::StreamKey{seed, kDesignReplication, f, kLatinStream});
    std::iota(strata.begin(), strata.end(), std::size_t{0});
    // Fisher-Yates with the stream's own unbiased index draws.
    for (std::size_t i = n; i > 1; --i)
      std::swap(strata[i - 1], strata[stream.index(i)]);
    for (std::size_t p = 0; p < n; ++p) {
      design.unit[p * design.factors + f] =
          (static_cast<double>(strata[p]) + stream.uniform()) / static_cast<double>(n);
    }
  }
}

void fill_morris(Design& design, std::uint64_t seed) {
  // Trajectories after Morris (1991) as in Campolongo, Cariboni and Saltelli
  // (2007): a random base point on the p-level grid whose coordinates leave
  // room for a step of Delta = p / (2 (p - 1)), factors moved one at a time
  // in random order, each up or down at random.
  const std::size_t k = design.factors;
  const auto p = static_cast<double>(design.settings.levels);
  const double delta = p / (2.0 * (p - 1.0));
  const std::uint64_t base_levels = design.settings.levels / 2;  // levels with x + Delta <= 1
  std::vector<std::size_t> order(k);
  std::vector<double> x(k);
  design.morris_steps.resize(design.settings.trajectories * k);
  for (std::uint64_t t = 0; t < design.settings.trajectories; ++t) {
    rng::RandomStream stream(rng::StreamKey{seed, kDesignReplication, t, kMorrisStream});
    std::vector<double> direction(k);
    for (std::size_t f = 0; f < k; ++f) {
      const double low = static_cast<double>(stream.index(base_levels)) / (p - 1.0);
      direction[f] = stream.bernoulli(0.5) ? 1.0 : -1.0;
      // Moving down starts from the upper end of the step.
      x[f] = direction[f] > 0 ? low : low + delta;
    }
    std::iota(order.begin(), order.end(), std::size_t{0});
    for (std::size_t i = k; i > 1; --i)
      std::swap(order[i - 1], order[stream.index(i)]);
    const std::size_t first = t * (k + 1);
    std::copy(x.begin(), x.end(), design.unit.begin() + static_cast<std::ptrdiff_t>(first * k));
    for (std::size_t j = 0; j < k; ++j) {
      const std::size_t f = order[j];
      x[f] += direction[f] * delta;
      // Exact grid values: the arithmetic above can leave 1 - 1e-16.
      x[f] = std::round(x[f] * (p - 1.0)) / (p - 1.0);
      std::copy(x.begin(), x.end(),
                design.unit.begin() + static_cast<std::ptrdiff_t>((first + j + 1) * k));
      design.morris_steps[t * k + j] = MorrisStep{f, direction[f] * delta};
    }
  }
}

void fill_sobol(Design& design, std::uint64_t seed) {
  const std::size_t k = design.factors;
  std::vector<std::uint32_t> shifts(2 * k);
  rng::RandomStream stream(rng::StreamKey{seed, kDesignReplication, 0, kSobolShiftStream});
  for (auto& shift : shifts)
    shift = static_cast<std::uint32_t>(stream.next_u64() >> 32);
  const detail::SobolSequence sequence(2 * k, std::move(shifts));
  const std::vector<double> points = sequence.first_points(design.settings.samples);
  const std::size_t group = sobol_group_size(k);
  for (std::uint64_t j = 0; j < design.settings.samples; ++j) {
    const double* ab = &points[j * 2 * k];
    const double* a = ab;
    const double* b = ab + k;
    double* out = &design.unit[j * group * k];
    std::copy(a, a + k, out);  // A_j
    for (std::size_t i = 0; i < k; ++i) {
      double* row = out + (i + 1) * k;  // AB_j^(i)
      std::copy(a, a + k, row);
      row[i] = b[i];
    }
    std::copy(b, b + k, out + (k + 1) * k);  // B_j
  }
}

}  // namespace

Design make_design(const DesignSettings& settings, const std::vector<Factor>& factors,
                   std::uint64_t seed) {
  Design design;
  design.settings = settings;
  design.factors = factors.size();
  design.points = design_points(settings, factors);
  design.unit.assign(design.points * design.factors, 0.0);
  switch (settings.kind) {
    case DesignKind::Grid:
      fill_grid(design, factors);
      break;
    case DesignKind::LatinHypercube:
      fill_latin(design, seed);
      break;
    case DesignKind::Morris:
      if (settings.levels < 2) throw std::invalid_argument("Morris needs at least 2 levels");
      fill_morris(design, seed);
      break;
    case DesignKind::Sobol:
      if (2 * factors.size() > detail::SobolSequence::kMaxDimensions) {
        throw std::invalid_argument("too many factors for the Sobol sequence");
      }
      fill_sobol(design, seed);
      break;
  }
  return design;
}

}  // namespace wfsim::experiment
