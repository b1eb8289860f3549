"""The located YAML reader: plain data, exact numbers, marks, and hostile files refused."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from uibenefit.errors import PolicyError
from uibenefit.values import _yaml


@pytest.fixture(params=["libyaml", "python"])
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Run a test with libyaml (when compiled in) and with the pure-Python parser."""
    if request.param == "libyaml":
        if not hasattr(yaml, "CSafeLoader"):
            pytest.skip("PyYAML was built without libyaml")
        monkeypatch.setattr(_yaml, "_Loader", yaml.CSafeLoader)
    else:
        monkeypatch.setattr(_yaml, "_Loader", yaml.SafeLoader)
    yield request.param


def error(text: str, path: str = "f.yaml") -> PolicyError:
    with pytest.raises(PolicyError) as info:
        _yaml.loads(text, path)
    return info.value


# ------------------------------------------------------------------ plain data and marks


def test_values_are_plain_data_with_exact_numbers(backend: str) -> None:
    """Floats become Decimal from their text, dates become date, ints stay int."""
    doc = _yaml.loads("rate: 0.1\nmoney: 1760.50\nn: 12\nd: 2020-03-06\nnothing: null\n")
    assert doc.data == {
        "rate": Decimal("0.1"),
        "money": Decimal("1760.50"),
        "n": 12,
        "d": dt.date(2020, 3, 6),
        "nothing": None,
    }
    assert isinstance(doc.data["rate"], Decimal)


def test_yaml_11_surprises_stay_text(backend: str) -> None:
    """yes/on/no stay text (Norway problem), `1:20` is not 80."""
    doc = _yaml.loads("on: yes\ncountry: NO\nt: true\nclock: 1:20\n")
    assert doc.data == {"on": "yes", "country": "NO", "t": True, "clock": "1:20"}


def test_marks_point_at_values_and_keys(backend: str) -> None:
    """mark() gives 1-based line:column of a key (or of the nearest known prefix)."""
    doc = _yaml.loads("a:\n  b:\n    - x\n    - {c: 1}\n", "m.yaml")
    assert str(doc.mark(("a", "b"))) == "m.yaml:2:3"
    assert str(doc.mark(("a", "b", 1, "c"))) == "m.yaml:4:8"
    assert str(doc.mark(("a", "b", 0))) == "m.yaml:3:7"
    # a path the document does not hold falls back to its deepest known prefix
    assert str(doc.mark(("a", "b", 1, "missing"))) == "m.yaml:4:7"
    err = doc.error(("a", "b", 1, "c"), "bad")
    assert str(err) == "m.yaml:4:8: at a.b[1].c: bad"
    assert (err.path, err.line, err.column, err.yaml_path) == ("m.yaml", 4, 8, "a.b[1].c")


def test_format_path() -> None:
    """YAML paths read the way a person points at a value."""
    assert _yaml.format_path(("parameters", 3, "values", 0, "from")) == (
        "parameters[3].values[0].from"
    )
    assert _yaml.format_path(()) == "(top level)"


def test_empty_document_is_none() -> None:
    """An empty file holds no data (the policy loader then says what it expected)."""
    assert _yaml.loads("# only a comment\n").data is None


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    """A file saved 'UTF-8 with BOM' by an editor loads like plain UTF-8."""
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffname: 兴安盟\n".encode())
    assert _yaml.load(path).data == {"name": "兴安盟"}


# ------------------------------------------------------------------ malformed values


def test_duplicate_key_names_both_lines(backend: str) -> None:
    """A key written twice in one mapping is an error at the second, naming the first."""
    e = error("clauses:\n  - id: N1\n    text: a\n    text: b\n")
    assert (e.path, e.line, e.column) == ("f.yaml", 4, 5)
    assert "duplicate key 'text' (first at line 3)" in str(e)
    assert e.yaml_path == "clauses[0]"


def test_date_time_instead_of_date(backend: str) -> None:
    """`2021-01-01 10:00:00` is refused where dates are meant, with the key's path."""
    e = error("document:\n  issued: 2021-01-01 10:00:00\n")
    assert str(e) == (
        "f.yaml:2:11: at document.issued: '2021-01-01 10:00:00' is a date-time; "
        "write a date as YYYY-MM-DD"
    )


def test_impossible_date(backend: str) -> None:
    """30 February is not silently text nor a crash: it is an invalid date."""
    e = error("from: 2020-02-30\n")
    assert e.line == 1 and e.yaml_path == "from"
    assert "'2020-02-30' is not a valid date" in str(e)


@pytest.mark.parametrize("text", [".inf", "-.inf", ".nan"])
def test_non_finite_numbers_refused(text: str) -> None:
    """Infinity and NaN are no amount of money."""
    e = error(f"rate: {text}\n")
    assert f"'{text}' is not a finite number" in str(e)
    assert e.yaml_path == "rate"


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object:os.system {}\n",
        "a: !!set {x: null}\n",
        "a: !custom [1]\n",
        "a: !!binary aGk=\n",
    ],
)
def test_tags_refused(text: str, backend: str) -> None:
    """Custom and non-plain tags are refused: policy files hold plain data, never objects."""
    e = error(text)
    assert "unsupported YAML tag" in str(e)
    assert (e.line, e.yaml_path) == (1, "a")


def test_non_text_key_refused(backend: str) -> None:
    """A mapping key must be plain text (a `? [a, b]` key is not)."""
    e = error("? [a, b]\n: 1\n")
    assert "mapping keys must be plain text" in str(e)
    assert e.line == 1


def test_several_documents_refused() -> None:
    """One document per file: a second `---` is an error, not silently ignored."""
    assert "one YAML document per file" in str(error("a: 1\n---\nb: 2\n"))


def test_syntax_error_has_line_and_column(backend: str) -> None:
    """A YAML syntax error says where, in the file's own line numbers."""
    e = error("a: 1\nb: [1, 2\nc: 3\n")
    assert e.path == "f.yaml" and e.line is not None and e.line >= 2
    assert str(e).startswith(f"f.yaml:{e.line}:{e.column}: not valid YAML: ")


def test_tab_indentation_is_a_syntax_error(backend: str) -> None:
    """A tab used for indentation is reported at its line."""
    e = error("a:\n\t- b\n")
    assert (e.line, e.column) == (2, 1)
    assert "a tab is not allowed for indentation in YAML; use spaces" in str(e)


def test_a_tab_deeper_in_the_file_is_told_at_its_line_and_column(backend: str) -> None:
    """The tab after two spaces on line 3 is at column 3."""
    e = error("a:\n  b: 1\n  \tc: 2\n")
    assert (e.line, e.column) == (3, 3)
    assert "a tab is not allowed for indentation in YAML; use spaces" in str(e)


def test_an_unclosed_quote_is_told_at_the_line_where_it_opened(backend: str) -> None:
    e = error('a: 1\nb: "open\nc: 2\nd: 3\n')
    assert (e.line, e.column) == (2, 4)
    assert "the quote opened at line 2, column 4 is never closed" in str(e)


# ------------------------------------------------------------------ hostile files


def billion_laughs(levels: int = 9) -> str:
    """The classic alias bomb: 9 levels of 9 aliases, 9**9 strings once expanded."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels + 1):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_refused_at_its_first_alias(backend: str) -> None:
    """A billion-laughs file is refused at the first alias, before anything is expanded."""
    e = error(billion_laughs())
    # line 2, column 8 is the first `*a`: nothing after it was composed
    assert (e.line, e.column) == (2, 8)
    assert "YAML alias '*a' is not allowed" in str(e)


def test_single_alias_refused(backend: str) -> None:
    """Even one harmless-looking alias is refused: write the value out."""
    e = error("base: &b {rate: 0.8}\nother: *b\n")
    assert (e.line, e.column) == (2, 8)


def test_oversized_text_refused() -> None:
    """Text over MAX_BYTES is refused before parsing."""
    e = error("# " + "x" * _yaml.MAX_BYTES + "\n", "big.yaml")
    assert str(e) == f"big.yaml: file larger than {_yaml.MAX_BYTES} bytes is refused"


def test_oversized_file_refused_without_reading_it_all(tmp_path: Path) -> None:
    """A file over MAX_BYTES is refused (only MAX_BYTES + 1 bytes are read)."""
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * (_yaml.MAX_BYTES + 10) + b"\na: 1\n")
    with pytest.raises(PolicyError, match="larger than 2000000 bytes") as info:
        _yaml.load(path, "big.yaml")
    assert info.value.path == "big.yaml"


def test_absurd_nesting_refused(backend: str) -> None:
    """10_000 opening brackets are refused on line 1, with the word 'nesting'."""
    e = error("a: " + "[" * 10_000 + "\n")
    assert e.line == 1
    assert "nesting" in str(e)


def test_nesting_limit_is_ours(backend: str) -> None:
    """MAX_DEPTH + 1 levels of ordinary block nesting are refused by our own limit."""
    depth = _yaml.MAX_DEPTH + 1
    text = "".join("  " * i + f"k{i}:\n" for i in range(depth)) + "  " * depth + "v\n"
    e = error(text)
    assert f"nesting deeper than {_yaml.MAX_DEPTH} levels is refused" in str(e)
    assert e.line == _yaml.MAX_DEPTH + 1  # the mapping that opens level 41 starts there
    ok = "".join("  " * i + f"k{i}:\n" for i in range(depth - 2)) + "  " * (depth - 2) + "v\n"
    assert _yaml.loads(ok).data is not None


def test_node_count_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """More than MAX_NODES nodes are refused at the node past the limit."""
    monkeypatch.setattr(_yaml, "MAX_NODES", 10)
    # the mapping, the key and the list are 3 nodes; 7 items fit, the 8th is node 11
    assert len(_yaml.loads("a: [" + ", ".join(["1"] * 7) + "]\n").data["a"]) == 7
    e = error("a: [" + ", ".join(["1"] * 8) + "]\n")
    assert "more than 10 YAML nodes is refused" in str(e)
    assert (e.line, e.column) == (1, 26)


def test_non_utf8_file_refused_with_position(tmp_path: Path) -> None:
    """A Latin-1 file is refused at the line and column of its first bad byte."""
    path = tmp_path / "latin.yaml"
    path.write_bytes("a: 1\n# café\n".encode("latin-1"))
    with pytest.raises(PolicyError) as info:
        _yaml.load(path, "latin.yaml")
    assert str(info.value) == (
        "latin.yaml:2:6: file is not UTF-8 text (byte 0xe9); save it as UTF-8"
    )


def test_missing_file_and_directory(tmp_path: Path) -> None:
    """A missing file or a directory is a PolicyError naming it, not an OSError."""
    with pytest.raises(PolicyError, match="cannot read file") as info:
        _yaml.load(tmp_path / "nope.yaml", "nope.yaml")
    assert info.value.path == "nope.yaml"
    with pytest.raises(PolicyError, match="cannot read file"):
        _yaml.load(tmp_path)


def test_walk_visits_every_value() -> None:
    """walk() yields every (path, value) pair, depth first."""
    pairs = list(_yaml.walk({"a": [1, {"b": 2}]}))
    assert [p for p, _ in pairs] == [(), ("a",), ("a", 0), ("a", 1), ("a", 1, "b")]


def test_control_character_is_located(backend: str) -> None:
    """A control character (here backspace) is a PolicyError at its line and column."""
    e = error("a: 1\nname: a\x08b\n")
    assert str(e) == "f.yaml:2:8: not valid YAML: character U+0008 is not allowed in YAML text"
