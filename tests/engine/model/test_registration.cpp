#include <catch2/catch.hpp>

#include "engine/model/registration.hpp"
#include "models/builtin.hpp"

using namespace wfsim;

namespace {

class NamedModel final : public model::Model {
 public:
  explicit NamedModel(std::string name) : name_(std::move(name)) {}
  std::string_view name() const override { return name_; }
  std::string_view summary() const override { return "a model that only has a name"; }
  const params::ParamRegistry& parameters() const override { return params_; }
  std::unique_ptr<const model::Scenario> instantiate(const params::ParamValues&) const override {
    return nullptr;
  }

 private:
  std::string name_;
  params::ParamRegistry params_;
};

std::unique_ptr<model::Model> make_zeta() {
  return std::make_unique<NamedModel>("zeta_registered");
}
std::unique_ptr<model::Model> make_alpha() {
  return std::make_unique<NamedModel>("alpha_registered");
}

}  // namespace

WFSIM_REGISTER_MODEL(make_zeta)
WFSIM_REGISTER_MODEL(make_alpha)

TEST_CASE("models registered at static initialisation join a registry, by name") {
  auto registry = models::builtin_models();
  const auto shipped = registry.names().size();
  model::add_registered_models(registry);
  const auto names = registry.names();
  REQUIRE(names.size() == shipped + 2);
  CHECK(names[shipped] == "alpha_registered");
  CHECK(names[shipped + 1] == "zeta_registered");
  CHECK(registry.find("zeta_registered")->summary() == "a model that only has a name");
  // Adding them again clashes with the models already there.
  CHECK_THROWS_WITH(model::add_registered_models(registry),
                    Catch::Contains("'alpha_registered' is registered twice"));
}
