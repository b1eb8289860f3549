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
from hypothesis import given
from hypothesis import strategies as st

import uibenefit as ub
from uibenefit.law import _layers
from uibenefit.values import _template, _yaml
from uibenefit.values.person_file import load_person

HEADER = """\
format: 1
layer: {layer}
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
    text = HEADER.format(layer=name, extends=extends) + textwrap.dedent(body)
    path.write_text(text, encoding="utf-8")
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
        ("0o30", "whole number"),  # text in YAML 1.1, and text is no number
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
    assert "regular_months_cap" in err.detail and "whole number" in err.detail


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
    assert [(f.text, f.text_en) for f in found] == [
        ("168 个月，dismissed", "168 months, {literal}")
    ]


# ------------------------------------------------------------ 3. a policy that loads evaluates


@pytest.mark.parametrize(
    ("pid", "clause", "value", "start", "says"),
    [
        (
            "regular_months_tiers",
            "SIL-46",
            "[{min_contribution_months: 12, months: 100000}]",
            "2011-07-01",
            "at most 120",
        ),
        (
            "regular_months_tiers",
            "SIL-46",
            "[{min_contribution_months: 60, months: 18}, {min_contribution_months: 12, months: 12}]",
            "2011-07-01",
            "must rise",
        ),
        ("continuation_threshold_months", "N1", "100000000", "2019-12-01", "120"),
        ("regular_months_cap", "SIL-46", "1e100000", "1999-01-22", "whole number"),
        ("regular_months_cap", "SIL-46", "24.0", "1999-01-22", "whole number"),
        ("regular_months_cap", "SIL-46", "-1", "1999-01-22", "at least 0"),
        ("claim_period_days", "N4b", "100000000", "2020-03-06", "3660"),
        ("minimum_wage", "IMW-2017", "{1: 1.0e+12, 2: 1660}", "2017-08-01", "100000"),
        ("minimum_wage", "IMW-2017", "{1: 1e30, 2: 1660}", "2017-08-01", "number"),
        ("minimum_wage", "IMW-2017", "{1: '1760', 2: 1660}", "2017-08-01", "number"),
        ("minimum_wage", "IMW-2017", "{1: " + "9" * 40 + "}", "2017-08-01", "characters"),
        ("minimum_wage", "IMW-2017", "{1: 1760.001}", "2017-08-01", "decimal places"),
        ("minimum_wage", "IMW-2017", "{0: 1760}", "2017-08-01", "at least 1"),
        ("minimum_wage_area_tiers", "IMW-2017", "{'152201': 10}", "2017-08-01", "9"),
        ("pooling_area_seat", "IMP-LEAGUE", "'1522011'", "2017-08-01", "pattern"),
        ("pooling_area_seat", "IMP-LEAGUE", "152201", "2017-08-01", "expected text"),
        ("special_group_start", "IMS-2024-SG", "2124-08-01", "2024-08-01", "2100-12-31"),
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
            "must rise",
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
        ("{count: 7.0, unit: days, after: separation_date}", "whole number"),
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
    path = override(tmp_path, "minimum_wage_area_tiers", "IMW-2017", "{'152201': 4}", "2017-08-01")
    policy = ub.load_policy(path)
    late = PERSON.replace(
        separation_date=dt.date(2022, 3, 31), application_date=dt.date(2022, 4, 11)
    )
    with pytest.raises(ub.PolicyError) as info:
        policy.evaluate(late)
    err = info.value
    assert "minimum_wage" in err.detail and "tier 4" in err.detail
    assert err.path == "policies/inner_mongolia.yaml" and err.line is not None


# ------------------------------------------------------------ 4. budgets for the whole chain


def test_too_many_layers_names_the_users_file_before_reading_the_next(tmp_path: Path) -> None:
    """14 layers of one's own on xingan make 17: refused at the file the user gave, not at
    the bundled inner_mongolia.yaml whose `extends:` names the 17th.

    And the count is checked before the next file is read: 16 layers of one's own whose
    last `extends:` names a file that is not there are refused for their number.
    """
    most = _layers.MAX_LAYERS
    previous = "xingan"
    for i in range(most - 2):
        layer(tmp_path, "", extends=previous, name=f"l{i}")
        previous = f"l{i}.yaml"
    top = tmp_path / f"l{most - 3}.yaml"
    err = refused(top)
    assert f"more than {most} layers" in err.detail
    assert err.line == line_of(top, "extends:")

    own = tmp_path / "own"
    own.mkdir()
    previous = "gone/missing.yaml"
    for i in range(most):
        layer(own, "", extends=previous, name=f"m{i}")
        previous = f"m{i}.yaml"
    err = refused(own / f"m{most - 1}.yaml")
    assert f"more than {most} layers" in err.detail and "no such" not in err.detail


def test_the_chain_has_a_node_budget_named_at_the_users_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The node budget counts every file of the chain; going over is told at the user's file."""
    monkeypatch.setattr(_yaml, "MAX_CHAIN_NODES", 3000)
    path = layer(tmp_path, "")
    err = refused(path)
    assert "more than 3000 YAML nodes in all the files of the chain" in err.detail
    assert "policies/" in err.detail  # where the budget ran out: a bundled file, read after


def test_the_chain_has_a_byte_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The byte budget counts every file of the chain."""
    monkeypatch.setattr(_yaml, "MAX_CHAIN_BYTES", 60_000)
    path = layer(tmp_path, "")
    err = refused(path)
    assert "more than 60000 bytes in all the files of the chain" in err.detail


# ------------------------------------------------------------ 5. paths are input


def cli(*argv: str) -> tuple[int, str, str]:
    """Run the command line; its exit code, stdout and stderr."""
    import contextlib
    import io

    from uibenefit.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def person_file(tmp_path: Path, name: str = "person.yaml", extra: str = "") -> Path:
    path = tmp_path / name
    text = "".join(f"{k}: {v}\n" for k, v in PERSON.to_dict().items() if v is not None)
    path.write_text(text.replace("insured_area: 152201", "insured_area: '152201'") + extra)
    return path


BAD_NAMES = {
    "long": "x" * 300 + ".yaml",
    "nul": "a\0b.yaml",
    "surrogate": "a\udcffb.yaml",
}


@pytest.mark.parametrize("kind", sorted(BAD_NAMES))
def test_bad_file_names_are_one_line_errors(tmp_path: Path, kind: str) -> None:
    """A name over 255 bytes, a NUL or a lone surrogate as policy, person or scenario file:
    exit 1 with one line, never an OSError, ValueError or UnicodeEncodeError (exit 3)."""
    bad = str(tmp_path / BAD_NAMES[kind])
    person = str(person_file(tmp_path))
    for argv in (
        ("evaluate", person, "--policy", bad),
        ("evaluate", bad),
        ("show", bad),
        ("check", bad),
        ("test", bad),
    ):
        code, out, err = cli(*argv)
        said = out + err  # `check` reports on stdout, the others on stderr
        assert code == 1, (argv, said)
        assert said.count("\n") == 1 and "error: " in said, said
        assert len(said) < 400


@pytest.mark.parametrize("kind", sorted(BAD_NAMES))
def test_bad_names_in_extends_are_located(tmp_path: Path, kind: str) -> None:
    """`extends:` with such a name: refused at the extends line of the file that has it."""
    name = BAD_NAMES[kind].replace("\0", "\\0").replace("\udcff", "\\udcff")
    path = layer(tmp_path, "", extends=f'"{name}"')
    err = refused(path)
    assert err.line == line_of(path, "extends:")


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    """A named pipe called fifo.yaml; a writer waits on it so a blocking open would return."""
    import contextlib
    import os
    import threading

    path = tmp_path / "fifo.yaml"
    os.mkfifo(path)

    def release() -> None:  # unblocks a reader that should never have opened it
        with contextlib.suppress(OSError), open(path, "w") as w:
            w.write("cases: []\n")

    threading.Thread(target=release, daemon=True).start()
    yield path
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # let the writer thread finish
    os.close(fd)


def test_a_fifo_is_refused_without_being_opened(tmp_path: Path, fifo: Path) -> None:
    """A FIFO as policy, person, scenario file or `extends:` target: refused, no blocking."""
    person = str(person_file(tmp_path))
    for argv in (
        ("evaluate", person, "--policy", str(fifo)),
        ("evaluate", str(fifo)),
        ("test", str(fifo)),
    ):
        code, out, err = cli(*argv)
        assert code == 1, (argv, err)
        # `test` lists a file it cannot read among its results; the others say it on stderr
        said = out if argv[0] == "test" else err
        assert "FIFO" in said and (argv[0] == "test" or err.count("\n") == 1), said
    path = layer(tmp_path, "", extends="fifo.yaml")
    err = refused(path)
    assert "FIFO" in err.detail and err.line == line_of(path, "extends:")
    assert ub.scenarios.looks_like_scenarios(fifo) is False


def test_a_device_is_refused(tmp_path: Path) -> None:
    """/dev/zero as a person file, or behind a policy name: refused, never read."""
    code, _, err = cli("evaluate", "/dev/zero")
    assert code == 1 and "a device" in err, err
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    code, _, err = cli("evaluate", str(person_file(tmp_path)), "--policy", str(link))
    assert code == 1 and "a device" in err, err


# ------------------------------------------------------------ 6. messages do not leak or inject


SHADOW = "root:$6$SECRETHASH$abcdef:19000:0:99999:7:::\nbin:*:19000:0:99999:7:::\n"


def test_a_file_that_is_not_a_person_file_is_not_echoed(tmp_path: Path) -> None:
    """`uibenefit evaluate /etc/shadow` must not print the file's first line back."""
    secret = tmp_path / "shadow"
    secret.write_text(SHADOW)
    for argv in (("evaluate", str(secret)), ("test", str(secret))):
        code, out, err = cli(*argv)
        assert code == 1
        assert "SECRETHASH" not in out + err, err


def test_an_extends_target_is_not_quoted_back(tmp_path: Path) -> None:
    """A YAML file that is not a policy, named by `extends:`: its values are not shown."""
    (tmp_path / "config.yaml").write_text("password: SECRETVALUE\nformat: SECRET2\n")
    err = refused(layer(tmp_path, "", extends="config.yaml"))
    assert "SECRET" not in str(err)
    (tmp_path / "config.yaml").write_text("- SECRETVALUE\n")
    assert "SECRET" not in str(refused(layer(tmp_path, "", extends="config.yaml")))


def test_echoed_values_are_cut_and_control_characters_escaped(tmp_path: Path) -> None:
    """A 1.9 MB value gives a short line; ESC and newlines in a value are shown escaped."""
    path = person_file(tmp_path).read_text().replace("sex: male", "sex: " + "x" * 1_900_000)
    (tmp_path / "big.yaml").write_text(path)
    code, _, err = cli("evaluate", str(tmp_path / "big.yaml"))
    assert code == 1 and len(err) < 400, len(err)
    text = person_file(tmp_path).read_text().replace("sex: male", 'sex: "\\e[31mred\\nfake"')
    (tmp_path / "esc.yaml").write_text(text)
    code, _, err = cli("evaluate", str(tmp_path / "esc.yaml"))
    assert code == 1 and "\x1b" not in err and err.count("\n") == 1, err
    assert "\\x1b[31mred\\nfake" in err


def test_control_characters_are_escaped_in_every_error() -> None:
    """Each error class escapes what it carries, wherever the text came from."""
    for exc in (
        ub.PolicyError("bad \x1b[2J \u202e", path="a\nb.yaml", line=1),
        ub.InputError("bad \x00", field="f\x07"),
    ):
        assert not any(c in str(exc) for c in "\x1b\u202e\n\x00\x07"), str(exc)


def test_junit_xml_is_well_formed_for_any_case_name(tmp_path: Path) -> None:
    """Case names with NUL, ESC, a bell, line separators or `]]>`: the JUnit report parses."""
    import xml.etree.ElementTree as ET

    person = textwrap.indent(
        "".join(f"{k}: {v}\n" for k, v in PERSON.to_dict().items() if v is not None).replace(
            "insured_area: 152201", "insured_area: '152201'"
        ),
        "      ",
    )
    cases = "".join(
        f'  - name: "{name}"\n    person:\n{person}    expect: {{eligibility: {{eligible: false}}}}\n'
        for name in ("nul \\0 esc \\e", "separators \\L \\N", "cdata ]]> & <x>", "bell \\a")
    )
    path = tmp_path / "scenarios.yaml"
    path.write_text(f"policy: xingan\ncases:\n{cases}", encoding="utf-8")
    report = tmp_path / "junit.xml"
    code, _, _ = cli("test", str(path), "--junit-xml", str(report))
    assert code == 1  # the expectations are wrong on purpose: failures with reports
    root = ET.parse(report).getroot()
    names = [tc.get("name") for tc in root.iter("testcase")]
    assert len(names) == 4 and names[2] == "cdata ]]> & <x>"
    assert all("\x00" not in (n or "") and "\x1b" not in (n or "") for n in names)


# ------------------------------------------------------------ 7. every error says where


def test_a_scenario_whose_policy_does_not_load_names_the_scenario(tmp_path: Path) -> None:
    """`policy: broken.yaml` that does not load: the scenario file and its policy: line."""
    broken = override(tmp_path, "regular_months_cap", "SIL-46", "0xA8", "1999-01-22")
    scenario = tmp_path / "s.yaml"
    person = "".join(
        f"      {k}: {v}\n" for k, v in PERSON.to_dict().items() if v is not None
    ).replace("insured_area: 152201", "insured_area: '152201'")
    scenario.write_text(
        f"description: x\npolicy: {broken.name}\ncases:\n  - name: one\n    person:\n{person}"
        "    expect: {eligibility: {eligible: true}}\n",
        encoding="utf-8",
    )
    with pytest.raises(ub.InputError) as info:
        ub.scenarios.Runner().load(scenario)
    err = info.value
    assert (err.path, err.line) == (str(scenario), 2)
    assert "hostile.yaml:16" in str(err)


@pytest.mark.parametrize("key", ["99999", "9" * 5000, "１"])
def test_list_index_keys_in_expect_are_bounded(tmp_path: Path, key: str) -> None:
    """`schedule: {99999: …}` or 5000 digits: refused at the line, never int() of it all."""
    person = "".join(
        f"      {k}: {v}\n" for k, v in PERSON.to_dict().items() if v is not None
    ).replace("insured_area: 152201", "insured_area: '152201'")
    scenario = tmp_path / "s.yaml"
    scenario.write_text(
        f"policy: xingan\ncases:\n  - name: one\n    person:\n{person}"
        f"    expect:\n      schedule:\n        '{key}': {{amount: 1}}\n",
        encoding="utf-8",
    )
    with pytest.raises(ub.InputError) as info:
        ub.scenarios.load_scenarios(scenario)
    assert info.value.line == line_of(scenario, "amount")
    assert len(str(info.value)) < 400


# ------------------------------------------------------------ 8. API types


@pytest.mark.parametrize("bad", [5, None, [], {}, b"en"])
def test_wrong_types_at_the_api_are_input_errors(bad: object) -> None:
    """explain(lang=…), value/table/has/cite with a wrong type: InputError, not TypeError."""
    policy = ub.load_policy("xingan")
    decision = policy.evaluate(PERSON)
    on = dt.date(2020, 4, 10)
    calls = [
        lambda: decision.explain(lang=bad),  # type: ignore[arg-type]
        lambda: policy.value(bad, on),  # type: ignore[arg-type]
        lambda: policy.table(bad),  # type: ignore[arg-type]
        lambda: policy.has(bad),  # type: ignore[arg-type]
        lambda: policy.has_clause(bad),  # type: ignore[arg-type]
        lambda: policy.cite(bad),  # type: ignore[arg-type]
    ]
    for call in calls:
        with pytest.raises(ub.InputError):
            call()


# ------------------------------------------------------------ 5. paths, fuzzed

NAME_PARTS = st.one_of(
    st.text(min_size=1, max_size=12),
    st.sampled_from(["\0", "\udcff", "\ud800", "x" * 256, "..", "/", "/dev/null", "\n", "é"]),
)


@given(st.lists(NAME_PARTS, min_size=1, max_size=4).map("".join), st.sampled_from(["", ".yaml"]))
def test_any_file_name_is_a_one_line_error(name: str, suffix: str) -> None:
    """Whatever the name (NUL, surrogates, over-long, a device), loading a policy, a person or
    a scenario file from it raises a UIBenefitError or succeeds; never OSError or ValueError."""
    from uibenefit.tools.scenarios import load_scenarios, looks_like_scenarios

    path = name + suffix
    for load in (ub.load_policy, load_person, load_scenarios):
        try:
            load(path)
        except ub.UIBenefitError as exc:
            assert "\n" not in str(exc) and len(str(exc)) < 2100
    assert looks_like_scenarios(path) in (True, False)
