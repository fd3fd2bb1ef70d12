#include "engine/model/registration.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

namespace wfsim::model {

namespace {

/// Constructed on first use: registrations run during static
/// initialisation, in an order across files that the language leaves open.
std::vector<ModelFactory>& factories() {
  static std::vector<ModelFactory> list;
  return list;
}

}  // namespace

bool register_model(ModelFactory factory) noexcept {
  try {
    factories().push_back(factory);
  } catch (...) {
    // Out of memory during static initialisation: nothing sensible to do
    // but leave the model out; the program then reports it unknown.
  }
  return true;
}

void add_registered_models(ModelRegistry& registry) {
  std::vector<std::unique_ptr<Model>> models;
  for (const ModelFactory factory : factories())
    models.push_back(factory());
  std::sort(models.begin(), models.end(),
            [](const auto& a, const auto& b) { return a->name() < b->name(); });
  for (auto& model : models) {
    const std::string name(model->name());
    if (registry.find(name)) {
      throw std::logic_error("model '" + name +
                             "' is registered twice (or clashes with a model the program ships)");
    }
    registry.add(std::move(model));
  }
}

}  // namespace wfsim::model
