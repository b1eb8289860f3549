"""The report's charts as PNG files (matplotlib, the non-interactive Agg backend).

Ticks are codes, years and numbers (area codes, not names). The words (title, axes, legend)
are in the report's language: English always; Chinese where a Chinese font is installed
(`values._fonts`). Without one a Chinese chart draws no words, its legend names ids (the
baseline by its policy's name), and its caption in the report says the title, the axes and
the legend instead. Needs the `report` extra.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ..errors import InputError
from ..values._fonts import can_draw, han_font
from ..values._messages import label


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


@dataclass(frozen=True)
class Words:
    """A chart's words in one language, and whether the chart can draw them."""

    lang: str | None
    title: str
    x: str
    y: str
    baseline: str
    """The baseline's legend name: 'baseline' (基线), or its policy's name (an id)."""
    draw: bool

    @classmethod
    def of(
        cls, lang: str | None, chart: str, x: str, y: str, policy: str, **values: object
    ) -> Words:
        """The words of `chart` (a key of the catalogue's impact.chart.*) in `lang`."""
        draw = can_draw(lang)
        return cls(
            lang,
            label(f"impact.chart.{chart}", lang, **values),
            label(f"impact.axis.{x}", lang) if x else str(values.get("parameter", "")),
            label(f"impact.axis.{y}", lang),
            label("impact.baseline", lang) if draw else policy,
            draw,
        )

    def caption(self, reforms: list[str], baseline: bool = True) -> str:
        """The caption: the title; when the words are not drawn, the axes and the legend
        (the baseline, if drawn, and `reforms`) too."""
        if self.draw:
            return self.title
        text = label("chart.caption", self.lang, title=self.title, x=self.x, y=self.y)
        names = [f"{self.baseline}：{label('impact.baseline', self.lang)}"] if baseline else []
        return text + label("chart.legend", self.lang, names="，".join([*names, *reforms]))

    def style(self) -> Any:
        """matplotlib settings for the drawing: a Chinese font under zh."""
        font = han_font() if self.lang == "zh" and self.draw else None
        return {"font.sans-serif": [font, "DejaVu Sans"]} if font else {}

    def say(self, ax: Any, title: str | None = None) -> None:
        """The title and axes on `ax`, where they can be drawn."""
        if self.draw:
            ax.set_title(self.title if title is None else title)
            ax.set_xlabel(self.x)
            ax.set_ylabel(self.y)


def _million(values: list[float]) -> list[float]:
    return [v / 1e6 for v in values]


def _save(fig: Any, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=100, metadata={"Software": None})
    _pyplot().close(fig)
    return path


def cost_by(summary: dict[str, Any], dimension: str, path: Path, words: Words) -> Path:
    """Grouped bars: the baseline's cost and each reform's, per group of `dimension`."""
    plt = _pyplot()
    with plt.rc_context(words.style()):
        reforms = summary["reforms"]
        first = next(iter(reforms.values()))
        rows = first["by_group"][dimension]
        labels = [r["group"] for r in rows]
        series = {words.baseline: [float(r["baseline_cost"]) for r in rows]}
        for name, reform in reforms.items():
            series[name] = [float(r["cost"]) for r in reform["by_group"][dimension]]
        fig, ax = plt.subplots(figsize=(max(6.0, 0.9 * len(labels) + 2), 4))
        width = 0.8 / len(series)
        x = np.arange(len(labels))
        for k, (name, values) in enumerate(series.items()):
            ax.bar(x + k * width - 0.4 + width / 2, _million(values), width, label=name)
        ax.set_xticks(x, labels, rotation=30 if len(labels) > 6 else 0)
        words.say(ax)
        ax.legend(fontsize="small")
        return _save(fig, path)


def change_distribution(
    changes: dict[str, npt.NDArray[np.float64]], path: Path, words: Words
) -> Path:
    """Histogram of the per-person change in yuan, people whose money moved only."""
    plt = _pyplot()
    with plt.rc_context(words.style()):
        fig, ax = plt.subplots(figsize=(7, 4))
        drawn = False
        everything = np.concatenate([v[v != 0] for v in changes.values()] or [np.zeros(0)])
        bins = np.histogram_bin_edges(everything, bins=40) if len(everything) else 40
        for name, values in changes.items():
            moved = values[values != 0]
            unchanged = len(values) - len(moved)
            if len(moved):
                shown = name
                if words.draw:
                    shown = label("impact.legend.unchanged", words.lang, name=name, n=unchanged)
                ax.hist(moved, bins=bins, alpha=0.6, label=shown)
                drawn = True
        if not drawn and words.draw:
            nobody = label("impact.nobody_moved", words.lang)
            ax.text(0.5, 0.5, nobody, ha="center", va="center", transform=ax.transAxes)
        words.say(ax)
        if drawn:
            ax.legend(fontsize="small")
        return _save(fig, path)


def sweep_curves(sweep: dict[str, Any], path: Path, words: Words) -> Path:
    """Cost and beneficiaries against the swept value."""
    plt = _pyplot()
    with plt.rc_context(words.style()):
        points = sweep["points"]
        x = [float(p["value"]) for p in points]
        fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
        left.plot(x, _million([float(p["cost"]) for p in points]), marker="o")
        base = float(sweep["baseline_cost"]) / 1e6
        left.axhline(base, color="grey", linestyle="--", label=words.baseline)
        left.legend(fontsize="small")
        right.plot(x, [float(p["beneficiaries"]) for p in points], marker="o", color="tab:green")
        right.set_xlabel(sweep["parameter"])
        if words.draw:
            left.set_ylabel(words.y)
            right.set_ylabel(label("impact.axis.beneficiaries", words.lang))
            fig.suptitle(words.title)
        left.set_xlabel(sweep["parameter"])
        return _save(fig, path)
