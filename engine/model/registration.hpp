#pragma once
/// Models that add themselves to every program built with the engine's
/// `main` (the `wfsim::main` library): a model compiled in its own project
/// registers a factory, and the program's command line (`run`, `sweep`,
/// `params`...) offers it beside the models the engine ships.
///
///   std::unique_ptr<wfsim::model::Model> make_my_model();
///   WFSIM_REGISTER_MODEL(make_my_model)
///
/// Registration runs during static initialisation, so the macro must be in
/// a source file linked into the program itself: a static library's object
/// file that nothing else references is left out by the linker, and its
/// registration with it. (A program with its own main() can instead add
/// models to a ModelRegistry and call cli::run, as models/wfsim_main.cpp
/// does.)
#include <memory>

#include "engine/model/model.hpp"

namespace wfsim::model {

using ModelFactory = std::unique_ptr<Model> (*)();

/// Adds a factory to the process-wide list. Returns true, so that it can
/// initialise a namespace-scope constant.
bool register_model(ModelFactory factory) noexcept;

/// Adds one model from every registered factory to `registry`, in the order
/// of their names (static initialisation order across files is
/// unspecified). Throws std::logic_error naming a model registered twice or
/// whose name is already in `registry`.
void add_registered_models(ModelRegistry& registry);

}  // namespace wfsim::model

#define WFSIM_DETAIL_CONCAT2(a, b) a##b
#define WFSIM_DETAIL_CONCAT(a, b) WFSIM_DETAIL_CONCAT2(a, b)
/// Registers `factory`, a function returning std::unique_ptr<wfsim::model::Model>.
#define WFSIM_REGISTER_MODEL(factory)                                                  \
  namespace {                                                                          \
  [[maybe_unused]] const bool WFSIM_DETAIL_CONCAT(wfsim_model_registered_, __LINE__) = \
      ::wfsim::model::register_model(&(factory));                                      \
  }
