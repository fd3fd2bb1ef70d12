#include "engine/model/model.hpp"

#include <stdexcept>

namespace wfsim::model {

void ModelRegistry::add(std::unique_ptr<Model> model) {
  if (find(model->name()))
    throw std::logic_error("model registered twice: " + std::string(model->name()));
  models_.push_back(std::move(model));
}

const Model* ModelRegistry::find(std::string_view name) const {
  for (const auto& model : models_) {
    if (model->name() == name) return model.get();
  }
  return nullptr;
}

std::vector<std::string> ModelRegistry::names() const {
  std::vector<std::string> result;
  for (const auto& model : models_)
    result.emplace_back(model->name());
  return result;
}

}  // namespace wfsim::model
