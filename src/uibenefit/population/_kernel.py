"""The batch kernel: the engine's steps (facts, eligibility, entitlement, amounts, stop) on
arrays, one element per claimant or per benefit month, in integer days and integer fen.

Each step mirrors the one-claim engine's definition (see `uibenefit.procedure.entitlement`, `schedule`,
`stops`); the numbers come from the compiled policy. Rows whose answer the kernel cannot give
(a date before what the policy covers, an amount the engine refuses) are flagged in `refer`
and answered by `policy.evaluate` instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from ..values.claimant import POSITIONS, SEXES
from . import _dates as D
from ._compile import MODES, NULL, REFER, Compiled, Fact, Lookup
from ._run import loop

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
    stop_kind: I64
    overpaid_reason: npt.NDArray[np.int8]
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


def _round(amount: I64, days: I64, whole: I64, mode: npt.NDArray[np.int8]) -> I64:
    """amount × days / whole rounded as `mode` says, exactly, in integer units."""
    num = amount * days
    q, r = np.divmod(num, whole)
    half_up = 2 * r >= whole
    half_even = (2 * r > whole) | ((2 * r == whole) & (q % 2 == 1))
    up = r > 0
    bump = np.select(
        [
            mode == MODES.index("ROUND_HALF_UP"),
            mode == MODES.index("ROUND_HALF_EVEN"),
            mode == MODES.index("ROUND_UP"),
        ],
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
    for first_day in c.required_first:
        if first_day is None:
            refer[:] = True
        else:
            refer |= app < D.days_of(first_day)
    f, start, retire = facts(c, x)
    p = Lookup(c, app)
    failed: list[B] = []
    eligible = np.ones(n, dtype=bool)
    for _, when, requires in c.rules:
        bad = ~requires(f, p)
        if when is not None:
            bad &= when(f, p)
        failed.append(bad)
        eligible &= ~bad
    for whens in c.overlaps:
        holding = np.zeros(n, dtype=np.int64)
        for held in whens:
            holding += held(f, p)
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

    # -- stop (stops.stop): the earliest effective event decides
    stopped = np.zeros(n, dtype=bool)
    stop_on = np.zeros(n, dtype=np.int32)
    kind = np.zeros(n, dtype=np.int64)
    if len(x.event_row):
        er = x.event_row
        eff = x.event_on <= end[er]
        width = c.kind_width
        key = x.event_on.astype(np.int64) * width + x.event_kind
        never = np.iinfo(np.int64).max
        best = np.full(n, never, dtype=np.int64)
        np.minimum.at(best, er[eff], key[eff])
        stopped = (best != never) & (total > 0)
        stop_on = np.where(stopped, best // width, 0).astype(np.int32)
        kind = np.where(stopped, best % width, 0)
    paid = np.empty(n, dtype=np.int32)
    first_due = np.empty(n, dtype=np.int32)
    no_pay_by = np.empty(n, dtype=bool)
    loop("payment_rows")(
        stopped,
        start,
        total,
        stop_on,
        c.containing[kind],
        app,
        t["pay_by_starts"],
        t["pay_by_cutoff"],
        t["pay_by_before"],
        paid,
        first_due,
        no_pay_by,
    )
    forfeited = (total - paid).astype(np.int32)
    at_once = stopped & c.lump_effect[kind] & (stop_on >= start)
    lump_branch = at_once & (forfeited > 0)

    # -- amounts: a closed form where every month is priced on the application date
    price = _Pricing(c, x, f, p, start, end, total, refer)
    simple = price.simple
    cum = price.cumulative
    due, due_null = cum(paid)
    whole, whole_null = cum(total)
    first_amount = price.amount_of_month(np.minimum(total, 1))
    first_amount = np.where(
        (total == 1) & (first_amount >= 0), first_amount + price.delta, first_amount
    )
    if as_of is not None:
        as_month = int(D.month_index(np.array([as_of], dtype=np.int32))[0])
        if int(D.month_end(np.array([as_month], dtype=np.int32))[0]) > as_of:
            as_month -= 1
        owed_months = np.clip(as_month - first_due + 1, 0, total)
        owed_months = np.where(no_pay_by, paid, np.maximum(owed_months, paid)).astype(np.int32)
        owed, owed_null = cum(owed_months)
    else:
        owed, owed_null = due, due_null
    slow = ~simple & (total > 0)
    if slow.any():
        months = _months(c, x, np.where(slow, total, 0).astype(np.int32), start, end, first_due)
        sums = _range_sums(months, price.monthly(months), paid, as_of, no_pay_by)
        due = np.where(slow, sums[0], due)
        due_null = np.where(slow, sums[1], due_null)
        whole = np.where(slow, sums[2], whole)
        whole_null = np.where(slow, sums[3], whole_null)
        owed = np.where(slow, sums[4], owed)
        first_amount = np.where(slow, sums[5], first_amount)
        owed_null = np.where(slow, sums[6], owed_null)
    total_due = np.where(due_null > 0, NULL, due)
    lump = np.where(lump_branch & (whole_null == due_null), whole - due, NULL)
    # overpaid (N8): not known where a month after the stop has no pay-by date or a month
    # that fell due has no amount (reason 1 and 2 of OVERPAID_REASONS)
    overpaid_reason = np.zeros(n, dtype=np.int8)
    if as_of is None:
        overpaid = np.zeros(n, dtype=np.int64)
    else:
        over = stopped & ~lump_branch
        overpaid_reason[over & (forfeited > 0) & no_pay_by] = 1
        overpaid_reason[over & ~no_pay_by & (owed_null > due_null)] = 2
        overpaid = np.where(over, owed - due, 0)
        overpaid = np.where(overpaid_reason > 0, NULL, overpaid)
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
        months = _months(c, x, total, start, end, first_due)
        row, index = months.row, months.index
        if slow.any():
            amount = np.empty(len(row), dtype=np.int64)
            fast = simple[row]
            amount[fast] = price.schedule_amounts(row[fast], index[fast])
            amount[~fast] = price.monthly(months.subset(~fast))
        else:
            amount = price.schedule_amounts(row, index)
        mv = c.table("medical_insurance_while_receiving").index(app).astype(np.int64) + 1
        marked = index > paid[row]  # paid == total where nothing stopped
        lt = c.table("medical_insurance_on_lump_sum")
        lump_medical = c.lump_medical[lt.index(stop_on).astype(np.int64) + 1] & at_once
        mark = np.where(at_once, 2, 1).astype(np.int8)
        status = np.where(marked, mark[row], np.int8(0))
        result.month_row = row
        result.month_index = index
        result.period_start = months.first
        result.period_end = months.last
        result.amount = amount
        result.pay_by = months.pay_by
        result.pay_by_null = no_pay_by[row]
        result.medical = np.where(marked, lump_medical[row], c.medical[mv][row])
        result.status = status
    return result


@dataclass
class _Months:
    """Benefit months, one element each: the claimant's row, the month number, its dates."""

    row: I64
    index: I32
    first: I32
    whole_end: I32
    last: I32
    pay_by: I32
    offsets: I64

    def subset(self, keep: B) -> _Months:
        return _Months(
            self.row[keep],
            self.index[keep],
            self.first[keep],
            self.whole_end[keep],
            self.last[keep],
            self.pay_by[keep],
            self.offsets,
        )


def _months(c: Compiled, x: Inputs, count: I32, start: I32, end: I32, first_due: I32) -> _Months:
    """Month 1 … count of each claimant (schedule.period: from the start, never chained)."""
    n = len(count)
    count64 = count.astype(np.int64)
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(count64, out=offsets[1:])
    total = int(offsets[-1])
    row = np.repeat(np.arange(n, dtype=np.int64), count64)
    index = np.ones(total, dtype=np.int32)
    if total:
        # 1, 2, … within each claimant: a cumulative sum that restarts at each claimant
        heads = offsets[:-1][count64 > 0]
        index[heads[1:]] = (1 - count64[count64 > 0][:-1]).astype(np.int32)
        index = np.cumsum(index, dtype=np.int32)
    sm = D.month_index(start)[row] + index - 1
    dom = D.day_of_month(start)[row]
    first = D.month_day(sm, dom)
    whole_end = D.month_day(sm + 1, dom) - 1
    last = np.minimum(whole_end, end[row])
    pay_by = D.month_end(first_due[row] + index - 1)
    return _Months(row, index, first, whole_end, last, pay_by, offsets)


def _range_sums(
    m: _Months,
    amount: I64,
    paid: I32,
    as_of: int | None,
    no_pay_by: B,
) -> tuple[I64, I64, I64, I64, I64, I64, I64]:
    """Sums over each claimant's months: the paid ones, all, and those owed by as_of (the
    paid ones and later months due by then), the unknown amounts among the paid and all,
    and month 1's amount."""
    known = np.where(amount >= 0, amount, 0)
    cs = np.zeros(len(amount) + 1, dtype=np.int64)
    np.cumsum(known, out=cs[1:])
    cu = np.zeros(len(amount) + 1, dtype=np.int64)
    np.cumsum(amount < 0, out=cu[1:])
    lo = m.offsets[:-1]
    hi = m.offsets[1:]
    mid = np.minimum(lo + paid, hi)
    due = cs[mid] - cs[lo]
    whole = cs[hi] - cs[lo]
    if as_of is None:
        owed = due
    else:
        o = np.where((m.pay_by <= as_of) & ~no_pay_by[m.row], known, 0)
        co = np.zeros(len(amount) + 1, dtype=np.int64)
        np.cumsum(o, out=co[1:])
        owed = due + (co[hi] - co[mid])
    padded = np.append(amount, NULL)
    first = np.where(hi > lo, padded[lo], NULL)
    owed_unknown = cu[mid] - cu[lo]
    if as_of is not None:
        ou = np.where((m.pay_by <= as_of) & ~no_pay_by[m.row], amount < 0, False)
        cou = np.zeros(len(amount) + 1, dtype=np.int64)
        np.cumsum(ou, out=cou[1:])
        owed_unknown = owed_unknown + (cou[hi] - cou[mid])
    return due, cu[mid] - cu[lo], whole, cu[hi] - cu[lo], owed, first, owed_unknown


class _Pricing:
    """The amount of every month: segments priced on the application date where the policy
    prices every month on it, month by month (schedule._Amounts) elsewhere."""

    def __init__(
        self,
        c: Compiled,
        x: Inputs,
        f: dict[str, Fact],
        p: Lookup,
        start: I32,
        end: I32,
        total: I32,
        refer: B,
    ) -> None:
        self.c, self.x, self.f, self.p = c, x, f, p
        self.start, self.end, self.total, self.refer = start, end, total, refer
        app = x.application
        n = len(app)
        self.rnd = np.maximum(c.table("money_rounding").index(app).astype(np.int64), 0)
        self.mode = c.mode_code[self.rnd + 1]
        self.area = _area_slots(c, x)
        rv = c.table("standard_date").index(app).astype(np.int64) + 1
        self.month_start_reading = c.reading_month_start[rv]
        ev = c.table("early_claim_beyond").index(app).astype(np.int64) + 1
        self.early_month_start = c.early_month_start[ev]
        if c.has_standard:
            sv = c.table("benefit_standard").index(app).astype(np.int64)
        else:
            sv = np.full(n, -1, dtype=np.int64)
        special = self._special(sv, np.ones(n, dtype=bool))
        bv = np.zeros(n, dtype=np.int64)
        if c.has_beyond:
            bv = c.table("beyond_regular_months").index(app).astype(np.int64) + 1
        tpl = c.tpl_of[sv + 1, special.astype(np.int64), bv].astype(np.int64)
        # before beyond_regular_months has any value, the engine reads it (and a standard
        # that lacks the month) on each month's first day: only short claims stay simple
        short = total <= np.minimum(c.min_after, c.tpl_cover[tpl])
        fits = total <= c.plan_months
        self.simple = fits & ~self.month_start_reading & ((not c.has_beyond) | (bv > 0) | short)
        rounding, epochs, areas = c.plan_dims
        epoch = c.epoch_lut[app - D.DAY0].astype(np.int64)
        self.key = ((tpl * rounding + self.rnd) * epochs + epoch) * areas + self.area
        # any month of the claim the engine would refuse to price: the engine answers
        refer |= self.simple & (c.plan_refer[self.key] <= total)
        self.delta = np.zeros(n, dtype=np.int64)
        if c.pro_rata_anywhere:
            # a cut-short last month paid by its days (partial_last_month: pro_rata)
            pv = c.table("partial_last_month").index(end).astype(np.int64) + 1
            last_first = D.add_months(start, np.maximum(total - 1, 0))
            last_whole = D.add_months(start, total) - 1
            last_amount = self.amount_of_month(total)
            cut = c.pro_rata[pv] & (total > 0) & (end < last_whole) & (last_amount >= 0)
            if cut.any():
                days = (end - last_first + 1).astype(np.int64)[cut]
                whole = (last_whole - last_first + 1).astype(np.int64)[cut]
                new = _round(last_amount[cut], days, whole, self.mode[cut])
                self.delta[cut] = new - last_amount[cut]

    def _special(self, sv: I64, rows: B) -> B:
        """Whether each claimant is in the special group of the standard numbered `sv`."""
        special = np.zeros(len(sv), dtype=bool)
        for v, cond in enumerate(self.c.special):
            if cond is None:
                continue
            hit = (sv == v) & rows
            if hit.any():
                special |= hit & cond(self.f, self.p)
        return special

    def amount_of_month(self, k: I32) -> I64:
        """The amount of month k (before any pro-rata cut), NULL where unknown."""
        kk = np.minimum(k, self.c.plan_months)
        out: I64 = self.c.plan_amount[self.key, kk]
        return out

    def cumulative(self, k: I32) -> tuple[I64, I64]:
        """Sum of months 1 … k of each claimant, and how many of them are unknown."""
        kk = np.minimum(k, self.c.plan_months)
        total: I64 = self.c.plan_sum[self.key, kk]
        if self.c.pro_rata_anywhere:
            total = total + np.where(k >= self.total, self.delta, 0)
        unknown: I64 = self.c.plan_unknown[self.key, kk]
        return total, unknown

    def schedule_amounts(self, row: I64, index: I32) -> I64:
        """The amounts of the given months of claimants priced on one date."""
        out: I64 = self.c.plan_amount[self.key[row], np.minimum(index, self.c.plan_months)]
        if self.c.pro_rata_anywhere:
            last = index == self.total[row]
            out = np.where(last & (out >= 0), out + self.delta[row], out)
        return out

    def _special_on(self, v: int, rows: I64, days: I32) -> B:
        """The special group of standard `v` for claimants `rows`, parameters read on `days`
        (the date the engine prices the month on)."""
        cond = self.c.special[v]
        if cond is None:
            return np.zeros(len(rows), dtype=bool)
        app = self.x.application[rows]
        few = 4 * len(rows) < len(self.x.application)
        if not few and (not self.c.special_params[v] or bool((days == app).all())):
            out: B = cond(self.f, self.p)[rows]
            return out
        sub = {
            k: Fact(fa.kind, fa.values[rows], None if fa.null is None else fa.null[rows], fa.vocab)
            for k, fa in self.f.items()
        }
        found: B = cond(sub, Lookup(self.c, days))
        return found

    def _bands(self, sv: I64, special: B, index: I32) -> tuple[I64, B]:
        """The band slot of each month under standard `sv`, and whether a band covers it."""
        c = self.c
        slot = np.full(len(sv), -1, dtype=np.int64)
        covered = np.zeros(len(sv), dtype=bool)
        for v, groups in enumerate(c.band_through):
            for g, through in enumerate(groups):
                hit = sv == v
                if len(groups) > 1:
                    hit &= special == (g == 1)
                if not hit.any():
                    continue
                j = np.searchsorted(through, index[hit], side="left")
                over = j >= len(through)
                slots = c.band_slot[v][g][np.minimum(j, len(through) - 1)]
                slot[hit] = np.where(over, -1, slots)
                covered[hit] = ~over
        return slot, covered

    def monthly(self, m: _Months) -> I64:
        """schedule._Amounts month by month: each month at the standard in force on its date;
        months past after_month at beyond_regular_months; before that parameter has any
        value, its first value at the claim's wage (early_claim_beyond application_date) or
        read on the month's first day (month_start, and a standard lacking the month with it)."""
        c, x, refer = self.c, self.x, self.refer
        row, index, first = m.row, m.index, m.first
        count = len(row)
        app = x.application
        on = np.where(self.month_start_reading[row], first, app[row]).astype(np.int32)
        amount = np.full(count, NULL, dtype=np.int64)
        if count:
            slot = np.full(count, -1, dtype=np.int64)
            base_on = on
            on_beyond = on
            active = np.zeros(count, dtype=bool)
            if c.has_beyond:
                bt = c.table("beyond_regular_months")
                no_rule_yet = bt.index(on) < 0
                # IM-beyond-24-early: each month's own rule, or the first at the claim's wage
                each = no_rule_yet & self.early_month_start[row]
                on_beyond = np.where(each, first, on).astype(np.int32)
                bv = bt.index(on_beyond).astype(np.int64) + 1
                bv = np.where(no_rule_yet & ~each, 1, bv)
                active = (c.beyond_slot[bv] >= 0) & (index > c.beyond_after[bv])
                slot = np.where(active, c.beyond_slot[bv], slot)
                base_on = np.where(active, on_beyond, on).astype(np.int32)
            if c.has_standard:
                st = c.table("benefit_standard")
                sv = st.index(on).astype(np.int64)
                sv = np.where(c.std_defined[sv + 1], sv, -1)
                special = np.zeros(count, dtype=bool)
                for v in range(len(c.special)):
                    hit = sv == v
                    if hit.any():
                        special[hit] = self._special_on(v, row[hit], on[hit])
                band, covered = self._bands(sv, special, index)
                # a standard lacking the month is read again on the month's first day
                switch = ~active & (sv >= 0) & (on_beyond != on) & ~covered
                if switch.any():
                    sv2 = st.index(on_beyond[switch]).astype(np.int64)
                    sv2 = np.where(c.std_defined[sv2 + 1], sv2, -1)
                    special2 = np.zeros(len(sv2), dtype=bool)
                    for v in range(len(c.special)):
                        hit = sv2 == v
                        if hit.any():
                            rows = row[switch][hit]
                            special2[hit] = self._special_on(v, rows, on_beyond[switch][hit])
                    band2, covered2 = self._bands(sv2, special2, index[switch])
                    sv[switch] = sv2
                    band[switch] = band2
                    covered[switch] = covered2
                # no rate for the month: the engine raises
                refer[row[~active & (sv >= 0) & ~covered]] = True
                slot = np.where(active, slot, band)
            epoch = c.epoch_lut[base_on - D.DAY0].astype(np.int64)
            got = c.price[self.rnd[row], np.maximum(slot, 0), epoch, self.area[row]]
            amount = np.where(slot >= 0, got, NULL)
        refer[row[amount == REFER]] = True
        amount = np.where(amount == REFER, NULL, amount)
        pv = c.table("partial_last_month").index(self.end).astype(np.int64) + 1
        cut = c.pro_rata[pv][row] & (m.last < m.whole_end) & (amount >= 0)
        if cut.any():
            days = (m.last[cut] - first[cut] + 1).astype(np.int64)
            whole = (m.whole_end[cut] - first[cut] + 1).astype(np.int64)
            amount[cut] = _round(amount[cut], days, whole, self.mode[row[cut]])
        return amount


def _area_slots(c: Compiled, x: Inputs) -> I64:
    """Each claimant's area as a column of the price table: a known area, other, or none."""
    slot_of = np.array(
        [c.areas.index(a) if a in c.areas else c.area_other for a in x.area_vocab] or [0],
        dtype=np.int64,
    )
    out: I64 = np.where(x.area_code < 0, c.area_none, slot_of[np.maximum(x.area_code, 0)])
    return out


__all__ = ["STATUSES", "Inputs", "Result", "run"]
