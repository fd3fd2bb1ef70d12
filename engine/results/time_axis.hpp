#pragma once
/// Dates for the periods of a run: the calendar a results file's time
/// coordinate is written in. A model reports periods (months, weeks...)
/// counted from 1 and declares their length (`OutputSchema::period_units`,
/// a UDUNITS time such as "month" or "7 day"); a run config may say on which
/// date the first period starts (`start_date`). Period k then starts at
/// start_date + (k - 1) period lengths, in the proleptic Gregorian calendar.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wfsim::results {

/// A day of the proleptic Gregorian calendar.
struct Date {
  int year = 2000;
  unsigned month = 1;  // 1-12
  unsigned day = 1;    // 1-31

  /// YYYY-MM-DD.
  std::string iso() const;
  friend bool operator==(const Date&, const Date&) = default;
};

/// Where runs start when their config does not say: the first day of 2000.
inline constexpr Date kDefaultStartDate{2000, 1, 1};

/// Parses YYYY-MM-DD (years 1-9999) into a valid date, or nothing.
std::optional<Date> parse_date(std::string_view text);

/// The length of a period: a count of a calendar or clock unit.
struct PeriodLength {
  enum class Unit { Second, Minute, Hour, Day, Week, Month, Year };
  double count = 1.0;
  Unit unit = Unit::Month;
};

/// Reads a period length written as a UDUNITS time: an optional positive
/// number and a unit (s, second, min, minute, h, hour, d, day, week, month,
/// year, singular or plural): "month", "7 day", "1000 min". Months and
/// years take whole counts. Nothing for anything else (a model whose clock
/// has no unit of time).
std::optional<PeriodLength> parse_period_length(std::string_view units);

/// Days from `start` to the beginning of period `index` (0 for the first).
/// Months and years are calendar months and years: period k of a monthly
/// run starting 2025-01-31 begins on the last day of the month k - 1 later
/// when that month is shorter, as date arithmetic in spreadsheets and
/// pandas' DateOffset does. Other units are fixed lengths.
double days_to_period(const Date& start, const PeriodLength& length, std::uint64_t index);

/// The CF units of a time coordinate counted in days from `start`:
/// "days since YYYY-MM-DD 00:00:00".
std::string days_since(const Date& start);

}  // namespace wfsim::results
