"""Hostile and extreme files (issue 17): bounded, refused with a location, never a crash or a hang.

Each test writes a small layer on top of the bundled Xing'an League policy (or a person or
scenario file) the way an attacker or a careless analyst would, and asserts that it is refused
when it loads, with the file and line of the offending value, or that it evaluates.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

import uibenefit as ub
from uibenefit import _template, _yaml
from uibenefit.person_file import load_person

HEADER = """\
format: 1
layer: hostile
extends: {extends}
document:
  number: 测试〔2026〕1号
  title: 测试文件
  issuer: 测试机关
  issued: 2026-01-01
"""

PERSON = ub.Claimant(
    birth_date=dt.date(1968, 7, 15),
    sex="male",
    position="worker",
    insured_as="employee",
    contribution_months=168,
    separation_date=dt.date(2020, 3, 31),
    separation_reason="contract_expired",
    application_date=dt.date(2020, 4, 10),
    insured_area="152201",
    registered_reason="dismissed",
)


def layer(tmp_path: Path, body: str, extends: str = "xingan", name: str = "hostile") -> Path:
    """`<name>.yaml` in tmp_path: the header, then `body` (dedented)."""
    path = tmp_path / f"{name}.yaml"
    path.write_text(HEADER.format(extends=extends) + textwrap.dedent(body), encoding="utf-8")
    return path


def override(tmp_path: Path, pid: str, clause: str, value: str, start: str = "2019-12-01") -> Path:
    """A layer overriding parameter `pid` with one value written as `value` from `start`."""
    return layer(
        tmp_path,
        f"""\
        parameters:
          - id: {pid}
            change: override
            clause: {clause}
            description: a hostile value
            values:
              - from: {start}
                value: {value}
        """,
    )


def refused(path: Path) -> ub.PolicyError:
    """The PolicyError loading `path` raises; it must name `path` and a line."""
    with pytest.raises(ub.PolicyError) as info:
        ub.load_policy(path)
    err = info.value
    assert err.path == str(path), str(err)
    assert err.line is not None, str(err)
    return err


def line_of(path: Path, needle: str) -> int:
    """The 1-based number of the first line of `path` containing `needle`."""
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in text:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


# ------------------------------------------------------------ 1. numbers bounded by their text


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("1.0e+30000000", "exponent"),
        ("1.0e+999999999", "exponent"),
        ("0xA8", "hexadecimal"),
        ("0b11000", "binary"),
        ("0o30", "integer"),  # text in YAML 1.1, and text is no number
        ("1_6_8", "separators"),
        ("024", "leading zero"),
        ("1" * 40, "characters"),
        ("1" * 40 + ".5", "characters"),
        ("2_4.0", "separators"),
    ],
)
def test_numbers_are_refused_by_their_text_before_they_are_built(
    tmp_path: Path, written: str, says: str
) -> None:
    """The cap written as a huge float, in hex, binary, with separators: refused at its line.

    Before: `1.0e+30000000` was turned into a 30-million-digit int (52 s), `0xA8` and `1_6_8`
    were read as 168.
    """
    path = override(tmp_path, "regular_months_cap", "SIL-46", written, "1999-01-22")
    err = refused(path)
    assert says in err.detail
    assert err.line == line_of(path, "value:")


def test_unicode_digits_are_text_and_not_months(tmp_path: Path) -> None:
    """`１５２２０１` (full-width digits) is text, not a number of months."""
    err = refused(override(tmp_path, "regular_months_cap", "SIL-46", "２４", "1999-01-22"))
    assert "regular_months_cap" in err.detail and "integer" in err.detail


@pytest.mark.parametrize("area", ["１５２２０１", "0152201", "15220", "1522011", "052201"])
def test_area_codes_take_only_six_ascii_digits(tmp_path: Path, area: str) -> None:
    """An area code in a policy is six ASCII digits starting 1–8, as GB/T 2260 writes them."""
    path = override(tmp_path, "minimum_wage_area_tiers", "IMW-2017", f"{{'{area}': 3}}")
    err = refused(path)
    assert "minimum_wage_area_tiers" in err.detail


@pytest.mark.parametrize("area", ["１５２２０１", "0152201", "1522011"])
def test_a_person_file_area_code_is_six_ascii_digits(tmp_path: Path, area: str) -> None:
    """Full-width digits and a 7-character `0152201` are not an area code in a person file."""
    path = tmp_path / "person.yaml"
    data = {**PERSON.to_dict(), "insured_area": None}
    text = "".join(f"{k}: {v}\n" for k, v in data.items() if v is not None)
    path.write_text(text + f"insured_area: {area}\n", encoding="utf-8")
    with pytest.raises(ub.InputError) as info:
        load_person(path)
    assert info.value.path == str(path)
    assert info.value.line == line_of(path, "insured_area:")


def test_plain_numbers_still_read_exactly() -> None:
    """The forms policy files use are read as before: 24, -3, 0.80, 1560.00, 1.5e2."""
    doc = _yaml.loads("a: 24\nb: -3\nc: 0.80\nd: 1560.00\ne: 1.5e+2\nf: 0\n")
    assert doc.data == {"a": 24, "b": -3, "c": Decimal("0.8"), "d": 1560, "e": 150, "f": 0}
    assert str(doc.data["c"]) == "0.80"


# ------------------------------------------------------------ 2. templates are data


@pytest.mark.parametrize(
    "text",
    [
        "{contribution_months:>300000000}",
        "{separation_reason.__class__.__mro__}",
        "{contribution_months:{sex.__class__.__mro__}}",
        "{registered_reason:>5}",
        "{application_date:%Y}",
        "{contribution_months:{nosuch}}",
        "{contribution_months!r}",
        "{separation_reason[0]}",
        "{nosuch}",
        "{contribution_months",
        "months}",
        "{}",
    ],
)
def test_templates_allow_only_a_name_and_are_refused_at_load(tmp_path: Path, text: str) -> None:
    """A format spec, conversion, nesting, attribute or unknown name: refused with its line.

    Before: `check` reported 0 errors and every evaluate crashed, or took 1.2 GB.
    """
    path = layer(
        tmp_path,
        f"""\
        notes:
          - id: hostile_note
            clause: N4a
            text:
              zh: "说明"
              en: "{text}"
        """,
    )
    err = refused(path)
    assert err.line == line_of(path, "en:")
    assert err.yaml_path == "notes[0].text.en"


def test_templates_render_by_substitution_only() -> None:
    """Names are replaced by their value's text; braces doubled stand for one brace."""
    values = {"n": 12, "d": "2020-04-10", "x": None}
    assert _template.render("{n} 个月 {{n}} {d}", values) == "12 个月 {n} 2020-04-10"
    assert _template.render("no placeholder", values) == "no placeholder"
    with pytest.raises(_template.TemplateError):
        _template.parse("{n:>5}")


def test_a_note_naming_facts_renders_them(tmp_path: Path) -> None:
    """A valid template of an analyst's note is filled in from the facts."""
    path = layer(
        tmp_path,
        """\
        notes:
          - id: months_note
            clause: N4a
            text:
              zh: "{contribution_months} 个月，{registered_reason}"
              en: "{contribution_months} months, {{literal}}"
        """,
    )
    found = [f for f in ub.load_policy(path).eligibility(PERSON).findings if f.id == "months_note"]
    assert [(f.text, f.text_en) for f in found] == [("168 个月，dismissed", "168 months, {literal}")]


# ------------------------------------------------------------ 3. a policy that loads evaluates


@pytest.mark.parametrize(
    ("pid", "clause", "value", "start", "says"),
    [
        (
            "regular_months_tiers",
            "SIL-46",
            "[{min_contribution_months: 12, months: 100000}]",
            "2011-07-01",
            "less than or equal to 120",
        ),
        (
            "regular_months_tiers",
            "SIL-46",
            "[{min_contribution_months: 60, months: 18}, {min_contribution_months: 12, months: 12}]",
            "2011-07-01",
            "must increase",
        ),
        ("continuation_threshold_months", "N1", "100000000", "2019-12-01", "120"),
        ("regular_months_cap", "SIL-46", "1e100000", "1999-01-22", "integer"),
        ("regular_months_cap", "SIL-46", "24.0", "1999-01-22", "integer"),
        ("regular_months_cap", "SIL-46", "-1", "1999-01-22", "greater than or equal to 0"),
        ("claim_period_days", "N4b", "100000000", "2020-03-06", "3660"),
        ("minimum_wage", "IMW-2017", "{1: 1.0e+12, 2: 1660}", "2017-08-01", "100000"),
        ("minimum_wage", "IMW-2017", "{1: 1e30, 2: 1660}", "2017-08-01", "number"),
        ("minimum_wage", "IMW-2017", "{1: '1760', 2: 1660}", "2017-08-01", "number"),
        ("minimum_wage", "IMW-2017", "{1: " + "9" * 40 + "}", "2017-08-01", "characters"),
        ("minimum_wage", "IMW-2017", "{1: 1760.001}", "2017-08-01", "decimal places"),
        ("minimum_wage", "IMW-2017", "{0: 1760}", "2017-08-01", "greater than or equal to 1"),
        ("minimum_wage_area_tiers", "IMW-2017", "{'152201': 10}", "2017-08-01", "9"),
        ("pooling_area_tier", "IM4", "100000", "2017-08-01", "pooling_area_tier"),
        (
            "benefit_standard",
            "SIL-47",
            "{base: pooling_area_minimum_wage, rates: [{through_month: 12, rate: 1e100000}]}",
            "2017-08-01",
            "number",
        ),
        (
            "benefit_standard",
            "SIL-47",
            "{base: pooling_area_minimum_wage, rates: [{through_month: 24, rate: 0.7},"
            " {through_month: 12, rate: 0.8}]}",
            "2017-08-01",
            "must increase",
        ),
        ("pay_by", "XC7", "{cutoff_day: 32, cutoff_day_counts_as: before}", "2020-04-27", "31"),
        (
            "office_days",
            "XC12",
            "{first_day: 31, last_day: 1, exclude_weekends: false}",
            "2020-04-27",
            "after last_day",
        ),
        ("fraud_fine_multiples", "UIR-28", "[5, 1]", "1999-01-22", "above the upper"),
        ("fraud_fine_multiples", "UIR-28", "[1, 1.0e+12]", "1999-01-22", "100"),
        ("archive_handover_ends", "X1b", "9999-12-31", "2020-05-01", "2100-12-31"),
    ],
)
def test_every_number_and_date_parameter_has_a_range(
    tmp_path: Path, pid: str, clause: str, value: str, start: str, says: str
) -> None:
    """Out-of-range values are refused at load, at their line, naming the parameter.

    Before: they passed `check` and crashed every evaluate with an internal error.
    """
    path = override(tmp_path, pid, clause, value, start)
    err = refused(path)
    assert err.line == line_of(path, "value:")
    assert says in err.detail, err.detail
    # the parameter's name, or (refused by the loader before any schema) its place
    assert pid in str(err) or "at parameters[0].values[0].value" in str(err)


def test_a_value_date_has_a_range(tmp_path: Path) -> None:
    """A `from:` in the year 9999 is refused at its line."""
    path = override(tmp_path, "regular_months_cap", "SIL-46", "24", "9999-01-01")
    err = refused(path)
    assert err.line == line_of(path, "from:")


@pytest.mark.parametrize(
    ("due", "says"),
    [
        ("{count: 100000000, unit: days, after: separation_date}", "3660"),
        ("{count: 1000, unit: working_days, after: separation_date}", "at most 500"),
        ("{count: 121, unit: month_start, after: separation_date}", "at most 120"),
        ("{count: 7.0, unit: days, after: separation_date}", "integer"),
    ],
)
def test_a_due_count_has_a_range(tmp_path: Path, due: str, says: str) -> None:
    """An employer's deadline of 1e8 days is refused at load, not met as an overflow."""
    path = layer(
        tmp_path,
        f"""\
        employer_obligations:
          - id: hostile_obligation
            clause: X1b
            name: 测试
            description: a hostile deadline
            act: file_termination_form_again
            due: {due}
        """,
    )
    err = refused(path)
    assert says in err.detail, err.detail
    assert err.line == line_of(path, "due:")


def test_a_band_list_short_of_the_months_is_a_located_policy_error(tmp_path: Path) -> None:
    """Rates only for months 1–6 and no rule beyond: a PolicyError at the standard's line.

    Before: "benefit standard in force on … has no rate for month 7", naming no file.
    """
    path = layer(
        tmp_path,
        """\
        parameters:
          - id: benefit_standard
            change: override
            clause: SIL-47
            description: rates for six months only
            values:
              - from: 2017-08-01
                value:
                  base: pooling_area_minimum_wage
                  rates:
                    - {through_month: 6, rate: 0.80}
        """,
    )
    policy = ub.load_policy(path)
    with pytest.raises(ub.PolicyError) as info:
        policy.evaluate(PERSON)
    err = info.value
    assert "benefit_standard" in err.detail and "month 7" in err.detail
    assert (err.path, err.line) == (str(path), line_of(path, "value:"))


def test_a_tier_the_wage_table_lacks_is_a_located_policy_error(tmp_path: Path) -> None:
    """Ulanhot put in tier 4 after 2021-12, when the table has three tiers: located."""
    path = override(
        tmp_path, "minimum_wage_area_tiers", "IMW-2017", "{'152201': 4}", "2017-08-01"
    )
    policy = ub.load_policy(path)
    late = PERSON.replace(
        separation_date=dt.date(2022, 3, 31), application_date=dt.date(2022, 4, 11)
    )
    with pytest.raises(ub.PolicyError) as info:
        policy.evaluate(late)
    err = info.value
    assert "minimum_wage" in err.detail and "tier 4" in err.detail
    assert err.path == "policies/inner_mongolia.yaml" and err.line is not None
