#pragma once
/// Named sets of people (ODD 7.12, 7.15): the guild given protected time and
/// the people an upskilling programme targets, chosen by census employee id,
/// team or role. Resolved once per scenario into a mark per seat.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/params/binding.hpp"
#include "models/workforce/roles.hpp"

namespace wfsim::workforce {

struct Settings;
struct Organisation;
struct Person;

/// A role column that may also say "any".
enum class RoleOrAny : std::uint8_t { Any = 0 };
inline constexpr std::array<std::string_view, kRoles + 1> kRoleOrAnyNames = {
    "any",
    "product_engineer",
    "ml_engineer",
    "mlops_engineer",
    "data_engineer",
    "applied_scientist",
    "researcher",
    "ai_pm",
    "prompt_eval_specialist"};

/// One row of a set: the person with a census id, or the seats of a team
/// and / or a role (both given: that role in that team).
struct Selector {
  std::int64_t employee_id = -1;
  std::string team;
  RoleOrAny role = RoleOrAny::Any;
  params::SourceLocation where;
};

/// `guild.members` and `training.targets`.
struct Cohorts {
  std::vector<Selector> guild;
  std::vector<Selector> training;

  static void declare(params::BoundGroup<Settings, Cohorts> guild,
                      params::BoundGroup<Settings, Cohorts> training);
};

/// How a seat belongs to a set: not at all, whoever holds it (chosen by team
/// or role), or only while its census incumbent holds it (chosen by id: the
/// person named, not their successor).
enum Membership : std::uint8_t { kOutside = 0, kAnyIncumbent = 1, kNamedIncumbent = 2 };

/// Marks each seat of the organisation by the sets; an unknown id, team or
/// an id in a generated organisation is a located error (params::ConfigError).
void resolve_cohorts(const Cohorts& cohorts, Organisation& org);

/// Whether the seat's present incumbent is in the set (`marks` empty: nobody).
bool in_set(const std::vector<std::uint8_t>& marks, const Organisation& org, std::uint32_t seat,
            const Person& person);

}  // namespace wfsim::workforce
