"""Where a clause sits in its document, said in English (第四十五条 → Art. 45), for the
English account and the English printed page alike."""

from __future__ import annotations

import re

_NUMERALS = {ch: i for i, ch in enumerate("零一二三四五六七八九", 0)}
_ARTICLE = re.compile(r"第([零一二三四五六七八九十百]+)条")
_PART = re.compile(r"[一二三四五六七八九十]+")


def chinese_number(text: str) -> int:
    """一 → 1, 十二 → 12, 四十五 → 45, 一百零二 → 102 (the numerals of article numbers)."""
    total, digit = 0, 0
    for ch in text:
        if ch == "百":
            total += (digit or 1) * 100
            digit = 0
        elif ch == "十":
            total += (digit or 1) * 10
            digit = 0
        else:
            digit = _NUMERALS[ch]
    return total + digit


def locator_en(article: str) -> str:
    """A clause's place in its document, in English: 第四十五条 → Art. 45, 三 → part 3,
    正文 → text; any other locator quoted as the document writes it."""
    if found := _ARTICLE.fullmatch(article):
        return f"Art. {chinese_number(found.group(1))}"
    if _PART.fullmatch(article):
        return f"part {chinese_number(article)}"
    if article == "正文":
        return "text"
    cited = [_CITED_ARTICLE.fullmatch(part) for part in article.split("；")]
    if all(cited):  # 《办法》第一条；《办法》第四条 → Art. 1 of 《办法》; Art. 4 of 《办法》
        return "; ".join(
            f"Art. {chinese_number(m.group(2))} of {m.group(1)}" for m in cited if m is not None
        )
    english = _ANNEX.sub(lambda m: f"Annex {m.group(1)}", article)
    for chinese, words in _PARTS_EN.items():
        english = english.replace(chinese, words)
    english = _PART.sub(lambda m: str(chinese_number(m.group())), english)
    english = re.sub(r"(\d) (\d)", r"\1.\2", english)  # 三 1 → 3.1
    if not _HAN.search(english):  # every word of it read: "Annex 2, notice to … 3.1"
        return f"part {english}" if english[:1].isdigit() else english
    return f"“{article}”"


_ANNEX = re.compile(r"附件(\d+)")
_CITED_ARTICLE = re.compile(r"(《[^》]+》)第([零一二三四五六七八九十百]+)条")
"""An article of a measure the clause's document cites by its title."""
_PARTS_EN = {
    "告知书（失业人员）": "(to the unemployed)",
    "告知书（参保单位）": "(to employers)",
}
"""The two notices the league's document annexes, as its locators name them."""
_HAN = re.compile(r"[\u4e00-\u9fff]")
