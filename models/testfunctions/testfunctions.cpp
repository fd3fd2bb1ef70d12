#include "models/testfunctions/testfunctions.hpp"

#include <cmath>
#include <numbers>
#include <string>

#include "engine/rng/random_stream.hpp"

namespace wfsim::models {

double ishigami(double x1, double x2, double x3, double a, double b) {
  const double s2 = std::sin(x2);
  const double x3_2 = x3 * x3;
  return std::sin(x1) + a * s2 * s2 + b * x3_2 * x3_2 * std::sin(x1);
}

ExactIndices ishigami_indices(double a, double b) {
  // Closed forms of Ishigami and Homma (1990), see also Saltelli et al.,
  // Global Sensitivity Analysis: The Primer (2008), section 4.
  const double pi = std::numbers::pi;
  const double pi4 = pi * pi * pi * pi;
  const double v1 = 0.5 * std::pow(1.0 + b * pi4 / 5.0, 2.0);
  const double v2 = a * a / 8.0;
  const double v13 = b * b * pi4 * pi4 * (1.0 / 18.0 - 1.0 / 50.0);
  const double v = v1 + v2 + v13;
  return {{v1 / v, v2 / v, 0.0}, {(v1 + v13) / v, v2 / v, v13 / v}};
}

double sobol_g(std::span<const double> x, std::span<const double> a) {
  double y = 1.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    y *= (std::fabs(4.0 * x[i] - 2.0) + a[i]) / (1.0 + a[i]);
  }
  return y;
}

ExactIndices sobol_g_indices(std::span<const double> a) {
  // V_i = 1 / (3 (1 + a_i)^2); the total variance is prod (1 + V_i) - 1.
  std::vector<double> partial(a.size());
  double product = 1.0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    partial[i] = 1.0 / (3.0 * (1.0 + a[i]) * (1.0 + a[i]));
    product *= 1.0 + partial[i];
  }
  const double v = product - 1.0;
  ExactIndices exact;
  for (std::size_t i = 0; i < a.size(); ++i) {
    exact.first_order.push_back(partial[i] / v);
    exact.total.push_back(partial[i] * (product / (1.0 + partial[i])) / v);
  }
  return exact;
}

namespace {

results::OutputSchema scalar_schema(const std::string& long_name) {
  results::OutputSchema schema;
  schema.periods = 0;
  schema.scalars = {{"y", "1", long_name, results::Visibility::Observed}};
  return schema;
}

/// Noise stream: entity 0, stream 0 of the replication's key.
double noise(const model::RunContext& context, double sd) {
  if (sd == 0.0) return 0.0;
  rng::RandomStream stream(rng::StreamKey{context.seed, context.replication, 0, 0});
  return sd * stream.normal();
}

class IshigamiScenario final : public model::Scenario {
 public:
  IshigamiScenario(std::array<double, 3> x, double a, double b, double noise_sd)
      : x_(x), a_(a), b_(b), noise_sd_(noise_sd), schema_(scalar_schema("Ishigami function")) {}
  const results::OutputSchema& schema() const override { return schema_; }
  results::ReplicationResult run(const model::RunContext& context) const override {
    auto result = results::make_result(schema_, context.replication);
    result.scalars[0] = ishigami(x_[0], x_[1], x_[2], a_, b_) + noise(context, noise_sd_);
    result.events = 1;
    return result;
  }

 private:
  std::array<double, 3> x_;
  double a_;
  double b_;
  double noise_sd_;
  results::OutputSchema schema_;
};

class IshigamiModel final : public model::Model {
 public:
  IshigamiModel() {
    const double pi = std::numbers::pi;
    for (const char* name : {"x1", "x2", "x3"}) {
      params_.real(name, 0.0, "1", -pi, pi, "input, uniform on [-pi, pi] in the reference problem");
    }
    params_.real("a", 7.0, "1", -1e6, 1e6, "coefficient of sin^2 x2");
    params_.real("b", 0.1, "1", -1e6, 1e6, "coefficient of x3^4 sin x1");
    params_.real("noise_sd", 0.0, "1", 0.0, 1e6,
                 "standard deviation of Gaussian noise added to y per replication");
  }
  std::string_view name() const override { return "ishigami"; }
  std::string_view summary() const override {
    return "Ishigami function, exact Sobol indices known (sweep verification)";
  }
  const params::ParamRegistry& parameters() const override { return params_; }
  std::unique_ptr<const model::Scenario> instantiate(const params::ParamValues& v) const override {
    return std::make_unique<IshigamiScenario>(
        std::array<double, 3>{v.real("x1"), v.real("x2"), v.real("x3")}, v.real("a"), v.real("b"),
        v.real("noise_sd"));
  }

 private:
  params::ParamRegistry params_;
};

class SobolGScenario final : public model::Scenario {
 public:
  SobolGScenario(std::vector<double> x, std::vector<double> a, double noise_sd)
      : x_(std::move(x)),
        a_(std::move(a)),
        noise_sd_(noise_sd),
        schema_(scalar_schema("Sobol G function")) {}
  const results::OutputSchema& schema() const override { return schema_; }
  results::ReplicationResult run(const model::RunContext& context) const override {
    auto result = results::make_result(schema_, context.replication);
    result.scalars[0] = sobol_g(x_, a_) + noise(context, noise_sd_);
    result.events = 1;
    return result;
  }

 private:
  std::vector<double> x_;
  std::vector<double> a_;
  double noise_sd_;
  results::OutputSchema schema_;
};

class SobolGModel final : public model::Model {
 public:
  SobolGModel() {
    params_.integer("inputs", kSobolGInputs, "1", 1, kSobolGMaxInputs,
                    "inputs x1 .. x<inputs> the function takes; the others are ignored");
    for (std::size_t i = 0; i < kSobolGMaxInputs; ++i) {
      params_.real("x" + std::to_string(i + 1), 0.5, "1", 0.0, 1.0,
                   "input, uniform on [0, 1] in the reference problem");
    }
    for (std::size_t i = 0; i < kSobolGMaxInputs; ++i) {
      params_.real("a" + std::to_string(i + 1), i < kSobolGInputs ? kSobolGDefaultA[i] : 99.0, "1",
                   0.0, 1e9,
                   "importance coefficient of x" + std::to_string(i + 1) +
                       ": the larger, the less x matters");
    }
    params_.real("noise_sd", 0.0, "1", 0.0, 1e6,
                 "standard deviation of Gaussian noise added to y per replication");
  }
  std::string_view name() const override { return "sobol_g"; }
  std::string_view summary() const override {
    return "Sobol G function of 1 to 64 inputs, exact Sobol indices known (sweep verification)";
  }
  const params::ParamRegistry& parameters() const override { return params_; }
  std::unique_ptr<const model::Scenario> instantiate(const params::ParamValues& v) const override {
    const auto inputs = static_cast<std::size_t>(v.integer("inputs"));
    std::vector<double> x(inputs);
    std::vector<double> a(inputs);
    for (std::size_t i = 0; i < inputs; ++i) {
      x[i] = v.real("x" + std::to_string(i + 1));
      a[i] = v.real("a" + std::to_string(i + 1));
    }
    return std::make_unique<SobolGScenario>(std::move(x), std::move(a), v.real("noise_sd"));
  }

 private:
  params::ParamRegistry params_;
};

}  // namespace

std::unique_ptr<model::Model> make_ishigami_model() {
  return std::make_unique<IshigamiModel>();
}
std::unique_ptr<model::Model> make_sobol_g_model() {
  return std::make_unique<SobolGModel>();
}

}  // namespace wfsim::models
