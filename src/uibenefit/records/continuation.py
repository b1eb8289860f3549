"""Continuation without an application (N1, IM1, X3): who is owed benefit until retirement.

From the records, every claimant the engine gives continuation months (the regular period
ends, or ended, from 2019-12 less than a year before the statutory retirement date) is
listed with the months owed and their amounts, the medical insurance the fund pays for
them, and the back-pay for months already due by the as-of date (X3: 补发, 补缴医疗保险费).
Flexible workers and lump-sum recipients are listed as excluded under the policy's reading
of X3's parenthesis (G5): from the medical back-payment only, or from the arrears too. The
months and amounts are the engine's (`evaluate_batch`, `schedule_batch`), never recomputed.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from ..law._model import Parameter
from ..values._messages import label
from .facts import engine_events, from_records
from .prefill import as_records
from .schema import RecordFinding, Records

if TYPE_CHECKING:
    from ..policy import Policy
    from ..values.results import Citation

MONEY = pa.decimal128(18, 2)
SOURCE_ROWS = ("person_row", "claim_row", "separation_row")


@dataclass(frozen=True)
class Continuation:
    """The continuation list, its summary and the findings met while reading the records."""

    table: pa.Table
    summary: dict[str, Any]
    findings: list[RecordFinding]
    as_of: dt.date

    def write(self, out_dir: str | Path, lang: str | None = None) -> list[Path]:
        """continuation.parquet, continuation.csv, summary.json and summary.md (in `lang`)."""
        folder = Path(out_dir)
        folder.mkdir(parents=True, exist_ok=True)
        paths = [
            folder / n
            for n in ("continuation.parquet", "continuation.csv", "summary.json", "summary.md")
        ]
        write_table(self.table, paths[0])
        write_table(self.table, paths[1])
        paths[2].write_text(
            json.dumps(self.summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        paths[3].write_text(markdown(self, lang), encoding="utf-8")
        return paths

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the summary and every row."""
        rows = [{k: _plain(v) for k, v in r.items()} for r in self.table.to_pylist()]
        return {**self.summary, "rows": rows}


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def write_table(table: pa.Table, path: Path) -> None:
    """Parquet or CSV by the file's suffix."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".csv":
        import pyarrow.csv as pcsv

        plain = (
            pa.table(
                {
                    n: (
                        c.cast(pa.string())
                        if pa.types.is_list(c.type) or pa.types.is_dictionary(c.type)
                        else c
                    )
                    for n, c in zip(table.column_names, table.columns, strict=True)
                }
            )
            if table.num_columns
            else table
        )
        pcsv.write_csv(plain, path)
    else:
        import pyarrow.parquet as pq

        pq.write_table(table, path)


def continuation(
    policy: Policy, records: str | Path | Mapping[str, Any] | Records, as_of: dt.date
) -> Continuation:
    """Everyone owed continuation on `as_of`, with what is owed and who is excluded (G5)."""
    read = as_records(policy, records)
    got = from_records(policy, read, as_of)
    events = engine_events(policy, read)
    decisions = policy.evaluate_batch(got.table, events, as_of)
    schedule = policy.schedule_batch(got.table, events, as_of)
    table = _list(policy, got.table, decisions, schedule, as_of)
    return Continuation(table, _summary(policy, table, as_of), got.findings, as_of)


def _fen(
    amounts: pa.ChunkedArray | pa.Array,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """Money in fen (exact), and where it is unknown."""
    unknown = np.asarray(amounts.is_null(), dtype=bool)
    fen = pc.multiply(pc.fill_null(amounts, 0), pa.scalar(Decimal(100), MONEY))
    return np.asarray(fen.cast(pa.int64()), dtype=np.int64), unknown


def _money(fen: npt.NDArray[np.int64], unknown: npt.NDArray[np.bool_]) -> pa.Array:
    values = [None if u else Decimal(int(f)).scaleb(-2) for f, u in zip(fen, unknown, strict=True)]
    return pa.array(values, MONEY)


def _list(
    policy: Policy, claimants: pa.Table, decisions: pa.Table, schedule: pa.Table, as_of: dt.date
) -> pa.Table:
    """One row per person with continuation months owed (or excluded from them)."""
    cont = np.asarray(pc.fill_null(decisions.column("continuation_months"), 0), dtype=np.int64)
    eligible = np.asarray(pc.fill_null(decisions.column("eligible"), False), dtype=bool)
    regular = np.asarray(pc.fill_null(decisions.column("regular_months"), 0), dtype=np.int64)
    n = claimants.num_rows
    who = pc.index_in(schedule.column("id"), value_set=decisions.column("id"))
    k = np.asarray(pc.fill_null(who, -1), dtype=np.int64)
    index = np.asarray(schedule.column("index"), dtype=np.int64)
    status = np.asarray(schedule.column("status").cast(pa.string()), dtype=object)
    in_cont = (k >= 0) & (index > regular[np.maximum(k, 0)])
    owed = in_cont & (status != "forfeited")
    # due by `as_of`: its pay-by date, or where the policy sets none, the month's last day
    when = pc.coalesce(schedule.column("pay_by"), schedule.column("period_end"))
    pay_by = np.asarray(when.cast(pa.int32()), dtype=np.int64)
    due = owed & (pay_by <= (as_of - dt.date(1970, 1, 1)).days)
    medical = np.asarray(schedule.column("medical_insurance_paid"), dtype=bool)
    fen, unknown = _fen(schedule.column("amount"))

    def per(mask: npt.NDArray[np.bool_], weights: Any = None) -> npt.NDArray[np.int64]:
        w = None if weights is None else np.where(mask, weights, 0)
        counts = np.bincount(k[mask] if w is None else np.maximum(k, 0), weights=w, minlength=n)
        return counts.astype(np.int64)

    months_owed, months_due = per(owed), per(due)
    amount_owed, amount_due = per(owed, fen), per(due, fen)
    unknown_owed = per(owed & unknown) > 0
    medical_months, medical_due = per(owed & medical), per(due & medical)
    lump = np.asarray(decisions.column("lump_sum").is_valid(), dtype=bool)
    flexible = np.asarray(pc.equal(claimants.column("insured_as"), "flexible"), dtype=bool)
    group = np.where(lump, "lump_sum", np.where(flexible, "flexible", ""))
    groups, scope, x3, g5 = _exclusions(policy, as_of)
    excluded = np.isin(group, list(groups)) & (group != "")
    listed = eligible & (cont > 0) & ((months_owed > 0) | excluded)
    arrears_too = excluded & (scope == "arrears_and_medical")
    zero = excluded  # excluded groups: no medical back-payment under either reading
    n1 = own_clause(policy, "continuation_threshold_months")
    cols = {
        "id": claimants.column("id"),
        "insured_as": claimants.column("insured_as"),
        "lump_sum_recipient": pa.array(lump),
        "regular_months": decisions.column("regular_months"),
        "continuation_months": decisions.column("continuation_months"),
        "start": decisions.column("start"),
        "end": decisions.column("end"),
        "retirement_date": decisions.column("retirement_date"),
        "months_owed": pa.array(np.where(arrears_too, 0, months_owed)),
        "amount_owed": _money(np.where(arrears_too, 0, amount_owed), unknown_owed & ~arrears_too),
        "months_back_pay": pa.array(np.where(arrears_too, 0, months_due)),
        "back_pay": _money(np.where(arrears_too, 0, amount_due), unknown_owed & ~arrears_too),
        "medical_months": pa.array(np.where(zero, 0, medical_months)),
        "medical_back_pay_months": pa.array(np.where(zero, 0, medical_due)),
        "status": pa.array(
            np.where(arrears_too, "excluded", np.where(months_due > 0, "back_pay", "to_continue"))
        ),
        "excluded_group": pa.array(group, mask=~excluded),
        "excluded_from": pa.array(
            np.where(arrears_too, "arrears_and_medical", "medical"), mask=~excluded
        ),
        "clause": pa.array(np.where(excluded, x3 or "", n1)),
        "reading": pa.array(np.full(n, g5 or ""), mask=~excluded),
        **{name: claimants.column(name) for name in SOURCE_ROWS},
    }
    return pa.table(cols).filter(pa.array(listed))


def _exclusions(policy: Policy, on: dt.date) -> tuple[tuple[str, ...], str, str | None, str | None]:
    """The groups X3 excludes, from what (the G5 reading), the clause and the reading id."""
    if not policy.has("continuation_excluded_groups"):
        return (), "medical_only", None, None
    on = max(on, policy.table("continuation_excluded_groups").values[0].start)
    groups = tuple(policy.value("continuation_excluded_groups", on) or ())
    scope = "medical_only"
    reading = None
    if policy.has("continuation_exclusion_scope"):
        scope = policy.value("continuation_exclusion_scope", on) or scope
        reading = getattr(policy.table("continuation_exclusion_scope").entry.item, "reading", None)
    clause = policy.param_citation("continuation_excluded_groups", on).clause
    return groups, scope, clause, reading


def own_clause(policy: Policy, pid: str) -> str:
    """The clause a parameter itself cites (not a later restatement of its value)."""
    item = policy.table(pid).entry.item
    assert isinstance(item, Parameter)
    return item.clause


def citations(policy: Policy, on: dt.date) -> dict[str, Citation]:
    """The clauses the list rests on, by id (for the summary and the report)."""
    out = {}
    for pid in ("continuation_threshold_months", "continuation_excluded_groups"):
        if policy.has(pid):
            c = policy.cite(own_clause(policy, pid))
            out[c.clause] = c
    return out


def _total(table: pa.Table, name: str) -> str:
    total = pc.sum(table.column(name)).as_py() if table.num_rows else None
    return str(total if total is not None else Decimal("0.00"))


def _summary(policy: Policy, table: pa.Table, as_of: dt.date) -> dict[str, Any]:
    """Counts and totals, JSON-ready (money as strings)."""
    status = table.column("status").to_pylist()
    excluded = table.column("excluded_group").to_pylist()
    cites = citations(policy, as_of)
    return {
        "format_version": 1,
        "as_of": as_of.isoformat(),
        "policy": policy.name,
        "listed": table.num_rows,
        "by_status": {s: status.count(s) for s in ("back_pay", "to_continue", "excluded")},
        "excluded": {g: excluded.count(g) for g in ("flexible", "lump_sum")},
        "months_owed": int(pc.sum(table.column("months_owed")).as_py() or 0),
        "amount_owed": _total(table, "amount_owed"),
        "months_back_pay": int(pc.sum(table.column("months_back_pay")).as_py() or 0),
        "back_pay": _total(table, "back_pay"),
        "medical_months": int(pc.sum(table.column("medical_months")).as_py() or 0),
        "medical_back_pay_months": int(
            pc.sum(table.column("medical_back_pay_months")).as_py() or 0
        ),
        "clauses": {
            cid: {
                "document": c.document,
                "document_en": policy.compiled.english.get(c.document, c.document),
                "text": c.text,
            }
            for cid, c in cites.items()
        },
    }


LISTED = 50
"""How many rows of the list the Markdown summary shows (the files hold them all)."""


def markdown(result: Continuation, lang: str | None = None) -> str:
    """The summary as Markdown for the office, then the first rows of the list, wholly in
    `lang` (English unless zh); the clauses' Chinese words quoted as the documents say them."""
    s = result.summary
    by = s["by_status"]
    lines = [
        label("cont.title", lang, as_of=s["as_of"]),
        "",
        label(
            "cont.lead",
            lang,
            policy=s["policy"],
            listed=s["listed"],
            back_pay=by["back_pay"],
            to_continue=by["to_continue"],
            excluded=by["excluded"],
        ),
        "",
        label("cont.head", lang),
        "|---|---:|---:|",
        f"| {label('cont.owed', lang)} | {s['months_owed']} | {s['amount_owed']} |",
        f"| {label('cont.back_pay', lang, as_of=s['as_of'])} | {s['months_back_pay']} | "
        f"{s['back_pay']} |",
        f"| {label('cont.medical', lang)} | {s['medical_months']} | |",
        f"| {label('cont.medical_back', lang)} | {s['medical_back_pay_months']} | |",
        "",
        label("cont.excluded", lang, **s["excluded"]),
        "",
        label("cont.clauses", lang),
        "",
    ]
    for cid, c in s["clauses"].items():
        lines.append(
            label("cont.clause", lang, id=cid, document=_document(c, lang), text=c["text"])
        )
    lines += ["", label("cont.list", lang, n=LISTED), "", label("cont.columns", lang)]
    lines.append("|---|---|---:|---:|---:|---:|---|---|")
    lines += [_row(r, lang) for r in result.table.slice(0, LISTED).to_pylist()]
    return "\n".join(lines) + "\n"


def _document(c: Mapping[str, Any], lang: str | None) -> str:
    """A clause's document: as it is named in Chinese; in English by its English name, with
    the Chinese number (文号) where the English name does not already give it."""
    english = c.get("document_en")
    if lang == "zh" or not english or english == c["document"]:
        return str(c["document"])
    return str(english) if c["document"] in english else f"{english}, {c['document']}"


def _row(r: Mapping[str, Any], lang: str | None) -> str:
    """One person of the list as a Markdown row, its codes worded in `lang`."""
    excluded = ""
    if r["excluded_group"]:
        excluded = label(
            "cont.excluded_cell",
            lang,
            group=label(f"cont.group.{r['excluded_group']}", lang),
            scope=label(f"cont.from.{r['excluded_from']}", lang),
            reading=r["reading"],
        )
    money = [label("unknown", lang) if r[k] is None else r[k] for k in ("amount_owed", "back_pay")]
    status = label(f"cont.status.{r['status']}", lang)
    return (
        f"| {r['id']} | {status} | "
        f"{r['months_owed']} | {money[0]} | {money[1]} | {r['medical_months']} | {excluded} | "
        f"{r['clause']} |"
    )
