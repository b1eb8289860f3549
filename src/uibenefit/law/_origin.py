"""Which files a policy was loaded from, with the SHA-256 of each: a decision's `origin`."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from ..values.results import Origin, PolicyFile
from ._resources import bundled_dir, bundled_names

if TYPE_CHECKING:
    from ._layers import Resolved


def _file(shown: str) -> Path:
    """The file behind a layer's shown path (`policies/xingan.yaml` for a bundled layer)."""
    name = Path(shown).stem
    if shown == f"policies/{name}.yaml" and name in bundled_names():
        return bundled_dir() / f"{name}.yaml"
    return Path(shown)


def origin(resolved: Resolved) -> Origin:
    """The engine version and, for each layer, its file and the SHA-256 of its bytes."""
    files = []
    for layer in resolved.layers:
        try:
            digest = hashlib.sha256(_file(layer.path).read_bytes()).hexdigest()
        except OSError:  # pragma: no cover - the file was read a moment ago
            digest = ""
        files.append(PolicyFile(layer.name, layer.path, digest))
    return Origin(policy_files=tuple(files))
