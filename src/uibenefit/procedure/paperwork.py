"""Paperwork: what the claimant brings, what nobody may ask, what the employer owes, where to go.

Three rules decide what is shown, and each is told in `Paperwork.warnings`:

- G1: a lower layer may list a paper (by its `document` code) that a higher layer forbids
  anyone to ask for (XC3 vs N2c). The higher layer wins: the paper is left off the
  claimant's list. A paper already listed by a higher layer is not listed twice.
- G3: two deadlines for one `act` (X1b's 7 working days vs XA2's and XE3's 7 days) are both
  listed, each with its clause and date, and marked as a conflict; only the earlier is safe.
- G7: a deadline counted in days or working days that falls on a day the office does not
  take claims (XC12: the 1st to the 30th, statutory holidays excepted) is reported.

`clashing_papers` (G1) and `deadline_conflicts` (G3) are the one implementation of those
readings; `consistency` uses them on the whole policy, this module on one claimant's papers.

Dates follow the contract: "N 日内" per 民法典 201 and 203, "N 个工作日内" on the working-day
calendar (make-up days count). A date past the calendar's coverage raises
CalendarCoverageError naming the missing year; nothing is guessed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable
from itertools import compress
from typing import TypeVar, cast

from ..errors import CalendarCoverageError
from ..law._compiled import Compiled, PaperItem, PaperSection, Period, paper_code, reading_tag
from ..law._compiled import clashing_papers as clashing_papers  # G1's one implementation
from ..law._compiled import describe_due as describe_due  # where the policy's texts are built
from ..law._model import Due
from ..law._model import Obligation as ObligationItem
from ..law.calendar import WorkCalendar
from ..values.claimant import Claimant
from ..values.results import (
    Entitlement,
    Obligation,
    Office,
    Paperwork,
    Requirement,
    record_maker,
)
from . import _integer as P
from .facts import Facts

EPOCH = dt.date(1970, 1, 1).toordinal()
"""Day numbers are days since 1970-01-01 (`_integer`'s)."""

DEADLINE_UNITS = ("days", "working_days")
"""Units that set a last day to act at an office, so an office-day check applies (G7)."""

T = TypeVar("T")


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
    return _date(_due_day(due, start, calendar))


def _due_day(due: Due, start: dt.date, calendar: WorkCalendar) -> int:
    """`due_date` as a day number (days since 1970-01-01), from a known start."""
    unit = due.unit
    if unit == "working_days":
        return calendar.add_working_days_n(start.toordinal() - EPOCH, due.count)
    if unit == "days":
        return calendar.days_deadline_n(start.toordinal() - EPOCH, due.count)
    if unit == "month_start":
        return P.add_months_to(start.year, start.month, 1, due.count)
    if unit == "day_after_months":
        return P.add_months_to(start.year, start.month, start.day, due.count) + 1
    return start.toordinal() - EPOCH


def _date(day: int) -> dt.date:
    """A day number as the date a record shows."""
    return dt.date.fromordinal(day + EPOCH)


# -- the readings G1 and G3, for one claimant or for the whole policy ------------------------


def deadline_conflicts(
    obligations: Iterable[T], act: Callable[[T], str], due: Callable[[T], Hashable | None]
) -> list[list[T]]:
    """G3: the obligations of each act that has two or more different deadline rules (`due`
    gives an obligation's rule, or anything equal exactly where the rules are)."""
    by_act: dict[str, list[T]] = {}
    for ob in obligations:
        if due(ob) is not None:
            by_act.setdefault(act(ob), []).append(ob)
    return [group for group in by_act.values() if len({due(ob) for ob in group}) >= 2]


# -- one claimant ---------------------------------------------------------------------------


class _Dates:
    """Due dates from the claimant's dates; deadlines remembered for the office-day check (G7)."""

    def __init__(self, anchors: dict[str, dt.date | None], calendar: WorkCalendar) -> None:
        self.anchors = anchors
        self.calendar = calendar
        self.deadlines: list[tuple[str, str, int]] = []
        """(clause, name, day number) of each last day to act at an office."""

    def due(self, clause: str, name: str, due: Due | None) -> int | None:
        """The day number of a due date, None where its start is unknown."""
        if due is None:
            return None
        start = self.anchors.get(due.after)
        if start is None:
            return None
        try:
            day = _due_day(due, start, self.calendar)
        except CalendarCoverageError as exc:  # say which deadline, from which of the dates
            raise CalendarCoverageError(
                exc.year,
                f"{exc.detail} (needed for {clause} {name}: {describe_due(due)}, {start})",
                field=due.after,
            ) from None
        if due.unit in DEADLINE_UNITS:
            self.deadlines.append((clause, name, day))
        return day


def _applicable(section: PaperSection, f: Facts, period: Period) -> Iterable[PaperItem]:
    """The items of a section whose condition holds (all of them decided in one call)."""
    if section.group is None:
        return section.applicable(f, period.values.get)
    return compress(section.items, section.group.holds(f, period.values.get))


_requirement = record_maker(Requirement)
_obligation = record_maker(Obligation)


def _dated(paper: PaperItem, day: int) -> Requirement | Obligation:
    """The item as a record with its due date (the rest of the record is the policy's): one
    record for an item and a day, as a record never changes (claims due alike share it, and
    a writer that remembers a record writes it once); its date made only when first met."""
    key = (id(paper), day)
    found = _SHARED.get(key)
    if found is not None and found[0] is paper:
        return found[1]
    r = paper.record
    due = _date(day)
    if isinstance(r, Requirement):
        made: Requirement | Obligation = _requirement(
            r.id, r.name, r.description, r.citation, r.step, due, r.due_rule
        )
    else:
        assert isinstance(r, Obligation)
        made = _obligation(r.id, r.name, r.description, r.citation, r.act, due, r.due_rule, None)
    if len(_SHARED) >= MAX_SHARED:  # bounded: a long-lived process meets many days
        _SHARED.clear()
    _SHARED[key] = (paper, made)  # holds the item: its id stays its own
    return made


_SHARED: dict[tuple[int, int], tuple[PaperItem, Requirement | Obligation]] = {}
MAX_SHARED = 16384


def _record(paper: PaperItem, day: int | None) -> Requirement:
    """A claimant's paper or a notice as a record, with its due date where it has one."""
    r = paper.record if day is None else _dated(paper, day)
    assert isinstance(r, Requirement)
    return r


def _requirements(
    section: PaperSection, f: Facts, period: Period, dates: _Dates
) -> list[tuple[Requirement, PaperItem]]:
    """The items of one section whose condition holds, as records with their due dates."""
    out: list[tuple[Requirement, PaperItem]] = []
    for paper in _applicable(section, f, period):
        item = paper.item
        if item.due is None:
            out.append((paper.record, paper))  # type: ignore[arg-type]  # a Requirement
        else:
            out.append((_record(paper, dates.due(item.clause, item.name, item.due)), paper))
    return out


def _documents(
    rules: Compiled,
    documents: list[tuple[Requirement, PaperItem]],
    forbidden: list[tuple[Requirement, PaperItem]],
    warnings: list[tuple[str, str]],
) -> list[Requirement]:
    """The claimant's papers, less those a higher layer forbids (G1) and repeated papers."""
    plan = rules.paper_plan
    banned = {id(paper) for _, paper in forbidden}
    out: list[Requirement] = []
    listed: set[str] = set()
    for req, paper in documents:
        hit: tuple[str, str] | None = None
        for ban, said in plan.bans.get(id(paper), ()):
            if id(ban) in banned:
                hit = said
                break
        if hit:  # the first applicable prohibition of the paper outranks it
            warnings.append(hit)
            continue
        code = paper_code(paper)
        if code in listed:
            continue
        if code:
            listed.add(code)
        out.append(req)
    return out


def _duty(paper: PaperItem, day: int | None) -> Obligation:
    """The duty as a record, with its due date where it has one."""
    r = paper.record if day is None else _dated(paper, day)
    assert isinstance(r, Obligation)
    return r


def _obligations(
    rules: Compiled,
    person: Claimant,
    f: Facts,
    dates: _Dates,
    warnings: list[tuple[str, str]],
) -> list[Obligation]:
    """The employer's duties under the rules in force on the separation date, G3 marked."""
    at_separation = rules.at(person.separation_date)
    with_employer = at_separation.insured_as_with_employer
    if with_employer is not None and person.insured_as not in with_employer:
        return []  # insured without an employer (e.g. flexible workers): no employer duties
    rule = rules.paper_plan.due_rules.get
    out = [
        (_duty(paper, due), rule(id(paper)) if due is not None else None)
        for paper in _applicable(rules.employer_obligations, f, at_separation)
        for ob in (cast(ObligationItem, paper.item),)
        for due in (dates.due(ob.clause, ob.name, ob.due),)
    ]
    marks: dict[str, str] = {}
    for group in deadline_conflicts(out, lambda pair: pair[0].act, lambda pair: pair[1]):
        obs = [record for record, _ in group]
        earliest = min(x.due for x in obs if x.due is not None)
        listed = "; ".join(f"{x.citation.clause}: {x.due} ({x.due_rule})" for x in obs)
        tag = reading_tag(rules, [x.citation.clause for x in obs])
        text = f"conflicting deadlines for '{obs[0].act}': {listed}; only {earliest} is safe{tag}"
        listed_zh = "；".join(f"{x.citation.clause}：{x.due}" for x in obs)
        warnings.append(
            (text, f"同一事项“{obs[0].name}”有不同期限（{listed_zh}），以 {earliest} 为准{tag}")
        )
        for x in obs:
            marks[x.id] = text
    return [_marked(o, marks[o.id]) if o.id in marks else o for o, _ in out]


def _marked(o: Obligation, conflict: str) -> Obligation:
    """The duty marked with the conflict of its deadlines (G3)."""
    return Obligation(o.id, o.name, o.description, o.citation, o.act, o.due, o.due_rule, conflict)


def _office_day_warnings(
    rules: Compiled,
    cal: WorkCalendar,
    deadlines: list[tuple[str, str, int]],
    warnings: list[tuple[str, str]],
) -> None:
    """A last day to act that the office does not open (XC12, G7) is reported, not moved."""
    for clause, name, number in deadlines:
        period = rules.at_day(number)
        rule = period.office_days
        if rule is None:
            continue
        window = (rule.first_day, rule.last_day, rule.exclude_weekends)
        if cal.is_office_day_n(number, *window):
            continue
        day, after = _date(number), _date(cal.next_office_day_n(number, *window))
        cite = period.cites["office_days"].clause
        tag = reading_tag(rules, (cite,))
        said = rules.message("not_an_office_day")  # the office days' words are the policy's
        if said is None:
            en = f"{clause} {name}: the last day, {day}, is not an office day ({cite}); "
            warnings.append((f"{en}the next office day is {after}{tag}", f"{en}{after}{tag}"))
            continue
        zh, en = said.render(
            clause=clause,
            name=name,
            day=day,
            cite=cite,
            first_day=rule.first_day,
            last_day=rule.last_day,
            after=after,
            tag=tag,
        )
        warnings.append((en, zh))


def _office(rules: Compiled, person: Claimant, warnings: list[tuple[str, str]]) -> Office | None:
    """The office serving `insured_area` (XE6, XC13); a known layer without one is reported."""
    if person.insured_area is None or not rules.offices:
        return None
    found = rules.paper_plan.offices.get(person.insured_area)
    if found is not None:
        return found
    warnings.append(
        (
            f"no office in policy {rules.name} serves insured_area {person.insured_area}",
            f"本政策（{rules.name}）的办理地点表中没有服务地区 {person.insured_area} 的机构",
        )
    )
    return None


def paperwork(
    rules: Compiled,
    person: Claimant,
    f: Facts,
    ent: Entitlement,
    calendar: WorkCalendar,
) -> Paperwork:
    """The paperwork for one claimant under a policy.

    Conditions are read with the parameters in force on the application date, the
    employer's duties with those in force on the separation date (when the employer acts).
    Notices dated from the end of the entitlement follow `ent` (the months actually paid).
    """
    anchors: dict[str, dt.date | None] = {
        "separation_date": person.separation_date,
        "application_date": person.application_date,
        "registration_date": f["registration_date"],
        "entitlement_end": ent.end if ent.total_months else None,
    }
    dates = _Dates(anchors, calendar)
    at_claim = rules.at(person.application_date)
    warnings: list[tuple[str, str]] = []  # (English, Chinese)
    forbidden = _requirements(rules.forbidden_requests, f, at_claim, dates)
    documents = _requirements(rules.claimant_documents, f, at_claim, dates)
    listed = _documents(rules, documents, forbidden, warnings)
    obligations = _obligations(rules, person, f, dates, warnings)
    notices = [r for r, _ in _requirements(rules.notices, f, at_claim, dates)]
    _office_day_warnings(rules, calendar, dates.deadlines, warnings)
    return Paperwork(
        claimant_documents=tuple(listed),
        forbidden_requests=tuple(r for r, _ in forbidden),
        employer_obligations=tuple(obligations),
        notices=tuple(notices),
        office=_office(rules, person, warnings),
        warnings=tuple(en for en, _ in warnings),
        warnings_zh=tuple(zh for _, zh in warnings),
    )
