"""Where the bundled YAML lives: inside the wheel, or in the repository's `policies/` folder.

The wheel carries `policies/` as `uibenefit/policies/data` (hatch force-include). An editable
install imports from `src/`, where that copy does not exist, so we fall back to the repository.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def bundled_dir() -> Path:
    """The folder holding national.yaml, inner_mongolia.yaml, xingan.yaml and calendar.yaml."""
    packaged = _PACKAGE_DIR / "policies" / "data"
    if (packaged / "national.yaml").is_file():
        return packaged
    return _PACKAGE_DIR.parent.parent / "policies"


def bundled_names() -> tuple[str, ...]:
    """Names of the bundled policy layers, most general first."""
    return ("national", "inner_mongolia", "xingan")
