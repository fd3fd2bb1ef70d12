#pragma once
/// The analysis commands (`compare`, `report`) read results files with the
/// Python module shipped with wfsim (wfsim_results), so that the program and
/// the notebooks compute the same figures the same way.
#include <string>
#include <vector>

namespace wfsim::cli {

/// Runs `python -m MODULE ARGS...` with the wfsim_results module on the
/// path and returns its exit status (or throws when Python cannot start).
/// The interpreter is $WFSIM_PYTHON, else the one wfsim was built with; the
/// module is found in $WFSIM_PYTHONPATH, else next to an installed wfsim
/// (PREFIX/share/wfsim/python), else in the source tree.
int run_python_module(const std::string& module, const std::vector<std::string>& args);

/// Runs this program again with `args` (for example a `run` of one
/// scenario) and returns its exit status.
int run_self(const std::vector<std::string>& args);

}  // namespace wfsim::cli
