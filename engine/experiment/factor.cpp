#include "engine/experiment/factor.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace wfsim::experiment {

std::string_view to_string(DistributionKind kind) {
  switch (kind) {
    case DistributionKind::Uniform:
      return "uniform";
    case DistributionKind::LogUniform:
      return "loguniform";
    case DistributionKind::Normal:
      return "normal";
    case DistributionKind::LogNormal:
      return "lognormal";
    case DistributionKind::Triangular:
      return "triangular";
  }
  return "?";
}

const std::vector<std::string>& distribution_names() {
  static const std::vector<std::string> names = {"uniform", "loguniform", "normal", "lognormal",
                                                 "triangular"};
  return names;
}

double normal_quantile(double p) {
  if (p <= 0.0) return -INFINITY;
  if (p >= 1.0) return INFINITY;
  return boost::math::quantile(boost::math::normal_distribution<double>(), p);
}

namespace {

constexpr double kTailClamp = 0.001;

std::string number_text(double x) {
  return fmt::format("{:.17g}", x);
}

}  // namespace

bool Factor::categorical() const {
  return kind == FactorKind::Levels && !spec.numeric();
}

params::Value Factor::value_at(double u) const {
  u = std::clamp(u, 0.0, 1.0);
  if (kind == FactorKind::Levels) {
    const auto k = levels.size();
    const auto i = std::min(static_cast<std::size_t>(u * static_cast<double>(k)), k - 1);
    return levels[i];
  }
  double x = 0.0;
  if (kind == FactorKind::Range && spec.type == params::ParamType::Integer) {
    const double count = max - min + 1.0;
    return static_cast<std::int64_t>(std::min(min + std::floor(u * count), max));
  }
  switch (kind == FactorKind::Range ? DistributionKind::Uniform : distribution) {
    case DistributionKind::Uniform:
      x = min + u * (max - min);
      break;
    case DistributionKind::LogUniform:
      x = std::exp(std::log(min) + u * (std::log(max) - std::log(min)));
      break;
    case DistributionKind::Normal:
      x = mean + sd * normal_quantile(std::clamp(u, kTailClamp, 1.0 - kTailClamp));
      break;
    case DistributionKind::LogNormal:
      x = std::exp(mean + sd * normal_quantile(std::clamp(u, kTailClamp, 1.0 - kTailClamp)));
      break;
    case DistributionKind::Triangular: {
      const double split = (mode - min) / (max - min);
      x = u < split ? min + std::sqrt(u * (max - min) * (mode - min))
                    : max - std::sqrt((1.0 - u) * (max - min) * (max - mode));
      break;
    }
  }
  // Bounded distributions must not step outside their bounds through
  // rounding, or a value at the edge of the parameter's range would fail.
  if (kind == FactorKind::Range || distribution == DistributionKind::Uniform ||
      distribution == DistributionKind::LogUniform ||
      distribution == DistributionKind::Triangular) {
    x = std::clamp(x, min, max);
  }
  if (spec.type == params::ParamType::Integer) return static_cast<std::int64_t>(std::llround(x));
  return x;
}

double Factor::number_at(double u) const {
  if (categorical()) {
    const auto k = levels.size();
    return static_cast<double>(std::min(
        static_cast<std::size_t>(std::clamp(u, 0.0, 1.0) * static_cast<double>(k)), k - 1));
  }
  const params::Value value = value_at(u);
  if (const auto* d = std::get_if<double>(&value)) return *d;
  if (const auto* i = std::get_if<std::int64_t>(&value)) return static_cast<double>(*i);
  throw std::logic_error("numeric factor with a non-numeric value");
}

std::size_t Factor::grid_size() const {
  return kind == FactorKind::Levels ? levels.size() : grid_points;
}

double Factor::grid_coordinate(std::size_t i) const {
  const auto k = static_cast<double>(grid_size());
  const auto x = static_cast<double>(i);
  switch (kind) {
    case FactorKind::Levels:
      return (x + 0.5) / k;
    case FactorKind::Range:
      return k > 1 ? x / (k - 1.0) : 0.5;
    case FactorKind::Distribution:
      return (x + 0.5) / k;
  }
  return 0.5;
}

std::string Factor::canonical() const {
  std::string text = path + " " + std::string(params::to_string(spec.type)) + " ";
  switch (kind) {
    case FactorKind::Range:
      text += "range " + number_text(min) + " " + number_text(max);
      break;
    case FactorKind::Levels:
      text += "levels";
      for (const auto& level : levels)
        text += " " + params::format_value(level);
      break;
    case FactorKind::Distribution:
      text += std::string(to_string(distribution)) + " " + number_text(min) + " " +
              number_text(max) + " " + number_text(mode) + " " + number_text(mean) + " " +
              number_text(sd);
      break;
  }
  return text + " points " + std::to_string(grid_points);
}

}  // namespace wfsim::experiment
