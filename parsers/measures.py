"""Find every number-with-unit in a normalized report text."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from parsers.indicators import segment
from parsers.numbers import ARABIC, CHINESE, parse_number
from parsers.qualifiers import AFTER_PATTERN, BEFORE_PATTERN, INSIDE_PATTERN
from parsers.units import UNIT_PATTERN, UNIT_TO_FAMILY, unit_family

_NUMBER = rf"(?:{ARABIC}|{CHINESE})(?:万亿|亿|万|千)?"
_RANGE_SEPARATOR = r"[-~至到—－]"
MEASURE = re.compile(
    rf"(?P<num>{_NUMBER})"
    rf"(?:(?P<unit1>{UNIT_PATTERN})?(?P<sep>{_RANGE_SEPARATOR})(?P<num2>{_NUMBER}))?"
    rf"(?P<approx>{INSIDE_PATTERN})?"
    rf"(?P<unit>{UNIT_PATTERN})"
    rf"(?P<suffix>{AFTER_PATTERN})?"
)
# Numbers whose unit is written as words around them.
_PERCENT_WORDS = re.compile(
    rf"(?P<per>百分之|千分之)(?P<num>{ARABIC}|{CHINESE})"
    rf"(?:(?:至|到|—|-)(?:百分之|千分之)?(?P<num2>{ARABIC}|{CHINESE}))?(?P<suffix>{AFTER_PATTERN})?"
)
_FRACTION = re.compile(
    rf"(?P<den>[一二三四五六七八九十]|\d{{1,2}})分之(?P<numer>[一二两三四五六七八九]|\d{{1,2}})(?P<suffix>{AFTER_PATTERN})?"
)
# A fraction (三分之一, 1/3) is kept as a percent to this many decimals: 33.33.
FRACTION_DECIMALS = 2
# 超过全市1/5: an Arabic fraction of a whole.
_ARABIC_FRACTION = re.compile(r"(?<![\d./])(?P<numer>[1-9])/(?P<den>[2-9]|10)(?![\d./])")
# 增长两成, 减产一成以上: tenths, when nothing but a qualifier or punctuation follows 成.
_TENTHS = re.compile(rf"(?P<num>[一二两三四五六七八九])成(?P<suffix>{AFTER_PATTERN})?(?=[，。；、：）”\n]|$)")
# 翻一番 doubles (grows by 1倍), 翻两番 quadruples (grows by 3倍).
_DOUBLING = re.compile(r"翻(?P<times>[一两二三四])?番")
# 三次产业结构0.2:7.8:92 — a ratio is only read where the words around it say so.
_RATIO = re.compile(r"(?<![\d.:])(\d+(?:\.\d+)?)(?::\d+(?:\.\d+)?){1,4}(?![\d:])")
_RATIO_WORDS = re.compile(r"比|结构|比例|之比")
_PREFIX = re.compile(rf"(?:{BEFORE_PATTERN})$")
_WORDS_ENDING_IN_YUE = set("签预合节制公条契邀特")
_SENTENCE_END = re.compile(r"[。！？；\n]")
_FULL_STOP = re.compile(r"[。！？\n]")


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


@lru_cache(maxsize=16)
def _sentence_ends(text: str, ends: re.Pattern[str] = _SENTENCE_END) -> tuple[int, ...]:
    """Where each sentence of text ends, kept for the few texts being read: every number asks."""
    return tuple(m.end() for m in ends.finditer(text))


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """The sentence around pos: from after the previous 。！？；or line break to the next one, inclusive."""
    ends = _sentence_ends(text)
    following = bisect_right(ends, pos)
    start = ends[following - 1] if following else 0
    end = ends[following] if following < len(ends) else len(text)
    if text[end - 1 : end] == "\n":
        end -= 1
    while start < end and text[start] in "\t ":
        start += 1
    return start, end


def full_sentence_start(text: str, pos: int) -> int:
    """Where the sentence around pos starts when ； does not end it: after the previous 。！？ or line break."""
    ends = _sentence_ends(text, _FULL_STOP)
    following = bisect_right(ends, pos)
    return ends[following - 1] if following else 0


def _split_multiplier(number: str, unit: str, adjacent: bool = True) -> tuple[str, str]:
    """'660亿'+'元' is 660 of 亿元; '19万'+'头' is 190000 of 头; '1.3万多人' is 13000 of 人.

    Chinese numerals split the same way: 一万六千七百七十亿元 is 16770 of 亿元.
    """
    for mult in ("万亿", "亿", "万", "千"):
        rest = number[: -len(mult)]
        if adjacent and number.endswith(mult) and (mult + unit) in UNIT_TO_FAMILY \
                and re.fullmatch(f"{ARABIC}|{CHINESE}", rest):
            return rest, mult + unit
    return number, unit


_CODE = re.compile(r"[A-Za-z0-9]+$")


def _is_ordinal_or_code(text: str, start: int, number: str) -> bool:
    before = text[start - 1] if start > 0 else ""
    if before == "第":
        return True
    # G20, 5G, S1号线 are codes; GDP3464.09亿元 is a quantity after an indicator abbreviation.
    code = _CODE.search(text, max(0, start - 8), start) if before.isascii() and before.isalnum() else None
    if code and not (code.group().isalpha() and len(code.group()) >= 2):
        return True
    # 几十亿元, 数十家: the numeral is vague.
    if before and before in "几数" and not number[:1].isdigit():
        return True
    # A bare 一 is an article ("建立一个平台"), not a quantity.
    return number in ("一", "一千", "一万") and not _PREFIX.search(text, max(0, start - 4), start)


def _raw(text: str, start: int, end: int, value: float, value_high: float | None, value_raw: str, unit: str,
         suffix: str = "", approximation: str = "") -> RawMeasure:
    """A measure found at text[start:end], with the qualifier word just before it and its sentence."""
    sentence_start, sentence_end = sentence_bounds(text, start)
    prefix = _PREFIX.search(text, max(sentence_start, start - 4), start)
    if prefix and prefix.group() == "约" and text[start - 2 : start - 1] in _WORDS_ENDING_IN_YUE:
        prefix = None  # 签约4家 is "signed 4", not "about 4"
    return RawMeasure(
        char_start=start - (len(prefix.group()) if prefix else 0), char_end=end, value=value, value_high=value_high,
        value_raw=value_raw, unit_raw=unit, unit_family=unit_family(unit),
        qualifier_prefix=prefix.group() if prefix else "", qualifier_suffix=suffix or "",
        approximation=approximation or "", sentence_start=sentence_start, sentence_end=sentence_end,
        sentence=text[sentence_start:sentence_end],
    )


def _find_ratios(text: str) -> list[RawMeasure]:
    ratios = []
    for m in _RATIO.finditer(text):
        sentence_start, _ = sentence_bounds(text, m.start())
        if _RATIO_WORDS.search(text[max(sentence_start, m.start() - 12) : m.start()]):
            ratios.append(_raw(text, m.start(), m.end(), float(m.group(1)), None, m.group(), "比"))
    return ratios


def _in_fixed_expression(text: str, start: int, end: int) -> bool:
    """四人帮, 三个代表: a Chinese numeral and its unit inside a longer fixed word are a name."""
    window_start = max(0, start - 4)
    offset = window_start
    for token in segment(text[window_start : end + 4]):
        token_end = offset + len(token)
        if offset <= start and token_end >= end and (offset < start or token_end > end):
            return True
        offset = token_end
    return False


# 八个多月, 三个工作日: a duration counted in 个, not a quantity.
_DURATION_AFTER = re.compile(r"多?(?:月|小时|星期|工作日)")


def _find_numbers_with_units(text: str) -> list[RawMeasure]:
    found = []
    for m in MEASURE.finditer(text):
        unit = m.group("unit")
        if unit == "个" and _DURATION_AFTER.match(text, m.end()):
            continue
        if not m.group("num")[:1].isdigit() and len(m.group()) <= 4 and _in_fixed_expression(text, m.start(), m.end()):
            continue
        number, unit = _split_multiplier(m.group("num"), unit, adjacent=not m.group("approx"))
        if _is_ordinal_or_code(text, m.start(), m.group("num")):
            continue
        try:
            value = parse_number(number, unit)
            value_high = None
            if m.group("num2"):
                number2, _ = _split_multiplier(m.group("num2"), m.group("unit"), adjacent=not m.group("approx"))
                value_high = parse_number(number2, unit)
        except ValueError:
            continue
        found.append(_raw(text, m.start(), m.end(), value, value_high, text[m.start() : m.start("unit")], unit,
                          m.group("suffix"), m.group("approx")))
    return found


def _find_worded_units(text: str) -> list[RawMeasure]:
    """Percentages, fractions, tenths and doublings written in words: 百分之七点五, 三分之一, 两成, 翻两番."""
    found = []
    for m in _PERCENT_WORDS.finditer(text):
        unit = "%" if m.group("per") == "百分之" else "‰"
        try:
            value = parse_number(m.group("num"))
            value_high = parse_number(m.group("num2")) if m.group("num2") else None
        except ValueError:
            continue
        end = m.end("num2") if m.group("num2") else m.end("num")
        found.append(_raw(text, m.start(), m.end(), value, value_high, text[m.start() : end], unit, m.group("suffix")))
    for m in (*_FRACTION.finditer(text), *_ARABIC_FRACTION.finditer(text)):
        try:
            share = parse_number(m.group("numer")) / parse_number(m.group("den"))
        except (ValueError, ZeroDivisionError):
            continue
        if 0 < share < 1:
            found.append(_raw(text, m.start(), m.end(), round(100 * share, FRACTION_DECIMALS), None,
                              text[m.start() : m.end("numer")] if "分之" in m.group() else m.group(), "%",
                              m.groupdict().get("suffix") or ""))
    for m in _TENTHS.finditer(text):
        found.append(_raw(text, m.start(), m.end(), 10 * parse_number(m.group("num")), None,
                          text[m.start() : m.start() + 2], "%", m.group("suffix")))
    for m in _DOUBLING.finditer(text):
        times = parse_number(m.group("times")) if m.group("times") else 1
        found.append(_raw(text, m.start(), m.end(), 2 ** times - 1, None, m.group(), "倍"))
    return found


def find_measures(text: str) -> list[RawMeasure]:
    """Every number with its unit in text, one measure per stretch of text (the longest wins)."""
    candidates = sorted(
        [*_find_ratios(text), *_find_numbers_with_units(text), *_find_worded_units(text)],
        key=lambda m: (m.char_start, -(m.char_end - m.char_start)),
    )
    measures: list[RawMeasure] = []
    for measure in candidates:
        if measures and measure.char_start < measures[-1].char_end:
            continue
        measures.append(measure)
    return measures


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
