"""A font that draws Chinese, for the reports' charts under `--lang zh`.

matplotlib's own fonts (DejaVu) have no Han glyphs: Chinese drawn with them comes out as
empty boxes. A chart asks `han_font()`; when the machine has none of the common CJK fonts,
the chart draws no words (only numbers, codes and ids) and its caption carries its title,
axes and legend in Chinese instead.
"""

from __future__ import annotations

from functools import cache

HAN_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
    "AR PL UMing CN",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
)
"""Families that draw simplified Chinese, by preference."""


@cache
def han_font() -> str | None:
    """The first installed font family of `HAN_FONTS`, or None (matplotlib needed)."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in HAN_FONTS if name in installed), None)


def can_draw(lang: str | None) -> bool:
    """Whether a chart in `lang` can draw its words (English always; Chinese with a font)."""
    return lang != "zh" or han_font() is not None
