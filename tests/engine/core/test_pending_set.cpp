#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
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

TEST_CASE("discarding events leaves the others to pop in the same order") {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> when(0.0, 10.0);
  for (int trial = 0; trial < 20; ++trial) {
    PendingSet<NoPayload> kept_all;
    PendingSet<NoPayload> pruned;
    for (std::uint64_t key = 0; key < 60; ++key) {
      Event<NoPayload> e;
      e.time = std::floor(when(rng));  // equal times, broken by the key
      e.order = key;
      kept_all.push(e);
      pruned.push(e);
    }
    const auto doomed = [&](const Event<NoPayload>& e) {
      return e.order % 3 == static_cast<std::uint64_t>(trial % 3);
    };
    const std::size_t removed = pruned.discard_if(doomed);
    CHECK(removed == 20);
    CHECK(pruned.size() == 40);
    std::vector<std::uint64_t> expected;
    while (!kept_all.empty()) {
      const auto e = kept_all.pop();
      if (!doomed(e)) expected.push_back(e.order);
    }
    std::vector<std::uint64_t> popped;
    while (!pruned.empty())
      popped.push_back(pruned.pop().order);
    REQUIRE(popped == expected);
  }
  PendingSet<NoPayload> set;
  CHECK(set.discard_if([](const Event<NoPayload>&) { return true; }) == 0);
}
