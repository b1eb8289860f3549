"""The default explanation is a page a caseworker can hand over: 100 columns, about an A4 page,
a summary block, the schedule in bands of equal amount, each source once at the end.

Base claimant: examples/person.yaml's man (168 months, claim 2020-04-10 in 乌兰浩特市): 24
months, 1248.00 for months 1–12 and 1092.00 for months 13–24 (1560 × 80%, × 70%).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from support import ULANHOT_MAN, person

import uibenefit as ub
from uibenefit.explain._explain import width, wrap

D = dt.date
POLICY = ub.load_policy("xingan")
PERSON = person(ULANHOT_MAN)
A4_LINES = 90
"""An A4 page in 8-point type, 100 columns across, holds about 90 lines."""

CASES = {
    "no events": (POLICY, PERSON, [], None),
    "re-employed": (POLICY, PERSON, [ub.Event("reemployed", D(2020, 11, 20))], D(2021, 6, 30)),
    "self-employed": (POLICY, PERSON, [ub.Event("self_employed", D(2020, 11, 20))], None),
    "not entitled": (POLICY, PERSON.replace(separation_reason="resigned"), [], None),
    "national": (ub.load_policy("national"), PERSON, [], None),
    "continuation": (
        POLICY,
        person(
            ULANHOT_MAN,
            birth_date=D(1960, 3, 15),
            contribution_months=30,
            separation_date=D(2018, 11, 30),
            application_date=D(2018, 12, 2),
        ),
        [ub.Event("died", D(2019, 6, 1))],
        None,
    ),
}


def explain(name: str, lang: ub.results.Lang = "en") -> str:
    policy, who, events, as_of = CASES[name]
    return policy.evaluate(who, events, as_of=as_of).explain(lang)


def section(text: str, title: str) -> list[str]:
    """The lines of a section, from its title to the next blank line."""
    lines = text.splitlines()
    start = lines.index(title)
    end = next((i for i in range(start, len(lines)) if not lines[i].strip()), len(lines))
    return lines[start + 1 : end]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_it_fits_100_columns_and_a_page(name: str, lang: ub.results.Lang) -> None:
    """Every line fits 100 columns (a Chinese character counts two); the whole fits A4."""
    text = explain(name, lang)
    lines = text.splitlines()
    assert max(width(line) for line in lines) <= 100, max(lines, key=width)
    assert len(lines) <= A4_LINES, len(lines)


def test_the_summary_block_says_it_all() -> None:
    """Entitled, months, from–to, amount per band, total, the pay-by rule and what stops it."""
    summary = section(explain("re-employed"), "Summary:")
    text = "\n".join(summary)
    assert summary[0].startswith("  Entitled:   yes (all 4 conditions met)")
    assert "Months:     24 (24 from contributions, 0 of continuation)" in text
    assert "From – to:  2020-04-10 to 2022-04-09" in text
    assert "months 1–12: 1248.00 a month (1560 × 80%)" in text
    assert "months 13–24: 1092.00 a month" in text and "(1560 × 70%)" in text
    assert "Total:      9984.00 yuan paid monthly (8 months); 8268.00 to recover" in text
    assert "Paid by:    month 1 by 2020-04-30" in text
    assert "Stops:      on 2020-11-20, 'took a job with an employer': 8 months paid, 16 not" in text


def test_the_schedule_is_in_bands_of_equal_amount() -> None:
    """24 months are two rows (1–12 at 1248.00, 13–24 at 1092.00), not 24."""
    rows = section(explain("no events"), "Payments (months of equal amount together):")
    assert rows[1].split()[:5] == ["1–12", "2020-04-10", "to", "2021-04-09", "1248.00"]
    assert rows[2].split()[:5] == ["13–24", "2021-04-10", "to", "2022-04-09", "1092.00"]
    assert len([r for r in rows if re.match(r"  \d", r)]) == 2
    zh = section(explain("no events", "zh"), "发放明细（金额相同的月份合并）:")
    assert zh[1].split()[:5] == ["1–12", "2020-04-10", "至", "2021-04-09", "1248.00"]


def test_stopped_months_never_show_an_amount() -> None:
    """After re-employment on 2020-11-20, months 9–24 are one STOPPED row with no amount."""
    rows = section(explain("re-employed"), "Payments (months of equal amount together):")
    (stopped,) = [r for r in rows if "STOPPED" in r]
    assert stopped.split()[:5] == ["9–24", "2020-12-10", "to", "2022-04-09", "—"]
    assert "1248" not in stopped and "1092" not in stopped
    lump = section(explain("self-employed"), "Payments (months of equal amount together):")
    assert any(r.split()[0] == "9–12" and "in lump sum" in r for r in lump)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_each_source_is_listed_once_and_every_mark_has_one(
    name: str, lang: ub.results.Lang
) -> None:
    """Marks [n] in the text refer to a numbered list at the end, where each n appears once,
    and each clause once; every number listed is referred to."""
    text = explain(name, lang)
    title = "依据:" if lang == "zh" else "Sources:"
    body, _, sources = text.partition(f"\n{title}\n")
    listed = re.findall(r"\[(\d{1,3})\]", sources)
    assert sorted(map(int, listed)) == list(range(1, len(listed) + 1))
    assert set(re.findall(r"\[(\d{1,3})\]", body)) == set(listed)
    clauses = re.findall(r"\(([A-Z][A-Za-z0-9-]*)\)", sources)
    assert len(clauses) == len(set(clauses)) == len(listed)
    assert "[IMS-2017 " not in body  # the full form's inline citations are gone


def test_the_full_form_keeps_a_row_per_month() -> None:
    """detail="full" is the long form: 24 rows, each with its clause."""
    decision = POLICY.evaluate(PERSON)
    full = decision.explain("en", detail="full")
    assert sum("[IMS-2017 " in line for line in full.splitlines()) == 24
    with pytest.raises(ub.InputError) as caught:
        decision.explain("en", detail="short")  # type: ignore[arg-type]
    assert caught.value.field == "detail"


def test_wrap_counts_wide_characters_twice() -> None:
    """Chinese text breaks at 100 columns, i.e. at most 50 characters after no indent."""
    lines = wrap("失" * 120, "")
    assert [len(line) for line in lines] == [50, 50, 20]
    assert wrap("word " * 30, "  - ", "    ")[1].startswith("    word")
