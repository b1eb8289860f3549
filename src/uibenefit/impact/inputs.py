"""The population and its events as Arrow tables, and the `weight` column read once.

The impact reads the population itself (once) because it groups and weights rows the batch
engine does not look at; the decisions still come from `policy.evaluate_batch` alone.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import InputError
from ..values.claimant import Claimant

FIELDS = tuple(f.name for f in dataclasses.fields(Claimant))
"""The Claimant fields: a population's columns (plus `id` and an optional `weight`)."""


def read_table(source: Any, what: str) -> pa.Table:
    """A Table from a Table, RecordBatch, DataFrame or a Parquet/CSV path (errors named)."""
    if isinstance(source, pa.Table):
        return source
    if isinstance(source, pa.RecordBatch):
        return pa.Table.from_batches([source])
    if isinstance(source, str | Path):
        return _read_path(Path(source), what)
    if hasattr(source, "to_arrow"):  # polars
        table: pa.Table = source.to_arrow()
        return table
    if type(source).__module__.split(".")[0] == "pandas":
        return pa.Table.from_pandas(source, preserve_index=False)
    if hasattr(source, "__arrow_c_stream__"):
        return pa.table(source)
    raise InputError(
        "expected a pyarrow Table, a DataFrame or a path to a Parquet or CSV file, "
        f"got {type(source).__name__}",
        field=what,
    )


def _read_path(path: Path, what: str) -> pa.Table:
    if not path.exists():
        raise InputError("no such file or folder", path=str(path), field=what)
    suffix = path.suffix.lower()
    try:
        if path.is_dir() or suffix in (".parquet", ".pq"):
            import pyarrow.parquet as pq

            return pq.read_table(path)
        if suffix in (".csv", ".txt"):
            import pyarrow.csv as pcsv

            names = [*FIELDS, "id", "kind", "on", "weight"]
            options = pcsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=True
            )
            return pcsv.read_csv(path, convert_options=options)
    except (pa.ArrowInvalid, OSError) as exc:
        raise InputError(f"cannot read the {what}: {exc}", path=str(path)) from None
    raise InputError(
        f"expected a .parquet or .csv file (or a folder of Parquet files), got '{suffix}'",
        path=str(path),
        field=what,
    )


def weights(table: pa.Table, where: str | None) -> npt.NDArray[np.float64] | None:
    """The `weight` column as floats (None when absent); a bad weight names its row."""
    if "weight" not in table.column_names:
        return None
    column = table.column("weight")
    try:
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            column = pc.cast(pc.utf8_trim_whitespace(column), pa.float64())
        values = np.asarray(column.cast(pa.float64()).to_numpy(zero_copy_only=False))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        values = np.array([_one_weight(v) for v in column.to_pylist()], dtype=np.float64)
    bad = np.flatnonzero(~np.isfinite(values) | (values < 0))
    if len(bad):
        row = int(bad[0])
        raise InputError(
            f"row {row + 1} (id {table.column('id')[row].as_py() if 'id' in table.column_names else '?'}): "
            f"weight {table.column('weight')[row].as_py()!r} is not a number of 0 or more"
            + (f" ({len(bad)} such rows)" if len(bad) > 1 else ""),
            field="weight",
            path=where,
        )
    return values


def _one_weight(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")
