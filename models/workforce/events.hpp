#pragma once
/// What the units of the organisation tell each other (ODD section 3): the
/// event kinds each kind of logical process handles, and their payloads.
/// Each payload is its own record with named fields; a message carries one
/// of them, chosen by the event's kind.
#include <cstdint>

#include "engine/core/kernel.hpp"
#include "models/workforce/roles.hpp"

namespace wfsim::workforce {

/// Events of a team's logical process.
enum class TeamEvent : std::uint32_t {
  Arrival,        // the team's superposed experiment / recruiter-call process (7.2)
  ManagerReview,  // a sign-off request reaches the manager's queue (7.3)
  ManagerDone,    // the manager finishes the review at the head of the queue
  Decision,       // the approval board's answer
  TopUp,          // a compute top-up granted, or refused with 0 tokens (7.4)
  Shipped,        // a prototype shipped (7.5)
  Stale,          // a prototype abandoned at the platform
  Hire,           // a requisition filled (7.9)
  Offer,          // an outside offer to a searcher (7.8)
  OfferDecision,  // the decision on a held offer
  Exit,           // the end of a notice period
  TieNews,        // a tie in another team left or searched, or one's manager left (7.10)
  TrainingDone,   // the upskilling programme ends (7.12)
};
/// Events of a division's approval board.
enum class BoardEvent : std::uint32_t { Request, Done, Kick };
/// Events of a division's MLOps platform.
enum class PlatformEvent : std::uint32_t { Prototype, Done, Kick };
/// Events of the labour market.
enum class MarketEvent : std::uint32_t { Requisition };

template <class E>
constexpr std::uint32_t kind(E event) {
  return static_cast<std::uint32_t>(event);
}

/// A person in a seat. The seat's generation counts its incumbents, so news
/// meant for someone who has since left is recognised and dropped.
struct Incumbent {
  std::uint32_t seat;
  std::uint32_t generation;
};

enum class RequestKind : std::uint8_t { Experiment, TopUp };
enum class Verdict : std::uint8_t { Pending, Approved, Denied, Withdrawn };

/// A request for sign-off (an experiment above the sandbox) or for a compute
/// top-up. It travels team -> manager -> board -> team and comes back as the
/// decision (or, for a top-up, as the grant in `tokens`).
struct Request {
  Incumbent requester;
  std::uint32_t team;  // the team to answer
  RequestKind kind;
  Verdict verdict;
  std::uint8_t signoffs_left;   // sign-offs still needed
  std::uint8_t board_signoffs;  // board sign-offs done; their latencies delay the answer
  double tokens;                // the experiment's cost, reserved; or the top-up granted
  double submitted;             // when the request was made
};

/// A prototype on its way through the platform to production.
struct Prototype {
  Incumbent author;
  std::uint32_t team;
  Role role;  // the author's role: it sets the platform work needed
  double value;
  double created;
};

/// An open seat the labour market is to fill, and the hire that fills it.
struct Requisition {
  std::uint32_t seat;
  std::uint32_t team;
  Role role;
  double hire_quality;  // shift of the hire's skill, set by the market
};

enum class TieNewsKind : std::uint8_t { Exit, Search, ManagerLeft };

/// News of a tie, sent to the team of the person who hears it.
struct TieNews {
  std::uint32_t seat;  // the person who hears it
  std::uint32_t team;
  TieNewsKind news;
};

/// The end of someone's upskilling programme.
struct Training {
  Incumbent trainee;
  double fluency_gain;
};

/// The team process's generation: an arrival of an older epoch was
/// superseded by a change of rates.
struct Epoch {
  std::uint32_t epoch;
};

/// The kernel's payload: one of the records above, chosen by the event kind.
union Message {
  Epoch arrival;
  Request request;
  Prototype prototype;
  Requisition requisition;
  TieNews tie;
  Training training;
  Incumbent person;  // offers, offer decisions and exits

  static Message of(Epoch e) {
    Message m{};
    m.arrival = e;
    return m;
  }
  static Message of(const Request& r) {
    Message m{};
    m.request = r;
    return m;
  }
  static Message of(const Prototype& p) {
    Message m{};
    m.prototype = p;
    return m;
  }
  static Message of(const Requisition& r) {
    Message m{};
    m.requisition = r;
    return m;
  }
  static Message of(TieNews t) {
    Message m{};
    m.tie = t;
    return m;
  }
  static Message of(const Training& t) {
    Message m{};
    m.training = t;
    return m;
  }
  static Message of(Incumbent i) {
    Message m{};
    m.person = i;
    return m;
  }
};
static_assert(sizeof(Message) <= 32,
              "events are copied around the kernel's heaps: keep them small");

using Ctx = core::EventContext<Message>;
using GlobalCtx = core::GlobalContext<Message>;
using WorkforceEvent = core::Event<Message>;

}  // namespace wfsim::workforce
