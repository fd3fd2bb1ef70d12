#include <catch2/catch.hpp>

#include "engine/results/time_axis.hpp"

using namespace wfsim::results;
using Unit = PeriodLength::Unit;

TEST_CASE("start dates are ISO dates of the proleptic Gregorian calendar") {
  CHECK(parse_date("2025-01-31") == Date{2025, 1, 31});
  CHECK(parse_date("2024-02-29") == Date{2024, 2, 29});
  CHECK(parse_date("2024-02-29")->iso() == "2024-02-29");
  CHECK(kDefaultStartDate.iso() == "2000-01-01");
  for (const char* bad : {"2025-02-29", "2025-13-01", "2025-1-01", "25-01-01", "0000-01-01",
                          "2025-01-01T00:00", "2025/01/01", ""}) {
    CHECK_FALSE(parse_date(bad));
  }
}

TEST_CASE("period lengths are UDUNITS times; months and years are whole") {
  CHECK(parse_period_length("month")->unit == Unit::Month);
  CHECK(parse_period_length("months")->count == 1.0);
  CHECK(parse_period_length("7 day")->unit == Unit::Day);
  CHECK(parse_period_length("7 day")->count == 7.0);
  CHECK(parse_period_length(" 1000.5 min ")->count == 1000.5);
  CHECK(parse_period_length("2 year")->unit == Unit::Year);
  for (const char* bad : {"reporting periods", "1.5 month", "-1 day", "0 s", "day day", ""}) {
    CHECK_FALSE(parse_period_length(bad));
  }
}

TEST_CASE("periods start at calendar dates counted from the start date") {
  const Date start{2025, 1, 31};
  const PeriodLength month{1.0, Unit::Month};
  CHECK(days_to_period(start, month, 0) == 0.0);
  CHECK(days_to_period(start, month, 1) == 28.0);    // 2025-02-28: February is shorter
  CHECK(days_to_period(start, month, 2) == 59.0);    // 2025-03-31: not drifting from the 28th
  CHECK(days_to_period(start, month, 13) == 393.0);  // 2026-02-28
  CHECK(days_to_period({2024, 1, 1}, {1.0, Unit::Year}, 1) == 366.0);  // a leap year
  CHECK(days_to_period(start, {7.0, Unit::Day}, 3) == 21.0);
  CHECK(days_to_period(start, {2.0, Unit::Week}, 1) == 14.0);
  CHECK(days_to_period(start, {360.0, Unit::Minute}, 2) == 0.5);
  CHECK(days_since(start) == "days since 2025-01-31 00:00:00");
}
