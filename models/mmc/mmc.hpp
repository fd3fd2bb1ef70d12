#pragma once
/// M/M/c queue: Poisson arrivals, c identical exponential servers, FIFO.
/// A verification model: its mean wait has a closed form (Erlang C).
#include <cstdint>
#include <memory>

#include "engine/model/model.hpp"

namespace wfsim::models {

std::unique_ptr<model::Model> make_mmc_model();

/// Probability that an arrival has to wait (Erlang C) in an M/M/c queue with
/// offered load a = lambda / mu on c servers; requires a < c.
double erlang_c(std::uint32_t servers, double offered_load);
/// Mean wait in queue, Wq = C(c, a) / (c mu - lambda).
double mmc_mean_wait(double arrival_rate, double service_rate, std::uint32_t servers);

}  // namespace wfsim::models
