#include "engine/cli/python_module.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace wfsim::cli {

namespace {

namespace fs = std::filesystem;

fs::path own_executable() {
  std::error_code error;
  fs::path self = fs::read_symlink("/proc/self/exe", error);
  if (error) throw std::runtime_error("cannot find the wfsim program itself: " + error.message());
  return self;
}

std::string module_directory() {
  if (const char* given = std::getenv("WFSIM_PYTHONPATH"); given && *given) return given;
  const fs::path installed = own_executable().parent_path().parent_path() / "share/wfsim/python";
  std::error_code ignored;
  if (fs::exists(installed / "wfsim_results", ignored)) return installed.string();
  return WFSIM_SOURCE_PYTHON_DIR;
}

/// Runs `argv` as a child process and waits for it; the child's output goes
/// to ours.
int spawn(const std::vector<std::string>& argv, const std::string& pythonpath = {}) {
  std::vector<char*> raw;
  raw.reserve(argv.size() + 1);
  for (const auto& a : argv)
    raw.push_back(const_cast<char*>(a.c_str()));
  raw.push_back(nullptr);
  const pid_t child = fork();
  if (child < 0)
    throw std::runtime_error(std::string("cannot start a process: ") + strerror(errno));
  if (child == 0) {
    if (!pythonpath.empty()) {
      std::string path = pythonpath;
      if (const char* old = std::getenv("PYTHONPATH"); old && *old) path += ":" + std::string(old);
      setenv("PYTHONPATH", path.c_str(), 1);
    }
    execvp(raw[0], raw.data());
    std::fprintf(stderr, "wfsim: error: cannot run %s: %s\n", raw[0], strerror(errno));
    _exit(127);
  }
  int status = 0;
  while (waitpid(child, &status, 0) < 0) {
    if (errno != EINTR) throw std::runtime_error("lost a child process");
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

}  // namespace

int run_python_module(const std::string& module, const std::vector<std::string>& args) {
  const char* interpreter = std::getenv("WFSIM_PYTHON");
  std::vector<std::string> argv = {interpreter && *interpreter ? interpreter : WFSIM_PYTHON_PROGRAM,
                                   "-m", module};
  argv.insert(argv.end(), args.begin(), args.end());
  const int status = spawn(argv, module_directory());
  if (status == 127)
    throw std::runtime_error("cannot run Python (" + argv[0] + "); set WFSIM_PYTHON");
  return status;
}

int run_self(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {own_executable().string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return spawn(argv);
}

}  // namespace wfsim::cli
