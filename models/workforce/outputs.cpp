#include "models/workforce/outputs.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <string>

#include "engine/results/declared_outputs.hpp"
#include "models/workforce/calendar.hpp"
#include "models/workforce/early_warning.hpp"
#include "models/workforce/organisation.hpp"
#include "models/workforce/spending.hpp"
#include "models/workforce/world.hpp"

namespace wfsim::workforce {

void OutputOptions::declare(params::BoundGroup<Settings, OutputOptions> p) {
  using S = OutputOptions;
  p.choice("shocks", &S::shocks, ShockOutput::Jumps, kShockOutputNames,
           "shock table: shocks that moved someone's stage, every shock, or none");
  p.integer("panel_every_months", &S::panel_every_months, 0, "months", 0, 600,
            "agent panel snapshot every this many months; 0 for none");
}

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr auto O = results::Visibility::Observed;
constexpr auto L = results::Visibility::Latent;

double sum(const Tally::ByRole& by_role) {
  double total = 0;
  for (double x : by_role)
    total += x;
  return total;
}

/// A month's count or amount of something, summed over teams.
std::function<double(const MonthFigures&)> total_of(double Tally::*field) {
  return [field](const MonthFigures& f) { return f.total.*field; };
}
std::function<double(const MonthFigures&)> all_roles(Tally::ByRole Tally::*field) {
  return [field](const MonthFigures& f) { return sum(f.total.*field); };
}
/// The mean per head at month end (NaN with nobody left).
std::function<double(const MonthFigures&)> per_head(double Tally::*field) {
  return [field](const MonthFigures& f) {
    const double heads = f.total.people();
    return heads > 0 ? f.total.*field / heads : kNaN;
  };
}
/// One value per role.
results::DeclaredSeries<MonthFigures>::Fill by_role(Tally::ByRole Tally::*field) {
  return [field](const MonthFigures& f, std::span<double> out) {
    std::copy((f.total.*field).begin(), (f.total.*field).end(), out.begin());
  };
}

// Durations are in "day" rather than "days": netCDF readers (xarray among
// them) turn variables whose units are exactly "days" into timedeltas, which
// then no longer mix with plain numbers.
/// Observed: what management sees.
void declare_observed(results::DeclaredSeries<MonthFigures>& s) {
  s.add({"headcount", "1", "employees at month end", O, ""},
        [](const MonthFigures& f) { return f.total.people(); });
  s.add({"hires", "1", "people who joined in the month", O, ""}, all_roles(&Tally::hires));
  s.add({"resignation_notices", "1", "resignation notices handed in during the month", O, ""},
        all_roles(&Tally::notices));
  s.add({"exits", "1", "people who left in the month", O, ""}, all_roles(&Tally::exits));
  s.add({"regretted_exits", "1", "exits of top performers (rating 4 or 5)", O, ""},
        all_roles(&Tally::regretted));
  s.add({"open_requisitions", "1", "open requisitions at month end", O, ""},
        total_of(&Tally::open_requisitions));
  s.add({"survey_engagement", "1",
         "engagement survey score (0-1), quarterly; noisy, with non-response bias", O, ""},
        [](const MonthFigures& f) {
          return f.total.survey_n > 0 ? f.total.survey_sum / f.total.survey_n : kNaN;
        });
  s.add({"experiments", "1", "experiments run in the month", O, ""}, total_of(&Tally::experiments));
  s.add({"prototypes", "1", "prototypes produced in the month", O, ""},
        total_of(&Tally::prototypes));
  s.add({"shipped_features", "1", "features shipped through the platform in the month", O, ""},
        total_of(&Tally::shipped));
  s.add(
      {"approval_wait_days", "day", "mean wait of the approval decisions made in the month", O, ""},
      [](const MonthFigures& f) {
        return f.total.decisions > 0 ? f.total.wait_sum / f.total.decisions : kNaN;
      });
  s.add({"tokens_used", "1e6", "compute used in the month, in millions of tokens", O, ""},
        total_of(&Tally::tokens));
  s.add({"payroll_cost", "1e3", "salaries paid in the month, in thousands of dollars", O, ""},
        total_of(&Tally::payroll));
  s.add({"compute_cost", "1e3", "cost of the compute used in the month, in thousands of dollars", O,
         ""},
        [](const MonthFigures& f) { return f.total.tokens * f.price_per_million / 1000.0; });
  s.add({"value_delivered", "1e3",
         "value of in-role work, shipped features and research bets that succeeded in the month, "
         "in thousands of dollars",
         O, ""},
        [](const MonthFigures& f) {
          return f.total.core_value + f.total.shipped_value + f.total.research_value;
        });
  s.add({"shipped_value", "1e3",
         "value of the features shipped in the month, in thousands of dollars", O, ""},
        total_of(&Tally::shipped_value));
  s.add({"attrition_rate", "1/year",
         "exits over the trailing 12 months (fewer at the start) per head, annualised", O, ""},
        [](const MonthFigures& f) { return f.attrition_rate; });
  s.add({"approval_requests", "1", "experiments sent for sign-off in the month", O, ""},
        total_of(&Tally::requests));
  s.add({"prototypes_abandoned", "1",
         "prototypes abandoned in the month after waiting too long for the platform", O, ""},
        total_of(&Tally::stale));
  s.add({"platform_backlog", "1", "prototypes waiting for the platform at month end", O, ""},
        [](const MonthFigures& f) { return f.platform_backlog; });
  s.add({"platform_readiness", "1",
         "share of a production platform in place (deployment pipeline, monitoring, feature "
         "store) during the month, mean over divisions weighted by headcount",
         O, ""},
        [](const MonthFigures& f) { return f.platform_readiness; });
  // The budget in currency (7.16): what its lines bought this month.
  const auto budget_spent = [](const MonthFigures& f) {
    if (f.budget == nullptr || !f.budget->on()) return kNaN;
    const SpendingPolicy& b = *f.budget;
    return f.total.tokens * f.price_per_million / 1000.0 + b.monthly * b.tooling_share +
           f.total.programme_starts * b.seat_cost;
  };
  s.add({"budget_spent", "1e3",
         "non-headcount budget spent in the month (compute used, tooling, programme seats "
         "taken), in thousands of dollars; NaN without policy.budget.monthly",
         O, ""},
        budget_spent);
  s.add({"budget_unspent", "1e3",
         "non-headcount budget left unspent in the month, in thousands of dollars", O, ""},
        [budget_spent](const MonthFigures& f) {
          const double spent = budget_spent(f);
          return std::isnan(spent) ? kNaN : std::max(0.0, f.budget->monthly - spent);
        });
  s.add({"research_spend", "1e3",
         "cost of the research bets running in the month besides their people's time, in "
         "thousands of dollars",
         O, ""},
        total_of(&Tally::research_spend));
  s.add({"research_value", "1e3",
         "value of the research bets that ended in the month and succeeded, in thousands of "
         "dollars (counted in value_delivered)",
         O, ""},
        total_of(&Tally::research_value));
  s.add({"budget_overspend", "1e3",
         "spending above the non-headcount budget in the month, in thousands of dollars", O, ""},
        [budget_spent](const MonthFigures& f) {
          const double spent = budget_spent(f);
          return std::isnan(spent) ? kNaN : std::max(0.0, spent - f.budget->monthly);
        });
}

/// Latent: what only a simulation knows.
void declare_latent(results::DeclaredSeries<MonthFigures>& s) {
  s.add({"effort", "1", "mean effort (in-role and discretionary, weighted)", L, ""},
        per_head(&Tally::effort));
  s.add({"discretionary_effort", "1", "mean discretionary effort", L, ""},
        per_head(&Tally::discretionary));
  s.add({"engagement", "1", "mean engagement", L, ""}, per_head(&Tally::engagement));
  s.add({"exhaustion", "1", "mean exhaustion", L, ""}, per_head(&Tally::exhaustion));
  s.add({"thinking_of_quitting_share", "1",
         "share thinking of quitting or further along (searching, holding an offer)", L, ""},
        per_head(&Tally::thinking));
  s.add({"searching_share", "1", "share searching for a job or holding an offer", L, ""},
        per_head(&Tally::searching));
  s.add({"reluctant_stayer_share", "1",
         "share who want to leave but cannot (low ease of movement) and withhold effort", L, ""},
        per_head(&Tally::reluctant));
  s.add({"working_leverage", "1",
         "mean working leverage: compute access x model quality x freedom from sign-offs x the "
         "share of work that ships (what talent compares with outside employers)",
         L, ""},
        [](const MonthFigures& f) {
          const double heads = f.total.people();
          return heads > 0 ? sum(f.total.work_leverage) / heads : kNaN;
        });
  s.add({"leverage", "1", "mean AI leverage (output multiplier)", L, ""},
        per_head(&Tally::leverage));
  s.add({"compute_starved_share", "1",
         "share who could not run an experiment for lack of compute in the month", L, ""},
        per_head(&Tally::starved));
  s.add({"engaged_share", "1", "share engaged (Gallup category)", L, ""},
        per_head(&Tally::engaged));
  s.add({"actively_disengaged_share", "1", "share actively disengaged (Gallup category)", L, ""},
        per_head(&Tally::disengaged));
  s.add({"embeddedness", "1", "mean job embeddedness", L, ""}, per_head(&Tally::embedded));
}

void declare_by_role(results::DeclaredSeries<MonthFigures>& s) {
  s.add_by({"headcount_by_role", "1", "employees at month end, by role", O, "role"},
           by_role(&Tally::headcount));
  s.add_by({"exits_by_role", "1", "exits in the month, by role", O, "role"},
           by_role(&Tally::exits));
  s.add_by({"regretted_exits_by_role", "1", "regretted exits in the month, by role", O, "role"},
           by_role(&Tally::regretted));
  s.add_by(
      {"resignation_notices_by_role", "1", "resignation notices in the month, by role", O, "role"},
      by_role(&Tally::notices));
}

results::DeclaredSeries<MonthFigures> declare_series() {
  results::DeclaredSeries<MonthFigures> s;
  declare_observed(s);
  declare_latent(s);
  declare_by_role(s);
  return s;
}

const results::DeclaredSeries<MonthFigures>& series_declarations() {
  static const auto declared = declare_series();
  return declared;
}

const results::DeclaredTable<ExitRow>& exits_table() {
  static const auto table = [] {
    results::DeclaredTable<ExitRow> t("exits", "one row per person who left");
    t.int64("employee", "", "employee id", &ExitRow::employee)
        .int64("month", "1", "month of the exit (1: the first reported month)", &ExitRow::month)
        .float64("day", "day", "time of the exit since the start of month 1", &ExitRow::day)
        .category("role", "role", "role", &ExitRow::role)
        .int64("team", "", "team index", &ExitRow::team)
        .float64("tenure_months", "month", "tenure at exit", &ExitRow::tenure)
        .int64("performance", "", "performance rating 1-5", &ExitRow::rating)
        .int64("regretted", "", "1 for a top performer (rating 4 or 5)",
               [](const ExitRow& e) { return e.rating >= 4 ? 1 : 0; })
        .category("turnover_path", "path to the exit", "turnover_path", &ExitRow::path)
        .float64("effort_prior_6m", "1", "mean effort over the 6 months before",
                 &ExitRow::effort_prior, L)
        .float64("engagement", "1", "engagement at exit", &ExitRow::engagement, L)
        .float64("salary_ratio", "1", "salary over the role's market rate", &ExitRow::salary_ratio)
        .int64("tie_exits_prior_6m", "1", "exits of the person's ties in the 6 months before",
               &ExitRow::tie_exits);
    return t;
  }();
  return table;
}

const results::DeclaredTable<HireRow>& hires_table() {
  static const auto table = [] {
    results::DeclaredTable<HireRow> t("hires", "one row per person who joined");
    t.int64("employee", "", "employee id", &HireRow::employee)
        .int64("month", "1", "month of the hire (1: the first reported month)", &HireRow::month)
        .float64("day", "day", "time of the hire since the start of month 1", &HireRow::day)
        .category("role", "role", "role", &HireRow::role)
        .int64("team", "", "team index", &HireRow::team)
        .category("kind", "backfill or planned growth", "hire_kind", &HireRow::kind)
        .float64("time_to_fill_days", "day", "requisition open to start", &HireRow::time_to_fill)
        .float64("skill", "1", "skill of the hire", &HireRow::skill, L);
    return t;
  }();
  return table;
}

const results::DeclaredTable<ShockRow>& shocks_table() {
  static const auto table = [] {
    results::DeclaredTable<ShockRow> t(
        "shocks", "shocks (by default only those that moved someone to another stage)");
    t.int64("employee", "", "employee id", &ShockRow::employee)
        .int64("month", "1", "month of the shock (1: the first reported month)", &ShockRow::month)
        .float64("day", "day", "time of the shock since the start of month 1", &ShockRow::day)
        .category("role", "role", "role", &ShockRow::role)
        .category("kind", "kind of shock", "shock_kind", &ShockRow::kind)
        .category("stage_before", "stage before", "stage", &ShockRow::before, L)
        .category("stage_after", "stage after", "stage", &ShockRow::after, L);
    return t;
  }();
  return table;
}

const results::DeclaredTable<PanelRow>& panel_table() {
  static const auto table = [] {
    results::DeclaredTable<PanelRow> t("panel",
                                       "agent snapshots every output.panel_every_months months");
    t.int64("month", "1", "month of the snapshot (1: the first reported month)", &PanelRow::month)
        .int64("employee", "", "employee id", &PanelRow::employee)
        .category("role", "role", "role", &PanelRow::role)
        .int64("team", "", "team index", &PanelRow::team)
        .category("stage", "turnover stage", "stage", &PanelRow::stage, L)
        .int64("reluctant", "", "1 for a reluctant stayer", &PanelRow::reluctant, L)
        .float64("engagement", "1", "engagement", &PanelRow::engagement, L)
        .float64("exhaustion", "1", "exhaustion", &PanelRow::exhaustion, L)
        .float64("effort", "1", "effort", &PanelRow::effort, L)
        .float64("discretionary_effort", "1", "discretionary effort", &PanelRow::discretionary, L)
        .float64("leverage", "1", "AI leverage", &PanelRow::leverage, L)
        .float64("access", "1", "compute access", &PanelRow::access)
        .float64("embeddedness", "1", "embeddedness", &PanelRow::embedded, L)
        .float64("fluency", "1", "AI fluency", &PanelRow::fluency, L)
        .float64("skill", "1", "skill", &PanelRow::skill, L)
        .float64("salary_ratio", "1", "salary over market rate", &PanelRow::salary_ratio)
        .float64("tenure_months", "month", "tenure", &PanelRow::tenure);
    return t;
  }();
  return table;
}

/// A per-replication total computed from the finished series.
struct TotalOutput {
  results::ScalarSpec spec;
  std::function<double(const results::OutputSchema&, const results::ReplicationResult&, int,
                       const Exposure&)>
      compute;
};

const std::vector<double>& series_named(const results::OutputSchema& schema,
                                        const results::ReplicationResult& r,
                                        const std::string& name) {
  return r.series[static_cast<std::size_t>(schema.series_index(name))];
}

/// The sum of a series over the run.
auto run_sum(std::string name) {
  return [name = std::move(name)](const results::OutputSchema& schema,
                                  const results::ReplicationResult& r, int, const Exposure&) {
    double total = 0;
    for (double x : series_named(schema, r, name))
      total += x;
    return total;
  };
}

/// The mean of a series over the run's months that have a value.
double run_average(const std::vector<double>& values) {
  double total = 0, n = 0;
  for (double x : values) {
    if (!std::isnan(x)) {
      total += x;
      n += 1;
    }
  }
  return n > 0 ? total / n : kNaN;
}
auto run_mean(std::string name) {
  return [name = std::move(name)](const results::OutputSchema& schema,
                                  const results::ReplicationResult& r, int, const Exposure&) {
    return run_average(series_named(schema, r, name));
  };
}

const std::vector<TotalOutput>& total_outputs() {
  static const std::vector<TotalOutput> totals = {
      {{"exits_total", "1", "exits over the run", O}, run_sum("exits")},
      {{"regretted_exits_total", "1", "regretted exits over the run", O},
       run_sum("regretted_exits")},
      {{"annual_attrition", "1/year", "exits per mean head, annualised over the run", O},
       [](const results::OutputSchema& schema, const results::ReplicationResult& r, int months,
          const Exposure& e) {
         const double mean_heads = run_average(series_named(schema, r, "headcount"));
         return mean_heads > 0 ? run_sum("exits")(schema, r, months, e) / mean_heads * 12.0 / months
                               : kNaN;
       }},
      {{"shipped_features_total", "1", "features shipped over the run", O},
       run_sum("shipped_features")},
      {{"shipped_value_total", "1e3",
        "value of features shipped over the run, in thousands of dollars", O},
       run_sum("shipped_value")},
      {{"value_delivered_total", "1e3", "value delivered over the run, in thousands of dollars", O},
       run_sum("value_delivered")},
      {{"mean_engagement", "1", "mean engagement over the run", L}, run_mean("engagement")},
      {{"mean_engaged_share", "1", "mean share engaged over the run", L},
       run_mean("engaged_share")},
      {{"mean_actively_disengaged_share", "1", "mean share actively disengaged over the run", L},
       run_mean("actively_disengaged_share")},
      {{"mean_thinking_of_quitting_share", "1",
        "mean share thinking of quitting or further over the run", L},
       run_mean("thinking_of_quitting_share")},
      {{"tie_exit_relative_risk", "1",
        "monthly resignation rate of people a tie of whom left in the six months before, over "
        "that of people with no such tie (1: exits do not cluster along ties)",
        results::Visibility::Diagnostic},
       [](const results::OutputSchema&, const results::ReplicationResult&, int, const Exposure& e) {
         const double exposed_rate = e[1] > 0 ? e[0] / e[1] : kNaN;
         const double unexposed_rate = e[3] > 0 ? e[2] / e[3] : kNaN;
         return unexposed_rate > 0 ? exposed_rate / unexposed_rate : kNaN;
       }},
  };
  return totals;
}

}  // namespace

results::OutputSchema make_schema(int months) {
  results::OutputSchema s;
  s.periods = static_cast<std::size_t>(months);
  s.period_name = "month";
  s.period_units = "months";
  s.dimensions = {
      {"role", "employee role", role_labels()},
      {"turnover_path", "path through the unfolding model of turnover", labels(kPathNames)},
      {"shock_kind", "kind of shock", labels(kShockNames)},
      {"stage", "turnover stage", labels(kStageNames)},
      {"hire_kind", "why the seat was filled", labels(kHireKindNames)},
  };
  s.series = series_declarations().specs();
  s.tables = {exits_table().spec(), hires_table().spec(), shocks_table().spec(),
              panel_table().spec()};
  s.scalars = early_warning_scalars();
  for (const auto& total : total_outputs())
    s.scalars.push_back(total.spec);
  s.console_columns = {"headcount",        "exits",  "experiments",
                       "shipped_features", "effort", "survey_engagement"};
  return s;
}

void write_month(const results::OutputSchema& schema, const MonthFigures& figures,
                 std::size_t period_index, std::vector<std::vector<double>>& series) {
  series_declarations().write(figures, schema, period_index, series);
}

namespace {

/// The tables' places in make_schema.
constexpr std::size_t kExitsTable = 0, kHiresTable = 1, kShocksTable = 2, kPanelTable = 3;
/// Exits of a seat's ties count this far back.
constexpr double kPrior = 6.0 * kDaysPerMonth;

/// By time, then employee. Rows of one time and person (a manager's exit is
/// a tie exit and a lost manager at once) keep the order they were logged
/// in, which no month boundary can split (see take_before).
template <class Row>
void sort_by_time(std::vector<Row>& rows) {
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return a.day < b.day || (a.day == b.day && a.employee < b.employee);
  });
}

/// The rows held from earlier flushes and those the teams logged since
/// (each team's in the order logged, teams in order) that fall before
/// `boundary` (all of them for rows without a time); the others are held. A
/// person's rows are all in their team's log, so the order a stable sort
/// keeps among rows of one time and person is the order they were logged in.
template <class Row>
std::vector<Row> take_before(std::vector<Row>& held, std::vector<TeamState>& teams,
                             std::vector<Row> TeamLog::*member, double boundary) {
  std::size_t rows = held.size();
  for (const TeamState& team : teams)
    rows += (team.log.*member).size();
  std::vector<Row> taken, kept;
  if (rows == 0) return taken;
  taken.reserve(rows);
  auto take = [&](std::vector<Row>& logged) {
    for (const Row& row : logged) {
      if constexpr (requires { row.day; }) {
        if (!(row.day < boundary)) {
          kept.push_back(row);
          continue;
        }
      }
      taken.push_back(row);
    }
    logged.clear();  // keeps its capacity for the next month
  };
  take(held);
  for (TeamState& team : teams)
    take(team.log.*member);
  held = std::move(kept);
  return taken;
}

/// For each exit of `exits` (the rows of one flush), how many exits its
/// seat's ties saw in the six months before: those of earlier flushes, kept
/// in `recent`, and the flush's own, which join them.
void count_tie_exits(const Organisation& org, std::vector<RecentExit>& recent,
                     std::vector<ExitRow>& exits) {
  for (const ExitRow& x : exits)
    recent.push_back({x.seat, x.day});
  // By seat, so that a seat's exits are one range; the exits are visited in
  // seat order too: most ties are teammates, whose seats are neighbours, so
  // the lookups stay within a few cache lines.
  std::sort(recent.begin(), recent.end(), [](const RecentExit& a, const RecentExit& b) {
    return a.seat < b.seat || (a.seat == b.seat && a.day < b.day);
  });
  std::vector<std::uint32_t> by_seat(exits.size());
  std::iota(by_seat.begin(), by_seat.end(), 0U);
  std::sort(by_seat.begin(), by_seat.end(),
            [&](std::uint32_t a, std::uint32_t b) { return exits[a].seat < exits[b].seat; });
  const auto before = [](const RecentExit& e, std::uint32_t seat) { return e.seat < seat; };
  for (const std::uint32_t i : by_seat) {
    ExitRow& x = exits[i];
    const double day = x.day;
    std::int64_t count = 0;
    const auto [first, last] = boost::out_edges(x.seat, org.ties);
    for (auto e = first; e != last; ++e) {
      const auto other = static_cast<std::uint32_t>(boost::target(*e, org.ties));
      for (auto j = std::lower_bound(recent.begin(), recent.end(), other, before);
           j != recent.end() && j->seat == other; ++j) {
        if (j->day < day && j->day >= day - kPrior) ++count;
      }
    }
    x.tie_exits = count;
  }
}

/// Exits no exit at or after `boundary` can count.
void forget_old_exits(std::vector<RecentExit>& recent, double boundary) {
  const double horizon = boundary - kPrior;
  std::erase_if(recent, [horizon](const RecentExit& e) { return e.day < horizon; });
}

}  // namespace

void flush_tables(World& w, double boundary) {
  if (w.teams.empty() || !w.teams.front().log.recording) return;
  TableFlow& flow = w.table_flow;
  results::ReplicationResult& result = w.result;
  if (auto exits = take_before(flow.held.exits, w.teams, &TeamLog::exits, boundary);
      !exits.empty()) {
    sort_by_time(exits);
    count_tie_exits(w.org, flow.recent, exits);
    result.append_rows(kExitsTable, std::move(exits_table().fill(exits).columns));
  }
  forget_old_exits(flow.recent, boundary);
  if (auto hires = take_before(flow.held.hires, w.teams, &TeamLog::hires, boundary);
      !hires.empty()) {
    sort_by_time(hires);
    result.append_rows(kHiresTable, std::move(hires_table().fill(hires).columns));
  }
  if (auto shocks = take_before(flow.held.shocks, w.teams, &TeamLog::shocks, boundary);
      !shocks.empty()) {
    sort_by_time(shocks);
    result.append_rows(kShocksTable, std::move(shocks_table().fill(shocks).columns));
  }
  // Snapshots are taken at month ends: no later row is of an earlier month.
  if (auto panel = take_before(flow.held.panel, w.teams, &TeamLog::panel, boundary);
      !panel.empty()) {
    std::sort(panel.begin(), panel.end(), [](const PanelRow& a, const PanelRow& b) {
      return a.month < b.month || (a.month == b.month && a.employee < b.employee);
    });
    result.append_rows(kPanelTable, std::move(panel_table().fill(panel).columns));
  }
}

void fill_totals(const results::OutputSchema& schema, int months, const Exposure& exposure,
                 results::ReplicationResult& result) {
  const std::size_t first = scalar_layout().totals;
  const auto& totals = total_outputs();
  for (std::size_t i = 0; i < totals.size(); ++i) {
    result.scalars[first + i] = totals[i].compute(schema, result, months, exposure);
  }
}

}  // namespace wfsim::workforce
