"""The batch kernel: the engine's steps (facts, eligibility, entitlement, amounts, stop) on
arrays, one element per claimant or per benefit month, in integer days and integer fen.

Each step mirrors the one-claim engine's definition (see `uibenefit.procedure.entitlement`, `schedule`,
`stops`); the numbers come from the compiled policy. Rows whose answer the kernel cannot give
(a date before what the policy covers, an amount the engine refuses) are flagged in `refer`
and answered by `policy.evaluate` instead.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from ..law._law_tables import area_code
from ..procedure._integer import (
    AREA_NONE,
    M_EARLY,
    M_FIELDS,
    M_STANDARD_DATE,
    S_FIELDS,
    S_FIRST,
    S_PAID,
    S_PAID_UNKNOWN,
)
from ..values.claimant import POSITIONS, SEXES
from . import _dates as D
from ._compile import NULL, Compiled, Fact, Lookup
from ._run import loop

FAR = 1 << 40
"""A day after every pay-by date: no audit date."""
I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
B = npt.NDArray[np.bool_]


@dataclass
class Inputs:
    """Validated claimant columns (days since 1970-01-01, codes, counts) and events."""

    birth: I32
    separation: I32
    application: I32
    registration: I32  # the application date where none is recorded
    registered_at_claim: B
    sex: I64
    position: I64
    insured_as: I64
    reason: I64
    registered_reason: I64  # -1: none
    contribution: I64
    prior: I64
    pension: B
    seeking: B
    spouse: B
    area_code: I64  # into area_vocab, -1: none
    area_vocab: tuple[str, ...]
    event_row: I64 = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    event_kind: I64 = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    event_on: I32 = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    has_events: B | None = None
    owner: I64 | None = None  # what each row's month rows carry (None: the row's number)


@dataclass
class Result:
    """Per-claimant columns, per-month columns when asked for, and the rows to refer."""

    refer: B
    eligible: B
    failed: list[B]
    regular: I32
    continuation: I32
    total: I32
    start: I32
    end: I32
    retirement: I32
    amount_first: I64
    total_due: I64
    stopped: B
    stop_on: I32
    stop_null: B
    months_paid: I32
    forfeited: I32
    lump_sum: I64
    overpaid: I64
    stop_kind: I64
    overpaid_reason: npt.NDArray[np.int8]
    month_owner: I64 | None = None  # Inputs.owner, or the row's number, of each month
    month_index: I32 | None = None
    period_start: I32 | None = None
    period_end: I32 | None = None
    amount: I64 | None = None
    amount_words: I64 | None = None  # months × 2: amount as Arrow's decimal128 buffer
    pay_by: I32 | None = None
    pay_by_null: B | None = None  # None: every month has a pay-by day
    medical: B | None = None
    status: npt.NDArray[np.int8] | None = None


STATUSES = ("due", "forfeited", "lump_sum")
"""A month's status by its code (`_integer.month_status`: DUE, FORFEITED, AT_ONCE)."""


def facts(c: Compiled, x: Inputs) -> tuple[dict[str, Fact], I32, I32]:
    """The facts conditions read (entitlement.facts), with start and retirement dates."""
    app = x.application
    start, retire, age = _claim(c, x)
    reg_null = x.registered_reason < 0
    f = {
        "contribution_months": Fact("int", x.contribution),
        "separation_reason": Fact("str", x.reason, None, c_choices("separation_reason")),
        "registered_reason": Fact(
            "str", x.registered_reason, reg_null, c_choices("registered_reason")
        ),
        "reason_differs": Fact(
            "bool", (~reg_null & (x.registered_reason != x.reason)).view(np.int8)
        ),
        "sex": Fact("str", x.sex, None, c_choices("sex")),
        "position": Fact("str", x.position, None, c_choices("position")),
        "insured_as": Fact("str", x.insured_as, None, c_choices("insured_as")),
        "seeking_work": Fact("bool", x.seeking.view(np.int8)),
        "receiving_pension": Fact("bool", x.pension.view(np.int8)),
        "spouse_receiving_benefit": Fact("bool", x.spouse.view(np.int8)),
        "prior_unused_months": Fact("int", x.prior),
        "insured_area": Fact("str", x.area_code, x.area_code < 0, x.area_vocab),
        "separation_date": Fact("date", x.separation),
        "application_date": Fact("date", app),
        "registration_date": Fact("date", x.registration),
        "registered_at_claim": Fact("bool", x.registered_at_claim.view(np.int8)),
        "start_date": Fact("date", start),
        "days_to_claim": Fact("int", (app - x.separation).astype(np.int64)),
        "age_years_on_application": Fact("int", age),
        "retirement_date": Fact("date", retire),
        "past_retirement_age_on_start": Fact("bool", (start >= retire).view(np.int8)),
    }
    return f, start, retire


def c_choices(name: str) -> tuple[str, ...]:
    from ._compile import STR_FACTS

    found = STR_FACTS[name]
    assert found is not None
    return found


def _claim(c: Compiled, x: Inputs) -> tuple[I32, I32, I64]:
    """Each row's benefit start, retirement day and age on the claim (`_procedure`)."""
    t = c.law
    n = len(x.birth)
    start = np.empty(n, dtype=np.int32)
    retire = np.empty(n, dtype=np.int32)
    age = np.empty(n, dtype=np.int64)
    loop("claim_rows")(
        x.birth,
        x.sex == SEXES.index("male"),
        x.position == POSITIONS.index("cadre"),
        x.application,
        x.registration,
        ~x.registered_at_claim,
        t["start_starts"],
        t["start_from_registration"],
        t["retirement_starts"],
        t["retirement_years"],
        t["retirement_delayed"],
        t["retirement_first_month"],
        t["retirement_step"],
        t["retirement_most"],
        start,
        retire,
        age,
    )
    return start, retire, age


def run(c: Compiled, x: Inputs, as_of: int | None, months_wanted: bool) -> Result:
    """Every column for the claimants in `x`; `refer` marks rows the engine must answer."""
    n = len(x.application)
    app = x.application
    refer = np.zeros(n, dtype=bool)
    for first_day in c.required_first:
        if first_day is None:
            refer[:] = True
        else:
            refer |= app < D.days_of(first_day)
    f, start, retire = facts(c, x)
    p = Lookup(c, app)
    failed: list[B] = []
    eligible = np.ones(n, dtype=bool)
    held = c.conditions(f, p)  # every condition in one pass, a column each
    for _, when, requires in c.rules:
        bad = ~held[:, requires]
        if when is not None:
            bad &= held[:, when]
        failed.append(bad)
        eligible &= ~bad
    for whens in c.overlaps:
        holding = np.zeros(n, dtype=np.int64)
        for k in whens:
            holding += held[:, k]
        refer |= holding > 1

    # -- entitlement (entitlement.entitlement)
    cap = c.cap[c.table("regular_months_cap").index(app).astype(np.int64) + 1]
    # unused months beyond one spell's (the cap in force on the claim): the engine refuses
    refer |= (cap >= 0) & (x.prior > cap)
    t = c.law
    regular = np.empty(n, dtype=np.int32)
    end = np.empty(n, dtype=np.int32)
    total = np.empty(n, dtype=np.int32)
    loop("entitlement_rows")(
        eligible,
        x.contribution,
        x.prior,
        cap,
        app,
        start,
        retire,
        t["tier_starts"],
        t["tier_lo"],
        t["tier_hi"],
        t["tier_minimum"],
        t["tier_months"],
        t["threshold_starts"],
        t["threshold"],
        regular,
        end,
        total,
    )

    # -- stop (stops.stop): `_integer.deciding_event`, `stop_months` per row
    order = np.argsort(x.event_row, kind="stable")
    event_offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(x.event_row, minlength=n)[:n], out=event_offsets[1:])
    stopped = np.empty(n, dtype=bool)
    stop_on = np.empty(n, dtype=np.int32)
    kind = np.empty(n, dtype=np.int64)
    paid = np.empty(n, dtype=np.int32)
    forfeited = np.empty(n, dtype=np.int32)
    at_once = np.empty(n, dtype=bool)
    first_due = np.empty(n, dtype=np.int32)
    no_pay_by = np.empty(n, dtype=bool)
    loop("stop_rows")(
        start,
        end,
        total,
        app,
        event_offsets,
        x.event_on[order].astype(np.int32),
        x.event_kind[order].astype(np.int64),
        c.containing,
        c.effect,
        t["pay_by_starts"],
        t["pay_by_cutoff"],
        t["pay_by_before"],
        stopped,
        stop_on,
        kind,
        paid,
        forfeited,
        at_once,
        first_due,
        no_pay_by,
    )

    # -- amounts: every month by `_procedure.month_price`, summed per claimant
    money = _Money(c, x, f, start, end, total, refer)
    offsets = money.offsets
    count = int(offsets[-1]) if months_wanted else 0
    (
        m_owner,
        m_index,
        m_amount,  # decimal128's words
        m_first,
        m_last,
        m_pay_by,
        m_status,
        m_medical,
    ) = _carve(
        count,
        (
            (np.int64, 1),
            (np.int32, 1),
            (np.int64, 2),
            (np.int32, 1),
            (np.int32, 1),
            (np.int32, 1),
            (np.int8, 1),
            (np.bool_, 1),
        ),
    )
    owner = x.owner if x.owner is not None else np.arange(n, dtype=np.int64)
    medical = medical_after = np.zeros(0, dtype=bool)
    if months_wanted:
        mv = c.table("medical_insurance_while_receiving").index(app).astype(np.int64) + 1
        medical = c.medical[mv]
        lt = c.table("medical_insurance_on_lump_sum")
        medical_after = c.lump_medical[lt.index(stop_on).astype(np.int64) + 1] & at_once
    sums = np.empty((n, S_FIELDS), dtype=np.int64)
    settled = np.empty((n, 4), dtype=np.int64)
    loop("money_rows")(
        t["money_starts"],
        t["money"],
        t["bands"],
        t["wages"],
        t["tiers"],
        t["beyond_first"],
        c.scale,
        start,
        end,
        total,
        app,
        money.area,
        money.special,
        money.special_first(),
        offsets,
        paid,
        first_due,
        no_pay_by,
        FAR if as_of is None else as_of,
        as_of is not None,
        stopped,
        at_once,
        forfeited,
        refer,
        sums,
        settled,
        owner,
        m_owner,
        m_index,
        m_amount,
        m_first,
        m_last,
        m_pay_by,
        m_status,
        m_medical,
        medical,
        medical_after,
    )
    first_amount = sums[:, S_FIRST]
    total_due = np.where(sums[:, S_PAID_UNKNOWN] > 0, NULL, sums[:, S_PAID])
    lump = settled[:, 0]
    overpaid = settled[:, 1]
    overpaid_reason = settled[:, 2].astype(np.int8)
    amount_first = np.where(total > 0, first_amount, NULL)

    result = Result(
        refer,
        eligible,
        failed,
        regular,
        (total - regular).astype(np.int32),
        total,
        start,
        end,
        retire,
        amount_first,
        total_due,
        stopped,
        stop_on,
        ~stopped,
        paid,
        forfeited,
        lump,
        overpaid,
        kind,
        overpaid_reason,
    )
    if months_wanted:
        result.month_owner = m_owner
        result.month_index = m_index
        result.period_start = m_first
        result.period_end = m_last
        result.amount = m_amount[:, 0]
        result.amount_words = m_amount
        result.pay_by = m_pay_by
        if (no_pay_by & (total > 0)).any():  # a claim's months have no pay-by day
            result.pay_by_null = np.repeat(no_pay_by, total)
        result.medical = m_medical
        result.status = m_status
    return result


def _carve(count: int, shapes: tuple[tuple[Any, int], ...]) -> list[npt.NDArray[Any]]:
    """Arrays of `count` rows (× width where it is 2) carved from one allocation: a large
    one is backed by huge pages, where each array of its own would fault in page by page
    (the month columns are written once and most become the schedule's buffers)."""
    sizes = [count * np.dtype(t).itemsize * w for t, w in shapes]
    room = [(size + 63) // 64 * 64 for size in sizes]  # each on a cache line
    block = np.empty(sum(room) + 64, dtype=np.uint8)
    at = -block.ctypes.data % 64
    out: list[npt.NDArray[Any]] = []
    for (t, w), size, r in zip(shapes, sizes, room, strict=True):
        part = block[at : at + size].view(t)
        out.append(part.reshape(count, 2) if w == 2 else part)
        at += r
    return out


class _Rows(Mapping[str, Fact]):
    """The facts of some rows, each gathered when a condition reads it (a condition reads
    a few of them)."""

    def __init__(self, facts: Mapping[str, Fact], rows: I64) -> None:
        self.facts, self.rows = facts, rows

    def __getitem__(self, name: str) -> Fact:
        fa = self.facts[name]
        null = None if fa.null is None else fa.null[self.rows]
        return Fact(fa.kind, fa.values[self.rows], null, fa.vocab)

    def __iter__(self) -> Iterator[str]:
        return iter(self.facts)

    def __len__(self) -> int:
        return len(self.facts)


class _Money:
    """What the priced months need besides the tables: each row's area code, month offsets,
    and whether the row is in the special group of the standard on the claim (and on each
    month's first day, where a standard may be read then)."""

    def __init__(
        self,
        c: Compiled,
        x: Inputs,
        f: dict[str, Fact],
        start: I32,
        end: I32,
        total: I32,
        refer: B,
    ) -> None:
        self.c, self.x, self.f, self.start, self.total = c, x, f, start, total
        codes = np.array([area_code(a) for a in x.area_vocab] or [0], dtype=np.int64)
        self.area = np.where(x.area_code < 0, AREA_NONE, codes[np.maximum(x.area_code, 0)])
        self.offsets = np.zeros(len(total) + 1, dtype=np.int64)
        np.cumsum(total.astype(np.int64), out=self.offsets[1:])
        self.special = self._special_on(None, x.application)

    def _special_on(self, rows: I64 | None, days: I32) -> B:
        """Whether each of `rows` (None: every row) is in the special group of the standard
        in force on its day, the group's condition read with the parameters of that day."""
        c = self.c
        out = np.zeros(len(days), dtype=bool)
        if not any(cond is not None for cond in c.special):
            return out
        sv = c.table("benefit_standard").index(days).astype(np.int64)
        for v, cond in enumerate(c.special):
            hit = sv == v
            if cond is None or not hit.any():
                continue
            if rows is None and 4 * int(hit.sum()) >= len(days):
                out[hit] = cond(self.f, Lookup(c, days))[hit]
                continue
            some = np.flatnonzero(hit) if rows is None else rows[hit]
            out[hit] = cond(_Rows(self.f, some), Lookup(c, days[hit]))
        return out

    def special_first(self) -> B:
        """The special group on each month's first day where a standard may be read on it
        (standard_date month_start, or a claim before beyond_regular_months has a value
        under early_claim_beyond month_start), as on the claim elsewhere; empty where no
        row reads one on a first day."""
        c = self.c
        if not any(cond is not None for cond in c.special):
            return np.zeros(0, dtype=bool)
        t = c.law
        money = t["money"].reshape(-1, M_FIELDS)
        if not ((money[:, M_STANDARD_DATE] == 1) | (money[:, M_EARLY] == 1)).any():
            return np.zeros(0, dtype=bool)  # no legal period reads a standard on first days
        app = self.x.application
        p = np.searchsorted(t["money_starts"], app, side="right")
        need = (money[p, M_STANDARD_DATE] == 1) | (
            (money[p, M_EARLY] == 1) & (app < t["beyond_first"])
        )
        need &= self.total > 0
        if not need.any():
            return np.zeros(0, dtype=bool)
        row = np.repeat(np.arange(len(self.total), dtype=np.int64), self.total.astype(np.int64))
        out = self.special[row]
        first = np.empty(len(row), dtype=np.int32)
        loop("month_firsts")(self.start, self.total, self.offsets, first)
        some = need[row]
        out[some] = self._special_on(row[some], first[some])
        return out


__all__ = ["STATUSES", "Inputs", "Result", "run"]
