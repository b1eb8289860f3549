"""Two policies' decisions over one population, person by person and in total.

Every figure comes from `policy.evaluate_batch` (the sample explanations from
`policy.evaluate`): nothing of the law is recomputed here. Money stays integer fen per person;
totals are weighted sums rounded to the fen once, at the end.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from ..policy import Policy

MONEY = pa.decimal128(18, 2)


@dataclass(frozen=True)
class Outcome:
    """One policy's decisions, one array entry per population row."""

    name: str
    policy: Policy
    eligible: npt.NDArray[np.bool_]
    total_months: npt.NDArray[np.int64]
    months_paid: npt.NDArray[np.int64]
    due: npt.NDArray[np.int64]
    """Fen due in all: the monthly payments (`total_due`) plus any lump sum (a business starter's)."""
    lump_sum: npt.NDArray[np.int64]
    error: npt.NDArray[np.bool_]
    messages: pa.Array

    @property
    def paid(self) -> npt.NDArray[np.bool_]:
        """Beneficiaries: eligible and due some money."""
        return self.eligible & (self.due > 0) & ~self.error


def outcome(
    name: str,
    policy: Policy,
    population: pa.Table,
    events: Any,
    as_of: dt.date | None,
    client: Any = None,
) -> Outcome:
    """Evaluate `population` under `policy` (the batch engine) and keep what the impact uses.

    With a Dask `client`, the slices are evaluated on its workers (`distributed`)."""
    if client is None:
        out = policy.evaluate_batch(population, events, as_of)
    else:
        from . import distributed

        out = distributed.evaluate(client, policy, population, events, as_of)
    error = _flag(out.column("error").is_valid())
    lump = fen(out.column("lump_sum"))
    return Outcome(
        name=name,
        policy=policy,
        eligible=_flag(out.column("eligible")) & ~error,
        total_months=_ints(out.column("total_months")),
        months_paid=_ints(out.column("months_paid")),
        due=fen(out.column("total_due")) + lump,
        lump_sum=lump,
        error=error,
        messages=out.column("error").combine_chunks(),
    )


def _flag(column: Any) -> npt.NDArray[np.bool_]:
    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    return np.asarray(array.fill_null(False).to_numpy(zero_copy_only=False), dtype=np.bool_)


def _ints(column: pa.ChunkedArray) -> npt.NDArray[np.int64]:
    array = column.combine_chunks().fill_null(0)
    return np.asarray(array.to_numpy(zero_copy_only=False), dtype=np.int64)


def fen(column: pa.ChunkedArray | pa.Array) -> npt.NDArray[np.int64]:
    """A decimal128(·, 2) column as integer fen, 0 where null (read from the Arrow buffer)."""
    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if array.type != MONEY:
        array = array.cast(MONEY)
    n = len(array)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    words = np.frombuffer(array.buffers()[1], dtype="<i8")
    low = words[2 * array.offset : 2 * (array.offset + n) : 2].astype(np.int64)
    if array.null_count:
        low = np.where(np.asarray(array.is_valid().to_numpy(zero_copy_only=False)), low, 0)
    return low


def money_array(values: npt.NDArray[np.int64]) -> pa.Array:
    """Integer fen → decimal128(18, 2), built from the buffer (exact, no float on the way)."""
    words = np.empty((len(values), 2), dtype="<i8")
    words[:, 0] = values
    words[:, 1] = values >> 63
    return pa.Array.from_buffers(MONEY, len(values), [None, pa.py_buffer(words.tobytes())])


def yuan(total_fen: float) -> str:
    """A total in fen (a weighted sum may have fractions) as yuan text, rounded to the fen."""
    return str(Decimal(round(total_fen)).scaleb(-2).quantize(Decimal("0.01")))


@dataclass(frozen=True)
class Weights:
    """The rows' weights (1 each when the population has no `weight` column)."""

    values: npt.NDArray[np.float64]
    given: bool

    def count(self, mask: npt.NDArray[np.bool_]) -> float | int:
        """Weighted number of rows where `mask` holds (an int when unweighted)."""
        return int(mask.sum()) if not self.given else round(float(self.values[mask].sum()), 2)

    def total(
        self, values: npt.NDArray[np.int64], mask: npt.NDArray[np.bool_] | None = None
    ) -> float:
        """Weighted sum of `values` (over `mask`)."""
        product = values * self.values if self.given else values.astype(np.float64)
        return float(product[mask].sum() if mask is not None else product.sum())

    def number(self, value: float) -> float | int:
        """A weighted figure as the JSON shows it."""
        return round(value) if not self.given else round(value, 2)


def totals(o: Outcome, w: Weights) -> dict[str, Any]:
    """What one policy costs and reaches over the population."""
    ok = ~o.error
    return {
        "cost": yuan(w.total(o.due, ok)),
        "beneficiaries": w.count(o.paid),
        "benefit_months": w.number(w.total(o.months_paid, o.paid)),
        "entitled_months": w.number(w.total(o.total_months, o.eligible)),
        "eligible": w.count(o.eligible),
        "lump_sums": yuan(w.total(o.lump_sum, ok)),
        "people": w.count(ok),
        "errors": int(o.error.sum()),
    }


def change(base: Outcome, reform: Outcome) -> npt.NDArray[np.int64]:
    """Fen more (or less) due to each person under the reform."""
    return reform.due - base.due


def counts(base: Outcome, reform: Outcome, w: Weights) -> dict[str, Any]:
    """Winners, losers, the unchanged, and who enters or leaves the benefit."""
    ok = ~(base.error | reform.error)
    delta = change(base, reform)
    return {
        "better_off": w.count(ok & (delta > 0)),
        "worse_off": w.count(ok & (delta < 0)),
        "unchanged": w.count(ok & (delta == 0)),
        "newly_eligible": w.count(ok & reform.eligible & ~base.eligible),
        "no_longer_eligible": w.count(ok & base.eligible & ~reform.eligible),
        "months_changed": w.count(ok & (reform.total_months != base.total_months)),
    }


def largest(delta: npt.NDArray[np.int64], k: int) -> list[int]:
    """Rows of the `k` largest changes by size (ties in row order), zero changes left out."""
    size = np.abs(delta)
    nonzero = int((size > 0).sum())
    k = min(k, nonzero)
    if k == 0:
        return []
    part = np.argpartition(-size, k - 1)[:k] if k < len(size) else np.arange(len(size))
    order = np.lexsort((part, -size[part]))
    return [int(i) for i in part[order]]
