"""A Parquet file read as it unpacks, refused as soon as it passes a bound.

A file's footer states its sizes, and a forged one may state what it likes: 10.7 KB stating a
few KB unpacked to 400 MB. So the footer's figure is only a first check. Then each column
chunk's page headers are read (Thrift, before any page is decompressed): a page unpacks to at
most what its own header states (the decoder refuses more), so their sum bounds what
decompressing the chunk allocates, and a chunk whose pages state more than the bound is
refused unread. Then the file is read one column at a time in batches of `BATCH_ROWS` rows
and what the batches hold is counted (a dictionary page of one long text and a run of
indices unpack small and materialise large): past the bound the reading stops, at most one
batch beyond it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

HEADER_BYTES = 64 * 1024
LONG_HEADER_BYTES = 16 * 1024 * 1024
"""The bytes a page header is read from, then, if it does not end in them (statistics may
hold long min/max values), the most it may take."""
BATCH_ROWS = 8192
"""Rows a batch: small enough that one batch past the bound is little, large enough that an
honest file reads about as fast as whole column chunks (measured: 100,000 claimants, 16
columns: 35 ms in batches of 8,192 rows, 24 ms by chunk, 460 ms in batches of 256)."""


class Unreadable(ValueError):
    """A column chunk's pages cannot be walked: the file is not what its footer says."""


def _varint(raw: bytes | memoryview, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if at >= len(raw) or shift > 63:
            raise Unreadable("a page header ends early")
        byte = raw[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, at


def _skip(raw: bytes | memoryview, at: int, kind: int, depth: int) -> int:
    """Past one Thrift compact value of type `kind` (the parts of a header not needed)."""
    if depth > 16:
        raise Unreadable("a page header nests too deep")
    if kind in (1, 2, 3):  # a byte, or a bool inside a list
        return at + 1
    if kind in (4, 5, 6):
        return _varint(raw, at)[1]
    if kind == 7:
        return at + 8
    if kind == 8:
        size, at = _varint(raw, at)
        return at + size
    if kind in (9, 10):
        if at >= len(raw):
            raise Unreadable("a page header ends early")
        head, at = raw[at], at + 1
        size = head >> 4
        if size == 15:
            size, at = _varint(raw, at)
        for _ in range(size):
            at = _skip(raw, at, head & 0x0F, depth + 1)
        return at
    if kind == 12:
        return _struct(raw, at, depth + 1, {})
    raise Unreadable(f"a page header holds an unknown type {kind}")


def _struct(raw: bytes | memoryview, at: int, depth: int, wanted: dict[int, int]) -> int:
    """Past one Thrift compact struct; the integer fields named in `wanted` (id: 0) are
    filled in with their values."""
    field = 0
    while True:
        if at >= len(raw):
            raise Unreadable("a page header ends early")
        head, at = raw[at], at + 1
        if head == 0:
            return at
        if head >> 4:
            field += head >> 4
        else:
            number, at = _varint(raw, at)
            field = _zigzag(number)
        kind = head & 0x0F
        if kind in (1, 2):  # a bool field: its value is its type
            continue
        if field in wanted and kind in (4, 5, 6):
            value, at = _varint(raw, at)
            wanted[field] = _zigzag(value)
            continue
        at = _skip(raw, at, kind, depth)


def _zigzag(n: int) -> int:
    return (n >> 1) ^ -(n & 1)


Reader = Callable[[int, int], "bytes | memoryview"]


def page_bytes(read_at: Reader, chunk: Any, limit: int) -> int:
    """What one column chunk's pages state they unpack to, from their headers (PageHeader
    fields 2 and 3: uncompressed and compressed size); Unreadable when they do not tile
    the chunk, TooLarge as soon as the sum passes `limit`."""
    offsets = [chunk.data_page_offset]
    if chunk.has_dictionary_page and chunk.dictionary_page_offset:
        offsets.append(chunk.dictionary_page_offset)
    at, end = min(offsets), min(offsets) + chunk.total_compressed_size
    total = 0
    while at < end:
        sizes = {2: -1, 3: -1}
        try:
            used = _struct(read_at(at, min(HEADER_BYTES, end - at)), 0, 0, sizes)
        except Unreadable:  # a header with long statistics: once more, from more bytes
            used = _struct(read_at(at, min(LONG_HEADER_BYTES, end - at)), 0, 0, sizes)
        if sizes[2] < 0 or sizes[3] < 0:
            raise Unreadable("a page header states no size")
        total += sizes[2]
        if total > limit:
            raise TooLarge(total, limit, stated=False)
        at += used + sizes[3]
    if at != end:
        raise Unreadable("the pages do not fill their column chunk")
    return total


def pages_within(source: pq.ParquetFile, read_at: Reader, limit: int) -> None:
    """Every column chunk's pages, stated sizes summed: TooLarge past `limit`."""
    meta = source.metadata
    for group in range(meta.num_row_groups):
        row_group = meta.row_group(group)
        for column in range(row_group.num_columns):
            page_bytes(read_at, row_group.column(column), limit)


class TooLarge(Exception):
    """The file unpacks past the bound: `stated` when its footer says so, else what was
    counted when the reading stopped."""

    def __init__(self, counted: int, limit: int, stated: bool) -> None:
        super().__init__(counted, limit, stated)
        self.counted = counted
        self.limit = limit
        self.stated = stated

    def __str__(self) -> str:
        if self.stated:
            return f"the Parquet file unpacks to {self.counted} bytes, over {self.limit}"
        return f"the Parquet file unpacks to more than {self.limit} bytes"


def stated_size(source: pq.ParquetFile) -> int:
    """What the footer says the row groups unpack to."""
    meta = source.metadata
    return sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))


def _batches(source: pq.ParquetFile, group: int, name: str) -> Iterator[pa.RecordBatch]:
    yield from source.iter_batches(batch_size=BATCH_ROWS, row_groups=[group], columns=[name])


def read(raw: bytes, limit: int) -> pa.Table:
    """The whole table of a Parquet file in memory, or TooLarge as soon as what its pages
    state or what was unpacked passes `limit` bytes (Unreadable: pages that do not fit)."""
    import io

    source = pq.ParquetFile(io.BytesIO(raw))
    stated = stated_size(source)
    if stated > limit:
        raise TooLarge(stated, limit, stated=True)
    view = memoryview(raw)
    pages_within(source, lambda at, size: view[at : at + size], limit)
    schema = source.schema_arrow
    total = 0
    groups: list[pa.Table] = []
    for group in range(source.metadata.num_row_groups):
        columns = []
        for field in schema:
            parts = []
            for batch in _batches(source, group, field.name):
                total += batch.nbytes
                if total > limit:
                    raise TooLarge(total, limit, stated=False)
                parts.append(batch.column(0))
            columns.append(pa.chunked_array(parts, type=field.type))
        groups.append(pa.table(columns, names=schema.names) if columns else pa.table({}))
    if not groups:
        return schema.empty_table()
    return pa.concat_tables(groups) if len(groups) > 1 else groups[0]


def count(path: Path, limit: int) -> int:
    """The bytes a Parquet file (or a folder of them) unpacks to, counted batch by batch
    and never kept; TooLarge as soon as the count passes `limit`."""
    files = sorted(path.rglob("*.parquet")) if path.is_dir() else [path]
    total = 0
    for file in files:
        source = pq.ParquetFile(file)
        if total + stated_size(source) > limit:
            raise TooLarge(total + stated_size(source), limit, stated=True)
        with file.open("rb") as handle:

            def read_at(at: int, size: int) -> bytes:
                handle.seek(at)
                return handle.read(size)

            pages_within(source, read_at, limit)
        for group in range(source.metadata.num_row_groups):
            for name in source.schema_arrow.names:
                for batch in _batches(source, group, name):
                    total += batch.nbytes
                    if total > limit:
                        raise TooLarge(total, limit, stated=False)
    return total
