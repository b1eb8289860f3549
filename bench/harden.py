"""Issue 26's figures: linear text wrapping, bounded shared conditions, scenario defaults,
Parquet read as it unpacks (batch by batch) against read whole.

    PYTHONPATH=src python bench/harden.py

CPU seconds (time.process_time) of each step, to compare sizes: a linear step grows with
its input, a quadratic one four times as fast.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import uibenefit as ub
from uibenefit.explain._explain import wrap
from uibenefit.tools.scenarios import load_scenarios

HEADER = """\
format: 1
layer: chain
extends: {base}
document:
  number: 测试〔2021〕1号
  title: 测试文件
  issuer: 测试机关
  issued: 2021-01-01
"""

PERSON = """\
policy: xingan
defaults:
  person:
    birth_date: 1968-07-15
    sex: male
    position: worker
    insured_as: employee
    contribution_months: 168
    separation_date: 2020-03-31
    separation_reason: contract_expired
    application_date: 2020-04-10
    insured_area: "152201"
cases:
"""


def timed(label: str, step: object) -> None:
    start = time.process_time()
    try:
        step()  # type: ignore[operator]
        outcome = "ok"
    except ub.UIBenefitError as exc:
        outcome = "refused: " + str(exc).split(": ")[-1][:70]
    print(f"{label:<44} {time.process_time() - start:7.3f} s  {outcome}")


def chain(levels: int) -> str:
    lines = ["conditions:", "  - id: c0", "    clause: SIL-45"]
    lines.append("    when: {var: contribution_months, ge: 12}")
    for k in range(1, levels + 1):
        below = f"{{condition: c{k - 1}}}"
        lines += [f"  - id: c{k}", "    clause: SIL-45", f"    when: {{any: [{below}, {below}]}}"]
    return "\n".join(lines) + "\n"


def main() -> None:
    for n in (100_000, 400_000, 1_500_000):
        timed(f"wrap a {n:,}-character word", lambda n=n: wrap("x" * n, "  "))
    ub.load_policy("national")  # the chain's base, loaded once
    folder = Path(tempfile.mkdtemp())
    for levels in (10, 20):
        path = folder / f"chain{levels}.yaml"
        path.write_text(HEADER.format(base="national") + chain(levels), "utf-8")
        timed(f"load a {levels}-level doubling chain", lambda p=path: ub.load_policy(p))
    for n in (1_000, 5_000, 15_000):
        path = folder / f"cases{n}.yaml"
        cases = "".join(
            f"  - name: c{i}\n    person: {{contribution_months: {12 + i % 200}}}\n"
            f"    expect: {{eligibility: {{eligible: true}}}}\n"
            for i in range(n)
        )
        path.write_text(PERSON + cases, "utf-8")
        timed(f"load {n:,} scenario cases with defaults", lambda p=path: load_scenarios(p))
    for rows in (100_000, 1_000_000):
        parquet(rows)


def parquet(rows: int) -> None:
    """A synthetic claimants file read whole, by the counting reader, and only counted."""
    import io

    import pyarrow.parquet as pq

    from uibenefit.population import synth
    from uibenefit.tools import _unpack

    sink = io.BytesIO()
    pq.write_table(synth.claimants(rows, 1), sink)
    raw = sink.getvalue()
    path = Path(tempfile.mkdtemp()) / "claimants.parquet"
    path.write_bytes(raw)
    print(f"Parquet of {rows:,} claimants: {len(raw):,} bytes")
    for label, step in (
        ("read whole (pq.read_table)", lambda: pq.read_table(io.BytesIO(raw))),
        ("read as it unpacks (_unpack.read)", lambda: _unpack.read(raw, 2**31)),
        ("only counted, from a file (_unpack.count)", lambda: _unpack.count(path, 2**31)),
    ):
        timed(f"  {label}", step)


if __name__ == "__main__":
    sys.exit(main())
