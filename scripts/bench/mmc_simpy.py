"""The M/M/c queue of configs/mmc.yaml written as a SimPy user would write
it, for scripts/bench-simpy: Poisson arrivals, one shared Resource of c
servers, exponential service, FIFO.

  python3 mmc_simpy.py [--simpy PATH] [--seed N] [--set KEY=VALUE ...]

Prints one JSON object: what the wfsim model reports (customers who started
service after the warm-up and their mean wait in queue), SimPy's own
run time (env.run only) and the SimPy version and location used.

PATH is a SimPy checkout (the folder holding the `simpy` package, or its
parent with `src/simpy`); without it, the SimPy that this Python imports.
"""
import argparse
import json
import os
import random
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CONFIG = os.path.join(os.path.dirname(os.path.dirname(HERE)), "configs", "mmc.yaml")


def import_simpy(path):
    if path:
        for candidate in (os.path.join(path, "src"), path):
            if os.path.isdir(os.path.join(candidate, "simpy")):
                sys.path.insert(0, candidate)
                break
        else:
            raise SystemExit(f"mmc_simpy: no simpy package in {path} or {path}/src")
    try:
        import simpy
    except ImportError:
        raise SystemExit("mmc_simpy: SimPy is not importable; scripts/install-deps peers installs "
                         "Debian's python3-simpy3, or give --simpy PATH")
    if not hasattr(simpy, "Environment"):
        raise SystemExit(f"mmc_simpy: the SimPy at {os.path.dirname(simpy.__file__)} has no "
                         "Environment: SimPy 3 or later is needed")
    return simpy


def parameters(overrides):
    import yaml
    with open(CONFIG) as f:
        values = dict(yaml.safe_load(f)["parameters"])
    for item in overrides:
        key, _, value = item.partition("=")
        if key not in values:
            raise SystemExit(f"mmc_simpy: no parameter '{key}' in {CONFIG}")
        try:
            number = float(value)
        except ValueError:
            raise SystemExit(f"mmc_simpy: --set {item}: '{value}' is not a number")
        values[key] = int(number) if isinstance(values[key], int) else number
    return values


def simulate(simpy, p, seed):
    env = simpy.Environment()
    servers = simpy.Resource(env, capacity=int(p["servers"]))
    rng = random.Random(seed)
    warmup = float(p["warmup"])
    stats = {"served": 0, "wait_sum": 0.0}

    def customer():
        arrived = env.now
        with servers.request() as turn:
            yield turn
            if arrived >= warmup:
                stats["served"] += 1
                stats["wait_sum"] += env.now - arrived
            yield env.timeout(rng.expovariate(p["service_rate"]))

    def arrivals():
        while True:
            yield env.timeout(rng.expovariate(p["arrival_rate"]))
            env.process(customer())

    env.process(arrivals())
    start = time.perf_counter()
    env.run(until=float(p["end_time"]))
    seconds = time.perf_counter() - start
    served = stats["served"]
    return {
        "served": served,
        "mean_wait": stats["wait_sum"] / served if served else float("nan"),
        "run_seconds": seconds,
        "simpy_version": getattr(simpy, "__version__", "unknown"),
        "simpy_path": os.path.dirname(os.path.abspath(simpy.__file__)),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--simpy", metavar="PATH")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    args = parser.parse_args()
    simpy = import_simpy(args.simpy)
    print(json.dumps(simulate(simpy, parameters(args.set), args.seed)))


if __name__ == "__main__":
    main()
