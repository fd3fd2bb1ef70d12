#include "engine/results/time_axis.hpp"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <chrono>
#include <cmath>

namespace wfsim::results {

namespace {

namespace chrono = std::chrono;

chrono::year_month_day to_chrono(const Date& date) {
  return chrono::year{date.year} / chrono::month{date.month} / chrono::day{date.day};
}

bool read_number(std::string_view text, double& value) {
  const auto* end = text.data() + text.size();
  const auto [ptr, error] = std::from_chars(text.data(), end, value);
  return error == std::errc() && ptr == end;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return text;
}

}  // namespace

std::string Date::iso() const {
  return fmt::format("{:04}-{:02}-{:02}", year, month, day);
}

std::optional<Date> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int parts[3] = {};
  const std::string_view fields[3] = {text.substr(0, 4), text.substr(5, 2), text.substr(8, 2)};
  for (int i = 0; i < 3; ++i) {
    for (const char c : fields[i]) {
      if (c < '0' || c > '9') return std::nullopt;
    }
    std::from_chars(fields[i].data(), fields[i].data() + fields[i].size(), parts[i]);
  }
  const Date date{parts[0], static_cast<unsigned>(parts[1]), static_cast<unsigned>(parts[2])};
  if (date.year < 1 || !to_chrono(date).ok()) return std::nullopt;
  return date;
}

std::optional<PeriodLength> parse_period_length(std::string_view units) {
  units = trim(units);
  PeriodLength length;
  const auto blank = units.find_first_of(" \t");
  if (blank != std::string_view::npos) {
    if (!read_number(units.substr(0, blank), length.count)) return std::nullopt;
    units = trim(units.substr(blank));
  }
  if (!(length.count > 0.0) || !std::isfinite(length.count)) return std::nullopt;
  using Unit = PeriodLength::Unit;
  struct Name {
    std::string_view name;
    Unit unit;
  };
  static constexpr Name kNames[] = {
      {"s", Unit::Second},     {"second", Unit::Second}, {"seconds", Unit::Second},
      {"min", Unit::Minute},   {"minute", Unit::Minute}, {"minutes", Unit::Minute},
      {"h", Unit::Hour},       {"hour", Unit::Hour},     {"hours", Unit::Hour},
      {"d", Unit::Day},        {"day", Unit::Day},       {"days", Unit::Day},
      {"week", Unit::Week},    {"weeks", Unit::Week},    {"month", Unit::Month},
      {"months", Unit::Month}, {"year", Unit::Year},     {"years", Unit::Year},
  };
  for (const auto& [name, unit] : kNames) {
    if (units != name) continue;
    // Calendar months and years have no fractions a calendar could place.
    const bool calendar = unit == Unit::Month || unit == Unit::Year;
    if (calendar && length.count != std::floor(length.count)) return std::nullopt;
    length.unit = unit;
    return length;
  }
  return std::nullopt;
}

double days_to_period(const Date& start, const PeriodLength& length, std::uint64_t index) {
  using Unit = PeriodLength::Unit;
  const double n = static_cast<double>(index) * length.count;
  switch (length.unit) {
    case Unit::Second:
      return n / 86400.0;
    case Unit::Minute:
      return n / 1440.0;
    case Unit::Hour:
      return n / 24.0;
    case Unit::Day:
      return n;
    case Unit::Week:
      return 7.0 * n;
    case Unit::Month:
    case Unit::Year: {
      // Whole calendar months from the start (parse_period_length admits
      // whole counts only).
      const double months = length.unit == Unit::Year ? 12.0 * n : n;
      const chrono::year_month_day first = to_chrono(start);
      chrono::year_month_day day = first + chrono::months{static_cast<std::int64_t>(months)};
      if (!day.ok()) day = day.year() / day.month() / chrono::last;
      return static_cast<double>((chrono::sys_days{day} - chrono::sys_days{first}).count());
    }
  }
  return 0.0;
}

std::string days_since(const Date& start) {
  return "days since " + start.iso() + " 00:00:00";
}

}  // namespace wfsim::results
