"""The documentation: generated pages current, guides' code and commands run, what-ifs work."""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import re
import shlex
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import uibenefit as ub
from uibenefit.cli import main, parser
from uibenefit.tools import docs_gen
from uibenefit.values.person_file import load_person

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
GUIDES = [*sorted(DOCS.glob("*.md")), ROOT / "README.md"]
REFORMS = ROOT / "examples" / "reforms"


# -- generated reference ------------------------------------------------------------------


def test_committed_policy_pages_are_current(tmp_path: Path) -> None:
    """docs/policies/ equals a fresh `uibenefit docs xingan` (run `make docs` if this fails)."""
    assert main(["docs", "xingan", "-o", str(tmp_path)]) == 0
    fresh = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.glob("*.md")}
    committed = {p.name: p.read_text(encoding="utf-8") for p in (DOCS / "policies").glob("*.md")}
    assert sorted(committed) == sorted(fresh)
    stale = [name for name in fresh if committed[name] != fresh[name]]
    assert not stale, f"stale pages {stale}: run `make docs` and commit docs/policies/"


def test_check_flag_reports_a_stale_page(tmp_path: Path) -> None:
    """`docs --check` exits 0 on fresh pages and 1 once a page is edited by hand."""
    assert main(["docs", "national", "-o", str(tmp_path)]) == 0
    assert main(["docs", "national", "-o", str(tmp_path), "--check"]) == 0
    page = tmp_path / "national.md"
    page.write_text(page.read_text(encoding="utf-8") + "hand edit\n", encoding="utf-8")
    assert main(["docs", "national", "-o", str(tmp_path), "--check"]) == 1
    assert docs_gen.stale("national", tmp_path) == ["national.md"]


def test_every_clause_is_quoted_on_the_page_of_its_layer() -> None:
    """Each clause's Chinese text, source article and certainty appear on its layer's page."""
    pages = docs_gen.generate("xingan")
    policy = ub.load_policy("xingan")
    clauses = policy.resolved.sections["clauses"]
    assert len(clauses) > 50
    for cid, entry in clauses.items():
        page = pages[f"{entry.where.layer}.md"]
        section = page.split(f"### Clause {cid}\n", 1)[1].split("\n### ", 1)[0]
        clause = entry.item
        assert f"> {clause.text.strip()}" in section, cid  # type: ignore[attr-defined]
        assert f"certainty: {clause.certainty}" in section, cid  # type: ignore[attr-defined]


def test_every_reading_is_listed_in_the_index() -> None:
    """The index has a row for each reading with its chosen text: G1–G11 in number order, then
    the readings the library adds (R-…)."""
    index = docs_gen.generate("xingan")["index.md"]
    readings = ub.load_policy("xingan").resolved.sections["readings"]
    rows = re.findall(r"^\| \[([GRI][-\w]*)\]", index, re.M)
    assert sorted(rows) == sorted(readings)
    g_rows = [r for r in rows if r[1:].isdigit()]
    assert rows[: len(g_rows)] == sorted(g_rows, key=lambda g: int(g[1:]))
    for rid, entry in readings.items():
        assert " ".join(entry.item.chosen.split()) in index, rid  # type: ignore[attr-defined]


WHAT_IF = """\
format: 1
layer: what_if
extends: xingan
document: {number: WI-1, title: a test what-if, issuer: tests, issued: 2026-01-01}
clauses:
  - id: WI-1
    text: 测试条款。
    summary: A test clause.
    scope: computed
    certainty: assumption
parameters:
  - id: claim_period_days
    change: override
    clause: WI-1
    description: Two dated values, to show the validity windows.
    values:
      - {from: 2020-03-06, value: 60}
      - {from: 2021-01-01, value: 90}
stop_grounds:
  - id: imprisoned
    change: repeal
    clause: WI-1
    reason: a test repeal
"""


def test_pages_show_windows_overrides_and_repeals(tmp_path: Path) -> None:
    """A what-if layer's page shows 'from … until …', what it overrides and what it repeals."""
    spec = tmp_path / "what_if.yaml"
    spec.write_text(WHAT_IF, encoding="utf-8")
    pages = docs_gen.generate(spec)
    assert sorted(pages) == [
        "index.md",
        "inner_mongolia.md",
        "national.md",
        "what_if.md",
        "xingan.md",
    ]
    mine, national = pages["what_if.md"], pages["national.md"]
    # 2021-01-01 starts the second value, so the first ends the day before: 2020-12-31.
    assert "- from 2020-03-06 until 2020-12-31: `60`" in mine
    assert "- from 2021-01-01 on: `90`" in mine
    base = ub.load_policy("xingan").resolved
    param_line = base.sections["parameters"]["claim_period_days"].where.line
    stop_line = base.sections["stop_grounds"]["imprisoned"].where.line
    assert f"override of national `policies/national.yaml:{param_line}`" in mine
    assert f"repeal of national `policies/national.yaml:{stop_line}`" in mine
    # The national page says which later layer overrides or repeals its items.
    own = national.split("### Parameter claim_period_days\n", 1)[1].split("\n### ", 1)[0]
    line = WHAT_IF.splitlines().index("  - id: claim_period_days") + 1
    assert f"overridden by what_if `{spec.as_posix()}:{line}`" in own
    gone = national.split("### Stop ground imprisoned\n", 1)[1].split("\n### ", 1)[0]
    line = WHAT_IF.splitlines().index("  - id: imprisoned") + 1
    assert f"repealed by what_if `{spec.as_posix()}:{line}`" in gone
    # The clause lists what it yields, with the dated values.
    clause = mine.split("### Clause WI-1\n", 1)[1].split("\n### ", 1)[0]
    assert "> 测试条款。" in clause
    assert "from 2021-01-01 on: `90`" in clause
    assert "repeals it" in clause


def test_generation_is_deterministic() -> None:
    """Two generations of the same chain are identical, byte for byte."""
    assert docs_gen.generate("xingan") == docs_gen.generate("xingan")


# -- the what-if files --------------------------------------------------------------------


def _claimant(**changes: object) -> ub.Claimant:
    base = load_person(ROOT / "examples" / "person.yaml").person
    return base.replace(**changes)


def test_national_caps_what_if_overrides_the_region_schedule() -> None:
    """The alternative reading of IM-duration is one override of the Inner Mongolia
    parameter, citing SIL-46; the default cites the region's IMM-DURATION."""
    policy = ub.load_policy(REFORMS / "national_duration_caps.yaml")
    entry = policy.resolved.sections["parameters"]["regular_months_tiers"]
    assert entry.where.change == "override" and entry.where.layer == "national_duration_caps"
    default = ub.load_policy("xingan").resolved.sections["parameters"]["regular_months_tiers"]
    assert default.where.layer == "inner_mongolia"
    assert default.item.reading == "IM-duration"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("months", "region", "national"),
    [
        (12, 2, 12),  # 1 year: the region's 2 months; SIL-46 12
        (30, 4, 12),  # 2 years: 4; 12
        (36, 8, 12),  # 3 years: 8; 12
        (59, 12, 12),  # 4 years 11 months: 12; 12
        (60, 14, 18),  # 5 years: 14; 18
        (72, 15, 18),  # 6 years: 15; 18
        (119, 18, 18),  # 9 years 11 months: 18; 18
        (168, 24, 24),  # 14 years: 24; 24
    ],
)
def test_national_caps_change_regular_months(months: int, region: int, national: int) -> None:
    """Regular months under xingan (IMM-DURATION) and under the national-caps what-if."""
    person = _claimant(contribution_months=months)
    base = ub.load_policy("xingan").entitlement(person)
    what_if = ub.load_policy(REFORMS / "national_duration_caps.yaml").entitlement(person)
    assert base.regular_months == region
    assert what_if.regular_months == national


def test_national_caps_change_the_two_year_claimant() -> None:
    """examples/reforms/people/two_years.yaml: 30 months of contributions, claim 2020-04-10 in
    乌兰浩特市: 4 months (to 2020-08-09) and 4 × 1248.00 = 4992.00 by default; 12 months (to
    2021-04-09) and 12 × 1248.00 = 14976.00 on the national caps."""
    person = load_person(REFORMS / "people" / "two_years.yaml").person
    base = ub.load_policy("xingan").evaluate(person)
    what_if = ub.load_policy(REFORMS / "national_duration_caps.yaml").evaluate(person)
    assert (base.entitlement.end, what_if.entitlement.end) == (
        dt.date(2020, 8, 9),
        dt.date(2021, 4, 9),
    )
    assert base.totals["paid_monthly"] == Decimal("4992.00")
    assert what_if.totals["paid_monthly"] == Decimal("14976.00")
    assert base.entitlement.citations[0].clause == "IMM-DURATION"
    assert what_if.entitlement.citations[0].clause == "SIL-46"


def test_two_year_threshold_gives_continuation() -> None:
    """Born 1963-03-01, 108 months, claim 2020-04-10: 18 months under N1, 35 with 24 months.

    Regular period 2020-04-10 to 2021-10-09 (18 months: 9 full years, IMM-DURATION); retirement at 60 on 2023-03-01,
    16.7 months later. N1 (12 months): no continuation, 12 × 1248.00 + 6 × 1092.00 = 21528.00
    (tier 3, 1560 × 80% / 70%, IMS-2017). What-if (24 months): continuation to 2023-02-28;
    month 35 starts 2023-02-10; months 25–35 at 1560 × 80% = 1248.00 (IM6):
    21528.00 + 6 × 1092.00 + 11 × 1248.00 = 41808.00.
    """
    person = load_person(REFORMS / "people" / "near_retirement.yaml").person
    base = ub.load_policy("xingan").evaluate(person)
    what_if = ub.load_policy(REFORMS / "continuation_two_years.yaml").evaluate(person)
    assert base.entitlement is not None and what_if.entitlement is not None
    assert base.entitlement.retirement_date == dt.date(2023, 3, 1)
    assert (base.entitlement.total_months, base.entitlement.continuation_months) == (18, 0)
    assert base.entitlement.end == dt.date(2021, 10, 9)
    assert (what_if.entitlement.total_months, what_if.entitlement.continuation_months) == (35, 17)
    assert what_if.entitlement.end == dt.date(2023, 2, 28)
    assert base.totals["paid_monthly"] == Decimal("21528.00")
    assert what_if.totals["paid_monthly"] == Decimal("41808.00")


# -- the written guides -------------------------------------------------------------------


def _fenced(path: Path) -> list[tuple[str, str]]:
    """(info string, body) of every fenced block of a Markdown file, in order."""
    out: list[tuple[str, str]] = []
    lang: str | None = None
    body: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if lang is None and line.startswith("```"):
            lang, body = line[3:].strip(), []
        elif lang is not None and line.rstrip() == "```":
            out.append((lang, "".join(body)))
            lang = None
        elif lang is not None:
            body.append(line)
    return out


def _blocks(path: Path, *langs: str) -> list[str]:
    """The bodies of the fenced blocks whose info string is one of `langs` ("" for none)."""
    return [body for lang, body in _fenced(path) if lang in langs]


def test_integrator_examples_run() -> None:
    """Every ```python block of docs/integrators.md runs, in order, in one namespace."""
    blocks = _blocks(DOCS / "integrators.md", "python")
    assert len(blocks) >= 6
    namespace: dict[str, object] = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        for i, code in enumerate(blocks):
            exec(compile(code, f"docs/integrators.md block {i + 1}", "exec"), namespace)


def test_readme_example_runs() -> None:
    """The ```python example of README.md runs, and the values its comments promise hold:
    24 months (IMM-DURATION, 168 months), 1560 × 80% = 1248.00 (IMS-2017, tier 3), 8 months
    paid."""
    blocks = _blocks(ROOT / "README.md", "python")
    assert blocks
    namespace: dict[str, Any] = {}
    for code in blocks:
        exec(compile(code, "README.md", "exec"), namespace)
    decision = namespace["decision"]
    assert decision.entitlement.total_months == 24
    assert str(decision.schedule[0].amount) == "1248.00"
    assert decision.stop.months_paid == 8


def test_analysts_guide_shows_the_reform_file_as_it_is() -> None:
    """The YAML shown in docs/analysts.md is examples/reforms/continuation_two_years.yaml."""
    shown = _blocks(DOCS / "analysts.md", "yaml")[0]
    assert shown == (REFORMS / "continuation_two_years.yaml").read_text(encoding="utf-8")


def test_auditors_example_scenario_passes(tmp_path: Path) -> None:
    """The scenario file shown in docs/auditors.md passes under `uibenefit test`."""
    examples = [b for b in _blocks(DOCS / "auditors.md", "yaml") if b.startswith("policy:")]
    assert len(examples) == 1
    path = tmp_path / "example.yaml"
    path.write_text(examples[0], encoding="utf-8")
    assert main(["test", str(path)]) == 0
    wrong = examples[0].replace("months_forfeited: 16", "months_forfeited: 15")
    path.write_text(wrong, encoding="utf-8")
    assert main(["test", str(path)]) == 1


def _commands() -> list[tuple[str, str, int]]:
    """(`where`, command line, expected exit) for each `uibenefit …` line in the guides.

    Lines of ```console, ```sh or plain ``` blocks, with or without a `$ ` prompt (a line ending
    in a backslash goes on in the next); a trailing
    `# exits N` comment gives the expected exit code (default 0).
    """
    found = []
    for path in GUIDES:
        for block in _blocks(path, "console", "sh", "shell", ""):
            for line in block.replace("\\\n", " ").splitlines():
                line = line.removeprefix("$ ")
                if not line.startswith("uibenefit "):
                    continue
                code = re.search(r"#\s*exits?\s+(\d+)", line)
                found.append((path.name, line, int(code.group(1)) if code else 0))
    return found


COMMANDS = _commands()


def _subcommands() -> set[str]:
    for action in parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def test_guides_show_commands() -> None:
    """The guides show commands for every documented subcommand (guards the collector)."""
    shown = {shlex.split(cmd, comments=True)[1] for _, cmd, _ in COMMANDS}
    assert {"evaluate", "check", "show", "schema", "docs", "test"} <= shown


@pytest.fixture(scope="module")
def guide_folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One working folder per guide, shared by its commands in order, so a guide's command can
    read what an earlier one wrote (synth, then audit); the repository's folders are linked in,
    and nothing is written into the repository."""
    folders: dict[str, Path] = {}
    for path in GUIDES:
        folder = tmp_path_factory.mktemp(path.stem)
        for entry in ROOT.iterdir():
            if not entry.name.startswith("."):
                (folder / entry.name).symlink_to(entry)
        folders[path.name] = folder
    return folders


@pytest.mark.parametrize(
    ("where", "command", "exit_code"),
    COMMANDS,
    ids=[f"{w}: {shlex.join(shlex.split(c, comments=True))}" for w, c, _ in COMMANDS],
)
def test_documented_command_runs(
    where: str,
    command: str,
    exit_code: int,
    guide_folders: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A command shown in a guide exits as the guide says (run in the guide's own folder)."""
    argv = shlex.split(command, comments=True)[1:]
    if argv[0] not in _subcommands():
        pytest.skip(f"subcommand '{argv[0]}' is not registered yet ({where})")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(guide_folders[where])
        code = main(argv)
    out = capsys.readouterr()
    assert code == exit_code, f"{where}: {command}\n{out.out[-2000:]}\n{out.err[-2000:]}"


def _shown_outputs() -> list[tuple[str, str, str]]:
    """(`where`, command, shown output) for a ```console block of one command + a ```text block."""
    found = []
    for path in GUIDES:
        blocks = _fenced(path)
        for (lang, body), (next_lang, shown) in itertools.pairwise(blocks):
            lines = body.strip().splitlines()
            if lang == "console" and next_lang == "text" and len(lines) == 1:
                found.append((path.name, lines[0].removeprefix("$ "), shown))
    return found


@pytest.mark.parametrize(("where", "command", "shown"), _shown_outputs())
def test_shown_output_is_what_the_command_prints(
    where: str, command: str, shown: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Output quoted in a guide appears, line for line, in what the command prints."""
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        main(shlex.split(command, comments=True)[1:])
    printed = capsys.readouterr().out

    def lines(text: str) -> list[str]:
        return [re.sub(r"\.yaml:\d+", ".yaml:N", x.rstrip()) for x in text.splitlines()]

    missing = [x for x in lines(shown) if x not in lines(printed)]
    assert not missing, f"{where}: {command}\nnot printed: {missing}\n{printed[-3000:]}"


def test_guides_quote_some_output() -> None:
    """At least one guide quotes command output (guards the collector above)."""
    assert _shown_outputs()


def test_readme_keeps_its_two_commands_and_links_the_guides() -> None:
    """README: the first block is `make demo` and `make test`; the guides are linked."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first = re.search(r"^```\n(.*?)^```", readme, re.M | re.S)
    assert first is not None and first.group(1) == "make demo\nmake test\n"
    for guide in ("integrators", "analysts", "auditors", "glossary"):
        assert f"](docs/{guide}.md)" in readme
    assert "](docs/policies/index.md)" in readme
