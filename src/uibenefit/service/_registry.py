"""The policies a server answers for: the bundled ones and the operator's folder, by name only.

Every policy is loaded once, when the app is built, so a bad file in the operator's folder stops
the server from starting (with the file and line) instead of failing a request later. A request
names a policy; the name is looked up in this table and never joined to a path, so no request
can make the server open a file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import PolicyError
from ..policy import Policy, load_policy
from ._describe import fingerprint
from ._problems import Problem, problem

NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")
"""What a policy name looks like: a layer name, never a path."""

BUNDLED = ("national", "inner_mongolia", "xingan")
DEFAULT_POLICY = "xingan"


@dataclass(frozen=True)
class Entry:
    """One policy the server offers, and where it came from (`bundled` or `policies-dir`)."""

    name: str
    policy: Policy
    source: str
    file: str | None = None
    spec: str = ""
    """What `load_policy` is given for it in a batch worker (a bundled name, or the path)."""
    sha256: str = ""
    """SHA-256 of its layer files, read once when the server starts (never per request)."""


class Registry:
    """Name -> loaded policy, read-only after construction."""

    def __init__(self, policies_dir: str | Path | None = None) -> None:
        entries: dict[str, Entry] = {}
        for name in BUNDLED:
            policy = load_policy(name)
            entries[name] = Entry(name, policy, "bundled", spec=name, sha256=fingerprint(policy))
        if policies_dir is not None:
            folder = Path(policies_dir)
            if not folder.is_dir():
                raise PolicyError("--policies-dir is not a folder", path=str(folder))
            for path in sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")):
                policy = load_policy(path)
                name = policy.name
                if not NAME.match(name):
                    raise PolicyError(
                        f"layer name '{name}' cannot be served: use letters, digits, '_' and "
                        "'-', starting with a letter",
                        path=str(path),
                    )
                if name in entries:
                    other = entries[name].file or "the bundled policies"
                    raise PolicyError(
                        f"layer name '{name}' is already served (from {other}); give the "
                        "layer another name",
                        path=str(path),
                    )
                entries[name] = Entry(
                    name,
                    policy,
                    "policies-dir",
                    path.name,
                    str(path.resolve()),
                    fingerprint(policy),
                )
        self._entries = entries

    def __iter__(self) -> Iterator[Entry]:
        return iter(self._entries.values())

    def names(self) -> list[str]:
        """Every name a request may use."""
        return list(self._entries)

    def event_kinds(self) -> list[str]:
        """The event kinds any served policy knows (its stop grounds), first seen first."""
        kinds: dict[str, None] = {}
        for entry in self._entries.values():
            kinds.update(dict.fromkeys(entry.policy.event_kinds))
        return list(kinds)

    def get(self, name: object, field: str = "policy", status: int = 404) -> Entry:
        """The entry for a requested name; anything else (a path, a typo) is refused."""
        if isinstance(name, str) and NAME.match(name) and name in self._entries:
            return self._entries[name]
        shown = repr(name) if isinstance(name, str) else f"a {type(name).__name__}"
        message = f"no policy {shown[:80]} is served here: use one of {', '.join(self._entries)}"
        raise Problem(status, [problem(message, field)])
