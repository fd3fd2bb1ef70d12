#include "models/workforce/policy.hpp"

namespace wfsim::workforce {

void declare_policy(params::Binding<Policy>& binding) {
  auto policy = binding.root().group("policy");
  TokenPolicy::declare(policy.group("tokens", &Policy::tokens));
  ApprovalPolicy::declare(policy.group("approval", &Policy::approval));
  PayPolicy::declare(policy.group("pay", &Policy::pay));
  UpskillingPolicy::declare(policy.group("upskilling", &Policy::upskilling));
  PlatformPolicy::declare(policy.group("mlops", &Policy::mlops));
  HiringPolicy::declare(policy.group("hiring", &Policy::hiring));
  GuildPolicy::declare(policy.group("guild", &Policy::guild));
  SpendingPolicy::declare(policy.group("budget", &Policy::budget));
  Market::declare(binding.root().group("market", &Policy::market));
}

}  // namespace wfsim::workforce
