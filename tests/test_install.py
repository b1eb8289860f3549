"""`make` forgives a failed first run: it checks the Python version first, and replaces a .venv
left half made, so the next `make demo` works or says exactly what to run.

The Makefile runs in a scratch folder with a stand-in interpreter (a shell script that answers
the version check, makes a "venv" and pretends to install), so nothing is downloaded.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

FAKE = """#!/bin/sh
# a stand-in interpreter: version check, -m venv DIR, -m pip ...
log="$(dirname "$0")/../calls.log"
case "$1" in
  -c) exit {ok} ;;
  -V) echo "Python {version}"; exit 0 ;;
  -m)
    if [ "$2" = venv ]; then mkdir -p "$3/bin"; cp "$0" "$3/bin/python"; exit 0; fi
    if [ "$2" = pip ]; then echo "pip $*" >> "$3.pip.log" 2>/dev/null; exit 0; fi ;;
esac
exit 0
"""

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def _python(folder: Path, name: str, *, ok: bool, version: str) -> Path:
    script = folder / name
    script.write_text(FAKE.format(ok=0 if ok else 1, version=version), encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def _make(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
    return subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A scratch folder with the Makefile and a pyproject.toml."""
    shutil.copy(REPO / "Makefile", tmp_path / "Makefile")
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    return tmp_path


def test_a_python_too_old_is_told_before_anything_is_made(checkout: Path) -> None:
    """With Python 3.9, make says what is needed and what to run, and makes no .venv."""
    old = _python(checkout, "python3.9", ok=False, version="3.9.18")
    done = _make(checkout, f"PYTHON={old}", "demo")
    assert done.returncode != 0
    out = done.stdout + done.stderr
    assert "needs Python 3.11 or newer" in out and "3.9.18" in out
    assert "make PYTHON=python3.11 demo" in out
    assert not (checkout / ".venv").exists()


def test_a_half_made_venv_is_replaced_on_the_next_run(checkout: Path) -> None:
    """A .venv whose python is broken (a failed first run) is removed and made again."""
    broken = checkout / ".venv" / "bin"
    broken.mkdir(parents=True)
    (broken / "python").write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    (broken / "python").chmod(0o755)
    good = _python(checkout, "python3.11", ok=True, version="3.11.7")
    done = _make(checkout, f"PYTHON={good}", ".venv/.installed")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "removing the unusable .venv" in done.stdout
    assert (checkout / ".venv" / ".installed").is_file()
    # the new interpreter is the good one, and a second run has nothing left to do
    assert (
        "3.11.7"
        in subprocess.run(
            [str(checkout / ".venv/bin/python"), "-V"], capture_output=True, text=True, check=True
        ).stdout
    )
    again = _make(checkout, f"PYTHON={good}", ".venv/.installed")
    assert again.returncode == 0 and "removing" not in again.stdout


def test_an_interrupted_install_is_retried(checkout: Path) -> None:
    """A venv made but never installed into (no stamp) gets the install on the next run."""
    good = _python(checkout, "python3.11", ok=True, version="3.11.7")
    assert _make(checkout, f"PYTHON={good}", ".venv/.created").returncode == 0
    assert not (checkout / ".venv" / ".installed").exists()
    done = _make(checkout, f"PYTHON={good}", ".venv/.installed")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "pip install" in done.stdout and "removing" not in done.stdout


@pytest.mark.parametrize(
    ("module", "missing"),
    [("uibenefit.testing", "hypothesis"), ("uibenefit.pytest_plugin", "pytest")],
)
def test_missing_test_tools_say_how_to_install_them(module: str, missing: str) -> None:
    """Without the `testing` extra, importing its modules says which pip command gives them."""
    probe = (
        "import sys\n"
        f"sys.modules[{missing!r}] = None  # as if not installed\n"
        "try:\n"
        f"    import {module}\n"
        "except ImportError as exc:\n"
        "    print(exc)\n"
    )
    import sys

    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert f"needs {missing}" in done.stdout or f"under {missing}" in done.stdout, done.stdout
    assert "pip install 'uibenefit[testing]'" in done.stdout
