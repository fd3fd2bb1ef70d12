#pragma once
/// Leverage (ODD 7.1): the output multiplier AI tools give.
#include <algorithm>

#include "engine/params/binding.hpp"

namespace wfsim::workforce {

struct Settings;

/// `behaviour.leverage_novice_gain`, `behaviour.leverage_expert_gain`
struct LeverageParams {
  double novice_gain;  // gain of a fully fluent novice (skill 0), full access, frontier models
  double expert_gain;  // gain of a fully fluent expert (skill 1) on familiar work

  static void declare(params::BoundGroup<Settings, LeverageParams> p);
};

/// L = max(0.1, 1 + q a f fit (g_n (1 - s) + g_e s)). The gain falls with
/// skill, from the novice gain to the expert gain (Brynjolfsson, Li and
/// Raymond: +34 % novices, about 0 for top performers; METR: experts can be
/// slower on familiar work), and needs fluency, compute access, model
/// quality and tasks inside the tools' competence.
inline double leverage(const LeverageParams& p, double frontier, double access, double fluency,
                       double task_fit, double skill) {
  const double gain = p.novice_gain * (1.0 - skill) + p.expert_gain * skill;
  return std::max(0.1, 1.0 + frontier * access * fluency * task_fit * gain);
}

}  // namespace wfsim::workforce
