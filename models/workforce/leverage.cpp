#include "models/workforce/leverage.hpp"

namespace wfsim::workforce {

void LeverageParams::declare(params::BoundGroup<Settings, LeverageParams> p) {
  using L = LeverageParams;
  p.real("leverage_novice_gain", &L::novice_gain, 0.6, "1", -1, 5,
         "AI output gain of a fully fluent novice (skill 0) with full access and frontier models");
  p.real("leverage_expert_gain", &L::expert_gain, -0.1, "1", -1, 5,
         "AI output gain of a fully fluent expert (skill 1) on familiar work");
}

}  // namespace wfsim::workforce
