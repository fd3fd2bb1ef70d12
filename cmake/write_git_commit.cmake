# Runs at build time (cmake -P), so that the commit recorded in results
# files is the one the program was built from, not the one CMake was
# configured at. Rewrites OUTPUT only when the text changes, so an unchanged
# commit rebuilds nothing. A tree with uncommitted changes to tracked files
# is marked "-dirty": the commit alone would not reproduce the program.
execute_process(
  COMMAND git rev-parse --short=12 HEAD
  WORKING_DIRECTORY ${SOURCE_DIR}
  OUTPUT_VARIABLE commit OUTPUT_STRIP_TRAILING_WHITESPACE
  RESULT_VARIABLE status ERROR_QUIET)
if(NOT status EQUAL 0 OR NOT commit)
  set(commit "unknown")
else()
  execute_process(
    COMMAND git status --porcelain --untracked-files=no
    WORKING_DIRECTORY ${SOURCE_DIR}
    OUTPUT_VARIABLE changes OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(changes)
    string(APPEND commit "-dirty")
  endif()
endif()
file(CONFIGURE OUTPUT ${OUTPUT} CONTENT "// Generated at build time by cmake/write_git_commit.cmake.
#include \"wfsim_version.hpp\"
namespace wfsim {
const char* const kGitCommit = \"${commit}\";
}  // namespace wfsim
")
