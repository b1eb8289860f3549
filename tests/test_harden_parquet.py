"""Issue 26: a Parquet file whose footer under-states its size is refused by what it unpacks
to, in the service and in `uibenefit batch`, with the memory bounded by a batch, not a chunk.

The file is forged here: written by pyarrow, then its Thrift footer's size fields (each row
group's total_byte_size, each column chunk's total_uncompressed_size) rewritten in place as
smaller numbers in varints of the same byte length, so the file stays readable and its pages
honest. A reader that trusts the footer is told a few hundred bytes and gets 128 MB.
"""

from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

ROOT = Path(__file__).resolve().parents[1]
ROWS = 80_000
WIDE = 1_600  # bytes of each cell: 80,000 x 1,600 = 128 MB unpacked
LIMIT = 1_000_000


# -- a Thrift compact protocol walker: where each integer field of the footer is ---------------


def _varint(raw: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = raw[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, at


def _unzigzag(n: int) -> int:
    return (n >> 1) ^ -(n & 1)


def _value(raw: bytes, at: int, kind: int, path: tuple[int, ...], found: list[Any]) -> int:
    """Skip one value of compact type `kind`, noting every integer's (path, start, end)."""
    if kind in (1, 2):  # a bool inside a list: one byte
        return at + 1
    if kind == 3:
        return at + 1
    if kind in (4, 5, 6):
        value, end = _varint(raw, at)
        found.append((path, at, end, _unzigzag(value)))
        return end
    if kind == 7:
        return at + 8
    if kind == 8:
        size, at = _varint(raw, at)
        return at + size
    if kind in (9, 10):
        head = raw[at]
        at += 1
        size, item = head >> 4, head & 0x0F
        if size == 15:
            size, at = _varint(raw, at)
        for i in range(size):
            at = _value(raw, at, item, (*path, i), found)
        return at
    if kind == 11:
        size, at = _varint(raw, at)
        if size:
            types = raw[at]
            at += 1
            for _ in range(size):
                at = _value(raw, at, types >> 4, path, found)
                at = _value(raw, at, types & 0x0F, path, found)
        return at
    if kind == 12:
        return _struct(raw, at, path, found)
    raise ValueError(f"thrift type {kind}")


def _struct(raw: bytes, at: int, path: tuple[int, ...], found: list[Any]) -> int:
    field = 0
    while True:
        head = raw[at]
        at += 1
        if head == 0:
            return at
        delta, kind = head >> 4, head & 0x0F
        if delta:
            field += delta
        else:
            number, at = _varint(raw, at)
            field = _unzigzag(number)
        if kind in (1, 2):  # a bool field: the value is in the type
            continue
        at = _value(raw, at, kind, (*path, field), found)


def _same_length(value: int, length: int) -> bytes:
    """`value` (zigzag) as a varint of exactly `length` bytes (padded with 0x80 groups)."""
    z = (value << 1) ^ (value >> 63)
    out = bytearray()
    for _ in range(length - 1):
        out.append((z & 0x7F) | 0x80)
        z >>= 7
    assert z < 0x80
    out.append(z)
    return bytes(out)


def _understated(raw: bytes, says: int) -> bytes:
    """The file with every row group's total_byte_size (FileMetaData.row_groups[i].2) and
    every chunk's total_uncompressed_size (row_groups[i].columns[j].meta_data.6) = `says`."""
    length = struct.unpack("<I", raw[-8:-4])[0]
    start = len(raw) - 8 - length
    found: list[Any] = []
    _struct(raw, start, (), found)
    out = bytearray(raw)
    patched = 0
    for path, lo, hi, _ in found:
        sizes = len(path) == 3 and path[0] == 4 and path[2] == 2
        chunks = len(path) == 6 and path[0] == 4 and path[2] == 1 and path[4:] == (3, 6)
        if sizes or chunks:
            out[lo:hi] = _same_length(says, hi - lo)
            patched += 1
    assert patched >= 3  # one row group's figure and its two chunks' at least
    return bytes(out)


def _forged() -> bytes:
    """ids and one column of 80,000 equal 1,600-byte texts: a few KB on disk, dictionary
    encoded (read back as plain text: no Arrow schema kept), its footer understating."""
    cells = pa.DictionaryArray.from_arrays(
        pa.array(np.zeros(ROWS, dtype=np.int32)), pa.array(["x" * WIDE])
    )
    table = pa.table({"id": pa.array(np.zeros(ROWS, dtype=np.int64)), "sex": cells})
    sink = io.BytesIO()
    pq.write_table(table, sink, store_schema=False, compression="zstd")
    return _understated(sink.getvalue(), 100)


def _forged_plain(rows: int = 20_000) -> bytes:
    """The same text written plainly (no dictionary): its data pages' own headers state the
    32 MB they unpack to, the footer says 100 bytes."""
    table = pa.table(
        {"id": pa.array(np.zeros(rows, dtype=np.int64)), "sex": pa.array(["x" * WIDE] * rows)}
    )
    sink = io.BytesIO()
    pq.write_table(table, sink, store_schema=False, compression="zstd", use_dictionary=False)
    return _understated(sink.getvalue(), 100)


@pytest.fixture(scope="module")
def forged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("forged") / "claimants.parquet"
    path.write_bytes(_forged())
    return path


def test_the_forged_footer_understates_and_the_file_is_readable(forged: Path) -> None:
    """The forgery is what it claims: a small file, a footer stating a few hundred bytes,
    pages that unpack to 128 MB."""
    source = pq.ParquetFile(forged)
    meta = source.metadata
    assert forged.stat().st_size < 100_000
    stated = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    assert stated <= 100 * meta.num_row_groups
    assert meta.row_group(0).column(1).total_uncompressed_size == 100
    first = next(source.iter_batches(batch_size=10, columns=["sex"]))
    assert first.column(0).to_pylist() == ["x" * WIDE] * 10


PROBE = """
import json, sys
import pyarrow as pa
from uibenefit.service import _batch
from uibenefit.service._problems import Problem
raw = open(sys.argv[1], "rb").read()
try:
    _batch.read(raw, _batch.PARQUET, "claimants", 100_000, int(sys.argv[2]))
    status, message = 200, ""
except Problem as exc:
    status, message = exc.status, exc.problems[0]["message"]
print(json.dumps({"status": status, "message": message,
                  "peak": pa.default_memory_pool().max_memory()}))
"""


def test_the_service_refuses_it_by_what_it_unpacks_to_with_memory_bounded(forged: Path) -> None:
    """The service's reader, in a fresh process (so the memory pool's peak is this read's):
    413, and what Arrow held at its peak is a batch or two, not the 128 MB column chunk."""
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(forged), str(LIMIT)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=True,
    )
    answer = json.loads(done.stdout)
    assert answer["status"] == 413
    assert answer["message"] == f"the Parquet file unpacks to more than {LIMIT} bytes"
    assert answer["peak"] < 40_000_000, answer  # a chunk read whole: 128 MB and more


def test_pages_that_state_more_than_the_bound_are_refused_before_any_is_unpacked(
    tmp_path: Path,
) -> None:
    """Each page's header states what it unpacks to (the decoder refuses more): their sum is
    checked before a page is decompressed, so Arrow allocates next to nothing (reading the
    chunk whole first: 32 MB and more)."""
    path = tmp_path / "plain.parquet"
    path.write_bytes(_forged_plain())
    assert path.stat().st_size < 100_000
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(path), str(LIMIT)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=True,
    )
    answer = json.loads(done.stdout)
    assert answer["status"] == 413, answer
    assert answer["peak"] < LIMIT, answer


def test_pages_that_do_not_fill_their_chunk_are_unreadable() -> None:
    """A chunk whose pages do not add up to it (a forged size) is refused, not guessed at."""
    from uibenefit.tools import _unpack

    raw = bytearray(_forged_plain(50))
    source = pq.ParquetFile(io.BytesIO(bytes(raw)))
    chunk = source.metadata.row_group(0).column(1)
    start = chunk.dictionary_page_offset or chunk.data_page_offset
    found: list[Any] = []
    _struct(bytes(raw), start, (), found)
    _, lo, hi, value = next(f for f in found if f[0] == (3,))  # compressed_page_size
    raw[lo:hi] = _same_length(value - 1, hi - lo)
    with pytest.raises(_unpack.Unreadable):
        _unpack.read(bytes(raw), 10**9)


def test_an_honest_file_reads_the_same_as_whole() -> None:
    from uibenefit.population import synth
    from uibenefit.tools import _unpack

    table = synth.claimants(3000, 2)
    sink = io.BytesIO()
    pq.write_table(table, sink, row_group_size=1000)
    assert _unpack.read(sink.getvalue(), 10**9).equals(pq.read_table(io.BytesIO(sink.getvalue())))


def test_the_service_answers_413_through_its_worker(forged: Path) -> None:
    from fastapi.testclient import TestClient

    from uibenefit.service.app import Limits, create_app

    limits = Limits(batch_rows=100_000, batch_unpacked=LIMIT, batch_workers=1)
    with TestClient(create_app(limits=limits)) as client:
        r = client.post(
            "/v1/batch",
            content=forged.read_bytes(),
            headers={"content-type": "application/vnd.apache.parquet"},
        )
    assert r.status_code == 413, r.text[:300]
    assert "unpacks to more than" in r.json()["problems"][0]["message"]


def test_uibenefit_batch_refuses_it_past_the_memory_there_is(
    forged: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    """The command's bound is the memory available (here 50 MB, as a small machine would
    say): the file is counted batch by batch before it is read, refused with exit 1,
    and nothing is written."""
    from uibenefit.cli import batch as cli_batch
    from uibenefit.cli import main

    monkeypatch.setattr(cli_batch, "_available_memory", lambda: 50_000_000)
    out = tmp_path / "out.parquet"
    assert main(["batch", str(forged), "-o", str(out), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "unpacks to more than" in err and "memory" in err
    assert not out.exists()
