"""The facts conditions read: the claimant's fields and what follows from them, once per claimant.

The names and kinds here are what a condition in a policy file may write (`{var: ...}`); the
dates they depend on (benefit start, retirement) are computed by `entitlement` from the law
in force and passed in.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from typing import Any

from ..law._condition_ast import ALL, NONE, UNKNOWN, encode
from ..law._law_tables import day
from ..law.calendar import WorkCalendar
from ..values.claimant import Claimant
from . import _integer as P
from .retirement import MONTH_DAYS

ONE_DAY = dt.timedelta(days=1)
_EPOCH = dt.date(1970, 1, 1).toordinal()


class Facts(dict[str, Any]):
    """The values conditions read, by name. `codes` keeps each value as the conditions'
    functions read it (`_condition_ast.encode`), filled on first read: a claim's facts are
    encoded once per evaluation, not once per condition. Built once, never changed."""

    __slots__ = ("codes",)

    def __init__(self, values: Mapping[str, Any]) -> None:
        super().__init__(values)
        self.codes: dict[str, int] = {}


def month_end(year: int, month: int) -> dt.date:
    """The last day of a calendar month."""
    return dt.date(year, month, 28 + calendar.isleap(year) if month == 2 else MONTH_DAYS[month])


def age_in_years(birth: dt.date, on: dt.date) -> int:
    """Whole years of age on a date (a birthday on 29 February counts on 28 February)."""
    return P.age_in_years(day(birth), day(on))


def claim_period_end(
    separation: dt.date, days: int | None, calendar: WorkCalendar
) -> dt.date | None:
    """The last day of the claim period (N4b's 60 日) of `days` days, None without one.

    "N 日内" ends on the separation date + N, moved to the next working day when that is a
    rest day or holiday (民法典 第二百零一条, 第二百零三条). Past the calendar's years the day
    itself is used, so a claim is never called late on a guessed holiday schedule only.
    """
    if days is None:
        return None
    last = separation.toordinal() - _EPOCH + int(days)
    if calendar.covers_n(last):
        last = calendar.next_working_day_n(last)
    return dt.date.fromordinal(last + _EPOCH)


def facts(
    person: Claimant,
    start: dt.date,
    retire: dt.date,
    reason_names: Mapping[str, str] | None,
    claim_end: dt.date | None,
) -> Facts:
    """The values conditions read; `reason_names` are the 停保原因 names in force on the claim,
    `claim_end` the last day of the claim period (`claim_period_end`). Their codes for the
    compiled conditions (`_condition_ast.encode`: dates as day numbers, flags and counts as
    ints, texts by their codes) are written with them, from the same ints."""
    names = reason_names or {}
    registered = person.registered_reason
    reason = person.separation_reason
    app, sep = person.application_date, person.separation_date
    n_app, n_sep = app.toordinal() - _EPOCH, sep.toordinal() - _EPOCH
    n_start, n_retire = start.toordinal() - _EPOCH, retire.toordinal() - _EPOCH
    reg = person.registration_date or app
    n_end = NONE if claim_end is None else claim_end.toordinal() - _EPOCH
    differs = registered is not None and registered != reason
    late = claim_end is not None and n_app > n_end
    age = P.age_in_years(person.birth_date.toordinal() - _EPOCH, n_app)
    texts = {
        "separation_reason": reason,
        "registered_reason": registered,
        "sex": person.sex,
        "position": person.position,
        "insured_as": person.insured_as,
        "insured_area": person.insured_area,
        "separation_reason_name": names.get(reason, reason),
        "registered_reason_name": None if registered is None else names.get(registered, registered),
    }
    out = Facts(
        {
            "contribution_months": person.contribution_months,
            "separation_reason": reason,
            "registered_reason": registered,
            "reason_differs": differs,
            "sex": person.sex,
            "position": person.position,
            "insured_as": person.insured_as,
            "seeking_work": person.seeking_work,
            "receiving_pension": person.receiving_pension,
            "spouse_receiving_benefit": person.spouse_receiving_benefit,
            "prior_unused_months": person.prior_unused_months,
            "insured_area": person.insured_area,
            "separation_date": sep,
            "application_date": app,
            "registration_date": reg,
            "registered_at_claim": person.registration_date is None,
            "start_date": start,
            "days_to_claim": n_app - n_sep,
            "claim_period_end": claim_end,
            "late_claim": late,
            "age_years_on_application": age,
            "retirement_date": retire,
            "past_retirement_age_on_start": n_start >= n_retire,
            "separation_reason_name": texts["separation_reason_name"],
            "registered_reason_name": texts["registered_reason_name"],
        }
    )
    out.codes = {
        "contribution_months": int(person.contribution_months),
        "reason_differs": int(differs),
        "seeking_work": int(person.seeking_work),
        "receiving_pension": int(person.receiving_pension),
        "spouse_receiving_benefit": int(person.spouse_receiving_benefit),
        "prior_unused_months": int(person.prior_unused_months),
        "separation_date": n_sep,
        "application_date": n_app,
        "registration_date": reg.toordinal() - _EPOCH,
        "registered_at_claim": int(person.registration_date is None),
        "start_date": n_start,
        "days_to_claim": n_app - n_sep,
        "claim_period_end": n_end,
        "late_claim": int(late),
        "age_years_on_application": age,
        "retirement_date": n_retire,
        "past_retirement_age_on_start": int(n_start >= n_retire),
        ALL: 0,
    }
    codes = out.codes
    for k, text in texts.items():
        c = NONE if text is None else encode("str", text)
        if c != UNKNOWN:  # a text no policy names is coded when one does (`encode`)
            codes[k] = c
    return out
