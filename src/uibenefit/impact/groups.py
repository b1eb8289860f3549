"""The groups an impact is broken down by: area, sex, age band, contribution band, year.

Bands are bands of analysis, not of law: ages at separation in the bands an analyst asks
about near retirement, contribution time in whole years. A row whose field is missing or
unreadable falls in the group "unknown" (it is counted, never dropped).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

UNKNOWN = "unknown"

AGE_BANDS = (
    (0, "under 30"),
    (30, "30-39"),
    (40, "40-49"),
    (50, "50-54"),
    (55, "55-59"),
    (60, "60 and over"),
)
"""Age at separation, whole years: (lowest age, label)."""

CONTRIBUTION_BANDS = (
    (0, "under 1 year"),
    (12, "1-4 years"),
    (60, "5-9 years"),
    (120, "10-19 years"),
    (240, "20 years and more"),
)
"""Contribution time in months: (lowest, label)."""

DIMENSIONS = ("area", "sex", "age_band", "contribution_band", "separation_year")


@dataclass(frozen=True)
class Grouping:
    """One dimension: a group index per row and the label of each index."""

    name: str
    codes: npt.NDArray[np.int64]
    labels: tuple[str, ...]
    names: Mapping[str, str] = field(default_factory=dict)
    """A readable name for a label (an area code's place name), where the policy gives one."""

    def column(self) -> pa.DictionaryArray:
        """The labels per row, dictionary-encoded (for the per-person table)."""
        return pa.DictionaryArray.from_arrays(
            pa.array(self.codes.astype(np.int32)), pa.array(self.labels, type=pa.string())
        )


def groupings(population: pa.Table, area_names: Mapping[str, str] | None = None) -> list[Grouping]:
    """Every dimension of DIMENSIONS for the rows of `population` (areas named if given)."""
    birth = _days(population, "birth_date")
    separation = _days(population, "separation_date")
    return [
        dataclasses.replace(
            _categorical("area", population, "insured_area"), names=dict(area_names or {})
        ),
        _categorical("sex", population, "sex"),
        _banded("age_band", _age(birth, separation), AGE_BANDS),
        _banded(
            "contribution_band", _number(population, "contribution_months"), CONTRIBUTION_BANDS
        ),
        _year(separation),
    ]


def _text(population: pa.Table, name: str) -> pa.Array:
    if name not in population.column_names:
        return pa.nulls(population.num_rows, pa.string())
    column = population.column(name).combine_chunks()
    if pa.types.is_dictionary(column.type):
        column = column.cast(column.type.value_type)
    return pc.cast(column, pa.string())


def _categorical(name: str, population: pa.Table, column: str) -> Grouping:
    text = pc.fill_null(_text(population, column), UNKNOWN)
    encoded = (
        pc.dictionary_encode(text).combine_chunks()
        if isinstance(text, pa.ChunkedArray)
        else pc.dictionary_encode(text)
    )
    labels = [str(v) for v in encoded.dictionary.to_pylist()]
    order = sorted(range(len(labels)), key=lambda i: (labels[i] == UNKNOWN, labels[i]))
    rank = np.empty(len(labels), dtype=np.int64)
    rank[order] = np.arange(len(labels))
    codes = rank[np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int64)]
    return Grouping(name, codes, tuple(labels[i] for i in order))


def _days(population: pa.Table, name: str) -> pa.Array:
    """The column as date32, null where missing or unreadable."""
    if name not in population.column_names:
        return pa.nulls(population.num_rows, pa.date32())
    column = population.column(name).combine_chunks()
    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
        column = pc.strptime(
            pc.utf8_trim_whitespace(column), format="%Y-%m-%d", unit="s", error_is_null=True
        )
    try:
        return pc.cast(column, pa.date32())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return pa.nulls(population.num_rows, pa.date32())


def _parts(days: pa.Array) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """(year, month × 32 + day) as floats, NaN where null."""
    year = pc.year(days).to_numpy(zero_copy_only=False).astype(np.float64)
    md = pc.add(pc.multiply(pc.month(days), 32), pc.day(days))
    return year, md.to_numpy(zero_copy_only=False).astype(np.float64)


def _number(population: pa.Table, name: str) -> npt.NDArray[np.float64]:
    if name not in population.column_names:
        return np.full(population.num_rows, np.nan)
    column = population.column(name).combine_chunks()
    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
        column = pc.utf8_trim_whitespace(column)
        ok = pc.fill_null(pc.match_substring_regex(column, r"^-?[0-9]{1,9}$"), False)
        column = pc.if_else(ok, column, pa.scalar(None, pa.string()))
    try:
        return np.asarray(
            pc.cast(column, pa.float64()).to_numpy(zero_copy_only=False), dtype=np.float64
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return np.full(population.num_rows, np.nan)


def _age(birth: pa.Array, separation: pa.Array) -> npt.NDArray[np.float64]:
    """Whole years from birth to separation (a birthday on the day counts), NaN if unknown."""
    b_year, b_md = _parts(birth)
    s_year, s_md = _parts(separation)
    return s_year - b_year - (s_md < b_md)


def _banded(
    name: str, values: npt.NDArray[np.float64], bands: tuple[tuple[int, str], ...]
) -> Grouping:
    edges = np.array([low for low, _ in bands[1:]], dtype=np.float64)
    codes = np.searchsorted(edges, np.where(np.isnan(values), 0, values), side="right")
    codes = np.where(np.isnan(values), len(bands), codes).astype(np.int64)
    return Grouping(name, codes, (*(label for _, label in bands), UNKNOWN))


def _year(separation: pa.Array) -> Grouping:
    year = _parts(separation)[0]
    known = ~np.isnan(year)
    present = np.unique(year[known])
    index = np.searchsorted(present, np.where(known, year, 0))
    codes = np.where(known, index, len(present)).astype(np.int64)
    return Grouping("separation_year", codes, (*(str(int(y)) for y in present), UNKNOWN))
