#include "engine/distributed/mpi_sweep.hpp"

#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "engine/params/config_error.hpp"

namespace wfsim::distributed {

namespace {

enum Tag : int {
  kRequest = 1,  // worker -> 0: ready; carries the worker's sweep hash
  kWork = 2,     // 0 -> worker: point indices to evaluate
  kResult = 3,   // worker -> 0: finished points; also asks for more
  kStop = 4,     // 0 -> worker: no more work
  kError = 5,    // worker -> 0: the worker failed; carries the error
};

/// A chunk should take about this long: long enough that messaging costs
/// nothing next to it, short enough to balance the load at the end.
constexpr double kChunkSeconds = 0.05;
constexpr std::uint64_t kMaxChunk = 4096;

void check(int code, const char* what) {
  if (code != MPI_SUCCESS) throw std::runtime_error(std::string("MPI failed to ") + what);
}

/// Waits for a message without spinning a core: OpenMPI's blocking receive
/// polls at full speed, which would steal a core from the ranks that
/// compute when ranks share a node.
MPI_Status wait_for_message(int source) {
  MPI_Status status;
  auto pause = std::chrono::microseconds(20);
  for (;;) {
    int ready = 0;
    check(MPI_Iprobe(source, MPI_ANY_TAG, MPI_COMM_WORLD, &ready, &status), "probe");
    if (ready) return status;
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::microseconds(2000));
  }
}

std::vector<unsigned char> receive(const MPI_Status& status) {
  int bytes = 0;
  check(MPI_Get_count(&status, MPI_BYTE, &bytes), "size a message");
  std::vector<unsigned char> buffer(static_cast<std::size_t>(bytes));
  check(MPI_Recv(buffer.data(), bytes, MPI_BYTE, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE),
        "receive");
  return buffer;
}

void send(int destination, Tag tag, const std::vector<unsigned char>& buffer) {
  check(MPI_Send(buffer.data(), static_cast<int>(buffer.size()), MPI_BYTE, destination, tag,
                 MPI_COMM_WORLD),
        "send");
}

/// Plain serialisation of numbers and text into a byte buffer.
class Writer {
 public:
  template <class T>
  void put(const T& value) {
    append(&value, sizeof value);
  }
  void put_text(const std::string& text) {
    put<std::uint64_t>(text.size());
    append(text.data(), text.size());
  }
  void put_doubles(std::span<const double> values) { append(values.data(), values.size_bytes()); }
  std::vector<unsigned char>& data() { return data_; }

 private:
  // resize + memcpy rather than insert: GCC 12 misreads the inlined insert
  // of a few bytes as an overflow (-Wstringop-overflow).
  void append(const void* bytes, std::size_t size) {
    if (size == 0) return;
    const std::size_t at = data_.size();
    data_.resize(at + size);
    std::memcpy(data_.data() + at, bytes, size);
  }
  std::vector<unsigned char> data_;
};

class Reader {
 public:
  explicit Reader(const std::vector<unsigned char>& data) : data_(data) {}
  template <class T>
  T get() {
    T value;
    need(sizeof value);
    std::memcpy(&value, data_.data() + offset_, sizeof value);
    offset_ += sizeof value;
    return value;
  }
  std::string get_text() {
    const auto size = get<std::uint64_t>();
    need(size);
    std::string text(reinterpret_cast<const char*>(data_.data() + offset_), size);
    offset_ += size;
    return text;
  }
  /// The next `bytes` bytes, to be copied out (they need not be aligned).
  const unsigned char* bytes(std::size_t size) {
    need(size);
    const auto* start = data_.data() + offset_;
    offset_ += size;
    return start;
  }

 private:
  void need(std::size_t bytes) const {
    if (offset_ + bytes > data_.size()) throw std::runtime_error("a truncated MPI message");
  }
  const std::vector<unsigned char>& data_;
  std::size_t offset_ = 0;
};

/// An error as it travels between ranks; config errors keep their location.
std::vector<unsigned char> pack_error(const std::exception& error) {
  Writer out;
  if (const auto* config = dynamic_cast<const params::ConfigError*>(&error)) {
    out.put<std::uint8_t>(1);
    out.put_text(config->where().file);
    out.put<std::int32_t>(config->where().line);
    out.put<std::int32_t>(config->where().column);
    out.put_text(config->key());
    out.put_text(config->message());
  } else {
    out.put<std::uint8_t>(0);
    out.put_text(error.what());
  }
  return std::move(out.data());
}

[[noreturn]] void rethrow_error(const std::vector<unsigned char>& data, int rank) {
  Reader in(data);
  if (in.get<std::uint8_t>() == 1) {
    params::SourceLocation where;
    where.file = in.get_text();
    where.line = in.get<std::int32_t>();
    where.column = in.get<std::int32_t>();
    std::string key = in.get_text();
    std::string message = in.get_text();
    throw params::ConfigError(where, key, message);
  }
  throw std::runtime_error("rank " + std::to_string(rank) + ": " + in.get_text());
}

}  // namespace

bool launched_by_mpi() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMI_RANK") || std::getenv("PMIX_RANK");
}

bool mpi_available() {
  return true;
}

Session::Session() {
  if (!launched_by_mpi()) return;
  int provided = 0;
  check(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided), "initialise");
  active_ = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

Session::~Session() {
  if (active_) MPI_Finalize();
}

int Session::local_size() const {
  for (const char* name :
       {"OMPI_COMM_WORLD_LOCAL_SIZE", "MPI_LOCALNRANKS", "SLURM_NTASKS_PER_NODE"}) {
    if (const char* value = std::getenv(name)) {
      const int n = std::atoi(value);
      if (n > 0) return n;
    }
  }
  return 1;
}

struct Coordinator::State {
  int size = 1;
  std::vector<bool> stopped;  // by rank; rank 0 is never a worker
};

Coordinator::Coordinator(const Session& session, int threads_per_rank)
    : state_(std::make_unique<State>()), threads_per_rank_(threads_per_rank) {
  state_->size = session.size();
  state_->stopped.assign(static_cast<std::size_t>(session.size()), false);
  if (!state_->stopped.empty()) state_->stopped[0] = true;
}

Coordinator::~Coordinator() {
  release();
}

int Coordinator::processes() const {
  return state_->size;
}

void Coordinator::release() noexcept {
  // Each worker sends one message and waits for the answer; answering
  // whatever it sent with a stop lets it finish.
  try {
    for (int rank = 1; rank < state_->size; ++rank) {
      if (state_->stopped[static_cast<std::size_t>(rank)]) continue;
      receive(wait_for_message(rank));
      send(rank, kStop, {});
      state_->stopped[static_cast<std::size_t>(rank)] = true;
    }
  } catch (...) {
    MPI_Abort(MPI_COMM_WORLD, 1);  // the other ranks could wait forever otherwise
  }
}

void Coordinator::run(const experiment::SweepPlan& plan, std::span<const std::uint64_t> points,
                      const experiment::PointSink& sink) {
  const std::size_t width = plan.values_per_point();
  const int workers = state_->size - 1;
  if (workers < 1) throw std::logic_error("a coordinator needs workers");
  std::size_t next = 0;
  int running = 0;
  for (int rank = 1; rank < state_->size; ++rank) {
    if (!state_->stopped[static_cast<std::size_t>(rank)]) ++running;
  }
  std::optional<std::vector<unsigned char>> failure;  // the first error, packed
  int failed_rank = 0;
  double seconds_per_point = 0.0;  // smoothed, from the workers' reports
  std::vector<double> values(width);

  while (running > 0) {
    const MPI_Status status = wait_for_message(MPI_ANY_SOURCE);
    const int rank = status.MPI_SOURCE;
    const std::vector<unsigned char> message = receive(status);
    try {
      Reader in(message);
      switch (status.MPI_TAG) {
        case kRequest:
          if (in.get<std::uint64_t>() != plan.hash()) {
            throw params::ConfigError(
                {plan.config().file, 0, 0}, "",
                "rank " + std::to_string(rank) +
                    " read a different sweep (are the sweep and base config files the same on "
                    "every node?)");
          }
          break;
        case kResult: {
          const auto count = in.get<std::uint64_t>();
          const auto seconds = in.get<double>();
          for (std::uint64_t i = 0; i < count; ++i) {
            const auto point = in.get<std::uint64_t>();
            std::memcpy(values.data(), in.bytes(width * sizeof(double)), width * sizeof(double));
            if (!failure) sink(point, values);
          }
          if (count > 0) {
            const double observed = seconds / static_cast<double>(count);
            seconds_per_point =
                seconds_per_point == 0.0 ? observed : 0.8 * seconds_per_point + 0.2 * observed;
          }
          break;
        }
        case kError:
          if (!failure) {
            failure = message;
            failed_rank = rank;
          }
          break;
        default:
          throw std::runtime_error("an unexpected MPI message");
      }
    } catch (const std::exception& e) {
      if (!failure) {
        failure = pack_error(e);
        failed_rank = 0;
      }
    }
    if (!failure && next < points.size()) {
      const std::size_t remaining = points.size() - next;
      std::uint64_t chunk = 1;
      if (seconds_per_point > 0.0) {
        chunk = static_cast<std::uint64_t>(kChunkSeconds / seconds_per_point);
      }
      const std::uint64_t fair =
          std::max<std::uint64_t>(1, remaining / (2 * static_cast<std::size_t>(workers)));
      chunk = std::clamp<std::uint64_t>(chunk, 1, std::min(fair, kMaxChunk));
      Writer out;
      for (std::uint64_t i = 0; i < chunk; ++i)
        out.put<std::uint64_t>(points[next + i]);
      next += chunk;
      send(rank, kWork, out.data());
    } else {
      send(rank, kStop, {});
      state_->stopped[static_cast<std::size_t>(rank)] = true;
      --running;
    }
  }
  if (failure) rethrow_error(*failure, failed_rank);
}

int serve_points(const Session& session,
                 const std::function<std::unique_ptr<experiment::SweepPlan>()>& build,
                 int threads) {
  (void)session;
  std::unique_ptr<experiment::SweepPlan> plan;
  try {
    plan = build();
  } catch (const std::exception& e) {
    send(0, kError, pack_error(e));
    receive(wait_for_message(0));  // the stop
    // Rank 0 reports the error and sets the exit status; a worker exiting
    // with failure first would make mpirun kill rank 0 before it can.
    return 0;
  }
  const std::size_t width = plan->values_per_point();
  {
    Writer hello;
    hello.put<std::uint64_t>(plan->hash());
    send(0, kRequest, hello.data());
  }
  std::vector<std::uint64_t> points;
  for (;;) {
    const MPI_Status status = wait_for_message(0);
    const std::vector<unsigned char> message = receive(status);
    if (status.MPI_TAG == kStop) return 0;
    points.resize(message.size() / sizeof(std::uint64_t));
    std::memcpy(points.data(), message.data(), points.size() * sizeof(std::uint64_t));
    Writer out;
    out.put<std::uint64_t>(points.size());
    out.put<double>(0.0);  // seconds, filled in below
    const auto start = std::chrono::steady_clock::now();
    try {
      experiment::evaluate_points(*plan, points, threads,
                                  [&](std::uint64_t point, std::span<const double> values) {
                                    out.put<std::uint64_t>(point);
                                    out.put_doubles(values.first(width));
                                  });
    } catch (const std::exception& e) {
      send(0, kError, pack_error(e));
      continue;  // rank 0 answers with a stop
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::memcpy(out.data().data() + sizeof(std::uint64_t), &seconds, sizeof seconds);
    send(0, kResult, out.data());
  }
}

}  // namespace wfsim::distributed
