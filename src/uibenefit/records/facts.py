"""Facts from records: each claimant field derived from the agency's tables, with its rows.

All of it works on whole columns (numpy over Arrow), one pass per table, so a million
persons take seconds; one person is a table of one. The derivations:

- contribution months: the union of the months the periods cover up to the separation month
  (overlaps counted once; deemed 视同缴费 periods included and counted apart; flexible-worker
  months counted apart); after an earlier spell of benefit, only months after its separation
  (缴费时间重新计算, `contribution_time_restarts`);
- separation date and reason: the latest separation on or before the claim (its 停保原因 wins
  over the registration's reason, `stop_reason_prevails`; a disagreement is flagged);
- unemployed: no contribution period covers the month after the separation
  (`unemployment_from_records`); otherwise the row that covers it;
- insured_as and insured area: from the latest period before the separation (the persons
  table's area first);
- the collection-ledger flag (`collection_ledger_before`): no record before that date although
  employment began earlier or the first period starts in its month;
- prior unused months: what the engine says the earlier spell left unpaid (its months
  forfeited), the earlier spell evaluated by `policy.evaluate_batch` itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from .schema import RecordFinding, Records

if TYPE_CHECKING:
    from ..policy import Policy
    from ..values.results import Citation

Ints = npt.NDArray[np.int64]
B = npt.NDArray[np.bool_]
EPOCH = dt.date(1970, 1, 1)
NONE = -(2**40)
"""No value, in an int64 column (a month or a day far before any record)."""


def days_of(day: dt.date) -> int:
    """Days since 1970-01-01."""
    return (day - EPOCH).days


def month_of_days(days: Ints) -> Ints:
    """The month number (year * 12 + month - 1) of each day number."""
    months = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    return months + 1970 * 12


def ints(arr: Any, fill: int = NONE) -> Ints:
    """A date32 / integer Arrow column as int64, nulls as `fill`."""
    if pa.types.is_date(arr.type):
        arr = arr.cast(pa.int32())
    return np.asarray(pc.fill_null(arr.cast(pa.int64()), fill), dtype=np.int64)


def _column(table: pa.Table, name: str) -> Any:
    col = table.column(name)
    return col.combine_chunks() if col.num_chunks != 1 else col.chunk(0)


def person_index(table: pa.Table, persons: pa.Table) -> Ints:
    """For each row of `table`, the row of its person in `persons` (-1 for none)."""
    if "person" in table.column_names:  # linked once when the records were read
        return np.asarray(table.column("person"), dtype=np.int64)
    found = pc.index_in(_column(table, "id"), value_set=_column(persons, "id"))
    return np.asarray(pc.fill_null(found, -1), dtype=np.int64)


def last_per(p: Ints, n: int, *keys: Ints) -> Ints:
    """For each person 0..n-1, the index of its last row in order of `keys` (-1 for none);
    rows with p < 0 take no part."""
    out = np.full(n, -1, dtype=np.int64)
    keep = np.flatnonzero(p >= 0)
    if not len(keep):
        return out
    order = keep[np.lexsort((*tuple(k[keep] for k in reversed(keys)), p[keep]))]
    ps = p[order]
    last = np.ones(len(order), dtype=bool)
    last[:-1] = ps[1:] != ps[:-1]
    out[ps[last]] = order[last]
    return out


def union_months(p: Ints, lo: Ints, hi: Ints, n: int) -> tuple[Ints, B]:
    """Per person, the months covered by the union of [lo, hi] (empty where hi < lo), and per
    row whether it adds a month not covered by an earlier-starting row."""
    adds = np.zeros(len(p), dtype=bool)
    order = sorted_periods(p, lo, hi)
    months, new = union_sorted(p[order], lo[order], hi[order], n)
    adds[order] = new
    return months, adds


MONTH_BASE = 1800 * 12
"""Months are keyed from here in 12 bits each (1800 to 2141)."""


def sorted_periods(p: Ints, lo: Ints, hi: Ints) -> Ints:
    """The rows with a person and hi >= lo, ordered by person, first month, last month (one
    stable argsort of a packed key, rows in input order where equal)."""
    idx = np.flatnonzero((p >= 0) & (hi >= lo))
    key = (p[idx] << 24) | ((lo[idx] - MONTH_BASE) << 12) | (hi[idx] - MONTH_BASE)
    order: Ints = idx[np.argsort(key, kind="stable")]
    return order


def union_sorted(ps: Ints, los: Ints, his: Ints, n: int) -> tuple[Ints, B]:
    """union_months for rows already ordered by person and first month."""
    if not len(ps):
        return np.zeros(n, dtype=np.int64), np.zeros(0, dtype=bool)
    span = np.int64(1 << 14)
    base = ps * span
    rel = his - MONTH_BASE + 1  # 1 .. 4096
    top = np.maximum.accumulate(base + rel)
    start = np.ones(len(ps), dtype=bool)
    start[1:] = ps[1:] != ps[:-1]
    prev_end = np.empty(len(ps), dtype=np.int64)
    prev_end[0] = NONE
    prev_end[1:] = top[:-1] - base[1:] + MONTH_BASE - 1
    prev_end[start] = NONE
    new = np.maximum(0, his - np.maximum(los - 1, prev_end))
    return np.bincount(ps, weights=new, minlength=n).astype(np.int64), new > 0


def last_of_groups(ps: Ints) -> B:
    """For rows ordered by person, True at each person's last row."""
    last = np.ones(len(ps), dtype=bool)
    last[:-1] = ps[1:] != ps[:-1]
    return last


class Spells:
    """The claim each person is judged on: which person, the claim row and its dates."""

    def __init__(self, person: Ints, claim: Ints, application: Ints) -> None:
        self.person = person  # row in persons
        self.claim = claim  # row in the claims table as read (index into its typed table), -1 none
        self.application = application  # day number


def _claims(records: Records, as_of: dt.date | None, pn: int) -> tuple[Ints, Spells, Spells]:
    """Per person, the latest claim on or before `as_of` and the claim before it."""
    claims = records.tables["claims"]
    p = person_index(claims, records.tables["persons"])
    app = ints(_column(claims, "application_date"))
    row = ints(_column(claims, "row"))
    if as_of is not None:
        p = np.where(app <= days_of(as_of), p, -1)
    latest = last_per(p, pn, app, row)
    p_rest = p.copy()
    p_rest[latest[latest >= 0]] = -1
    earlier = last_per(p_rest, pn, app, row)
    who = np.flatnonzero(latest >= 0)
    now = Spells(who, latest[who], app[latest[who]])
    back = earlier[who]
    has = back >= 0
    before = Spells(who[has], back[has], app[back[has]])
    return who, now, before


def separations_for(records: Records, spells: Spells, pn: int) -> Ints:
    """For each spell, the index (typed table) of the latest separation on or before its claim."""
    seps = records.tables["separations"]
    p = person_index(seps, records.tables["persons"])
    on = ints(_column(seps, "on"))
    rec = ints(_column(seps, "recorded_on"))
    row = ints(_column(seps, "row"))
    limit = np.full(pn, NONE, dtype=np.int64)
    limit[spells.person] = spells.application
    p = np.where((p >= 0) & (on <= limit[np.maximum(p, 0)]), p, -1)
    found: Ints = last_per(p, pn, on, rec, row)[spells.person]
    return found


def _latest(ks: Ints, his: Ints, rows: Ints, n: int) -> Ints:
    """Per person, the row with the latest last month (then the latest first month, then the
    later row), from rows ordered by person and first month."""
    out = np.full(n, -1, dtype=np.int64)
    if not len(ks):
        return out
    top = np.zeros(n, dtype=np.int64) + NONE
    np.maximum.at(top, ks, his)
    best = his == top[ks]
    kb, rb = ks[best], rows[best]
    last = last_of_groups(kb)
    out[kb[last]] = rb[last]
    return out


def contributions_for(
    records: Records, persons: Ints, sep_month: Ints, cut: Ints, pn: int, ledger_month: int | None
) -> dict[str, Any]:
    """Per spell k (person `persons[k]`, separation month `sep_month[k]`, counting from month
    `cut[k]`): months, deemed and flexible months, the latest period's row and insured_as,
    the row covering the month after the separation, and the ledger look-up facts."""
    table = records.tables["contributions"]
    k_of = np.full(pn, -1, dtype=np.int64)
    k_of[persons] = np.arange(len(persons))
    p = person_index(table, records.tables["persons"])
    k = np.where(p >= 0, k_of[np.maximum(p, 0)], -1)
    n = len(persons)
    first = ints(_column(table, "from"), 0)
    last = ints(_column(table, "through"), 0)
    deemed = np.asarray(pc.fill_null(_column(table, "deemed"), False), dtype=bool)
    flexible = np.asarray(pc.equal(_column(table, "insured_as"), "flexible"), dtype=bool)
    row = ints(_column(table, "row"))
    ks = np.maximum(k, 0)
    lo = np.maximum(first, cut[ks])
    hi = np.minimum(last, sep_month[ks])
    order = sorted_periods(k, lo, hi)
    ko, lo_o, hi_o = k[order], lo[order], hi[order]
    months, new = union_sorted(ko, lo_o, hi_o, n)
    adds = np.zeros(len(k), dtype=bool)
    adds[order] = new
    d, f = deemed[order], flexible[order]
    deemed_months, _ = union_sorted(ko[d], lo_o[d], hi_o[d], n)
    flexible_months, _ = union_sorted(ko[f], lo_o[f], hi_o[f], n)
    latest = _latest(ko[~d], hi_o[~d], order[~d], n)
    after = sep_month[ks] + 1
    covers = (k >= 0) & ~deemed & (first <= after) & (last >= after)
    covering = last_per(np.where(covers, k, -1), n, -row)
    out: dict[str, Any] = {
        "contribution_months": months,
        "deemed_months": deemed_months,
        "flexible_months": flexible_months,
        "latest": latest,
        "covering": covering,
        "adds": adds,
        "k": k,
    }
    if ledger_month is not None:
        before = np.zeros(n, dtype=bool)
        before[k[(k >= 0) & (first < ledger_month)]] = True
        earliest = np.full(n, 2**40, dtype=np.int64)
        np.minimum.at(earliest, ks[k >= 0], first[k >= 0])
        out["has_before_ledger"] = before
        out["earliest_month"] = earliest
    return out


CLAIMANT_COLUMNS = (
    "id",
    "birth_date",
    "sex",
    "position",
    "insured_as",
    "contribution_months",
    "separation_date",
    "separation_reason",
    "application_date",
    "registration_date",
    "insured_area",
    "prior_unused_months",
    "receiving_pension",
    "seeking_work",
    "registered_reason",
    "spouse_receiving_benefit",
)
"""The columns of `evaluate_batch`'s claimants table, in the Claimant's order, and `id`."""

SOURCE_COLUMNS = {
    "birth_date": ("persons", "person_row"),
    "sex": ("persons", "person_row"),
    "position": ("persons", "person_row"),
    "insured_as": ("contributions", "insured_as_row"),
    "separation_date": ("separations", "separation_row"),
    "separation_reason": ("separations", "separation_row"),
    "application_date": ("claims", "claim_row"),
    "registration_date": ("claims", "claim_row"),
    "registered_reason": ("claims", "claim_row"),
    "seeking_work": ("claims", "claim_row"),
    "spouse_receiving_benefit": ("claims", "claim_row"),
    "receiving_pension": ("events", "pension_row"),
    "prior_unused_months": ("claims", "earlier_claim_row"),
}
"""Each field's table and the facts column holding its source row (insured_area: area_table)."""


def derive(policy: Policy, records: Records, as_of: dt.date | None) -> pa.Table:
    """One row per person with a claim on or before `as_of`: the claimant columns, the extra
    facts (unemployed, reason_differs, ledger_lookup, deemed and flexible months) and the
    source row of each field."""
    pn = records.tables["persons"].num_rows
    _, now, before = _claims(records, as_of, pn)
    seps = separations_for(records, now, pn)
    sep_day = np.full(len(now.person), NONE, dtype=np.int64)
    sep_table = records.tables["separations"]
    on = ints(_column(sep_table, "on"))
    sep_day[seps >= 0] = on[seps[seps >= 0]]
    k_of = np.full(pn, -1, dtype=np.int64)
    k_of[now.person] = np.arange(len(now.person))
    kb = k_of[before.person]
    real = before.application < sep_day[kb]  # an earlier claim, before this separation
    cut = np.full(len(now.person), NONE, dtype=np.int64)
    unused = np.zeros(len(now.person), dtype=np.int64)
    earlier_row = np.full(len(now.person), NONE, dtype=np.int64)
    if real.any():
        spells = Spells(before.person[real], before.claim[real], before.application[real])
        limits = sep_day[kb[real]]
        c, u = _prior(policy, records, spells, limits, pn, as_of)
        cut[kb[real]] = c
        unused[kb[real]] = u
        earlier_row[kb[real]] = ints(_column(records.tables["claims"], "row"))[spells.claim]
    table = _facts(policy, records, now, seps, cut, unused, pn, as_of)
    table = table.append_column("earlier_claim_row", _nullable(earlier_row))
    return table.append_column("counted_from", _nullable(cut))


def _nullable(values: Ints) -> pa.Array:
    return pa.array(values, mask=values == NONE, type=pa.int64())


def _prior(
    policy: Policy, records: Records, spells: Spells, limits: Ints, pn: int, as_of: dt.date | None
) -> tuple[Ints, Ints]:
    """The earlier spell of each person: the month contributions count from again (after its
    separation, when it was paid) and the months it left unpaid, as the engine decides."""
    seps = separations_for(records, spells, pn)
    none = np.zeros(len(spells.person), dtype=np.int64)
    table = _facts(policy, records, spells, seps, none + NONE, none, pn, as_of)
    ok = np.asarray(table.column("complete"), dtype=bool)
    cut = none + NONE
    unused = none.copy()
    if not ok.any():
        return cut, unused
    claimants = table.filter(pa.array(ok)).select(list(CLAIMANT_COLUMNS))
    limit_of = dict(zip(claimants.column("id").to_pylist(), limits[ok].tolist(), strict=True))
    events = engine_events(policy, records, limit_of)
    out = policy.evaluate_batch(claimants, events)
    eligible = np.asarray(pc.fill_null(out.column("eligible"), False), dtype=bool)
    forfeited = np.asarray(pc.fill_null(out.column("months_forfeited"), 0), dtype=np.int64)
    sep_month = month_of_days(ints(claimants.column("separation_date").combine_chunks()))
    restarts = policy.has("contribution_time_restarts") and bool(
        policy.value("contribution_time_restarts", as_of or dt.date.today())
    )
    where = np.flatnonzero(ok)
    if restarts:
        cut[where] = np.where(eligible, sep_month + 1, NONE)
    unused[where] = np.where(eligible, forfeited, 0)
    return cut, unused


def engine_events(
    policy: Policy, records: Records, before: dict[str, int] | None = None
) -> pa.Table:
    """The events the engine judges (the policy's stop grounds; `suspected` is not one), as
    `id, kind, on`; with `before`, only each listed person's events before that day."""
    events = records.tables["events"]
    keep = pc.is_in(_column(events, "kind"), pa.array(list(policy.event_kinds), pa.string()))
    if before is not None:
        ids = pa.array(list(before), pa.string())
        limit = pa.array(list(before.values()), pa.int64()).take(
            pc.index_in(_column(events, "id"), value_set=ids)
        )
        on = _column(events, "on").cast(pa.int32()).cast(pa.int64())
        keep = pc.and_(keep, pc.fill_null(pc.less(on, limit), False))
    return events.filter(keep).select(["id", "kind", "on"])


def _take(table: pa.Table, name: str, idx: Ints) -> pa.Array:
    """Column values at typed-table indices (null where the index is -1)."""
    col = _column(table, name)
    return col.take(pa.array(idx, mask=idx < 0, type=pa.int64()))


def _facts(
    policy: Policy,
    records: Records,
    spells: Spells,
    seps: Ints,
    cut: Ints,
    unused: Ints,
    pn: int,
    as_of: dt.date | None,
) -> pa.Table:
    """The facts table of the given spells (see `derive`)."""
    persons, claims = records.tables["persons"], records.tables["claims"]
    sep_table = records.tables["separations"]
    sep_day = np.where(seps >= 0, ints(_column(sep_table, "on"))[np.maximum(seps, 0)], 0)
    sep_month = np.where(seps >= 0, month_of_days(sep_day), NONE)
    ledger = _ledger_month(policy, as_of)
    contrib = contributions_for(records, spells.person, sep_month, cut, pn, ledger)
    ctable = records.tables["contributions"]
    latest = contrib["latest"]
    flexible = pc.equal(_take(ctable, "insured_as", latest), "flexible")
    own_area = _take(persons, "insured_area", spells.person)
    area_from_persons = np.asarray(own_area.is_valid(), dtype=bool)
    area = pc.if_else(pa.array(area_from_persons), own_area, _take(ctable, "area", latest))
    pension_row = _pension(records, spells, pn)
    stopped = _take(sep_table, "reason", seps)
    registered = _take(claims, "registered_reason", spells.claim)
    differs = pc.fill_null(pc.not_equal(registered, stopped), False)
    # IM3: the stop record's reason prevails, unless a policy (a what-if) says it does not
    reason = stopped if stop_reason_prevails(policy, as_of) else pc.coalesce(registered, stopped)
    covering = contrib["covering"]
    unemployed = (seps >= 0) & (covering < 0)
    birth = _take(persons, "birth_date", spells.person)
    complete = (seps >= 0) & (latest >= 0) & np.asarray(birth.is_valid(), dtype=bool)
    row_of = {name: ints(_column(records.tables[name], "row")) for name in records.tables}
    cols: dict[str, Any] = {
        "id": _take(persons, "id", spells.person),
        "birth_date": birth,
        "sex": _take(persons, "sex", spells.person),
        "position": _take(persons, "position", spells.person),
        "insured_as": pc.if_else(flexible, "flexible", "employee"),
        "contribution_months": pa.array(contrib["contribution_months"], pa.int64()),
        "separation_date": _take(sep_table, "on", seps),
        "separation_reason": reason,
        "application_date": _take(claims, "application_date", spells.claim),
        "registration_date": _take(claims, "registration_date", spells.claim),
        "insured_area": area,
        "prior_unused_months": pa.array(np.minimum(unused, 24), pa.int64()),
        "receiving_pension": pa.array(pension_row >= 0),
        "seeking_work": _take(claims, "seeking_work", spells.claim),
        "registered_reason": registered,
        "spouse_receiving_benefit": _take(claims, "spouse_receiving_benefit", spells.claim),
        "complete": pa.array(complete),
        "unemployed": pa.array(unemployed),
        "reason_differs": differs,
        "stop_reason": stopped,
        "ledger_lookup": pa.array(_ledger_flags(records, spells, contrib, ledger, complete)),
        "deemed_months": pa.array(contrib["deemed_months"], pa.int64()),
        "flexible_months": pa.array(contrib["flexible_months"], pa.int64()),
        "person_row": _rows(row_of["persons"], spells.person),
        "claim_row": _rows(row_of["claims"], spells.claim),
        "separation_row": _rows(row_of["separations"], seps),
        "insured_as_row": _rows(row_of["contributions"], latest),
        "area_table": pc.if_else(pa.array(area_from_persons), "persons", "contributions"),
        "area_row": pc.if_else(
            pa.array(area_from_persons),
            _rows(row_of["persons"], spells.person),
            _rows(row_of["contributions"], latest),
        ),
        "not_unemployed_row": _rows(row_of["contributions"], covering),
        "pension_row": _rows(row_of["events"], pension_row),
        "record_problems": pa.array(_problems(records, spells.person), pa.int64()),
    }
    return pa.table(cols)


def _rows(rows: Ints, idx: Ints) -> pa.Array:
    """The source rows at typed-table indices (null where none)."""
    return pa.array(
        np.where(idx >= 0, rows[np.maximum(idx, 0)] if len(rows) else 0, 0),
        mask=idx < 0,
        type=pa.int64(),
    )


def _ledger_month(policy: Policy, as_of: dt.date | None) -> int | None:
    """The month before which records may be missing (X4b), if the policy says so."""
    if not policy.has("collection_ledger_before"):
        return None
    # the notice is about the system's data, not the claim's date: its first value answers
    # for claims made before it
    table = policy.table("collection_ledger_before")
    day = policy.value(
        "collection_ledger_before", max(as_of or dt.date.today(), table.values[0].start)
    )
    return None if day is None else day.year * 12 + day.month - 1


def _ledger_flags(
    records: Records, spells: Spells, contrib: dict[str, Any], ledger: int | None, complete: B
) -> B:
    """No record before the ledger month although employment began before it, or the first
    period starts in that very month (a history the system cut off)."""
    if ledger is None:
        return np.zeros(len(spells.person), dtype=bool)
    since = ints(_column(records.tables["persons"], "employed_since"))[spells.person]
    began_before = (since != NONE) & (month_of_days(np.where(since == NONE, 0, since)) < ledger)
    starts_at = contrib["earliest_month"] == ledger
    flags: B = ~contrib["has_before_ledger"] & (began_before | starts_at)
    return flags


def _pension(records: Records, spells: Spells, pn: int) -> Ints:
    """Per spell, the events index of a pension start on or before the claim (-1 for none)."""
    events = records.tables["events"]
    p = person_index(events, records.tables["persons"])
    on = ints(_column(events, "on"))
    limit = np.full(pn, NONE, dtype=np.int64)
    limit[spells.person] = spells.application
    pension = np.asarray(pc.fill_null(pc.equal(_column(events, "kind"), "pension_started"), False))
    p = np.where((p >= 0) & pension & (on <= limit[np.maximum(p, 0)]), p, -1)
    found: Ints = last_per(p, pn, on)[spells.person]
    return found


def _problems(records: Records, persons: Ints) -> Ints:
    """Per person, how many of their rows the reading refused (kept out of the facts)."""
    count = np.zeros(records.tables["persons"].num_rows, dtype=np.int64)
    ids = _column(records.tables["persons"], "id")
    bad_ids = [f.id for f in records.findings if f.row is not None and f.id is not None]
    if bad_ids:
        where = np.asarray(
            pc.fill_null(pc.index_in(pa.array(bad_ids, pa.string()), value_set=ids), -1)
        )
        np.add.at(count, where[where >= 0], 1)
    out: Ints = count[persons]
    return out


def stop_reason_prevails(policy: Policy, on: dt.date | None) -> bool:
    """Whether the stop record's 停保原因 wins over the registration's reason (IM3's
    `stop_reason_prevails`); a policy without the parameter follows the stop record."""
    if not policy.has("stop_reason_prevails"):
        return True
    day = max(on or dt.date.today(), policy.table("stop_reason_prevails").values[0].start)
    return bool(policy.value("stop_reason_prevails", day))


def cite(policy: Policy, pid: str, on: dt.date) -> Citation | None:
    """The clause of a records parameter, if the policy has it."""
    if not policy.has(pid):
        return None
    return policy.param_citation(pid, max(on, policy.table(pid).values[0].start))


def derived_findings(
    policy: Policy, records: Records, table: pa.Table, day: dt.date | None
) -> list[RecordFinding]:
    """The findings the derivations make, one per flagged person (loops over flagged rows only)."""
    on = day or dt.date.today()
    files = records.files
    out: list[RecordFinding] = []
    im3 = cite(policy, "stop_reason_prevails", on)
    prevails = stop_reason_prevails(policy, day)
    for r in table.filter(pc.fill_null(table.column("reason_differs"), False)).to_pylist():
        out.append(
            RecordFinding(
                files["claims"],
                "claims",
                r["claim_row"],
                "registered_reason",
                "reason_differs",
                f"the registration says {r['registered_reason']}, the stop record (separations row "
                f"{r['separation_row']}) says {r['stop_reason']}: the "
                f"{'stop record' if prevails else 'registration'} is followed",
                r["id"],
                im3,
            )
        )
    n2c = cite(policy, "unemployment_from_records", on)
    flagged = pc.and_(table.column("complete"), pc.invert(table.column("unemployed")))
    for r in table.filter(flagged).to_pylist():
        out.append(
            RecordFinding(
                files["contributions"],
                "contributions",
                r["not_unemployed_row"],
                "through",
                "not_unemployed",
                f"contributions continue after the separation of {r['separation_date']}: not "
                "unemployed on the records",
                r["id"],
                n2c,
            )
        )
    x4b = cite(policy, "collection_ledger_before", on)
    for r in table.filter(table.column("ledger_lookup")).to_pylist():
        out.append(
            RecordFinding(
                files["contributions"],
                "contributions",
                None,
                "from",
                "ledger_lookup",
                "no contribution record before the system's first year although the employment "
                "history says otherwise: look up the collection ledger",
                r["id"],
                x4b,
            )
        )
    for r in table.filter(pc.invert(table.column("complete"))).to_pylist():
        what = (
            "separations"
            if r["separation_row"] is None
            else "contributions"
            if r["insured_as_row"] is None
            else "persons"
        )
        out.append(
            RecordFinding(
                files[what],
                what,
                None,
                None,
                "incomplete",
                f"no usable {what} record for the claim: the form asks",
                r["id"],
            )
        )
    return out


@dataclass(frozen=True)
class FromRecords:
    """The claimants table the population engine takes, and who is not in it, and why."""

    table: pa.Table
    """evaluate_batch's claimant columns and `id`, then the derived extras and source rows."""
    excluded: pa.Table
    """id, kind (not_unemployed or incomplete): persons with a claim but no claimant row."""
    findings: list[RecordFinding]
    """The reading's findings and the derivations' (IM3, N2c, X4b, incomplete)."""


EXTRA_COLUMNS = (
    "deemed_months",
    "flexible_months",
    "ledger_lookup",
    "reason_differs",
    "record_problems",
    "person_row",
    "claim_row",
    "separation_row",
    "insured_as_row",
    "area_table",
    "area_row",
    "earlier_claim_row",
)


def from_records(policy: Policy, records: Records, as_of: dt.date | None) -> FromRecords:
    """One claimant row per person whose claim (on or before `as_of`) the records decide."""
    table = derive(policy, records, as_of)
    findings = list(records.findings) + derived_findings(policy, records, table, as_of)
    complete = np.asarray(table.column("complete"), dtype=bool)
    unemployed = np.asarray(table.column("unemployed"), dtype=bool)
    keep = complete & unemployed
    out = table.filter(pa.array(keep))
    out = out.set_column(
        out.schema.get_field_index("seeking_work"),
        "seeking_work",
        pc.fill_null(out.column("seeking_work"), True),
    )
    out = out.set_column(
        out.schema.get_field_index("spouse_receiving_benefit"),
        "spouse_receiving_benefit",
        pc.fill_null(out.column("spouse_receiving_benefit"), False),
    )
    kind = np.where(complete, "not_unemployed", "incomplete")[~keep]
    excluded = pa.table({"id": table.column("id").filter(pa.array(~keep)), "kind": kind})
    return FromRecords(out.select([*CLAIMANT_COLUMNS, *EXTRA_COLUMNS]), excluded, findings)
