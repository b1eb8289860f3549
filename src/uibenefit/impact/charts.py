"""The report's charts as PNG files (matplotlib, the non-interactive Agg backend).

Labels are ASCII (area codes, not names) so no CJK font is needed; the report's tables give
the names. Needs the `report` extra.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ..errors import InputError


def _pyplot() -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise InputError(
            "the impact report's charts need matplotlib: pip install 'uibenefit[report]'"
        ) from None
    return plt


def _million(values: list[float]) -> list[float]:
    return [v / 1e6 for v in values]


def _save(fig: Any, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=100, metadata={"Software": None})
    _pyplot().close(fig)
    return path


def cost_by(summary: dict[str, Any], dimension: str, path: Path, title: str) -> Path:
    """Grouped bars: the baseline's cost and each reform's, per group of `dimension`."""
    plt = _pyplot()
    reforms = summary["reforms"]
    first = next(iter(reforms.values()))
    rows = first["by_group"][dimension]
    labels = [r["group"] for r in rows]
    series = {"baseline": [float(r["baseline_cost"]) for r in rows]}
    for name, reform in reforms.items():
        series[name] = [float(r["cost"]) for r in reform["by_group"][dimension]]
    fig, ax = plt.subplots(figsize=(max(6.0, 0.9 * len(labels) + 2), 4))
    width = 0.8 / len(series)
    x = np.arange(len(labels))
    for k, (name, values) in enumerate(series.items()):
        ax.bar(x + k * width - 0.4 + width / 2, _million(values), width, label=name)
    ax.set_xticks(x, labels, rotation=30 if len(labels) > 6 else 0)
    ax.set_ylabel("cost, million yuan")
    ax.set_title(title)
    ax.legend(fontsize="small")
    return _save(fig, path)


def change_distribution(changes: dict[str, npt.NDArray[np.float64]], path: Path) -> Path:
    """Histogram of the per-person change in yuan, people whose money moved only."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 4))
    drawn = False
    everything = np.concatenate([v[v != 0] for v in changes.values()] or [np.zeros(0)])
    bins = np.histogram_bin_edges(everything, bins=40) if len(everything) else 40
    for name, values in changes.items():
        moved = values[values != 0]
        unchanged = len(values) - len(moved)
        if len(moved):
            ax.hist(moved, bins=bins, alpha=0.6, label=f"{name} ({unchanged} rows unchanged)")
            drawn = True
    if not drawn:
        ax.text(
            0.5, 0.5, "no person's money changes", ha="center", va="center", transform=ax.transAxes
        )
    ax.set_xlabel("change in total due per person, yuan")
    ax.set_ylabel("rows")
    ax.set_title("Distribution of the per-person change (changed rows)")
    if drawn:
        ax.legend(fontsize="small")
    return _save(fig, path)


def sweep_curves(sweep: dict[str, Any], path: Path) -> Path:
    """Cost and beneficiaries against the swept value."""
    plt = _pyplot()
    points = sweep["points"]
    x = [float(p["value"]) for p in points]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    left.plot(x, _million([float(p["cost"]) for p in points]), marker="o")
    left.axhline(
        float(sweep["baseline_cost"]) / 1e6, color="grey", linestyle="--", label="baseline"
    )
    left.set_ylabel("cost, million yuan")
    left.legend(fontsize="small")
    right.plot(x, [float(p["beneficiaries"]) for p in points], marker="o", color="tab:green")
    right.set_ylabel("beneficiaries")
    for ax in (left, right):
        ax.set_xlabel(sweep["parameter"])
    fig.suptitle(f"Sweep of {sweep['parameter']}")
    return _save(fig, path)
