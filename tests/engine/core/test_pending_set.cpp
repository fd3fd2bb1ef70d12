#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <vector>

#include "engine/core/detail/pending_set.hpp"

using wfsim::core::Event;
using wfsim::core::NoPayload;
using wfsim::core::detail::PendingSet;

TEST_CASE("pending set pops by time, then order key, whatever the insertion order") {
  std::vector<Event<NoPayload>> events;
  for (int i = 0; i < 200; ++i) {
    Event<NoPayload> e;
    e.time = static_cast<double>(i % 17);  // many equal times
    e.order = static_cast<std::uint64_t>((i * 7919) % 1009);
    events.push_back(e);
  }
  std::mt19937 shuffle_rng(42);
  std::vector<std::pair<double, std::uint64_t>> first_run;
  for (int trial = 0; trial < 5; ++trial) {
    std::shuffle(events.begin(), events.end(), shuffle_rng);
    PendingSet<NoPayload> set;
    for (const auto& e : events)
      set.push(e);
    std::vector<std::pair<double, std::uint64_t>> popped;
    while (!set.empty()) {
      const auto e = set.pop();
      popped.emplace_back(e.time, e.order);
    }
    REQUIRE(std::is_sorted(popped.begin(), popped.end()));
    REQUIRE(popped.size() == events.size());
    if (trial == 0) {
      first_run = popped;
    } else {
      REQUIRE(popped == first_run);
    }
  }
}

TEST_CASE("pending set reports the next time, infinity when empty") {
  PendingSet<NoPayload> set;
  CHECK(set.next_time() == wfsim::core::kNever);
  Event<NoPayload> e;
  e.time = 3.5;
  set.push(e);
  e.time = 1.25;
  set.push(e);
  CHECK(set.next_time() == 1.25);
  set.pop();
  CHECK(set.next_time() == 3.5);
}
