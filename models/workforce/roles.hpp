#pragma once
/// Roles, staffing archetypes and the other categories the workforce model
/// reports by.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wfsim::workforce {

enum class Role : std::uint8_t {
  ProductEngineer,
  MlEngineer,
  MlopsEngineer,
  DataEngineer,
  AppliedScientist,
  Researcher,
  AiPm,
  PromptEvalSpecialist,
};
inline constexpr std::size_t kRoles = 8;
inline constexpr std::array<std::string_view, kRoles> kRoleNames = {
    "product_engineer",  "ml_engineer", "mlops_engineer", "data_engineer",
    "applied_scientist", "researcher",  "ai_pm",          "prompt_eval_specialist"};

inline std::vector<std::string> role_labels() {
  return {kRoleNames.begin(), kRoleNames.end()};
}

/// Staffing archetypes from the model brief, section 5, plus explicit role
/// counts.
enum class Archetype : std::uint8_t { Consumer, FineTuner, Trainer, Custom };
inline constexpr std::array<std::string_view, 4> kArchetypeNames = {"consumer", "fine_tuner",
                                                                    "trainer", "custom"};

/// Role shares of an archetype, in role order. Consumer of vendor APIs: 70 %
/// product engineers, 20 % AI-fluent PMs, 10 % prompt/eval specialists.
/// Fine-tuner: 40 % ML engineers, 30 % MLOps, 20 % data engineers, 10 %
/// applied scientists. Trainer of foundation models: 30 % research, 40 %
/// ML/MLOps (20 + 20), 30 % infrastructure, split between platform (15 %,
/// counted as MLOps/platform engineers) and data infrastructure (15 %).
inline std::array<double, kRoles> archetype_shares(Archetype archetype) {
  switch (archetype) {
    case Archetype::Consumer:
      return {0.7, 0, 0, 0, 0, 0, 0.2, 0.1};
    case Archetype::FineTuner:
      return {0, 0.4, 0.3, 0.2, 0.1, 0, 0, 0};
    case Archetype::Trainer:
      return {0, 0.2, 0.35, 0.15, 0, 0.3, 0, 0};
    case Archetype::Custom:
      break;
  }
  return {};
}

/// Turnover stages (Lee and Mitchell's unfolding model, staged as in the
/// brief). Holding an offer is a short stage between an offer and the
/// decision on it.
enum class Stage : std::uint8_t {
  Content,
  Dissatisfied,
  Thinking,
  Searching,
  HoldingOffer,
  Notice
};
inline constexpr std::array<std::string_view, 6> kStageNames = {
    "content", "dissatisfied", "thinking_of_quitting", "searching", "holding_offer", "notice"};

/// How someone came to leave: the path through the unfolding model.
enum class TurnoverPath : std::uint8_t {
  Personal,    // a personal shock that enacts a plan (relocation, family): no search
  PushSearch,  // dissatisfaction, then search, then an accepted offer
  PullOffer,   // an unsolicited offer (recruiter call) accepted without a search
  PushQuit,    // exhaustion and dissatisfaction: quits without an offer in hand
};
inline constexpr std::array<std::string_view, 4> kPathNames = {"personal", "push_search",
                                                               "pull_offer", "push_quit"};

/// Shocks: jarring events that can move someone through the stages at once.
enum class ShockKind : std::uint8_t {
  ApprovalDenied,
  BudgetCut,
  ManagerLeft,
  RecruiterCall,
  TieExit,
};
inline constexpr std::array<std::string_view, 5> kShockNames = {
    "approval_denied", "budget_cut", "manager_left", "recruiter_call", "tie_exit"};

/// Where the seats of a `hiring.plan` row go.
enum class Placement : std::uint8_t { Existing, NewTeam };
inline constexpr std::array<std::string_view, 2> kPlacementNames = {"existing", "new_team"};

enum class HireKind : std::uint8_t { Backfill, Plan };
inline constexpr std::array<std::string_view, 2> kHireKindNames = {"backfill", "plan"};

template <std::size_t N>
std::vector<std::string> labels(const std::array<std::string_view, N>& names) {
  return {names.begin(), names.end()};
}

}  // namespace wfsim::workforce
