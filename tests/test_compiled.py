"""The compiled rules: built once per policy, read by the concept modules, never stale.

What-if files here add a stop ground, a parameter nothing reads and change a file between
loads; each checks a real outcome (the ground fires, `check` warns, the new value is used).
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

from support import ULANHOT_MAN

import uibenefit as ub
from uibenefit.law._compiled import ENGINE_PARAMETERS
from uibenefit.tools.consistency import check_policy

D = dt.date
HEADER = """\
format: 1
layer: what_if
extends: xingan
document: {number: test, title: test, issuer: test, issued: 2026-01-01}
"""


def what_if(tmp_path: Path, body: str, name: str = "what_if.yaml") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + textwrap.dedent(body), encoding="utf-8")
    return path


def test_a_stop_ground_added_by_a_what_if_fires(tmp_path: Path) -> None:
    """A new ground `left_the_region` (an event kind no bundled policy knows) stops payment:
    the ULANHOT man's 2020-04-10 claim is paid for months starting before 2020-08-01."""
    path = what_if(
        tmp_path,
        """
        stop_grounds:
          - id: left_the_region
            clause: SIL-51
            text: {zh: "迁出本区", en: "left the region"}
        """,
    )
    policy = ub.load_policy(path)
    assert policy.event_kinds[-1] == "left_the_region"
    assert "left_the_region" not in ub.EVENT_KINDS
    person = ub.Claimant(**ULANHOT_MAN)
    stop = policy.stop(person, [ub.Event("left_the_region", D(2020, 8, 1))])
    assert stop.stopped and stop.reason == "left_the_region"
    assert stop.months_paid == 4  # 04-10, 05-10, 06-10, 07-10 start before 08-01
    assert stop.citation is not None and stop.citation.clause == "SIL-51"
    assert stop.text == "迁出本区"


def test_a_parameter_no_rule_reads_is_reported(tmp_path: Path) -> None:
    """A parameter that is neither a field the rules read nor named by a condition is an
    unread-parameter warning; one a condition names is not."""
    path = what_if(
        tmp_path,
        """
        parameters:
          - id: arrears_reading
            clause: X3
            description: read by nothing
            values: [{from: 2020-04-27, value: medical_only}]
        """,
    )
    unread = [p for p in check_policy(ub.load_policy(path)) if p.code == "unread-parameter"]
    assert [p.message.split("'")[1] for p in unread] == ["arrears_reading"]
    assert "pay_by" in ENGINE_PARAMETERS and "arrears_exclusion" not in ENGINE_PARAMETERS


def test_a_changed_file_is_loaded_again(tmp_path: Path) -> None:
    """Loading the same what-if twice gives the same policy; after its file changes, the new
    value (a cap of 12 regular months) is what the answers use."""
    body = """
    parameters:
      - id: regular_months_cap
        change: override
        clause: SIL-46
        description: a lower cap
        values: [{from: 1999-01-22, value: %d}]
    """
    path = what_if(tmp_path, body % 24)
    first = ub.load_policy(path)
    assert ub.load_policy(path) is first
    person = ub.Claimant(**ULANHOT_MAN)
    assert first.entitlement(person).regular_months == 24
    what_if(tmp_path, body % 12)
    again = ub.load_policy(path)
    assert again is not first
    assert again.entitlement(person).regular_months == 12


def test_messages_are_checked_when_the_policy_loads(tmp_path: Path) -> None:
    """A message id the engine does not say, or a placeholder it does not fill, is a
    PolicyError at its line, with a suggestion."""
    path = what_if(
        tmp_path,
        """
        messages:
          - id: overpaymnet
            clause: N8
            text: {zh: "多发", en: "overpaid"}
        """,
    )
    try:
        ub.load_policy(path)
    except ub.PolicyError as exc:
        assert "Did you mean 'overpayment'?" in str(exc)
        assert exc.line is not None
    else:
        raise AssertionError("an unknown message must be refused")
    path = what_if(
        tmp_path,
        """
        messages:
          - id: overpayment
            change: override
            clause: N8
            text: {zh: "多发 {amount}", en: "overpaid {amount}"}
        """,
        name="placeholder.yaml",
    )
    try:
        ub.load_policy(path)
    except ub.PolicyError as exc:
        assert "unknown placeholder '{amount}': use one of as_of, overpaid" in str(exc)
    else:
        raise AssertionError("an unknown placeholder must be refused")


def test_no_clause_id_is_quoted_in_the_engine() -> None:
    """No law in Python: no quoted clause id (N1, IM5, SIL-47, G10 …) in src/."""
    import re

    quoted = re.compile(
        r"[\"'](N[0-9]+[a-z]?|IM[0-9]+|X[A-Z]?[0-9]+[a-z]?|SIL-[0-9]+|UIR-[0-9]+|MEAS-[0-9]+|G[0-9]+)[\"']"
    )
    src = Path(ub.__file__).parent
    found = [
        f"{path.name}:{n}"
        for path in sorted(src.rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if quoted.search(line)
    ]
    assert found == []


def test_a_stop_changes_only_the_status_and_medical_insurance_of_later_months() -> None:
    """Re-employed 2020-11-20: months 9 on are the schedule's months, field for field, but
    forfeited and without medical insurance; months 1–8 are untouched."""
    import dataclasses

    policy = ub.load_policy("xingan")
    person = ub.Claimant(**ULANHOT_MAN)
    plain = policy.payout_schedule(person)
    stopped = policy.evaluate(person, [ub.Event("reemployed", D(2020, 11, 20))]).schedule
    assert stopped[:8] == tuple(plain[:8])
    for before, after in zip(plain[8:], stopped[8:], strict=True):
        assert (after.status, after.medical_insurance_paid) == ("forfeited", False)
        same = dataclasses.replace(after, status="due", medical_insurance_paid=True)
        assert same == before
