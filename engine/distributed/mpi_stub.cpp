// The MPI interface in a build without MPI: nothing is ever active.
#include <cstdlib>
#include <stdexcept>

#include "engine/distributed/mpi_sweep.hpp"

namespace wfsim::distributed {

bool launched_by_mpi() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMI_RANK") || std::getenv("PMIX_RANK");
}
bool mpi_available() {
  return false;
}

Session::Session() = default;
Session::~Session() = default;
int Session::local_size() const {
  return 1;
}

struct Coordinator::State {};
Coordinator::Coordinator(const Session&, int threads_per_rank)
    : threads_per_rank_(threads_per_rank) {}
Coordinator::~Coordinator() = default;
void Coordinator::run(const experiment::SweepPlan&, std::span<const std::uint64_t>,
                      const experiment::PointSink&) {
  throw std::logic_error("this wfsim was built without MPI");
}
int Coordinator::processes() const {
  return 1;
}
void Coordinator::release() noexcept {}

int serve_points(const Session&, const std::function<std::unique_ptr<experiment::SweepPlan>()>&,
                 int) {
  throw std::logic_error("this wfsim was built without MPI");
}

}  // namespace wfsim::distributed
