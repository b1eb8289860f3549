"""The service's fast JSON writer gives exactly what `to_dict()` gives (issue 24, speed).

`service/_wire.py` writes a decision straight from its records, with each clause's text moved
to the `clauses` map in the same walk; `create_app` uses it only while it agrees with
`Decision.to_dict()` on its example. These tests draw claimants and events from the public
strategies and compare the two, and check the server answers with it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import orjson
from hypothesis import given, settings
from starlette.testclient import TestClient

from uibenefit import load_policy
from uibenefit.service import Limits, _wire, create_app
from uibenefit.testing import cases
from uibenefit.values.results import Citation

POLICY = load_policy("xingan")


def _wired(value: Any, decision: bool = True) -> Any:
    return orjson.loads(_wire.decision_json(value) if decision else _wire.record_json(value))


@settings(max_examples=60, deadline=None)
@given(cases(POLICY))
def test_a_decision_is_written_as_to_dict_writes_it(case: Any) -> None:
    """Every drawn decision, and its eligibility, parse back to what to_dict() gives."""
    decision = POLICY.evaluate(case.person, case.events, case.as_of)
    assert _wired(decision) == decision.to_dict()
    assert _wired(decision.eligibility, decision=False) == decision.eligibility.to_dict()


def test_a_clause_quoted_two_ways_keeps_its_second_text_in_place() -> None:
    """As to_dict(): the first text of a clause id goes to `clauses`, a different one stays."""
    decision = POLICY.evaluate(_claimant())
    first = decision.schedule[0].citation
    other = dataclasses.replace(first, text=first.text + "（另一段）")
    changed = dataclasses.replace(
        decision,
        schedule=(decision.schedule[0], dataclasses.replace(decision.schedule[1], citation=other)),
    )
    wired, expected = _wired(changed), changed.to_dict()
    assert wired == expected
    assert wired["clauses"][first.clause] == first.text
    assert wired["schedule"][1]["citation"]["text"] == other.text
    assert "text" not in wired["schedule"][0]["citation"]


def test_the_same_citation_object_is_written_the_same_in_every_decision() -> None:
    """A kept citation is reused only for the object it was made from: a new citation with the
    same id in memory is written from its own fields."""
    decision = POLICY.evaluate(_claimant())
    _wired(decision)
    cite = decision.schedule[0].citation
    fresh = Citation(cite.layer, cite.document, cite.clause, "另一个文本", cite.article)
    again = dataclasses.replace(
        decision, schedule=(dataclasses.replace(decision.schedule[0], citation=fresh),)
    )
    assert _wired(again) == again.to_dict()
    assert _wired(again)["clauses"][cite.clause] == "另一个文本"


def test_a_record_written_before_is_written_again_as_this_document_needs() -> None:
    """A paperwork record seen in earlier decisions is kept as JSON (service/_wire.py `_KEPT`);
    a document where another text of its clause came first still gets its citation whole."""
    decision = POLICY.evaluate(_claimant())
    assert decision.paperwork is not None
    kept = decision.paperwork.claimant_documents[0]
    for _ in range(3):  # seen, kept, written from what is kept
        assert _wired(decision) == decision.to_dict()
    first = decision.schedule[0]
    other = dataclasses.replace(first.citation, clause=kept.citation.clause, text="另一段文本")
    changed = dataclasses.replace(
        decision, schedule=(dataclasses.replace(first, citation=other), *decision.schedule[1:])
    )
    wired = _wired(changed)
    assert wired == changed.to_dict()
    assert wired["clauses"][kept.citation.clause] == "另一段文本"
    assert wired["paperwork"]["claimant_documents"][0]["citation"]["text"] == kept.citation.text
    assert _wired(decision) == decision.to_dict()  # and the next document as before


def test_the_server_answers_with_the_same_data() -> None:
    """POST /v1/evaluate (with and without explain) answers what the library's to_dict gives."""
    person = _claimant()
    body = {"claimant": person.to_dict(), "as_of": "2021-06-30", "lang": "en"}
    with TestClient(create_app(limits=Limits(batch_workers=0))) as client:
        plain = client.post("/v1/evaluate", json=body)
        explained = client.post("/v1/evaluate", json={**body, "explain": True})
        eligibility = client.post("/v1/eligibility", json={"claimant": person.to_dict()})
    decision = POLICY.evaluate(person, as_of=dt.date(2021, 6, 30))
    assert plain.status_code == 200
    assert plain.json() == decision.to_dict()
    assert explained.json() == {
        "decision": decision.to_dict(),
        "explanation": decision.explain("en"),
    }
    assert eligibility.json() == POLICY.eligibility(person).to_dict()


def _claimant() -> Any:
    from uibenefit import Claimant

    return Claimant(
        birth_date=dt.date(1980, 3, 1),
        sex="male",
        position="worker",
        insured_as="employee",
        contribution_months=60,
        separation_date=dt.date(2020, 4, 30),
        separation_reason="contract_expired",
        application_date=dt.date(2020, 5, 10),
        registration_date=dt.date(2020, 5, 8),
        insured_area="152201",
    )
