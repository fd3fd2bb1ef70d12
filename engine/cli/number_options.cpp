#include <charconv>
#include <cstdint>
#include <limits>
#include <string>

#include "engine/cli/commands.hpp"

namespace wfsim::cli {

CLI::Validator whole_number(std::uint64_t min, std::uint64_t max) {
  const std::string range = std::to_string(min) + " to " + std::to_string(max);
  // Checked on the text, before CLI11 converts it: its conversion wraps a
  // negative number and saturates one too large for the option's type.
  return CLI::Validator(
      [min, max, range](std::string& text) -> std::string {
        std::uint64_t value = 0;
        const char* end = text.data() + text.size();
        const auto [stop, error] = std::from_chars(text.data(), end, value);
        const bool digits =
            !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
        if (!digits || stop != end) {
          return "expected a whole number from " + range + ", got '" + text + "'";
        }
        if (error == std::errc::result_out_of_range || value < min || value > max) {
          return "out of range: " + text + " is not in " + range;
        }
        return {};
      },
      "INT in " + range);
}

}  // namespace wfsim::cli
