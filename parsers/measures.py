"""Find every number-with-unit in a normalized report text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsers.numbers import ARABIC, CHINESE, parse_number
from parsers.units import UNIT_PATTERN, UNIT_TO_FAMILY, unit_family

_NUMBER = rf"(?:{ARABIC}|{CHINESE})(?:万亿|亿|万|千)?"
MEASURE = re.compile(
    rf"(?P<num>{_NUMBER})"
    rf"(?:(?P<unit1>{UNIT_PATTERN})?(?P<sep>[-~至到])(?P<num2>{_NUMBER}))?"
    rf"(?P<approx>余|多)?"
    rf"(?P<unit>{UNIT_PATTERN})"
    rf"(?P<suffix>以上|以内|以下|左右|上下)?"
)
# 三次产业结构0.2:7.8:92 — a ratio is only read where the words around it say so.
_RATIO = re.compile(r"(?<![\d.:])(\d+(?:\.\d+)?)(?::\d+(?:\.\d+)?){1,4}(?![\d:])")
_RATIO_WORDS = re.compile(r"比|结构|比例|之比")
_PREFIX = re.compile(r"(?:超过|超|突破|逾|近|约|不低于|不少于|不超过|不高于|控制在|高于|低于)$")
_WORDS_ENDING_IN_YUE = set("签预合节制公条契邀特")
_SENTENCE_END = re.compile(r"[。！？；\n]")


@dataclass(frozen=True)
class RawMeasure:
    """One number with its unit, as written. Offsets point into the normalized text."""

    char_start: int
    char_end: int
    value: float
    value_high: float | None
    value_raw: str
    unit_raw: str
    unit_family: str
    qualifier_prefix: str
    qualifier_suffix: str
    approximation: str
    sentence_start: int
    sentence_end: int
    sentence: str


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """The sentence around pos: from after the previous 。！？；or line break to the next one, inclusive."""
    start = pos
    while start > 0 and not _SENTENCE_END.match(text[start - 1]):
        start -= 1
    match = _SENTENCE_END.search(text, pos)
    end = match.end() if match else len(text)
    if text[end - 1 : end] == "\n":
        end -= 1
    while start < end and text[start] in "\t ":
        start += 1
    return start, end


def _split_multiplier(number: str, unit: str, adjacent: bool = True) -> tuple[str, str]:
    """'660亿'+'元' is 660 of 亿元; '19万'+'头' is 190000 of 头; '1.3万多人' is 13000 of 人."""
    for mult in ("万亿", "亿", "万", "千"):
        if adjacent and number.endswith(mult) and (mult + unit) in UNIT_TO_FAMILY and re.fullmatch(ARABIC, number[: -len(mult)]):
            return number[: -len(mult)], mult + unit
    return number, unit


def _is_ordinal_or_code(text: str, start: int, number: str) -> bool:
    before = text[start - 1] if start > 0 else ""
    if before == "第" or (before.isascii() and before.isalnum()):
        return True
    # A bare 一 is an article ("建立一个平台"), not a quantity.
    return number in ("一", "一千", "一万") and before not in "超近约逾"


def _find_ratios(text: str) -> list[RawMeasure]:
    ratios = []
    for m in _RATIO.finditer(text):
        sentence_start, sentence_end = sentence_bounds(text, m.start())
        if not _RATIO_WORDS.search(text[max(sentence_start, m.start() - 12) : m.start()]):
            continue
        ratios.append(RawMeasure(
            char_start=m.start(), char_end=m.end(), value=float(m.group(1)), value_high=None,
            value_raw=m.group(), unit_raw="比", unit_family="ratio", qualifier_prefix="", qualifier_suffix="",
            approximation="", sentence_start=sentence_start, sentence_end=sentence_end,
            sentence=text[sentence_start:sentence_end],
        ))
    return ratios


def find_measures(text: str) -> list[RawMeasure]:
    measures: list[RawMeasure] = _find_ratios(text)
    for m in MEASURE.finditer(text):
        number, unit = _split_multiplier(m.group("num"), m.group("unit"), adjacent=not m.group("approx"))
        if _is_ordinal_or_code(text, m.start(), m.group("num")):
            continue
        try:
            value = parse_number(number)
            value_high = None
            if m.group("num2"):
                number2, _ = _split_multiplier(m.group("num2"), m.group("unit"), adjacent=not m.group("approx"))
                value_high = parse_number(number2)
        except ValueError:
            continue
        sentence_start, sentence_end = sentence_bounds(text, m.start())
        prefix = _PREFIX.search(text[max(sentence_start, m.start() - 4) : m.start()])
        if prefix and prefix.group() == "约" and text[m.start() - 2 : m.start() - 1] in _WORDS_ENDING_IN_YUE:
            prefix = None  # 签约4家 is "signed 4", not "about 4"
        measures.append(
            RawMeasure(
                char_start=m.start() - (len(prefix.group()) if prefix else 0),
                char_end=m.end(),
                value=value,
                value_high=value_high,
                value_raw=text[m.start() : m.start("unit")],
                unit_raw=unit,
                unit_family=unit_family(unit),
                qualifier_prefix=prefix.group() if prefix else "",
                qualifier_suffix=m.group("suffix") or "",
                approximation=m.group("approx") or "",
                sentence_start=sentence_start,
                sentence_end=sentence_end,
                sentence=text[sentence_start:sentence_end],
            )
        )
    return sorted(measures, key=lambda m: m.char_start)


_CELL_VALUE = re.compile(rf"(?P<num>{_NUMBER})(?:[-~至到](?P<num2>{_NUMBER}))?(?P<suffix>以上|以内|以下|左右)?")


def find_cell_value(cell: str, unit: str) -> RawMeasure | None:
    """The number of a table cell whose unit stands in its own column: '5.5左右' with unit '%'."""
    inline = find_measures(cell)
    if inline:
        return inline[0]
    m = _CELL_VALUE.search(cell)
    if not m or unit not in UNIT_TO_FAMILY:
        return None
    try:
        value = parse_number(m.group("num"))
        value_high = parse_number(m.group("num2")) if m.group("num2") else None
    except ValueError:
        return None
    prefix = _PREFIX.search(cell[: m.start()])
    return RawMeasure(
        char_start=m.start() - (len(prefix.group()) if prefix else 0), char_end=m.end(), value=value,
        value_high=value_high, value_raw=cell[m.start() : m.end("num2") if m.group("num2") else m.end("num")],
        unit_raw=unit, unit_family=unit_family(unit), qualifier_prefix=prefix.group() if prefix else "",
        qualifier_suffix=m.group("suffix") or "", approximation="", sentence_start=0, sentence_end=len(cell),
        sentence=cell,
    )
