"""Reading a person file (`PERSON.yaml`): the Claimant fields, and optionally `events:`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import _yaml
from ._yaml import LocatedDocument, YamlPath
from .claimant import Claimant, Event
from .errors import InputError, PolicyError


@dataclass(frozen=True)
class PersonFile:
    """A claimant and their events, as read from a file."""

    person: Claimant
    events: tuple[Event, ...]


def read_yaml(path: str | Path) -> LocatedDocument:
    """Parse an input YAML file with the same guards as policies; errors are InputErrors."""
    try:
        return _yaml.load(path)
    except PolicyError as exc:
        raise InputError(exc.detail, path=exc.path, line=exc.line) from None


def parse_person(data: Any, doc: LocatedDocument, at: YamlPath = ()) -> PersonFile:
    """A person mapping (Claimant fields plus `events:`) → PersonFile."""
    if not isinstance(data, dict):
        m = doc.mark(at)
        raise InputError("a person is a mapping of Claimant fields", path=doc.path, line=m.line)
    fields = {k: v for k, v in data.items() if k != "events"}
    person = Claimant.from_mapping(fields, doc, at)
    raw_events = data.get("events") or []
    if not isinstance(raw_events, list):
        m = doc.mark((*at, "events"))
        raise InputError(
            "events is a list of {kind, on}", field="events", path=doc.path, line=m.line
        )
    events = tuple(Event.from_mapping(e, doc, (*at, "events", i)) for i, e in enumerate(raw_events))
    return PersonFile(person, events)


def load_person(path: str | Path) -> PersonFile:
    """Read PERSON.yaml."""
    doc = read_yaml(path)
    return parse_person(doc.data, doc)


def parse_date(text: str, field: str) -> dt.date:
    """An ISO date from the command line or a file."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"expected a date YYYY-MM-DD, got {text!r}", field=field) from None
