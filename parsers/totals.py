"""Totals and their parts: which figure is a part of which total, and how precisely each is written.

This is the one place the 其中 / 合计 rule lives; the completion-table pairing and the
totals check in dbt both read the `part_of` it sets.
- 其中 splits the figure just before it: the run of figures right after 其中 with its unit
  family, measure type and kind are its parts (全年清理“三块地”22853亩，其中批而未供4286亩、…);
  a context figure in the run (the 10亿元 of 其中10亿元以上产业项目8个) neither is a part nor ends it.
- 合计, 共计 or 总计 before a figure sums the run of figures of its unit family just before
  it in the sentence (城镇危房17处、农村危房132处，合计149处).
A figure's precision is half a unit of its last written digit: 1.5万 is ±0.05万; an integer
written without a multiplier (22853亩) is exact.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from parsers.measures import FRACTION_DECIMALS
from parsers.numbers import MULTIPLIERS

if TYPE_CHECKING:
    from parsers.statements import Measure

_SUM_WORDS = re.compile(r"合计|共计|总计")
# Digits after the decimal point, in either script: 12.8 and 十二点八.
_DECIMALS = re.compile(r"(?:\.|点)([\d零〇○一二三四五六七八九]+)")


# 1/3, 三分之一: an exact share, as precise as the decimals the parser keeps it to.
_FRACTION_WRITTEN = re.compile(r"\d/\d|(?<![百千])分之")


def precision_of(value_raw: str, unit_raw: str, value: float | None) -> float:
    """Half a unit of the last written digit, in the unit the value is stored in (0 when exact).

    A multiplier written in the number counts unless the unit carries it: 1.5万人 is 1.5 of
    万人, precise to 0.05; 1.5万头 is 15000 头, precise to 500.
    """
    if value is None:
        return 0.0
    if _FRACTION_WRITTEN.search(value_raw):
        return 0.5 * 10 ** -FRACTION_DECIMALS
    multiplier = next((factor for word, factor in MULTIPLIERS.items()
                       if word in value_raw and word not in ("千", "百") and not unit_raw.startswith(word)), 1.0)
    decimals = _DECIMALS.search(value_raw)
    if decimals:
        return 0.5 * 10 ** -len(decimals.group(1)) * multiplier
    return 0.5 * multiplier if multiplier > 1 else 0.0


def _same_kind_of_figure(a: Measure, b: Measure) -> bool:
    return a.unit_family == b.unit_family and a.measure_type == b.measure_type and a.kind == b.kind


def link_parts(text: str, measures: list[Measure]) -> list[Measure]:
    """The measures with part_of set to the char_start of the total each is a part of."""
    part_of: dict[int, int] = {}
    numeric = sorted((m for m in measures if m.value is not None), key=lambda m: m.char_start)
    by_sentence: dict[int, list[Measure]] = {}
    for measure in numeric:
        by_sentence.setdefault(measure.sentence_start, []).append(measure)
    for start, group in by_sentence.items():
        end = max(m.sentence_end for m in group)
        for split in re.finditer("其中", text[start:end]):
            at = start + split.start()
            after = [m for m in group if m.char_start >= at]
            # A threshold inside a name (其中10亿元以上产业项目8个) is context, not the part.
            figures = [m for m in after if m.kind != "context"] or after
            before = [m for m in group if m.char_end <= at and figures and _same_kind_of_figure(m, figures[0])]
            if not before:
                continue
            total = before[-1]
            for part in after:
                if part.kind == "context" and total.kind != "context":
                    continue
                if not _same_kind_of_figure(part, total):
                    break
                part_of[id(part)] = total.char_start
        for word in _SUM_WORDS.finditer(text[start:end]):
            at = start + word.end()
            total = next((m for m in group if at <= m.char_start <= at + 3), None)
            if total is None:
                continue
            for part in reversed([m for m in group if m.char_end <= at - len(word.group())]):
                if not _same_kind_of_figure(part, total):
                    break
                part_of[id(part)] = total.char_start
    return [replace(m, part_of=part_of.get(id(m)), value_precision=precision_of(m.value_raw, m.unit_raw, m.value)) for m in measures]
