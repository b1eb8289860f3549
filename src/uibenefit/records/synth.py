"""Synthetic records of the league with known truth, and faults planted at known rows.

`records(n, seed)` builds the five tables for `n` persons (about ten contribution periods
each: consecutive jobs with gaps, some overlapping restatements, deemed years, flexible
spells) with numpy, then plants a few of each case at known rows: wrong check digits, a
birth date contradicting the number, bad months, bad reasons, pre-2011 gaps (X4b),
disagreeing reasons (IM3), contributions continuing after the separation (N2c), continuation
cases (N1; flexible ones excluded under X3/G5) and rows of unknown persons. The truth says
what a correct reader derives: the claimants (every field), who is left out and why, every
finding (table, row, field, kind) and the continuation list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from .idnumber import CHECK, WEIGHTS

Ints = npt.NDArray[np.int64]
EPOCH = np.datetime64("1970-01-01", "D")
INVOLUNTARY = ("contract_expired", "employer_closed", "dismissed", "mutual_agreement_employer")
AREAS = ("152201", "152202", "152221", "152222", "152223", "152224")
LEDGER = 2011 * 12
"""The first month of the system's records (X4b's 2011) in month numbers."""
BYTES_PER_PERSON = 5_000
"""Peak memory of `records(n)` and its write per person (measured: about 2,300-2,700 bytes a
person at 40,000 and 200,000 persons, the five tables and the truth; doubled for safety).
The tables are built whole, so `n` is bounded by the memory there is."""


@dataclass
class Synthetic:
    """The record tables and the truth beside them."""

    tables: dict[str, pa.Table]
    truth: dict[str, pa.Table]

    def write(self, folder: str | Path) -> list[Path]:
        """The tables as Parquet in `folder`, the truth in `folder/truth/`."""
        import pyarrow.parquet as pq

        out = Path(folder)
        (out / "truth").mkdir(parents=True, exist_ok=True)
        paths = []
        for name, table in self.tables.items():
            paths.append(out / f"{name}.parquet")
            pq.write_table(table, paths[-1])
        for name, table in self.truth.items():
            paths.append(out / "truth" / f"{name}.parquet")
            pq.write_table(table, paths[-1])
        return paths


def month_text(months: Ints) -> pa.Array:
    """Month numbers as `YYYY-MM` text, for a whole column at once."""
    year = pa.array(months // 12).cast(pa.string())
    month = pc.utf8_lpad(pa.array(months % 12 + 1).cast(pa.string()), 2, "0")
    return pc.binary_join_element_wise(year, month, "-")


def id_numbers(area: Ints, born: Ints, seq: Ints) -> pa.Array:
    """Valid 18-character numbers (area, birth day number, 3-digit sequence), vectorised."""
    days = born.astype("datetime64[D]")
    ymd = np.char.replace(np.datetime_as_string(days), "-", "").astype("S8")
    first17 = np.char.add(np.char.add(area.astype("S6"), ymd), np.char.zfill(seq.astype("S3"), 3))
    digits = np.frombuffer(first17.tobytes(), dtype=np.uint8).reshape(-1, 17).astype(np.int64) - 48
    check = np.frombuffer(CHECK.encode(), dtype=np.uint8)[(digits @ np.array(WEIGHTS)) % 11]
    whole = np.char.add(first17, check.view("S1"))
    return pa.array(whole.astype(str))


def _base(n: int, rng: np.random.Generator) -> dict[str, Any]:
    """Ordinary persons: consecutive jobs up to the separation month, every count known."""
    periods = rng.integers(6, 15, n)  # ~10 a person
    rows = int(periods.sum())
    owner = np.repeat(np.arange(n), periods)
    first_of = np.concatenate(([0], np.cumsum(periods)[:-1]))
    length = rng.integers(3, 37, rows)
    gap = rng.integers(0, 7, rows)
    gap[first_of] = 0
    span = np.cumsum(length + gap)
    start_rel = span - length - np.repeat(span[first_of] - length[first_of], periods)
    total = np.bincount(owner, weights=length + gap, minlength=n).astype(np.int64)
    sep_month = rng.integers(2017 * 12, 2025 * 12 + 6, n)
    s0 = sep_month - total + 1
    # nobody ordinary starts exactly at the system's first month (that is the X4b case)
    at_ledger = s0 == LEDGER
    s0[at_ledger] -= 1
    length[first_of[at_ledger]] += 1
    start_rel[first_of + 0] = 0
    fix = np.repeat(at_ledger, periods) & (np.arange(rows) != np.repeat(first_of, periods))
    start_rel[fix] += 1
    start = s0[owner] + start_rel
    through = start + length - 1
    return {
        "periods": periods,
        "owner": owner,
        "first_of": first_of,
        "start": start,
        "through": through,
        "sep_month": sep_month,
        "months": np.bincount(owner, weights=length, minlength=n).astype(np.int64),
        "s0": s0,
    }


def _days_of(day: dt.date) -> int:
    return (day - dt.date(1970, 1, 1)).days


def _month_end_day(months: Ints, day: Ints) -> Ints:
    """Day numbers of day `day` (clipped to 28) of each month number."""
    first = (months - 1970 * 12).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    return first + np.minimum(day, 28) - 1


def records(n: int, seed: int = 0) -> Synthetic:
    """`n` ordinary persons and the planted cases (n/50 of each, at least 2, at most 500)."""
    rng = np.random.default_rng(seed)
    base = _base(n, rng)
    ids = (
        pa.array([f"P{i:07d}" for i in range(n)])
        if n < 200_000
        else pc.binary_join_element_wise(
            "P", pc.utf8_lpad(pa.array(np.arange(n)).cast(pa.string()), 7, "0"), ""
        )
    )
    born = rng.integers(_days_of(dt.date(1980, 1, 1)), _days_of(dt.date(1995, 12, 31)), n)
    seq = rng.integers(0, 1000, n)
    area = rng.choice(np.array([int(a) for a in AREAS]), n)
    flexible_last = rng.random(n) < 0.1
    last_row = base["first_of"] + base["periods"] - 1
    insured = np.where(
        np.isin(np.arange(len(base["owner"])), last_row[flexible_last]), "flexible", "employee"
    )
    sep_day = _month_end_day(base["sep_month"], rng.integers(1, 29, n))
    app_day = sep_day + rng.integers(1, 41, n)
    reasons = np.array((*INVOLUNTARY, "resigned"))[rng.integers(0, 5, n)]
    b = _Builder(n, ids, born, seq, area, base, insured, sep_day, app_day, reasons, rng)
    b.deemed_and_overlaps()
    b.plant(max(2, min(n // 50, 500)))
    return b.done()


class _Builder:
    """The tables as numpy columns, the planted rows added at the end, and the truth."""

    def __init__(
        self,
        n: int,
        ids: pa.Array,
        born: Ints,
        seq: Ints,
        area: Ints,
        base: dict[str, Any],
        insured: Any,
        sep_day: Ints,
        app_day: Ints,
        reasons: Any,
        rng: np.random.Generator,
    ) -> None:
        self.n, self.ids, self.rng = n, ids, rng
        self.born, self.seq, self.area = born, seq, area
        self.position = np.where(rng.random(n) < 0.2, "cadre", "worker")
        self.c_owner = base["owner"]
        self.c_from, self.c_through = base["start"], base["through"]
        self.c_insured = insured
        self.c_deemed = np.zeros(len(self.c_owner), dtype=bool)
        self.sep_month, self.s0 = base["sep_month"], base["s0"]
        self.sep_day, self.app_day, self.reasons = sep_day, app_day, reasons
        self.months = base["months"].copy()
        self.last_row = base["first_of"] + base["periods"] - 1
        self.flexible = np.zeros(n, dtype=bool)
        self.flexible[self.c_owner[insured == "flexible"]] = True
        self.has_deemed = np.zeros(n, dtype=bool)
        self.extra_c: list[tuple[int, Any, Any, str, bool]] = []  # owner, from, through, ...
        self.pending: list[tuple[int, int, int]] = []
        self.extra_s: list[tuple[int, int, str]] = []
        self.extra_claims: list[str] = []
        self.registered: dict[int, str] = {}
        self.bad_check: set[int] = set()
        self.contradict: set[int] = set()
        self.employed_since: dict[int, int] = {}
        self.status = np.array(["claimant"] * n, dtype=object)
        self.findings: list[tuple[str, int | None, str | None, str, str]] = []
        self.continuation: list[tuple[str, str | None]] = []
        self.ledger: set[int] = set()

    def pid(self, i: int) -> str:
        return str(self.ids[i].as_py())

    def deemed_and_overlaps(self) -> None:
        """Deemed years before the first job (20%), an overlapping restatement (10%)."""
        rng, n = self.rng, self.n
        who = np.flatnonzero(rng.random(n) < 0.2)
        years = rng.integers(1, 11, len(who)) * 12
        end = self.s0[who] - rng.integers(1, 13, len(who))
        start = end - years + 1
        start = np.where(start == LEDGER, start - 1, start)
        self.months[who] += end - start + 1
        self.has_deemed[who] = True
        over = np.flatnonzero(rng.random(n) < 0.1)
        first = self.s0[over]
        self._append(who, start, end, "employee", True)
        self._append(over, first, first + 1, "employee", False)

    def _one(self, owner: int, start: int, end: int) -> int:
        """One planted employee row, appended when planting is done; its row number."""
        self.pending.append((owner, start, end))
        return len(self.c_owner) + len(self.pending) - 1

    def _flush(self) -> None:
        if self.pending:
            o, a, z = (np.array(x, dtype=np.int64) for x in zip(*self.pending, strict=True))
            self.pending = []
            self._append(o, a, z, "employee", False)

    def _append(self, owner: Ints, start: Ints, end: Ints, insured: str, deemed: bool) -> None:
        self.c_owner = np.concatenate((self.c_owner, owner))
        self.c_from = np.concatenate((self.c_from, start))
        self.c_through = np.concatenate((self.c_through, end))
        self.c_insured = np.concatenate((self.c_insured, np.full(len(owner), insured)))
        self.c_deemed = np.concatenate((self.c_deemed, np.full(len(owner), deemed)))

    def plant(self, k: int) -> None:
        """k of each planted case, on distinct ordinary persons."""
        order = iter(self.rng.permutation(self.n).tolist())

        def take(cond: Any) -> list[int]:
            found: list[int] = []
            for i in order:  # each person is used (or passed over) once
                if cond(i):
                    found.append(i)
                    if len(found) == k:
                        break
            return found

        for i in take(lambda i: True):
            self.bad_check.add(i)
            self.status[i] = "refused"
            self.findings.append(("persons", i, "id_number", "id_number", self.pid(i)))
        for i in take(lambda i: True):
            self.contradict.add(i)
            self.findings.append(("persons", i, "birth_date", "contradiction", self.pid(i)))
        for i in take(lambda i: True):
            row = self._one(i, 2019 * 12, 2019 * 12)
            self.extra_c.append((row, "from", "2019-13", "", False))
            self.findings.append(("contributions", row, "from", "bad_value", self.pid(i)))
        for i in take(lambda i: True):
            self.extra_s.append((i, int(self.sep_day[i]) - 400, "quit"))
        for i in take(lambda i: not self.has_deemed[i] and self.s0[i] > LEDGER):
            self.employed_since[i] = _days_of(dt.date(2000, 1, 1))
            self.ledger.add(i)
            self.findings.append(("contributions", None, "from", "ledger_lookup", self.pid(i)))
        for i in take(lambda i: True):
            self.registered[i] = "dismissed" if self.reasons[i] == "resigned" else "resigned"
            self.findings.append(("claims", i, "registered_reason", "reason_differs", self.pid(i)))
        for i in take(lambda i: True):
            m = int(self.sep_month[i])
            row = self._one(i, m + 1, m + 6)
            self.status[i] = "not_unemployed"
            self.findings.append(("contributions", row, "through", "not_unemployed", self.pid(i)))
        self._flush()
        self._continuation(take, k)
        for j in range(k):
            self.extra_claims.append(f"UNKNOWN{j}")

    def _continuation(self, take: Any, k: int) -> None:
        """Men retiring 1 to 10 months after their 24 regular months end (from 2019-12):
        continuation owed (N1); half of them flexible workers, excluded under X3 (G5)."""
        lo, hi = _days_of(dt.date(2018, 1, 1)), _days_of(dt.date(2022, 6, 30))
        chosen = take(
            lambda i: (
                self.months[i] >= 120
                and lo <= self.app_day[i] <= hi
                and self.reasons[i] != "resigned"
                and i not in self.contradict
            )
        )
        for n, i in enumerate(chosen):
            app = dt.date(1970, 1, 1) + dt.timedelta(days=int(self.app_day[i]))
            ahead = 24 + int(self.rng.integers(1, 11))
            month = app.month - 1 + ahead
            retire = dt.date(app.year + month // 12, month % 12 + 1, min(app.day, 28))
            self.born[i] = _days_of(dt.date(retire.year - 60, retire.month, retire.day))
            self.seq[i] = self.seq[i] | 1  # odd: a man
            self.position[i] = "worker"
            flexible = n % 2 == 1
            self.c_insured[self.last_row[i]] = "flexible" if flexible else "employee"
            self.flexible[i] = flexible
            self.continuation.append((self.pid(i), "flexible" if flexible else None))

    def done(self) -> Synthetic:
        """The tables and the truth."""
        n = self.n
        day = pa.date32()
        numbers = id_numbers(self.area, self.born, self.seq)
        if self.bad_check:
            wrong = sorted(self.bad_check)
            texts = numbers.to_numpy(zero_copy_only=False).astype(object)
            for i in wrong:
                t = texts[i]
                texts[i] = t[:17] + ("0" if t[17] != "0" else "1")
            numbers = pa.array(texts.astype(str))
        birth = np.full(n, 0, dtype=np.int64)
        birth_mask = np.ones(n, dtype=bool)
        for i in self.contradict:
            birth[i], birth_mask[i] = self.born[i] + 1, False
        since = np.zeros(n, dtype=np.int64)
        since_mask = np.ones(n, dtype=bool)
        for i, d in self.employed_since.items():
            since[i], since_mask[i] = d, False
        persons = pa.table(
            {
                "id": self.ids,
                "id_number": numbers,
                "birth_date": pa.array(birth.astype(np.int32), mask=birth_mask).cast(day),
                "position": pa.array(self.position),
                "insured_area": pa.array(self.area.astype(str)),
                "employed_since": pa.array(since.astype(np.int32), mask=since_mask).cast(day),
            }
        )
        frm = month_text(self.c_from)
        if self.extra_c:
            bad = np.zeros(len(frm), dtype=bool)
            bad[[row for row, *_ in self.extra_c]] = True
            frm = pc.if_else(pa.array(bad), self.extra_c[0][2], frm)
        contributions = pa.table(
            {
                "id": self.ids.take(pa.array(self.c_owner)),
                "from": frm,
                "through": month_text(self.c_through),
                "insured_as": pa.array(self.c_insured).dictionary_encode(),
                "deemed": pa.array(self.c_deemed),
            }
        )
        s_owner = np.concatenate((np.arange(n), [o for o, _, _ in self.extra_s])).astype(np.int64)
        s_on = np.concatenate((self.sep_day, [d for _, d, _ in self.extra_s])).astype(np.int32)
        s_reason = np.concatenate((self.reasons, [r for _, _, r in self.extra_s]))
        for j, (o, _, _) in enumerate(self.extra_s):
            self.findings.append(("separations", n + j, "reason", "bad_value", self.pid(o)))
        separations = pa.table(
            {
                "id": self.ids.take(pa.array(s_owner)),
                "on": pa.array(s_on).cast(day),
                "reason": pa.array(s_reason).dictionary_encode(),
            }
        )
        registered = np.full(n, None, dtype=object)
        for i, r in self.registered.items():
            registered[i] = r
        extra = len(self.extra_claims)
        for j, pid in enumerate(self.extra_claims):
            self.findings.append(("claims", n + j, "id", "unknown_person", pid))
        claims = pa.table(
            {
                "id": pa.concat_arrays(
                    [self.ids.cast(pa.string()), pa.array(self.extra_claims, pa.string())]
                ),
                "application_date": pa.array(
                    np.concatenate((self.app_day, np.full(extra, self.app_day[0]))).astype(np.int32)
                ).cast(day),
                "registered_reason": pa.array(
                    np.concatenate((registered, np.full(extra, None))), pa.string()
                ),
                "seeking_work": pa.array(np.ones(n + extra, dtype=bool)),
            }
        )
        events = pa.table(
            {
                "id": pa.array([], pa.string()),
                "kind": pa.array([], pa.string()),
                "on": pa.array([], day),
            }
        )
        tables = {
            "persons": persons,
            "contributions": contributions,
            "separations": separations,
            "claims": claims,
            "events": events,
        }
        return Synthetic(tables, self._truth(registered))

    def _truth(self, registered: Any) -> dict[str, pa.Table]:
        """What a correct reader derives from these tables."""
        day = pa.date32()
        keep = np.asarray(self.status == "claimant", dtype=bool)
        ids = self.ids.filter(pa.array(keep))
        m = int(keep.sum())

        def dates(values: Ints) -> pa.Array:
            return pa.array(values[keep].astype(np.int32)).cast(day)

        claimants = pa.table(
            {
                "id": ids,
                "birth_date": dates(self.born),
                "sex": pa.array(np.where(self.seq % 2 == 1, "male", "female")[keep]),
                "position": pa.array(self.position[keep]),
                "insured_as": pa.array(np.where(self.flexible, "flexible", "employee")[keep]),
                "contribution_months": pa.array(self.months[keep]),
                "separation_date": dates(self.sep_day),
                "separation_reason": pa.array(np.asarray(self.reasons)[keep]),
                "application_date": dates(self.app_day),
                "registration_date": pa.nulls(m, day),
                "insured_area": pa.array(self.area.astype(str)[keep]),
                "prior_unused_months": pa.array(np.zeros(m, dtype=np.int64)),
                "receiving_pension": pa.array(np.zeros(m, dtype=bool)),
                "seeking_work": pa.array(np.ones(m, dtype=bool)),
                "registered_reason": pa.array(registered[keep], pa.string()),
                "spouse_receiving_benefit": pa.array(np.zeros(m, dtype=bool)),
                "ledger_lookup": pa.array(np.isin(np.arange(self.n), sorted(self.ledger))[keep]),
            }
        )
        out = np.asarray(self.status == "not_unemployed", dtype=bool)
        excluded = pa.table(
            {
                "id": self.ids.filter(pa.array(out)),
                "kind": pa.array(["not_unemployed"] * int(out.sum()), pa.string()),
            }
        )
        f = self.findings
        findings = pa.table(
            {
                "table": pa.array([x[0] for x in f], pa.string()),
                "row": pa.array([x[1] for x in f], pa.int64()),
                "field": pa.array([x[2] for x in f], pa.string()),
                "kind": pa.array([x[3] for x in f], pa.string()),
                "id": pa.array([x[4] for x in f], pa.string()),
            }
        )
        continuation = pa.table(
            {
                "id": pa.array([c[0] for c in self.continuation], pa.string()),
                "excluded_group": pa.array([c[1] for c in self.continuation], pa.string()),
            }
        )
        return {
            "claimants": claimants,
            "excluded": excluded,
            "findings": findings,
            "continuation": continuation,
        }
