#include "tests/common/showcase_model.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "engine/rng/random_stream.hpp"

namespace wfsim::testing {

namespace {

using results::ColumnType;
using results::Visibility;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Settings {
  std::size_t months = 24;
  std::int64_t people = 40;
  double leave_rate = 0.03;
  double hire_rate = 0.5;
  std::int64_t snapshot_every = 0;
  std::int64_t fail_at = -1;
  std::int64_t work = 0;
};

results::OutputSchema showcase_schema(const Settings& s) {
  results::OutputSchema schema;
  schema.periods = s.months;
  schema.dimensions = {
      {"group", "team", {"alpha team", "beta", "\xce\xb3 team"}},  // gamma, in UTF-8
      {"reason", "why a person left", {"voluntary", "involuntary"}},
      {"channel", "how a person was found (only a table uses it)", {"referral", "agency"}},
  };
  schema.series = {
      {"level", "1", "people present at the month end", Visibility::Observed, ""},
      {"level_by_group", "1", "people present at the month end, by team", Visibility::Observed,
       "group"},
      {"survey", "1", "mean drive measured by a quarterly survey (NaN other months)",
       Visibility::Observed, ""},
      {"hidden_drive", "1", "mean drive of the people present", Visibility::Latent, ""},
      {"leavers_by_reason", "1", "people who left in the month, by reason", Visibility::Observed,
       "reason"},
      {"draws", "1", "random numbers drawn so far", Visibility::Diagnostic, ""},
  };
  schema.tables = {
      {"departures",
       "one row per person who left",
       {{"person", ColumnType::Int64, "1", "person id", ""},
        {"month", ColumnType::Int64, "1", "month of leaving (1: the first reported month)", ""},
        {"group", ColumnType::Category, "", "team", "group"},
        {"tenure", ColumnType::Float64, "month", "time since joining", ""},
        {"reason", ColumnType::Category, "", "why the person left", "reason"},
        {"drive_before", ColumnType::Float64, "1", "drive one month before leaving", "",
         Visibility::Latent}}},
      {"arrivals",
       "one row per person hired",
       {{"person", ColumnType::Int64, "1", "person id", ""},
        {"month", ColumnType::Int64, "1", "month of joining (1: the first reported month)", ""},
        {"group", ColumnType::Category, "", "team", "group"},
        {"channel", ColumnType::Category, "", "how the person was found", "channel"}}},
      {"panel",
       "snapshot of every person every snapshot_every months (off by default)",
       {{"month", ColumnType::Int64, "1", "month of the snapshot (1: the first reported month)",
         ""},
        {"person", ColumnType::Int64, "1", "person id", ""},
        {"group", ColumnType::Category, "", "team", "group"},
        {"drive", ColumnType::Float64, "1", "drive", "", Visibility::Latent}}},
  };
  schema.scalars = {
      {"onset_month", "1", "month the drive began to fall (NaN: it never did)", Visibility::Latent},
      {"final_level", "1", "people present at the end", Visibility::Observed},
      {"lead_months_survey", "month", "months from onset to the survey noticing (NaN: never)",
       Visibility::Observed},
  };
  schema.console_columns = {"level", "survey", "hidden_drive"};
  return schema;
}

struct Person {
  std::int64_t id = 0;
  std::int64_t group = 0;
  std::int64_t joined = 0;
  double drive = 0.0;
  double drive_before = 0.0;
};

class ShowcaseScenario final : public model::Scenario {
 public:
  explicit ShowcaseScenario(const Settings& s) : s_(s), schema_(showcase_schema(s)) {}
  const results::OutputSchema& schema() const override { return schema_; }

  results::ReplicationResult run(const model::RunContext& context) const override {
    if (s_.fail_at >= 0 && context.replication == static_cast<std::uint64_t>(s_.fail_at)) {
      throw std::runtime_error("showcase: replication " + std::to_string(s_.fail_at) +
                               " fails on purpose");
    }
    auto result = results::make_result(schema_, context.replication);
    rng::RandomStream random({context.seed, context.replication, 0, 0});
    std::vector<Person> people;
    std::int64_t next_id = 0;
    for (std::int64_t i = 0; i < s_.people; ++i) {
      people.push_back({next_id++, i % 3, 0, 0.5 + 0.5 * random.uniform(), 0.0});
    }
    // Some replications never drain: onset beyond the horizon.
    const double onset = 1.0 + std::floor(random.uniform() * 1.5 * static_cast<double>(s_.months));
    auto& departures = result.tables[0].columns;
    auto& arrivals = result.tables[1].columns;
    auto& panel = result.tables[2].columns;
    const auto ints = [](auto& column) -> std::vector<std::int64_t>& {
      return std::get<std::vector<std::int64_t>>(column);
    };
    const auto reals = [](auto& column) -> std::vector<double>& {
      return std::get<std::vector<double>>(column);
    };
    double noticed = kNaN;
    volatile double sink = 0.0;
    for (std::size_t p = 0; p < s_.months; ++p) {
      const auto month = static_cast<std::int64_t>(p + 1);
      double leavers[2] = {0.0, 0.0};
      std::vector<Person> stay;
      for (Person& person : people) {
        for (std::int64_t w = 0; w < s_.work; ++w)
          sink = sink + std::sqrt(static_cast<double>(w));
        person.drive_before = person.drive;
        if (static_cast<double>(month) >= onset) person.drive *= 0.9 + 0.05 * random.uniform();
        const double hazard = s_.leave_rate * (2.0 - person.drive);
        if (random.bernoulli(hazard)) {
          const std::int64_t reason = random.bernoulli(0.8) ? 0 : 1;
          leavers[reason] += 1.0;
          ints(departures[0]).push_back(person.id);
          ints(departures[1]).push_back(month);
          ints(departures[2]).push_back(person.group);
          reals(departures[3]).push_back(static_cast<double>(month - person.joined));
          ints(departures[4]).push_back(reason);
          reals(departures[5]).push_back(person.drive_before);
        } else {
          stay.push_back(person);
        }
      }
      people = std::move(stay);
      if (random.bernoulli(s_.hire_rate)) {
        const auto group = static_cast<std::int64_t>(random.index(3));
        people.push_back({next_id, group, month, 0.5 + 0.5 * random.uniform(), 0.0});
        ints(arrivals[0]).push_back(next_id++);
        ints(arrivals[1]).push_back(month);
        ints(arrivals[2]).push_back(group);
        // Code -1: a missing category.
        ints(arrivals[3]).push_back(random.bernoulli(0.1) ? -1 : random.bernoulli(0.5) ? 1 : 0);
      }
      double drive = 0.0;
      double by_group[3] = {0.0, 0.0, 0.0};
      for (const Person& person : people) {
        drive += person.drive;
        by_group[person.group] += 1.0;
      }
      const double n = static_cast<double>(people.size());
      const double mean_drive = people.empty() ? kNaN : drive / n;
      result.series[0][p] = n;
      for (int g = 0; g < 3; ++g)
        result.series[1][p * 3 + g] = by_group[g];
      if (month % 3 == 0) {
        result.series[2][p] = mean_drive + 0.05 * random.normal();
        if (std::isnan(noticed) && static_cast<double>(month) >= onset &&
            result.series[2][p] < 0.6) {
          noticed = static_cast<double>(month);
        }
      }
      result.series[3][p] = mean_drive;
      result.series[4][p * 2] = leavers[0];
      result.series[4][p * 2 + 1] = leavers[1];
      result.series[5][p] = static_cast<double>(random.position());
      if (s_.snapshot_every > 0 && month % s_.snapshot_every == 0) {
        for (const Person& person : people) {
          ints(panel[0]).push_back(month);
          ints(panel[1]).push_back(person.id);
          ints(panel[2]).push_back(person.group);
          reals(panel[3]).push_back(person.drive);
        }
      }
    }
    const bool drained = onset <= static_cast<double>(s_.months);
    result.scalars[0] = drained ? onset : kNaN;
    result.scalars[1] = static_cast<double>(people.size());
    result.scalars[2] = drained && !std::isnan(noticed) ? noticed - onset : kNaN;
    result.events = random.position();
    return result;
  }

 private:
  Settings s_;
  results::OutputSchema schema_;
};

class ShowcaseModel final : public model::Model {
 public:
  ShowcaseModel() {
    params_.integer("months", 24, "months", 1, 100000, "months simulated");
    params_.integer("people", 40, "people", 0, 1000000, "people at the start");
    params_.real("leave_rate", 0.03, "1/month", 0.0, 0.5, "base monthly probability of leaving");
    params_.real("hire_rate", 0.5, "1/month", 0.0, 1.0, "monthly probability of one hire");
    params_.integer("snapshot_every", 0, "months", 0, 100000,
                    "months between panel snapshots; 0: no panel");
    params_.integer("fail_at", -1, "1", -1, 1000000000,
                    "replication that throws (to test failed runs); -1: none");
    params_.integer("work", 0, "1", 0, 1000000000,
                    "busy iterations per person-month, to make runs slower");
  }
  std::string_view name() const override { return "showcase"; }
  std::string_view summary() const override {
    return "exercises every feature of a results schema (tests only)";
  }
  const params::ParamRegistry& parameters() const override { return params_; }
  std::unique_ptr<const model::Scenario> instantiate(const params::ParamValues& v) const override {
    Settings s;
    s.months = static_cast<std::size_t>(v.integer("months"));
    s.people = v.integer("people");
    s.leave_rate = v.real("leave_rate");
    s.hire_rate = v.real("hire_rate");
    s.snapshot_every = v.integer("snapshot_every");
    s.fail_at = v.integer("fail_at");
    s.work = v.integer("work");
    return std::make_unique<ShowcaseScenario>(s);
  }

 private:
  params::ParamRegistry params_;
};

}  // namespace

std::unique_ptr<model::Model> make_showcase_model() {
  return std::make_unique<ShowcaseModel>();
}

}  // namespace wfsim::testing
