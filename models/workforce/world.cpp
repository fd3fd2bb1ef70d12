#include "models/workforce/world.hpp"

#include "models/workforce/engagement.hpp"

namespace wfsim::workforce {

World::World(const ScenarioData& data, results::ReplicationResult& replication_result)
    : settings(data.settings),
      org(data.org),
      schema(data.schema),
      result(replication_result),
      calendar{data.settings.run.warmup_months},
      people(data.org.seats()),
      teams(data.org.teams.size()),
      boards(data.org.divisions.size()),
      platforms(data.org.divisions.size()) {
  lps.teams = static_cast<core::LpId>(teams.size());
  lps.divisions = static_cast<core::LpId>(boards.size());
  figures.maturity = settings.initial_maturity;
  figures.heads = static_cast<double>(data.org.initial_headcount());
}

std::int64_t World::new_employee_id(std::uint32_t seat) const {
  return org.id_base + static_cast<std::int64_t>(seat) +
         static_cast<std::int64_t>(org.seats()) *
             static_cast<std::int64_t>(people[seat].generation);
}

}  // namespace wfsim::workforce
