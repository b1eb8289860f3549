"""Benchmark: policy load time and `policy.evaluate` throughput over generated claimants.

    .venv/bin/python bench/evaluate.py [--policy xingan] [--count 10000] [--seed 20200427]
                                       [--profile [N]]

A script, not a test: it prints figures and asserts nothing about time. The claimants are
random but valid (seeded, so every run judges the same people); about a third carry an event.
Figures are CPU time (time.process_time), medians per claimant and totals, for the full
`evaluate`, `evaluate` and its whole `to_dict()` read (the schedule's records are written on
first read: what the service pays), `eligibility` (alone, and with its findings read: they are made on first read)
and `paperwork`, and the load of the policy (first and repeated).
`--profile` runs the evaluations under cProfile and prints the N functions (default 25)
with the most time of their own.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import pstats
import random
import statistics
import time
from collections import Counter
from collections.abc import Callable

import uibenefit as ub

AREAS = ("152201", "152202", "152221", "152222", "152223", "152224")
FIRST_SEPARATION = dt.date(2017, 8, 1)
LAST_SEPARATION = dt.date(2026, 6, 30)


def _day(rng: random.Random, low: dt.date, high: dt.date) -> dt.date:
    return low + dt.timedelta(days=rng.randint(0, (high - low).days))


def claimant(rng: random.Random) -> tuple[ub.Claimant, list[ub.Event], dt.date]:
    """One random valid claimant, their events (a third have one or two) and an audit date."""
    separation = _day(rng, FIRST_SEPARATION, LAST_SEPARATION)
    application = separation + dt.timedelta(days=rng.choice((0, 3, 10, 30, 45, 61, 90)))
    registered = rng.random() < 0.3
    registration = _day(rng, separation, application) if registered else None
    birth = _day(rng, dt.date(1955, 1, 1), dt.date(2000, 12, 31))
    person = ub.Claimant(
        birth_date=birth,
        sex=rng.choice(("male", "female")),
        position=rng.choice(("worker", "cadre")),
        insured_as=rng.choice(("employee", "employee", "flexible")),
        contribution_months=rng.randint(0, 400),
        separation_date=separation,
        separation_reason=rng.choice(ub.SEPARATION_REASONS),
        application_date=application,
        registration_date=registration,
        insured_area=rng.choice(AREAS),
        prior_unused_months=rng.choice((0, 0, 0, 3, 12)),
        receiving_pension=rng.random() < 0.05,
        seeking_work=rng.random() < 0.97,
        registered_reason=rng.choice((None, None, *ub.SEPARATION_REASONS)),
        spouse_receiving_benefit=rng.random() < 0.05,
    )
    events = [
        ub.Event(
            rng.choice(ub.EVENT_KINDS),
            max(separation, application + dt.timedelta(days=rng.randint(-30, 900))),
        )
        for _ in range(rng.choice((0, 0, 0, 0, 1, 2)))
    ]
    as_of = application + dt.timedelta(days=rng.randint(0, 1100))
    return person, events, as_of


def _each(run: Callable[[], object], times: list[float]) -> None:
    started = time.process_time()
    run()
    times.append(time.process_time() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--policy", default="xingan")
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20200427)
    parser.add_argument("--profile", type=int, nargs="?", const=25, default=None, metavar="N")
    args = parser.parse_args()

    load = ub.load_policy  # imported here, so the figure is the load alone
    started = time.process_time()
    policy = load(args.policy)
    loaded = time.process_time() - started
    started = time.process_time()
    load(args.policy)
    reloaded = time.process_time() - started

    rng = random.Random(args.seed)
    cases = [claimant(rng) for _ in range(args.count)]
    if args.profile is not None:
        profile = cProfile.Profile()
        profile.enable()
        for person, events, as_of in cases:
            try:
                policy.evaluate(person, events, as_of=as_of)
            except ub.UIBenefitError:
                continue
        profile.disable()
        pstats.Stats(profile).sort_stats("tottime").print_stats(args.profile)
        return

    outcomes: Counter[str] = Counter()
    each: list[float] = []
    wall, cpu = time.perf_counter(), time.process_time()
    for person, events, as_of in cases:
        started = time.process_time()
        try:
            decision = policy.evaluate(person, events, as_of=as_of)
        except ub.UIBenefitError as exc:
            outcomes[type(exc).__name__] += 1
            continue
        finally:
            each.append(time.process_time() - started)
        outcomes["eligible" if decision.eligibility.eligible else "not eligible"] += 1
        if decision.stop is not None and decision.stop.stopped:
            outcomes["stopped"] += 1
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu

    # other people than those evaluated, so nothing is answered from what evaluate remembered
    read: list[float] = []
    for person, events, as_of in (claimant(rng) for _ in range(args.count)):
        started = time.process_time()
        try:
            policy.evaluate(person, events, as_of=as_of).to_dict()
        except ub.UIBenefitError:
            pass
        finally:
            read.append(time.process_time() - started)
    eligibility: list[float] = []
    findings: list[float] = []
    paperwork: list[float] = []
    for person, _, _ in (claimant(rng) for _ in range(args.count)):
        _each(lambda p=person: policy.eligibility(p), eligibility)
    for person, _, _ in (claimant(rng) for _ in range(args.count)):
        _each(lambda p=person: policy.eligibility(p).findings, findings)
    for person, _, _ in (claimant(rng) for _ in range(args.count)):
        _each(lambda p=person: policy.paperwork(p), paperwork)

    def us(times: list[float]) -> str:
        return f"{statistics.median(times) * 1e6:.0f} µs median, {sum(times) / len(times) * 1e6:.0f} mean"

    n = args.count
    print(
        f"policy {' -> '.join(policy.layers)} loaded in {loaded * 1000:.1f} ms CPU "
        f"(again: {reloaded * 1000:.1f} ms)"
    )
    print(
        f"{n} evaluations in {wall:.2f} s wall, {cpu:.2f} s CPU: {n / wall:,.0f} per second "
        f"wall, {n / cpu:,.0f} per CPU second"
    )
    print(f"  evaluate:    {us(each)} (CPU per claimant)")
    print(f"  evaluate and its whole to_dict() read: {us(read)}")
    print(f"  eligibility: {us(eligibility)}")
    print(f"  eligibility and its findings read: {us(findings)}")
    print(f"  paperwork:   {us(paperwork)}")
    print("outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))


if __name__ == "__main__":
    main()
