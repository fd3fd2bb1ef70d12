// Any bytes as a census CSV file: read and checked, or params::ConfigError.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "engine/params/config_error.hpp"
#include "models/workforce/organisation_build.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The reader takes a path, as the model gives it one.
  static const std::string path = "/tmp/wfsim-fuzz-census-" + std::to_string(getpid()) + ".csv";
  if (std::FILE* out = std::fopen(path.c_str(), "wb")) {
    std::fwrite(data, 1, size, out);
    std::fclose(out);
  } else {
    return 0;
  }
  try {
    (void)wfsim::workforce::detail::read_census(path);
  } catch (const wfsim::params::ConfigError&) {
  }
  return 0;
}
