"""Claimant and Event: bad values and dates out of order raise InputError naming the field."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import ULANHOT_MAN, person

import uibenefit as ub
from uibenefit.testing import claimants

D = dt.date
BASE = ULANHOT_MAN


def claimant(**changes: Any) -> ub.Claimant:
    """The base claimant with some fields changed."""
    return person(BASE, **changes)


def test_a_valid_claimant_keeps_the_contract_defaults() -> None:
    """Optional fields default as the contract says: registered at the claim, nothing prior."""
    person = claimant()
    assert person.registration_date is None
    assert person.prior_unused_months == 0
    assert person.receiving_pension is False
    assert person.seeking_work is True
    assert person.registered_reason is None
    assert person.spouse_receiving_benefit is False


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sex", "M"),
        ("sex", None),
        ("position", "manager"),
        ("insured_as", "self"),
        ("separation_reason", "fired"),
        ("registered_reason", "quit"),
        ("contribution_months", -1),
        ("contribution_months", 1201),
        ("contribution_months", 12.0),
        ("contribution_months", True),
        ("contribution_months", "12"),
        ("prior_unused_months", 1201),
        ("prior_unused_months", -3),
        ("birth_date", "1968-07-15"),
        ("birth_date", dt.datetime(1968, 7, 15, 8, 0)),
        ("birth_date", D(1899, 12, 31)),
        ("application_date", None),
        ("registration_date", 20200410),
        ("insured_area", "15220"),
        ("insured_area", 152201),
        ("insured_area", "15220A"),
        ("receiving_pension", "no"),
        ("seeking_work", 1),
        ("spouse_receiving_benefit", None),
    ],
)
def test_a_bad_value_names_its_field(field: str, value: object) -> None:
    """Each bad value raises InputError (a UIBenefitError, a ValueError) naming the field."""
    with pytest.raises(ub.InputError) as caught:
        claimant(**{field: value})
    assert caught.value.field == field
    assert field in str(caught.value)
    assert isinstance(caught.value, ub.UIBenefitError)


def test_a_close_misspelling_is_suggested() -> None:
    """'contract_expire' is not a reason; the message offers 'contract_expired'."""
    with pytest.raises(ub.InputError, match="Did you mean 'contract_expired'"):
        claimant(separation_reason="contract_expire")


def test_a_claim_before_the_separation_is_refused() -> None:
    """Claim 2020-03-30 before the separation 2020-03-31: InputError on application_date."""
    with pytest.raises(ub.InputError) as caught:
        claimant(application_date=D(2020, 3, 30))
    assert caught.value.field == "application_date"


def test_a_claim_on_the_separation_day_is_accepted() -> None:
    """Claim on the day employment ends (2020-03-31): the boundary is allowed."""
    assert claimant(application_date=D(2020, 3, 31)).application_date == D(2020, 3, 31)


def test_a_registration_before_the_separation_is_refused() -> None:
    """Registration 2020-03-01 before the separation 2020-03-31: InputError on registration_date."""
    with pytest.raises(ub.InputError) as caught:
        claimant(registration_date=D(2020, 3, 1))
    assert caught.value.field == "registration_date"


def test_a_separation_before_birth_is_refused() -> None:
    """A separation on or before the birth date is impossible: InputError on separation_date."""
    with pytest.raises(ub.InputError) as caught:
        claimant(birth_date=D(2020, 3, 31))
    assert caught.value.field == "separation_date"


def test_replace_validates_again() -> None:
    """`replace` builds a new Claimant through the same checks."""
    assert claimant().replace(contribution_months=12).contribution_months == 12
    with pytest.raises(ub.InputError) as caught:
        claimant().replace(sex="x")
    assert caught.value.field == "sex"


def test_registration_after_the_claim_is_refused() -> None:
    """Registration 2020-04-12 after the claim 2020-04-10: InputError on registration_date (N5, IM7)."""
    with pytest.raises(ub.InputError) as caught:
        claimant(registration_date=D(2020, 4, 12))
    assert caught.value.field == "registration_date"
    assert "after the claim" in str(caught.value)


@pytest.mark.parametrize(
    ("kwargs", "field", "words"),
    [
        ({"sexx": "male"}, "sexx", "Did you mean 'sex'?"),
        ({"birth_date": None}, "birth_date", "expected a date"),
    ],
)
def test_unknown_or_bad_keyword_is_an_input_error(
    kwargs: dict[str, Any], field: str, words: str
) -> None:
    """A misspelt keyword is an InputError naming it, with a suggestion, never a TypeError."""
    with pytest.raises(ub.InputError) as caught:
        claimant(**kwargs)
    assert caught.value.field == field
    assert words in str(caught.value)


def test_missing_keyword_is_an_input_error() -> None:
    """Leaving out a required field is an InputError naming it, never a TypeError."""
    fields = {k: v for k, v in BASE.items() if k != "sex"}
    with pytest.raises(ub.InputError) as caught:
        ub.Claimant(**fields)
    assert caught.value.field == "sex"
    with pytest.raises(ub.InputError) as caught:
        ub.Event(kind="died")  # type: ignore[call-arg]
    assert caught.value.field == "on"


def test_to_dict_is_json_native_and_complete() -> None:
    """to_dict gives every field, dates as ISO strings, and survives json unchanged."""
    data = claimant(registration_date=D(2020, 4, 8)).to_dict()
    assert data["birth_date"] == "1968-07-15"
    assert data["registration_date"] == "2020-04-08"
    assert data["contribution_months"] == 168
    assert set(data) == {f for f in ub.Claimant.__dataclass_fields__}
    assert json.loads(json.dumps(data)) == data


def test_from_mapping_reads_iso_dates_and_names_unknown_fields() -> None:
    """A person file's mapping: ISO text dates are read; an unknown key is named with a hint."""
    raw = {k: (v.isoformat() if isinstance(v, D) else v) for k, v in BASE.items()}
    assert ub.Claimant.from_mapping(raw) == claimant()
    with pytest.raises(ub.InputError) as caught:
        ub.Claimant.from_mapping({**raw, "contribution_month": 12})
    assert caught.value.field == "contribution_month"
    assert "contribution_months" in str(caught.value)


def test_from_mapping_names_a_missing_field() -> None:
    """A mapping without `sex` raises InputError saying which field is missing."""
    raw = {k: v for k, v in BASE.items() if k != "sex"}
    with pytest.raises(ub.InputError, match="missing required field 'sex'"):
        ub.Claimant.from_mapping(raw)


def test_from_mapping_refuses_a_non_mapping() -> None:
    """A list where a person belongs is an InputError, not a TypeError."""
    with pytest.raises(ub.InputError):
        ub.Claimant.from_mapping([1, 2])  # type: ignore[arg-type]


def test_from_mapping_keeps_a_bad_date_text_a_named_error() -> None:
    """'2020-02-30' is not a date: InputError on that field."""
    raw = {k: (v.isoformat() if isinstance(v, D) else v) for k, v in BASE.items()}
    with pytest.raises(ub.InputError) as caught:
        ub.Claimant.from_mapping({**raw, "application_date": "2020-02-30"})
    assert caught.value.field == "application_date"


@pytest.mark.parametrize(
    ("field", "value", "data"),
    [
        ("kind", "Fired!", {"kind": "Fired!", "on": D(2020, 5, 1)}),
        ("kind", None, {"kind": None, "on": D(2020, 5, 1)}),
        ("on", "2020-05-01", {"kind": "reemployed", "on": "2020-05-01"}),
        ("on", None, {"kind": "reemployed", "on": None}),
    ],
)
def test_a_bad_event_names_its_field(field: str, value: object, data: dict[str, Any]) -> None:
    """Event(kind, on) refuses an unknown kind or a non-date: InputError naming the field."""
    with pytest.raises(ub.InputError) as caught:
        ub.Event(**data)
    assert caught.value.field == field


def test_more_unused_months_than_the_cap_are_refused_on_evaluation() -> None:
    """prior_unused_months is at most the policy's regular_months_cap (24): 25 is an InputError."""
    person = claimant(prior_unused_months=25)
    with pytest.raises(ub.InputError, match="regular_months_cap is 24") as caught:
        ub.load_policy("xingan").entitlement(person)
    assert caught.value.field == "prior_unused_months"
    assert ub.load_policy("xingan").entitlement(claimant(prior_unused_months=24)).regular_months


def test_an_event_kind_the_policy_lacks_is_refused_with_a_suggestion() -> None:
    """Event('fired') is well formed, but no stop ground of xingan: refused when evaluated."""
    event = ub.Event("reemployd", D(2020, 9, 1))
    with pytest.raises(ub.InputError, match="Did you mean 'reemployed'") as caught:
        ub.load_policy("xingan").evaluate(claimant(), [event])
    assert caught.value.field == "events[0].kind"


def test_event_kinds_and_reasons_cover_the_contract() -> None:
    """The contract's nine event kinds and nine separation reasons are all there."""
    assert set(ub.EVENT_KINDS) >= {
        "reemployed",
        "employer_contributions",
        "military_service",
        "emigrated",
        "pension_started",
        "imprisoned",
        "refused_job_or_training",
        "self_employed",
        "died",
    }
    assert set(ub.SEPARATION_REASONS) >= {
        "contract_expired",
        "employer_closed",
        "dismissed",
        "discharged",
        "mutual_agreement_employer",
        "resigned_employer_fault",
        "other_statutory",
        "mutual_agreement_employee",
        "resigned",
    }


def test_event_from_mapping_reads_text_dates() -> None:
    """An `events:` item {kind, on: '2020-11-20'} becomes an Event with a date."""
    event = ub.Event.from_mapping({"kind": "reemployed", "on": "2020-11-20"})
    assert event == ub.Event("reemployed", D(2020, 11, 20))
    assert event.to_dict() == {"kind": "reemployed", "on": "2020-11-20"}


def test_a_policy_question_refuses_a_non_claimant() -> None:
    """Asking a policy about a dict instead of a Claimant raises InputError naming `person`."""
    policy = ub.load_policy("xingan")
    with pytest.raises(ub.InputError) as caught:
        policy.eligibility(BASE)  # type: ignore[arg-type]
    assert caught.value.field == "person"


@settings(max_examples=150, deadline=None)
@given(claimants(ub.load_policy("xingan")))
def test_a_claimant_read_from_its_data_is_the_claimant(person: ub.Claimant) -> None:
    """from_mapping builds the claimant the constructor builds from the same fields (its
    fields' checks run once, in from_mapping), equal, hashed and shown alike."""
    read = ub.Claimant.from_mapping(person.to_dict())
    assert read == person
    assert hash(read) == hash(person)
    assert repr(read) == repr(person)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"separation_date": "1960-01-01"}, "separation_date"),
        ({"application_date": "2020-03-01"}, "application_date"),
        ({"registration_date": "2020-03-01"}, "registration_date"),
        ({"registration_date": "2020-06-01"}, "registration_date"),
    ],
)
def test_dates_out_of_order_are_refused_when_read(changes: dict[str, Any], field: str) -> None:
    """The dates' order (born, separated, registered, claimed) is checked on the read path too."""
    data = {**ub.Claimant(**ULANHOT_MAN).to_dict(), **dict(changes)}
    with pytest.raises(ub.InputError) as caught:
        ub.Claimant.from_mapping(data)
    assert caught.value.field == field


_FIELD_VALUES = {
    "birth_date": [
        "1968-07-15",
        "19680715",
        "1968-02-30",
        "1899-12-31",
        dt.date(1968, 7, 15),
        1968,
    ],
    "sex": ["male", "female", "男", "Male", None, 1],
    "position": ["worker", "cadre", "工人", ""],
    "insured_as": ["employee", "flexible", "灵活就业"],
    "contribution_months": [168, 0, 1200, 1201, -1, True, 12.0, "168"],
    "separation_date": ["2020-03-31", "2020-03-31T00:00", "1960-01-01", "2101-01-01"],
    "separation_reason": ["contract_expired", "劳动合同期满终止", "quit", None],
    "application_date": ["2020-04-10", "2020-03-01", dt.date(2020, 4, 10)],
    "registration_date": [None, "2020-04-08", "2020-05-01", "soon"],
    "insured_area": ["152201", 152201, "１５２２０１", "15220", "乌兰浩特市", None, "999999"],
    "prior_unused_months": [0, 12, 1201, False],
    "receiving_pension": [False, True, "false", 0],
    "seeking_work": [True, 1, None],
    "spouse_receiving_benefit": [False, "no"],
    "registered_reason": [None, "contract_expired", "被辞退", 3],
    "nickname": ["x"],
}


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(sorted(_FIELD_VALUES)).flatmap(
            lambda name: st.tuples(st.just(name), st.sampled_from(_FIELD_VALUES[name]))
        ),
        max_size=3,
    ),
    st.sets(st.sampled_from(sorted(ULANHOT_MAN)), max_size=1),
)
def test_plainly_written_data_is_read_as_the_full_reading_reads_it(
    changes: list[tuple[str, Any]], dropped: set[str]
) -> None:
    """The quick reading (values/claimant.py `_plain_claimant`) gives a Claimant only where the
    full reading gives the same one; everything else is left to the full reading."""
    from uibenefit.values.claimant import _plain_claimant, _read_mapping

    data = {**ub.Claimant(**ULANHOT_MAN).to_dict(), **dict(changes)}
    for name in dropped:
        data.pop(name, None)

    quick = _plain_claimant(data)
    try:
        full = _read_mapping(ub.Claimant, data, None, ())
    except ub.InputError:
        assert quick is None
        return
    if quick is not None:
        assert quick == full and repr(quick) == repr(full)


def test_a_plainly_written_claimant_takes_the_quick_reading() -> None:
    from uibenefit.values.claimant import _plain_claimant

    data = ub.Claimant(**ULANHOT_MAN).to_dict()
    assert _plain_claimant(data) == ub.Claimant(**ULANHOT_MAN)
    assert _plain_claimant({**data, "sex": "男"}) is None  # a name: the full reading's work
    assert ub.Claimant.from_mapping({**data, "sex": "男"}).sex == "male"
