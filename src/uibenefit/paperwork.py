"""Paperwork: what the claimant brings, what nobody may ask, what the employer owes, where to go.

Three rules decide what is shown, and each is told in `Paperwork.warnings`:

- G1: a lower layer may list a paper (by its `document` code) that a higher layer forbids
  anyone to ask for (XC3 vs N2c). The higher layer wins: the paper is left off the
  claimant's list. A paper already listed by a higher layer is not listed twice.
- G3: two deadlines for one `act` (X1b's 7 working days vs XA2's and XE3's 7 days) are both
  listed, each with its clause and date, and marked as a conflict; only the earlier is safe.
- G7: a deadline counted in days or working days that falls on a day the office does not
  take claims (XC12: the 1st to the 30th, statutory holidays excepted) is reported.

Dates follow the contract: "N 日内" per 民法典 201 and 203, "N 个工作日内" on the working-day
calendar (make-up days count). A date past the calendar's coverage raises
CalendarCoverageError naming the missing year; nothing is guessed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from dateutil.relativedelta import relativedelta

from . import entitlement
from ._model import Due, Reading
from ._model import Obligation as ObligationItem
from ._model import Office as OfficeItem
from ._model import Requirement as Item
from .calendar import WorkCalendar
from .claimant import Claimant
from .errors import CalendarCoverageError
from .results import Citation, Entitlement, Obligation, Office, Paperwork, Requirement

if TYPE_CHECKING:
    from .policy import Policy

ONE_DAY = dt.timedelta(days=1)
DEADLINE_UNITS = ("days", "working_days")
"""Units that set a last day to act at an office, so an office-day check applies (G7)."""

FILING_FORM_NAME = "用人单位终止或解除劳动关系人员备案表"


@dataclass(frozen=True, slots=True)
class FilingForm:
    """The employer's filing form (备案表, XA1): its columns, as the attachment prints them."""

    name: str
    fields: tuple[str, ...]
    citation: Citation


def due_date(
    due: Due, anchors: dict[str, dt.date | None], calendar: WorkCalendar
) -> dt.date | None:
    """The date a `due:` names, counted from one of the claimant's dates (None if that is unknown).

    days: the last day of "N 日内" (民法典 201: the first day is not counted; 203: a last day
    on a rest day or holiday moves to the next working day); working_days: the N-th working
    day after; same_day: the date itself; month_start: the 1st of the N-th calendar month
    after; day_after_months: the day after a period of N months ends (民法典 202: it ends on
    the corresponding day, or the month's last day where there is none).
    """
    start = anchors.get(due.after)
    if start is None:
        return None
    if due.unit == "working_days":
        return calendar.add_working_days(start, due.count)
    if due.unit == "days":
        return calendar.days_deadline(start, due.count)
    if due.unit == "month_start":
        return start.replace(day=1) + relativedelta(months=due.count)
    if due.unit == "day_after_months":
        return start + relativedelta(months=due.count) + ONE_DAY
    return start


def describe_due(due: Due) -> str:
    """'within 7 working days of the separation date' and the like."""
    after = due.after.replace("_", " ")
    if due.unit == "same_day":
        return f"on the {after}"
    if due.unit == "month_start":
        months = "month" if due.count == 1 else f"{due.count} months"
        return f"from the first day of the {months} after the {after}"
    if due.unit == "day_after_months":
        return f"not before {due.count} months after the {after} have passed"
    unit = {"working_days": "working days", "days": "days"}[due.unit]
    return f"within {due.count} {unit} of the {after}"


def reading_for(policy: Policy, clauses: Iterable[str]) -> str | None:
    """The id of the reading (G1…G11) whose clauses include all of `clauses`, if one does."""
    wanted = set(clauses)
    for entry in policy.resolved.sections["readings"].values():
        reading = entry.item
        assert isinstance(reading, Reading)
        if wanted <= set(reading.clauses):
            return reading.id
    return None


def _tag(policy: Policy, clauses: Iterable[str]) -> str:
    """` (G1)`: the reading a warning follows, appended to its text; empty if none."""
    found = reading_for(policy, clauses)
    return f" ({found})" if found else ""


def filing_form(policy: Policy, on: dt.date) -> FilingForm | None:
    """The 备案表's columns in force on `on` (parameter `filing_form_fields`, XA1), if any."""
    if not policy.has("filing_form_fields"):
        return None
    fields = policy.value("filing_form_fields", on)
    if not fields:
        return None
    return FilingForm(
        FILING_FORM_NAME,
        tuple(str(f) for f in fields),
        policy.param_citation("filing_form_fields", on),
    )


def _applies(
    policy: Policy, section: str, item_id: str, facts: dict[str, Any], on: dt.date
) -> bool:
    condition = policy.conditions.get((section, item_id))
    return condition is None or condition.holds(facts, policy.lookup(on))


def paperwork(
    policy: Policy,
    person: Claimant,
    calendar: WorkCalendar | None = None,
    facts: dict[str, Any] | None = None,
    ent: Entitlement | None = None,
) -> Paperwork:
    """The paperwork for one claimant under a policy.

    Conditions are read with the parameters in force on the application date, the
    employer's duties with those in force on the separation date (when the employer acts).
    `facts` and `ent` may be passed in by `evaluate`, which has computed them already.
    """
    cal = calendar or WorkCalendar.bundled()
    if facts is None:
        facts = entitlement.facts(policy, person)
    if ent is None:
        ent = entitlement.entitlement(policy, person, None, facts)
    anchors: dict[str, dt.date | None] = {
        "separation_date": person.separation_date,
        "application_date": person.application_date,
        "registration_date": facts["registration_date"],
        "entitlement_end": ent.end if ent.total_months else None,
    }
    sections = policy.resolved.sections
    rank = {layer: i for i, layer in enumerate(policy.layers)}
    warnings: list[tuple[str, str]] = []  # (English, Chinese)
    deadlines: list[tuple[str, str, dt.date]] = []

    def dated(clause: str, name: str, due: Due | None) -> dt.date | None:
        """The due date, remembered for the office-day check (G7) when it is a deadline."""
        if due is None:
            return None
        try:
            day = due_date(due, anchors, cal)
        except CalendarCoverageError as exc:  # say which deadline, from which of the dates
            start = anchors.get(due.after)
            raise CalendarCoverageError(
                exc.year,
                f"{exc.detail} (needed for {clause} {name}: {describe_due(due)}, {start})",
                field=due.after,
            ) from None
        if day is not None and due.unit in DEADLINE_UNITS:
            deadlines.append((clause, name, day))
        return day

    def requirements(section: str) -> list[tuple[Requirement, str, Item]]:
        out = []
        for item_id, entry in sections[section].items():
            item = entry.item
            assert isinstance(item, Item)
            if not _applies(policy, section, item_id, facts, person.application_date):
                continue
            req = Requirement(
                item.id,
                item.name,
                item.description,
                policy.cite(item.clause),
                item.step,
                due=dated(item.clause, item.name, item.due),
                due_rule=describe_due(item.due) if item.due is not None else None,
            )
            out.append((req, entry.where.layer, item))
        return out

    forbidden = requirements("forbidden_requests")
    banned: dict[str, tuple[Requirement, str]] = {}
    for req, layer, item in forbidden:
        if item.document and item.document not in banned:
            banned[item.document] = (req, layer)
    documents: list[Requirement] = []
    listed: set[str] = set()
    for req, layer, item in requirements("claimant_documents"):
        hit = banned.get(item.document) if item.document else None
        if hit is not None and rank[hit[1]] < rank[layer]:
            clause, by = req.citation.clause, hit[0].citation.clause
            tag = _tag(policy, (clause, by))
            warnings.append(
                (
                    f"{clause} ({layer}) asks for {item.name}, which {by} ({hit[1]}) forbids "
                    f"anyone to ask for: not listed{tag}",
                    f"{clause} 要求提供“{item.name}”，但上级文件 {by} 规定不得要求提供，故不列入{tag}",
                )
            )
            continue
        if item.document in listed:
            continue
        if item.document:
            listed.add(item.document)
        documents.append(req)

    obligations: list[Obligation] = []
    with_employer = (
        policy.value("insured_as_with_employer", person.separation_date)
        if policy.has("insured_as_with_employer")
        else None
    )
    duties = sections["employer_obligations"]
    if with_employer is not None and person.insured_as not in with_employer:
        duties = {}  # 灵活就业人员 insure themselves: no employer owes them anything
    for item_id, entry in duties.items():
        ob = entry.item
        assert isinstance(ob, ObligationItem)
        if not _applies(policy, "employer_obligations", item_id, facts, person.separation_date):
            continue
        due = dated(ob.clause, ob.name, ob.due)
        rule = describe_due(ob.due) if ob.due is not None else None
        obligations.append(
            Obligation(ob.id, ob.name, ob.description, policy.cite(ob.clause), ob.act, due, rule)
        )
    obligations = _mark_conflicts(policy, obligations, warnings)

    notices = [r for r, _, _ in requirements("notices")]
    _office_day_warnings(policy, cal, deadlines, warnings)
    return Paperwork(
        tuple(documents),
        tuple(r for r, _, _ in forbidden),
        tuple(obligations),
        tuple(notices),
        _office(policy, person, warnings),
        tuple(en for en, _ in warnings),
        tuple(zh for _, zh in warnings),
    )


def _mark_conflicts(
    policy: Policy, obligations: list[Obligation], warnings: list[tuple[str, str]]
) -> list[Obligation]:
    """Two deadline rules for one act (G3): mark each; an employer is safe only with the earliest."""
    by_act: dict[str, list[Obligation]] = {}
    for ob in obligations:
        if ob.due is not None:
            by_act.setdefault(ob.act, []).append(ob)
    marks: dict[str, str] = {}
    for act, group in by_act.items():
        if len({ob.due_rule for ob in group}) < 2:
            continue
        earliest = min(ob.due for ob in group if ob.due is not None)
        listed = "; ".join(f"{ob.citation.clause}: {ob.due} ({ob.due_rule})" for ob in group)
        clauses = [ob.citation.clause for ob in group]
        tag = _tag(policy, clauses)
        text = f"conflicting deadlines for '{act}': {listed}; only {earliest} is safe{tag}"
        listed_zh = "；".join(f"{ob.citation.clause}：{ob.due}" for ob in group)
        warnings.append(
            (text, f"同一事项“{group[0].name}”有不同期限（{listed_zh}），以 {earliest} 为准{tag}")
        )
        for ob in group:
            marks[ob.id] = text
    return [replace(o, conflict=marks[o.id]) if o.id in marks else o for o in obligations]


def _office_day_warnings(
    policy: Policy,
    cal: WorkCalendar,
    deadlines: list[tuple[str, str, dt.date]],
    warnings: list[tuple[str, str]],
) -> None:
    """A last day to act that the office does not open (XC12, G7) is reported, not moved."""
    if not policy.has("office_days"):
        return
    for clause, name, day in deadlines:
        rule = policy.value("office_days", day)
        if rule is None:
            continue
        window = (rule.first_day, rule.last_day)
        if cal.is_office_day(day, *window, exclude_weekends=rule.exclude_weekends):
            continue
        after = cal.next_office_day(day, *window, exclude_weekends=rule.exclude_weekends)
        cite = policy.param_citation("office_days", day).clause
        tag = _tag(policy, (cite,))
        warnings.append(
            (
                f"{clause} {name}: the last day, {day}, is not an office day ({cite}: days "
                f"{rule.first_day}–{rule.last_day} of the month, statutory holidays excepted); "
                f"the next office day is {after}{tag}",
                f"{clause} {name}：最后一天 {day} 不是办理日（每月{rule.first_day}日—"
                f"{rule.last_day}日，国家法定节假日除外），下一个办理日为 {after}{tag}",
            )
        )


def _office(policy: Policy, person: Claimant, warnings: list[tuple[str, str]]) -> Office | None:
    """The office serving `insured_area` (XE6, XC13); a known layer without one is reported."""
    entries = policy.resolved.sections["offices"]
    if person.insured_area is None or not entries:
        return None
    for entry in entries.values():
        o = entry.item
        assert isinstance(o, OfficeItem)
        if person.insured_area in o.areas:
            return Office(o.name, o.phone, o.address, policy.cite(o.clause))
    warnings.append(
        (
            f"no office in policy {policy.name} serves insured_area {person.insured_area}",
            f"本政策（{policy.name}）的办理地点表中没有服务地区 {person.insured_area} 的机构",
        )
    )
    return None
