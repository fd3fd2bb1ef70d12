#pragma once
/// The levers (`policy.*`) and the labour market (`market.*`): everything a
/// `schedule` row may change at a given month. Each submodel owns its part;
/// the scenario holds one Policy per reported month (params::Timeline).
#include "engine/params/binding.hpp"
#include "models/workforce/approvals.hpp"
#include "models/workforce/budgets.hpp"
#include "models/workforce/guild.hpp"
#include "models/workforce/hiring.hpp"
#include "models/workforce/pay.hpp"
#include "models/workforce/platform.hpp"
#include "models/workforce/spending.hpp"
#include "models/workforce/upskilling.hpp"

namespace wfsim::workforce {

struct Policy {
  TokenPolicy tokens;
  ApprovalPolicy approval;
  PayPolicy pay;
  UpskillingPolicy upskilling;
  PlatformPolicy mlops;
  HiringPolicy hiring;
  GuildPolicy guild;
  SpendingPolicy budget;
  Market market;
};

/// Declares every `policy.*` and `market.*` key, bound to a Policy.
void declare_policy(params::Binding<Policy>& binding);

}  // namespace wfsim::workforce
