"""Start-up of the command line against a bare interpreter (issue 20: `uibenefit --help`
within 8 times `python -c pass`). Best of N runs of each, interleaved; prints the ratio.

    python bench/startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def best(command: list[str], runs: int) -> float:
    """The shortest wall time of `runs` runs (the machine's noise only ever adds)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    bare = best([sys.executable, "-c", "pass"], runs)
    print(f"python -c pass: {bare * 1000:.1f} ms")
    for command in (
        [str(BIN / "uibenefit"), "--help"],
        [sys.executable, "-m", "uibenefit", "--help"],
        [sys.executable, "-m", "uibenefit", "evaluate", "--help"],
    ):
        took = best(command, runs)
        shown = " ".join(Path(command[0]).name if i == 0 else c for i, c in enumerate(command))
        print(f"{shown}: {took * 1000:.1f} ms ({took / bare:.1f}x the bare interpreter)")


if __name__ == "__main__":
    main()
