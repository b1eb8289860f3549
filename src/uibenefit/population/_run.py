"""The procedure (`uibenefit.procedure._integer`) over columns: the one-claim path's functions, row by
row, compiled by numba `njit(cache=True)` where it is installed (the `batch` extra) and run as
they are where it is not (the same answers, slower).

The loops here only move values between columns and the procedure; every step of the law
they apply is a `_procedure` function, so the two paths cannot drift apart.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

from ..law._condition_ast import Program
from ..law._law_tables import LawTables
from ..procedure import _integer as _procedure
from ..procedure._integer import (
    E_NO_WAGE,
    M_EARLY,
    M_FIELDS,
    M_MODE,
    M_PLACES,
    M_STANDARD_DATE,
    NOT_KNOWN,
    PRICED,
    S_FIELDS,
    S_FIRST,
    add_months,
    add_months_to,
    add_run,
    age_in_years,
    age_key,
    civil,
    cut_short,
    day_number,
    day_of,
    deciding_event,
    entitlement,
    first_pay_month,
    month_end,
    month_length,
    month_of,
    month_price,
    month_status,
    next_month,
    owed_through,
    period_of,
    retirement_day,
    settle,
    start_day,
    stop_months,
    tier_months,
    value_at,
)

I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
B = npt.NDArray[np.bool_]


def claim_rows(
    birth: I32,
    male: B,
    cadre: B,
    application: I32,
    registration: I32,
    recorded: B,
    start_starts: I64,
    from_registration: B,
    starts: I64,
    years: I64,
    delayed: B,
    first: I64,
    step: I64,
    most: I64,
    start: I32,
    retire: I32,
    age: I64,
) -> None:
    """Each row's benefit start, statutory retirement day and age on the claim
    (`_procedure.start_day`, `retirement_day`, `age_in_years`)."""
    for i in range(len(birth)):
        start[i] = start_day(
            start_starts, from_registration, application[i], registration[i], recorded[i]
        )
        key = age_key(male[i], cadre[i])
        retire[i] = retirement_day(starts, years, delayed, first, step, most, birth[i], key)[0]
        age[i] = age_in_years(birth[i], application[i])


def entitlement_rows(
    eligible: B,
    contribution: I64,
    prior: I64,
    cap: I32,
    application: I32,
    start: I32,
    retire: I32,
    tier_starts: I64,
    tier_lo: I64,
    tier_hi: I64,
    tier_minimum: I64,
    months: I64,
    threshold_starts: I64,
    threshold: I64,
    regular: I32,
    end: I32,
    total: I32,
) -> None:
    """Each row's regular months (tier, merged with unused months, capped), last day paid and
    total months with continuation (`_procedure.tier_months`, `entitlement`)."""
    for i in range(len(eligible)):
        granted = 0
        if eligible[i]:
            v = value_at(tier_starts, application[i])
            tier = 0
            if v >= 0:
                tier = tier_months(tier_lo[v], tier_hi[v], tier_minimum, months, contribution[i])
            granted = min(tier + prior[i], cap[i])
        found = entitlement(granted, start[i], retire[i], threshold_starts, threshold)
        regular[i] = granted
        end[i] = found[1]
        total[i] = found[2]


def stop_rows(
    start: I32,
    end: I32,
    total: I32,
    application: I32,
    event_offsets: I64,
    event_on: I32,
    event_kind: I64,
    containing: B,
    effect: I64,
    pay_starts: I64,
    pay_cutoff: I64,
    pay_before: B,
    stopped: B,
    stop_on: I32,
    kind: I64,
    paid: I32,
    forfeited: I32,
    at_once: B,
    first_due: I32,
    no_pay_by: B,
) -> None:
    """Each row's deciding event among its events (`event_offsets[i]` … `[i + 1] - 1`, kinds
    numbered in the policy's order: `_integer.deciding_event`), months paid, forfeited and
    paid at once (`stop_months`), and the month its first payment is due by
    (`first_pay_month`; none where no rule is in force)."""
    for i in range(len(start)):
        e = deciding_event(
            event_on, event_kind, event_offsets[i], event_offsets[i + 1], end[i], total[i]
        )
        stopped[i] = e >= 0
        stop_on[i] = 0
        kind[i] = 0
        paid[i] = total[i]
        forfeited[i] = 0
        at_once[i] = False
        if e >= 0:
            stop_on[i] = event_on[e]
            kind[i] = event_kind[e]
            got = stop_months(start[i], total[i], event_on[e], containing[kind[i]], effect[kind[i]])
            paid[i] = got[0]
            forfeited[i] = got[1]
            at_once[i] = got[2]
        v = value_at(pay_starts, month_end(month_of(application[i])))
        if v < 0 or pay_cutoff[v] < 0:
            no_pay_by[i] = True
            first_due[i] = 0
        else:
            no_pay_by[i] = False
            first_due[i] = first_pay_month(application[i], pay_cutoff[v], pay_before[v])


PRICES = 1024
"""Slots of `priced`'s cache (a power of two)."""


def priced(
    cache: I64,
    p: int,
    starts: I64,
    money: I64,
    bands: I64,
    wages: I64,
    tiers: I64,
    beyond_first: int,
    k: int,
    first: int,
    application: int,
    month_start: bool,
    area: int,
    places: int,
    mode: int,
    early: bool,
    special_on: bool,
    special_first: bool,
) -> tuple[int, int, int]:
    """`_procedure.month_price`'s amount, what was found and the last month of the run, for
    month k of a claim made in legal period p. Where no day read moves with the month (no
    standard_date month_start, no early_claim_beyond read on first days), the price depends
    on nothing else than p, whether the claim is before `beyond_first`, the area, the special
    group and k (p fixes the rounding and the readings): so it is kept in `cache` (one
    slot per key, a key compared whole; another key in the slot is priced again)."""
    moving = month_start or (early and beyond_first > application)
    before = 1 if beyond_first > application else 0
    group = 1 if special_on else 0
    h = (p * 7919 + before * 104729 + area * 31 + group * 17 + k * 131) & (PRICES - 1)
    if (
        not moving
        and cache[h, 4] == k
        and cache[h, 0] == p
        and cache[h, 1] == before
        and cache[h, 2] == area
        and cache[h, 3] == group
    ):
        return cache[h, 5], cache[h, 6], cache[h, 7]
    got = month_price(
        starts,
        money,
        bands,
        wages,
        tiers,
        beyond_first,
        k,
        first,
        application,
        month_start,
        area,
        places,
        mode,
        early,
        special_on,
        special_first,
    )
    if not moving:
        cache[h, 0] = p
        cache[h, 1] = before
        cache[h, 2] = area
        cache[h, 3] = group
        cache[h, 4] = k
        cache[h, 5] = got[0]
        cache[h, 6] = got[1]
        cache[h, 7] = got[7]
    return got[0], got[1], got[7]


def money_rows(
    starts: I64,
    money: I64,
    bands: I64,
    wages: I64,
    tiers: I64,
    beyond_first: int,
    scale: int,
    start: I32,
    end: I32,
    total: I32,
    application: I32,
    area: I64,
    special: B,
    special_first: B,
    offsets: I64,
    paid: I32,
    first_due: I32,
    no_pay_by: B,
    as_of: int,
    audited: bool,
    stopped: B,
    at_once: B,
    forfeited: I32,
    refer: B,
    sums: I64,
    settled: I64,
    owner: I64,
    m_owner: I64,
    m_index: I32,
    m_amount: I64,  # rows × 2: the amount as a 128-bit integer
    m_first: I32,
    m_last: I32,
    m_pay_by: I32,
    m_status: npt.NDArray[np.int8],
    m_medical: B,
    medical: B,
    medical_after: B,
) -> None:
    """Each row's months priced by `_procedure.month_price` once per run of months one price
    holds for (the standard read on the claim or on each month's first day as standard_date
    in force on the claim says), a month cut short by `cut_short`, summed:
    `sums[i]` = month 1's amount, the sums of the months paid, of all, of those owed by
    `as_of` (paid, or due by then), and how many of each are unknown (-1 amount: unknown).
    Rows with a month the engine refuses to price are marked in `refer`. `settled[i]` is
    `_integer.settle`'s lump sum, overpaid, why not known, outstanding. Where `months`
    has rows, month k of row i is row offsets[i] + k - 1: `owner[i]` (the claimant's id or
    row), amount (as `decimal_words` writes it), first day, last day, pay-by day (of no
    meaning where `no_pay_by[i]`), status (`month_status`), and medical insurance
    (`medical[i]` for the months paid, `medical_after[i]` for later ones). `special_first` is the special group on each month's first day (empty: as
    on the claim)."""
    want = m_owner.shape[0] > 0
    each = special_first.shape[0] > 0
    cache = np.full((PRICES, 8), -1, dtype=np.int64)
    for i in range(len(start)):
        p = period_of(starts, application[i])
        places = money[p * M_FIELDS + M_PLACES]
        if places < 0 or money[p * M_FIELDS + M_STANDARD_DATE] > 1:
            refer[i] = True  # the engine refuses the claim: no rounding, no reading
            places = 0
        unit = 10 ** (scale - places)
        month_start = money[p * M_FIELDS + M_STANDARD_DATE] == 1
        early = money[p * M_FIELDS + M_EARLY] == 1
        mode = money[p * M_FIELDS + M_MODE]
        for j in range(S_FIELDS):
            sums[i, j] = 0
        sums[i, S_FIRST] = NOT_KNOWN
        y, mo, d = civil(start[i])
        last = total[i]
        dated = not no_pay_by[i]
        owed = owed_through(int(paid[i]), int(first_due[i]), dated, as_of)
        k = 1
        next_first = start[i]
        # month rows: the calendar month of month k's first day and of its pay-by day
        cy, cm, c1 = y, mo, start[i] - d + 1
        py = (first_due[i] + 1970 * 12) // 12
        pm = (first_due[i] + 1970 * 12) % 12 + 1
        p1 = day_number(py, pm, 1) if want else 0
        while k <= last:
            first = next_first
            m = offsets[i] + k - 1
            on_first = special_first[m] if each else special[i]
            got = priced(
                cache,
                p,
                starts,
                money,
                bands,
                wages,
                tiers,
                beyond_first,
                k,
                first,
                application[i],
                month_start,
                area[i],
                places,
                mode,
                early,
                on_first if month_start else special[i],
                on_first,
            )
            if got[1] >= E_NO_WAGE:
                refer[i] = True
            hi = got[2] if got[2] < last else last  # months k … hi share the price
            amount = got[0] * unit if got[1] == PRICED else NOT_KNOWN
            cut = amount
            if hi == last:  # the last month may be cut short and paid by its days
                end_first = add_months_to(y, mo, d, last - 1)
                if got[1] == PRICED:
                    after = add_months_to(y, mo, d, last)
                    cut = cut_short(starts, money, got[0], end_first, after, end[i], mode)[0]
                    cut *= unit
                if k < last:
                    add_run(sums[i], k, last - 1, amount, paid[i], owed)
                add_run(sums[i], last, last, cut, paid[i], owed)
            else:
                add_run(sums[i], k, hi, amount, paid[i], owed)
            next_first = first
            for q in range(k, hi + 1 if want else k):
                mq = offsets[i] + q - 1
                first = next_first
                cy, cm, c1 = next_month(cy, cm, c1)  # month q + 1's calendar month
                next_first = day_of(c1, cy, cm, d)
                m_owner[mq] = owner[i]
                m_index[mq] = q
                value = cut if q == last else amount
                m_amount[mq, 0] = value  # Arrow's decimal128: two little-endian words
                m_amount[mq, 1] = -1 if value < 0 else 0
                m_first[mq] = first
                m_last[mq] = min(next_first - 1, end[i])
                m_pay_by[mq] = p1 + month_length(py, pm) - 1
                py, pm, p1 = next_month(py, pm, p1)
                m_status[mq] = month_status(q, paid[i], at_once[i])
                m_medical[mq] = medical_after[i] if q > paid[i] else medical[i]
            k = hi + 1
            if not want:
                next_first = add_months_to(y, mo, d, hi)
        found = settle(sums[i], stopped[i], at_once[i], forfeited[i], not no_pay_by[i], audited)
        for j in range(4):
            settled[i, j] = found[j]


def decimal_words(values: I64, words: I64, nulls: I64) -> None:
    """Each value (units, NOT_KNOWN: null) as a little-endian 128-bit integer, two words
    each (Arrow's decimal128 buffer), and in `nulls[0]` how many are null."""
    count = 0
    for i in range(values.shape[0]):
        v = values[i]
        words[2 * i] = v
        words[2 * i + 1] = -1 if v < 0 else 0
        if v == NOT_KNOWN:
            count += 1
    nulls[0] = count


def month_firsts(start: I32, total: I32, offsets: I64, first: I32) -> None:
    """The first day of each month of each row (months counted from the start)."""
    for i in range(len(start)):
        for k in range(total[i]):
            first[offsets[i] + k] = add_months(start[i], k)


def in_force(numbers: I64, scalars: I64, lists: I64, held: I64, p: I64, m: I64) -> None:
    """The values of the parameters a row reads (`numbers[j]` into `scalars[j]`,
    `lists[j]`) put in `p` and `m`, where `held` does not already hold them: rows of one
    legal period share their values."""
    for j in range(scalars.shape[0]):
        v = numbers[j]
        if v != held[j]:
            held[j] = v
            p[j] = scalars[j, v]
            m[j, :] = lists[j, v, :]


def condition_loop(
    condition: Callable[..., bool],
    facts: I64,
    numbers: I64,
    scalars: I64,
    lists: I64,
    out: B,
) -> None:
    """`condition` (a `_condition_ast` function) on each row's encoded facts, with the
    values of the parameters in force on the row (`numbers[i, j]` into `scalars[j]`,
    `lists[j]`)."""
    p = np.empty(scalars.shape[0], dtype=np.int64)
    m = np.empty((lists.shape[0], lists.shape[2]), dtype=np.int64)
    held = np.full(scalars.shape[0], -1, dtype=np.int64)  # the value number p and m hold
    for i in range(facts.shape[0]):
        in_force(numbers[i], scalars, lists, held, p, m)
        out[i] = condition(facts[i], p, m)


def conditions_loop(
    conditions: Callable[..., bool],
    facts: I64,
    numbers: I64,
    scalars: I64,
    lists: I64,
    out: B,
) -> None:
    """`conditions` (a `_condition_ast.compile_rows` function) on each row's encoded facts,
    every condition's result in `out[i]`, with the values of the parameters in force on the
    row (as `condition_loop`)."""
    p = np.empty(scalars.shape[0], dtype=np.int64)
    m = np.empty((lists.shape[0], lists.shape[2]), dtype=np.int64)
    held = np.full(scalars.shape[0], -1, dtype=np.int64)  # the value number p and m hold
    for i in range(facts.shape[0]):
        in_force(numbers[i], scalars, lists, held, p, m)
        conditions(facts[i], p, m, out[i])


HELPERS = ("priced", "in_force")
"""Functions of this module the loops call, compiled with them."""

LOOPS = (
    "claim_rows",
    "entitlement_rows",
    "stop_rows",
    "money_rows",
    "decimal_words",
    "month_firsts",
    "condition_loop",
    "conditions_loop",
)

_CONDITIONS: dict[Any, Callable[..., bool]] = {}
"""Each condition's function compiled by numba, by its code (what-ifs share most of them)."""


def condition_rows(
    program: Program, facts: I64, numbers: I64, scalars: I64, lists: I64, out: B
) -> None:
    """The program's function on every row: compiled with the loop, or both as they are."""
    run = loop("condition_loop")
    condition = program.run
    if run is not condition_loop:
        code = condition.__code__
        key = (code.co_code, code.co_consts)
        found = _CONDITIONS.get(key)
        if found is None:
            import numba
            from numba import types as nt

            # one signature for every condition, so the loop is compiled once
            signature = nt.boolean(nt.int64[::1], nt.int64[::1], nt.int64[:, ::1])
            found = _CONDITIONS[key] = numba.cfunc(signature)(condition)
        condition = found
    run(condition, facts, numbers, scalars, lists, out)


def conditions_rows(
    program: Program, facts: I64, numbers: I64, scalars: I64, lists: I64, out: B
) -> None:
    """The program's `compile_rows` function on every row (out: rows × its conditions):
    compiled with the loop, or both as they are."""
    run = loop("conditions_loop")
    conditions = program.run
    if run is not conditions_loop:
        code = conditions.__code__
        key = ("rows", code.co_code, code.co_consts)
        found = _CONDITIONS.get(key)
        if found is None:
            import numba
            from numba import types as nt

            # one signature for every program, so the loop is compiled once
            signature = nt.boolean(nt.int64[::1], nt.int64[::1], nt.int64[:, ::1], nt.boolean[::1])
            found = _CONDITIONS[key] = numba.cfunc(signature)(conditions)
        conditions = found
    run(conditions, facts, numbers, scalars, lists, out)


def _compiled() -> dict[str, Callable[..., None]]:
    """The loops and every procedure function compiled together by numba, or the plain
    functions where numba is not installed."""
    here = globals()
    try:
        import numba
    except ImportError:
        return {name: here[name] for name in LOOPS}
    space: dict[str, Any] = dict(vars(_procedure))
    space.update({k: v for k, v in here.items() if k not in space})
    jit = numba.njit(cache=True)
    own = LOOPS + HELPERS
    for name, value in list(vars(_procedure).items()) + [(n, here[n]) for n in own]:
        if isinstance(value, types.FunctionType) and (
            value.__module__ == _procedure.__name__ or name in own
        ):
            copy = types.FunctionType(value.__code__, space, name, value.__defaults__)
            copy.__qualname__ = value.__qualname__
            copy.__module__ = value.__module__
            space[name] = jit(copy)
    return {name: space[name] for name in LOOPS}


_LOOPS: dict[str, Callable[..., None]] = {}


def loop(name: str) -> Callable[..., None]:
    """A loop of this module, compiled on first use."""
    if not _LOOPS:
        _LOOPS.update(_compiled())
    return _LOOPS[name]


def run_uncompiled(plain: bool) -> None:
    """Run the loops as plain Python (True) or compiled where numba is installed (False):
    for tests that hold both to the one-claim path."""
    _LOOPS.clear()
    if plain:
        _LOOPS.update({name: globals()[name] for name in LOOPS})


def arrays(tables: LawTables) -> dict[str, Any]:
    """The policy's tables as numpy arrays (int64, or bool for flags), empty ones typed."""
    out: dict[str, Any] = {}
    for name, values in tables.as_dict().items():
        if isinstance(values, int):
            out[name] = values
            continue
        flags = name in ("retirement_delayed", "pay_by_before", "start_from_registration")
        out[name] = np.array(values, dtype=np.bool_ if flags else np.int64)
    return out
