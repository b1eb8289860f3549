"""The batch kernel: the engine's steps (facts, eligibility, entitlement, amounts, stop) on
arrays, one element per claimant or per benefit month, in integer days and integer fen.

Each step mirrors the one-claim engine's definition (see `uibenefit.entitlement`, `schedule`,
`stops`); the numbers come from the compiled policy. Rows whose answer the kernel cannot give
(a date before what the policy covers, an amount the engine refuses) are flagged in `refer`
and answered by `policy.evaluate` instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from ..claimant import EVENT_KINDS
from . import _dates as D
from ._compile import MODES, NULL, REFER, Compiled, Fact, Lookup

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
    month_row: I64 | None = None
    month_index: I32 | None = None
    period_start: I32 | None = None
    period_end: I32 | None = None
    amount: I64 | None = None
    pay_by: I32 | None = None
    pay_by_null: B | None = None
    medical: B | None = None
    status: npt.NDArray[np.int8] | None = None


STATUSES = ("due", "forfeited", "lump_sum")


def facts(c: Compiled, x: Inputs) -> tuple[dict[str, Fact], I32, I32]:
    """The facts conditions read (entitlement.facts), with start and retirement dates."""
    app = x.application
    idx = c.table("benefit_start").index(app).astype(np.int64) + 1
    use_registration = c.start_is_registration[idx] & ~x.registered_at_claim
    start = np.where(use_registration, x.registration, app).astype(np.int32)
    retire = retirement_date(c, x)
    years = D.year(app) - D.year(x.birth)
    age = years - (D.add_months(x.birth, 12 * years) > app)
    reg_null = x.registered_reason < 0
    f = {
        "contribution_months": Fact("int", x.contribution),
        "separation_reason": Fact("str", x.reason, None, c_choices("separation_reason")),
        "registered_reason": Fact(
            "str", x.registered_reason, reg_null, c_choices("registered_reason")
        ),
        "reason_differs": Fact("bool", (~reg_null & (x.registered_reason != x.reason)).view(np.int8)),
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
        "age_years_on_application": Fact("int", age.astype(np.int64)),
        "retirement_date": Fact("date", retire),
        "past_retirement_age_on_start": Fact("bool", (start >= retire).view(np.int8)),
    }
    return f, start, retire  # type: ignore[return-value]


def c_choices(name: str) -> tuple[str, ...]:
    from ._compile import STR_FACTS

    found = STR_FACTS[name]
    assert found is not None
    return found


def retirement_date(c: Compiled, x: Inputs) -> I32:
    """entitlement.retirement_date: the first rule's old age, then the rule in force then."""
    key = np.where(x.sex == 0, 0, np.where(x.position == 1, 2, 1))  # SEXES, POSITIONS order
    reached = D.add_months(x.birth, 12 * c.ret_years[0, key])
    v = c.table("retirement_age").index(reached).astype(np.int64)
    v = np.where(v < 0, 0, v)
    years = c.ret_years[v, key]
    n = D.month_index(x.birth) - c.ret_first_month[v, key] + 1
    step = c.ret_step[v, key]
    delay = np.minimum(-(-n // step), c.ret_max[v, key])
    delay = np.where(c.ret_has_delay[v, key] & (n >= 1), delay, 0)
    return D.add_months(x.birth, 12 * years + delay)


def _round(amount: I64, days: I64, whole: I64, mode: npt.NDArray[np.int8]) -> I64:
    """amount × days / whole rounded as `mode` says, exactly, in integer units."""
    num = amount * days
    q, r = np.divmod(num, whole)
    half_up = 2 * r >= whole
    half_even = (2 * r > whole) | ((2 * r == whole) & (q % 2 == 1))
    up = r > 0
    bump = np.select(
        [mode == MODES.index("ROUND_HALF_UP"), mode == MODES.index("ROUND_HALF_EVEN"),
         mode == MODES.index("ROUND_UP")],
        [half_up, half_even, up],
        False,
    )
    out: I64 = q + bump
    return out


def run(c: Compiled, x: Inputs, as_of: int | None, months_wanted: bool) -> Result:
    """Every column for the claimants in `x`; `refer` marks rows the engine must answer."""
    n = len(x.application)
    app = x.application
    refer = np.zeros(n, dtype=bool)
    for first in c.required_first:
        if first is None:
            refer[:] = True
        else:
            refer |= app < D.days_of(first)
    f, start, retire = facts(c, x)
    p = Lookup(c, app)
    failed: list[B] = []
    eligible = np.ones(n, dtype=bool)
    for _, when, requires in c.rules:
        applies = np.ones(n, dtype=bool) if when is None else when(f, p)
        bad = applies & ~requires(f, p)
        failed.append(bad)
        eligible &= ~bad

    # -- entitlement (entitlement.entitlement)
    tv = c.table("regular_months_tiers").index(app).astype(np.int64) + 1
    tier = c.tier_months[tv, np.minimum(x.contribution, 1200)]
    cap = c.cap[c.table("regular_months_cap").index(app).astype(np.int64) + 1]
    regular = np.minimum(tier + x.prior, cap).astype(np.int32)
    regular = np.where(eligible, regular, 0).astype(np.int32)
    regular_end = (D.add_months(start, regular) - 1).astype(np.int32)
    thv = c.table("continuation_threshold_months").index(regular_end).astype(np.int64) + 1
    threshold = c.threshold[thv]
    continues = (
        eligible
        & (regular > 0)
        & (threshold >= 0)
        & (D.add_months(regular_end, np.maximum(threshold, 0)) > retire)
        & (regular_end + 1 < retire)
    )
    end = np.where(continues, retire - 1, regular_end).astype(np.int32)
    reached = D.months_reached(start, end)
    total = np.where(continues, np.maximum(regular, reached), regular).astype(np.int32)

    # -- months: amounts (schedule.payout_schedule)
    total64 = total.astype(np.int64)
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(total64, out=offsets[1:])
    m_count = int(offsets[-1])
    row = np.repeat(np.arange(n, dtype=np.int64), total64)
    index = (np.arange(m_count, dtype=np.int64) - offsets[row] + 1).astype(np.int32)
    s_row = start[row]
    first = D.add_months(s_row, index - 1)
    whole_end = (D.add_months(s_row, index) - 1).astype(np.int32)
    last = np.minimum(whole_end, end[row])
    rv = c.table("standard_date").index(app).astype(np.int64) + 1
    month_start_reading = c.reading_month_start[rv][row]
    on = np.where(month_start_reading, first, app[row]).astype(np.int32)
    rnd = np.maximum(c.table("money_rounding").index(app).astype(np.int64), 0)
    area_slot = _area_slots(c, x)
    amount = np.full(m_count, NULL, dtype=np.int64)
    if c.has_standard:
        sv = c.table("benefit_standard").index(on).astype(np.int64)
        slot = np.full(m_count, -1, dtype=np.int64)
        base_on = on.copy()
        # the special group of each standard, for each claimant (parameters on the
        # application date; a group whose condition reads parameters under the month_start
        # reading is referred)
        special = np.zeros(m_count, dtype=bool)
        for v, cond in enumerate(c.special):
            if cond is None:
                continue
            hit = sv == v
            if not hit.any():
                continue
            if c.special_params[v]:
                refer[row[hit & month_start_reading]] = True
            sp = cond(f, p)
            special[hit] = sp[row[hit]]
        std_ok = np.zeros(m_count, dtype=bool)
        for v, groups in enumerate(c.band_through):
            if groups:
                std_ok |= sv == v
        beyond_active = np.zeros(m_count, dtype=bool)
        if c.has_beyond:
            bt = c.table("beyond_regular_months")
            bv = bt.index(on).astype(np.int64) + 1
            none = c.beyond_slot[bv] < 0
            bv2 = bt.index(first).astype(np.int64) + 1
            bv = np.where(none, bv2, bv)
            base_on = np.where(none, first, on).astype(np.int32)
            beyond_active = std_ok & (c.beyond_slot[bv] >= 0) & (index > c.beyond_after[bv])
            slot = np.where(beyond_active, c.beyond_slot[bv], slot)
        for v in range(len(c.band_through)):
            groups = c.band_through[v]
            if not groups:
                continue
            for g, through in enumerate(groups):
                hit = (sv == v) & ~beyond_active & (special == (g == 1))
                if g == 0 and len(groups) == 1:
                    hit = (sv == v) & ~beyond_active
                if not hit.any():
                    continue
                j = np.searchsorted(through, index[hit], side="left")
                over = j >= len(through)
                refer[row[hit][over]] = True  # no rate for the month: the engine raises
                slot[hit] = np.where(over, -1, c.band_slot[v][g][np.minimum(j, len(through) - 1)])
        base_on = np.where(beyond_active, base_on, on).astype(np.int32)
        priced = slot >= 0
        epoch = c.epoch_lut[base_on - D.DAY0].astype(np.int64)
        got = c.price[rnd[row], np.maximum(slot, 0), epoch, area_slot[row]]
        amount = np.where(priced, got, NULL)
    refer[row[amount == REFER]] = True
    amount = np.where(amount == REFER, NULL, amount)
    pv = c.table("partial_last_month").index(end).astype(np.int64) + 1
    cut = c.pro_rata[pv][row] & (last < whole_end) & (amount >= 0)
    if cut.any():
        days = (last[cut] - first[cut] + 1).astype(np.int64)
        whole = (whole_end[cut] - first[cut] + 1).astype(np.int64)
        mode = c.mode_code[rnd[row[cut]] + 1]
        amount[cut] = _round(amount[cut], days, whole, mode)

    # pay-by dates (schedule._pay_by_dates): the rule on the end of the application month
    pay_by_null = np.ones(n, dtype=bool)
    first_due = np.zeros(n, dtype=np.int64)
    pay = c.table("pay_by")
    if pay.present:
        app_month = D.month_index(app)
        pi = pay.index(D.month_end(app_month)).astype(np.int64)
        cutoff = np.array([0, *[v.cutoff_day for v in pay.values]], dtype=np.int32)[pi + 1]
        before = np.array(
            [False, *[v.cutoff_day_counts_as == "before" for v in pay.values]]
        )[pi + 1]
        dom = D.day_of_month(app)
        early = (dom < cutoff) | ((dom == cutoff) & before)
        first_due = (app_month + np.where(early, 0, 1)).astype(np.int64)
        pay_by_null = pi < 0
    m_pay_by = D.month_end((first_due[row] + index - 1).astype(np.int32))
    m_pay_null = pay_by_null[row]

    # -- stop (stops.stop), the earliest effective event
    stopped = np.zeros(n, dtype=bool)
    stop_on = np.zeros(n, dtype=np.int32)
    kind = np.full(n, -1, dtype=np.int64)
    if len(x.event_row):
        er = x.event_row
        eff = x.event_on <= end[er]
        key = x.event_on.astype(np.int64) * 16 + x.event_kind
        best = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(best, er[eff], key[eff])
        stopped = (best != np.iinfo(np.int64).max) & (total > 0)
        stop_on = np.where(stopped, best // 16, 0).astype(np.int32)
        kind = np.where(stopped, best % 16, -1)
    k = np.maximum(kind, 0)
    containing = c.containing[k]
    on_cut = np.where(containing, stop_on, stop_on - 1).astype(np.int32)
    paid = np.where(stopped, np.minimum(D.months_reached(start, on_cut), total), total)
    paid = paid.astype(np.int32)
    forfeited = (total - paid).astype(np.int32)
    lump_branch = stopped & c.lump_effect[k] & (stop_on >= start) & (forfeited > 0)

    known = np.where(amount >= 0, amount, 0)
    unknown = (amount < 0).astype(np.int64)
    cs = np.zeros(m_count + 1, dtype=np.int64)
    np.cumsum(known, out=cs[1:])
    cu = np.zeros(m_count + 1, dtype=np.int64)
    np.cumsum(unknown, out=cu[1:])
    lo = offsets[:-1]
    hi = offsets[1:]
    mid = lo + paid
    due_sum = cs[mid] - cs[lo]
    due_unknown = (cu[mid] - cu[lo]) > 0
    total_due = np.where(due_unknown, NULL, due_sum)
    rest_sum = cs[hi] - cs[mid]
    rest_unknown = (cu[hi] - cu[mid]) > 0
    lump = np.where(lump_branch & ~rest_unknown, rest_sum, NULL)
    if as_of is None:
        overpaid = np.zeros(n, dtype=np.int64)
    else:
        owed = np.where(~m_pay_null & (m_pay_by <= as_of), known, 0)
        co = np.zeros(m_count + 1, dtype=np.int64)
        np.cumsum(owed, out=co[1:])
        overpaid = np.where(stopped & ~lump_branch, co[hi] - co[mid], 0)
    if m_count:
        amount_first = np.where(total > 0, amount[np.minimum(lo, m_count - 1)], NULL)
    else:
        amount_first = np.full(n, NULL, dtype=np.int64)

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
    )
    if months_wanted:
        mv = c.table("medical_insurance_while_receiving").index(app).astype(np.int64) + 1
        medical = c.medical[mv][row]
        marked = stopped[row] & (index > paid[row])
        at_once = (c.lump_effect[k] & (stop_on >= start))[row]
        lv = c.table("medical_insurance_on_lump_sum").index(stop_on).astype(np.int64) + 1
        lump_medical = c.lump_medical[lv][row] if c.table("medical_insurance_on_lump_sum").present else np.zeros(m_count, dtype=bool)
        status = np.where(marked, np.where(at_once, 2, 1), 0).astype(np.int8)
        medical = np.where(marked, lump_medical & at_once, medical)
        result.month_row = row
        result.month_index = index
        result.period_start = first
        result.period_end = last.astype(np.int32)
        result.amount = amount
        result.pay_by = m_pay_by
        result.pay_by_null = m_pay_null
        result.medical = medical
        result.status = status
    return result


def _area_slots(c: Compiled, x: Inputs) -> I64:
    """Each claimant's area as a column of the price table: a known area, other, or none."""
    slot_of = np.array(
        [c.areas.index(a) if a in c.areas else c.area_other for a in x.area_vocab] or [0],
        dtype=np.int64,
    )
    out: I64 = np.where(x.area_code < 0, c.area_none, slot_of[np.maximum(x.area_code, 0)])
    return out


__all__ = ["EVENT_KINDS", "STATUSES", "Inputs", "Result", "run"]
