"""The wheel ships the YAML: build it, install it into a fresh venv outside the repo, load xingan.

The fresh venv has no pip and no site packages of its own; the wheel is installed into it with
this interpreter's pip (`--python`). Its third-party dependencies (pydantic, PyYAML …) come from
the development venv through a `.pth` line, which is read after the venv's own site-packages
and does not run the development venv's editable-install hook, so `import uibenefit` can only
find the installed wheel.
"""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = "uibenefit/policies/data"
SHIPPED = ("national.yaml", "inner_mongolia.yaml", "xingan.yaml", "calendar.yaml")

PROBE = """
import json, sys
import uibenefit as ub
from uibenefit.law._resources import bundled_dir
from uibenefit.law.calendar import WorkCalendar
import datetime as dt
policy = ub.load_policy("xingan")
print(json.dumps({
    "module": ub.__file__,
    "data": str(bundled_dir()),
    "layers": list(policy.layers),
    "threshold": policy.value("continuation_threshold_months", dt.date(2021, 1, 1)),
    "working_day": WorkCalendar.bundled().is_working_day(dt.date(2020, 4, 26)),
    "path": sys.path,
}))
"""


def _pip(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from this checkout (skips if the build backend cannot be obtained)."""
    out = tmp_path_factory.mktemp("dist")
    done = _pip("wheel", str(REPO), "--no-deps", "-w", str(out), cwd=out)
    if done.returncode != 0:
        log = done.stdout + done.stderr
        if "hatchling" in log and (
            "No matching distribution" in log or "Could not find a version" in log
        ):
            pytest.skip("the build backend (hatchling) cannot be obtained: no package index")
        raise AssertionError(f"building the wheel failed:\n{log}")
    (found,) = out.glob("uibenefit-*.whl")
    return found


def test_wheel_contains_the_policies(wheel: Path) -> None:
    """The YAML files, the policies subpackage and py.typed are in the wheel."""
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in SHIPPED:
        assert f"{DATA}/{name}" in names
    assert "uibenefit/policies/__init__.py" in names
    assert "uibenefit/py.typed" in names
    # the packaged YAML is the repository's, byte for byte
    with zipfile.ZipFile(wheel) as z:
        assert z.read(f"{DATA}/xingan.yaml") == (REPO / "policies" / "xingan.yaml").read_bytes()


def test_wheel_contains_the_caseworkers_page(wheel: Path) -> None:
    """`uibenefit serve`'s page (HTML, CSS, JavaScript) ships as package data, byte for byte."""
    static = REPO / "src" / "uibenefit" / "service" / "static"
    with zipfile.ZipFile(wheel) as z:
        for name in ("index.html", "app.js", "style.css"):
            assert z.read(f"uibenefit/service/static/{name}") == (static / name).read_bytes()
        # the printed decision's stylesheet (evaluate --format html, /static/decision.css)
        css = REPO / "src" / "uibenefit" / "explain" / "decision.css"
        assert z.read("uibenefit/explain/decision.css") == css.read_bytes()


def test_installed_wheel_loads_xingan_from_its_own_data(wheel: Path, tmp_path: Path) -> None:
    """In a fresh venv outside the repo, uibenefit imports from the wheel and reads its YAML."""
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    done = _pip(
        "--python", str(python), "install", "--no-deps", "--no-index", str(wheel), cwd=tmp_path
    )
    assert done.returncode == 0, done.stdout + done.stderr
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # dependencies only: a .pth line is appended after the venv's own site-packages
    (Path(site) / "_dev_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    probe = subprocess.run(
        [str(python), "-c", PROBE],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": str(env_dir / "bin"), "HOME": str(tmp_path)},
        check=False,
    )
    assert probe.returncode == 0, probe.stderr
    seen = json.loads(probe.stdout)
    assert Path(seen["module"]).is_relative_to(site), seen["module"]
    assert Path(seen["data"]) == Path(site) / DATA
    # the editable install's src/ (or the checkout itself) never got onto sys.path
    assert not {str(REPO), str(REPO / "src")} & set(seen["path"]), seen["path"]
    assert seen["layers"] == ["national", "inner_mongolia", "xingan"]
    assert seen["threshold"] == 12  # N1: less than 12 months from retirement
    assert (
        seen["working_day"] is True
    )  # 2020-04-26, a Sunday worked for Labour Day (calendar.yaml ships)

    # the console script of the installed wheel works from outside the repo
    check = subprocess.run(
        [str(env_dir / "bin" / "uibenefit"), "check", "xingan"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": str(env_dir / "bin"), "HOME": str(tmp_path)},
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "xingan: national -> inner_mongolia -> xingan: loaded" in check.stdout


def test_checkout_falls_back_to_the_repository_policies() -> None:
    """Imported from src/ (editable install), the YAML is read live from <repo>/policies."""
    import uibenefit
    from uibenefit.law._resources import bundled_dir

    if not Path(uibenefit.__file__).is_relative_to(REPO / "src"):
        pytest.skip("uibenefit is not imported from this checkout's src/")
    assert not (REPO / "src" / DATA).exists()  # the wheel's copy never lands in src/
    assert bundled_dir() == REPO / "policies"


def test_test_tools_are_an_extra_not_a_run_time_dependency(wheel: Path) -> None:
    """pytest and hypothesis come with `uibenefit[testing]` (and `[dev]`), not with uibenefit."""
    with zipfile.ZipFile(wheel) as z:
        (meta,) = (n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
        lines = z.read(meta).decode("utf-8").splitlines()
    requires = [
        line.removeprefix("Requires-Dist: ") for line in lines if line.startswith("Requires-Dist:")
    ]
    plain = [r for r in requires if "extra ==" not in r]
    assert plain and not [r for r in plain if r.startswith(("pytest", "hypothesis"))], plain
    testing = [r for r in requires if "extra == 'testing'" in r or 'extra == "testing"' in r]
    assert {r.split(">")[0].split(";")[0].strip() for r in testing} == {"hypothesis", "pytest"}
    assert "Provides-Extra: testing" in lines
    dev = {r.split(">")[0] for r in requires if "extra == 'dev'" in r or 'extra == "dev"' in r}
    assert {"hypothesis", "pytest"} <= dev or "uibenefit[testing]" in dev, requires
