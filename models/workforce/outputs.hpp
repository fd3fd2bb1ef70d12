#pragma once
/// What the workforce model reports (ODD section 9): monthly series
/// (observed, latent, by role), event tables (exits, hires, shocks, an
/// optional agent panel) and per-replication scalars (early warning and
/// totals). Each output is declared once, in outputs.cpp, with its unit,
/// visibility and how a month's figures reduce to it.
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "engine/params/binding.hpp"
#include "engine/results/schema.hpp"
#include "models/workforce/tally.hpp"

namespace wfsim::workforce {

struct Settings;
struct Organisation;

enum class ShockOutput : std::uint8_t { Jumps, All, None };
inline constexpr std::array<std::string_view, 3> kShockOutputNames = {"jumps", "all", "none"};

/// `output.*`
struct OutputOptions {
  ShockOutput shocks;
  int panel_every_months;

  static void declare(params::BoundGroup<Settings, OutputOptions> p);
};

/// The attrition rate looks back over this many months.
inline constexpr std::size_t kAttritionWindowMonths = 12;

struct ExitRow {
  std::int64_t employee;
  std::int64_t month;
  double day;
  std::uint32_t seat;
  std::uint32_t team;
  Role role;
  TurnoverPath path;
  std::int8_t rating;
  double tenure, effort_prior, engagement, salary_ratio;
  std::int64_t tie_exits;  // exits of the seat's ties in the six months before (set at the end)
};
struct HireRow {
  std::int64_t employee;
  std::int64_t month;
  double day;
  std::uint32_t team;
  Role role;
  HireKind kind;
  double time_to_fill, skill;
};
struct ShockRow {
  std::int64_t employee;
  std::int64_t month;
  double day;
  Role role;
  ShockKind kind;
  Stage before, after;
};
struct PanelRow {
  std::int64_t month, employee;
  std::uint32_t team;
  Role role;
  Stage stage;
  std::uint8_t reluctant;
  float engagement, exhaustion, effort, discretionary, leverage, access, embedded, fluency, skill,
      salary_ratio, tenure;
};

/// A team's event records since the last month end's flush_tables.
struct TeamLog {
  std::vector<ExitRow> exits;
  std::vector<HireRow> hires;
  std::vector<ShockRow> shocks;
  std::vector<PanelRow> panel;
  /// Off when nobody keeps the tables: the rows are then not recorded.
  bool recording = true;
};

/// What a month's series are computed from.
struct SpendingPolicy;

struct MonthFigures {
  const Tally& total;
  double attrition_rate;      // exits over the trailing window per mean head, annualised
  double platform_backlog;    // prototypes queued or in service at the platforms
  double platform_readiness;  // production platform in place, mean over divisions by headcount
  double price_per_million;   // $ per M tokens this month
  const SpendingPolicy* budget = nullptr;  // the month's budget in currency (7.16)
};

results::OutputSchema make_schema(int months);

/// Writes month `month` (< 1: a warm-up month, into `warmup_series`).
void write_month(const results::OutputSchema& schema, const MonthFigures& figures,
                 std::size_t period_index, std::vector<std::vector<double>>& series);

/// An exit the tie-exit counts of later exits may look back on.
struct RecentExit {
  std::uint32_t seat;
  double day;
};

/// The event tables between two flush_tables: rows that later ones may
/// still precede, and the exits of the last six months.
struct TableFlow {
  TeamLog held;  // rows logged at or after the last boundary
  std::vector<RecentExit> recent;
};

struct World;

/// Moves the rows the teams logged before day `boundary` (with those held
/// from earlier calls) to the result's event tables, each sorted by time,
/// then employee (rows of one time and person in the order they were
/// logged), with the exits' tie-exit counts; holds the others for the next
/// call. Panel rows all go (sorted by month, then employee). Called at every
/// month end with the month end's day, after which no row can come before
/// it, and once at the end with infinity: the tables come out as if sorted
/// all at once at the end, while memory holds about a month of rows.
void flush_tables(World& w, double boundary);

/// Resignations and person-months with and without a recent tie exit
/// (exposed notices, exposed months, unexposed notices, unexposed months).
using Exposure = std::array<double, 4>;

/// Fills the per-replication totals from the finished series.
void fill_totals(const results::OutputSchema& schema, int months, const Exposure& exposure,
                 results::ReplicationResult& result);

}  // namespace wfsim::workforce
