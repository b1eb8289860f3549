"""Reading a person file (`PERSON.yaml`): the Claimant fields, and optionally `events:`.

Errors name the file, the line and the field, also those found only while evaluating (an
area with no minimum wage tier, a deadline past the working-day calendar): `locate` places
them at the line of the field they are about.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import CalendarCoverageError, InputError, PolicyError, UIBenefitError, shorten
from . import _yaml
from ._yaml import LocatedDocument, YamlPath
from .claimant import Claimant, Event, Names


@dataclass(frozen=True)
class PersonFile:
    """A claimant and their events, as read from a file (and the file, to place later errors)."""

    person: Claimant
    events: tuple[Event, ...]
    doc: LocatedDocument | None = field(default=None, repr=False, compare=False)


def read_yaml(path: str | Path) -> LocatedDocument:
    """Parse an input YAML file with the same guards as policies; errors are InputErrors."""
    try:
        return _yaml.load(path)
    except PolicyError as exc:
        raise InputError(exc.detail, field=exc.yaml_path, path=exc.path, line=exc.line) from None


def parse_person(
    data: Any, doc: LocatedDocument, at: YamlPath = (), names: Names | None = None
) -> PersonFile:
    """A person mapping (Claimant fields plus `events:`) → PersonFile; coded fields may be
    written by name (`names`: a policy's `input_names()`, by default the bundled ones)."""
    if not isinstance(data, dict):
        m = doc.mark(at)
        if data is None:
            got = "nothing" if at else "nothing (the file is empty)"
        else:
            # not echoed: a file that is not a person file (/etc/shadow) is not printed back
            got = "a list" if isinstance(data, list) else f"a single {_kind(data)}"
        raise InputError(
            f"a person is a mapping of Claimant fields (birth_date: …, sex: …), got {got}",
            path=doc.path,
            line=m.line,
        )
    fields = {k: v for k, v in data.items() if k != "events"}
    person = Claimant.from_mapping(fields, doc, at, names)
    raw_events = data.get("events")
    if raw_events is None:
        raw_events = []
    if not isinstance(raw_events, list):
        m = doc.mark((*at, "events"))
        raise InputError(
            "events is a list of {kind, on}", field="events", path=doc.path, line=m.line
        )
    events = tuple(Event.from_mapping(e, doc, (*at, "events", i)) for i, e in enumerate(raw_events))
    return PersonFile(person, events, doc)


def _kind(value: Any) -> str:
    if isinstance(value, str):
        return "text"
    if isinstance(value, bool):
        return "truth value"
    if isinstance(value, dt.date):
        return "date"
    return "number"


def load_person(path: str | Path, names: Names | None = None) -> PersonFile:
    """Read a person file (YAML or JSON): `ub.load_person("person.yaml").person`, `.events`;
    coded fields by code or by a name of `names` (男, 乌兰浩特市; the bundled policy's names
    when not given)."""
    doc = read_yaml(path)
    return parse_person(doc.data, doc, (), names)


def read_person(text: str, name: str = "<stdin>", names: Names | None = None) -> PersonFile:
    """A person from YAML or JSON text (`uibenefit evaluate -` reads standard input with it);
    `name` stands for the file in messages, `names` as for `load_person`."""
    try:
        doc = _yaml.loads(text, name)
    except PolicyError as exc:
        raise InputError(exc.detail, field=exc.yaml_path, path=exc.path, line=exc.line) from None
    return parse_person(doc.data, doc, (), names)


def parse_date(text: str, field: str) -> dt.date:
    """An ISO date from the command line or a file."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(
            f"expected a date YYYY-MM-DD, got {shorten(repr(text))}", field=field
        ) from None


_STEP = re.compile(r"\[(-?\d+)\]|([^.\[\]]+)")


def field_path(name: str) -> YamlPath:
    """`events[0].kind` → ('events', 0, 'kind'): an error's field as a path into the file."""
    return tuple(int(i) if i else key for i, key in _STEP.findall(name))


def locate(
    exc: UIBenefitError,
    doc: LocatedDocument,
    person: YamlPath = (),
    roots: Mapping[str, YamlPath] | None = None,
) -> UIBenefitError:
    """`exc`, raised while evaluating a person read from `doc`, placed at its field's line.

    A Claimant field is looked up below `person`; a field starting with a key of `roots`
    (default: `events` beside the person's fields) below that root. A field the file does not
    write (an area left out) is placed at the person; errors already placed are returned as is.
    """
    if not isinstance(exc, InputError | CalendarCoverageError) or exc.path is not None:
        return exc
    steps = field_path(exc.field) if exc.field else ()
    where = roots if roots is not None else {"events": (*person, "events")}
    if steps and isinstance(steps[0], str) and steps[0] in where:
        at: YamlPath = (*where[steps[0]], *steps[1:])
    else:
        at = (*person, *steps)
    line = doc.mark(at).line
    if isinstance(exc, CalendarCoverageError):
        return CalendarCoverageError(
            exc.year, exc.detail, field=exc.field, path=doc.path, line=line
        )
    return InputError(exc.detail, field=exc.field, path=doc.path, line=line)
