"""Years and spans of years as reports write them: 2023年, 一九八五年, “十四五”, 五年内, 到2025年.

A Period is the span a figure covers: one year, or several (a five-year plan, 过去五年,
到2025年). Everything here reads a phrase relative to the report's plan year, the year its
targets are for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsers.numbers import parse_chinese

_CN_YEAR_DIGIT = "〇零一二三四五六七八九"
# 2023 or 二〇二三 / 一九八五 (a year in Chinese numerals is four digit characters).
YEAR = rf"(?:(?:19|20)\d{{2}}|[一二][{_CN_YEAR_DIGIT}]{{3}})"
_YEAR_WORD = re.compile(rf"(?<![\d{_CN_YEAR_DIGIT}])({YEAR})年")


def parse_year(text: str) -> int:
    """'2023' -> 2023, '一九八〇' -> 1980."""
    if text.isdigit():
        return int(text)
    return int("".join(str("〇一二三四五六七八九".find(ch)) if ch != "零" else "0" for ch in text))


def years_in(text: str) -> list[int]:
    """Every year written as 2023年 or 一九八五年 in text, in order."""
    return [y for y in (parse_year(m.group(1)) for m in _YEAR_WORD.finditer(text)) if 1949 <= y <= 2100]


# Five-year plans: 六五 (1981-1985) … 十五五 (2026-2030); the first two started in 1953 and 1958.
_PLAN_NUMBER = r"[一二三四五六七八九十]{1,3}"
_FIVE_YEAR_PLAN = re.compile(
    rf"第(?P<ordinal>{_PLAN_NUMBER})个五年(?:计划|规划)|“(?P<quoted>{_PLAN_NUMBER})五”"
    rf"|(?<![一二三四五六七八九十])(?P<bare>{_PLAN_NUMBER})五(?=计划|规划|时期|期间|末)"
)


def five_year_plan(number: int) -> tuple[int, int]:
    """The years of the n-th five-year plan: 6 -> (1981, 1985), 14 -> (2021, 2025)."""
    start = {1: 1953, 2: 1958}.get(number, 1966 + 5 * (number - 3))
    return start, start + 4


@dataclass(frozen=True)
class Period:
    """The span a figure covers: start and end year, both included."""

    start: int
    end: int

    @property
    def years(self) -> int:
        return self.end - self.start + 1


def plan_periods_in(text: str) -> list[Period]:
    """Every five-year plan named in text: 第六个五年计划, “十四五”, 六五计划."""
    periods = []
    for m in _FIVE_YEAR_PLAN.finditer(text):
        word = m.group("ordinal") or m.group("quoted") or m.group("bare")
        try:
            number = int(parse_chinese(word))
        except ValueError:
            continue
        if 1 <= number <= 20:
            periods.append(Period(*five_year_plan(number)))
    return periods


_SPAN_WORDS = "一二两三四五六七八九十2-9"
# 今后五年, 五年内, 未来三年: the plan year and the years after it.
_AHEAD = re.compile(
    rf"(?:今后|未来|此后|往后)(?P<n>[{_SPAN_WORDS}]{{1,3}})年|(?<![{_SPAN_WORDS}])(?P<m>[{_SPAN_WORDS}]{{1,3}})年(?:内|之内|时间里|里)")
# 过去五年, 五年来, 七年来, 这五年: the years before the plan year.
_BEHIND = re.compile(
    rf"(?:过去|前|这|近)(?P<n>[{_SPAN_WORDS}]{{1,3}})年(?!前)"
    rf"|(?<![{_SPAN_WORDS}])(?P<m>[{_SPAN_WORDS}]{{1,3}})年(?:来|以来|间|中)")
# 区六届人大一次会议以来, 本届政府以来: the term now ending, five years (a new term's review).
_TERM = re.compile(r"届(?:人大|人民代表大会)(?:第)?一次会议以来|本届政府(?:成立)?以来")
TERM_YEARS = 5
# 一九九〇年比一九八五年增长40%: growth since a base year, up to the year named (or the plan's).
_SINCE_BASE = re.compile(rf"比({YEAR})年")
# 到2025年, 至一九八五年底, 2025年前: a horizon year.
_BY_YEAR = re.compile(rf"(?:到|至|在)({YEAR})年(?:底|末)?|({YEAR})年(?:前|以前)")
# 1979到1983年, 从一九八一年到一九八五年, 1978、1979两年: an explicit span.
_FROM_TO = re.compile(rf"(?:从)?({YEAR})年?(?:到|至|—|-|－|、)({YEAR})(?:[两三四五]年|年)")


def _count(m: re.Match[str]) -> int:
    word = m.group("n") or m.group("m")
    return int(word) if word.isdigit() else int(parse_chinese(word))


def named_start(text: str) -> int | None:
    """The first year of an explicit span (从1980年至1985年), whose level 由X增加到 starts from."""
    explicit = _FROM_TO.search(text)
    return parse_year(explicit.group(1)) if explicit else None


def span_in(text: str, plan_year: int | None) -> Period | None:
    """The multi-year span a phrase in text names, read from the plan year; None for one year.

    Looks at the whole of text: callers pass the words before a number in its sentence.
    """
    explicit = _FROM_TO.search(text)
    if explicit:
        start, end = parse_year(explicit.group(1)), parse_year(explicit.group(2))
        if start < end:
            return Period(start, end)
    plans = plan_periods_in(text)
    if plans:
        return plans[-1]
    if plan_year is None:
        return None
    ahead = _AHEAD.search(text)
    if ahead and _count(ahead) > 1:
        return Period(plan_year, plan_year + _count(ahead) - 1)
    behind = _BEHIND.search(text)
    if behind and _count(behind) > 1:
        return Period(plan_year - _count(behind), plan_year - 1)
    if _TERM.search(text):
        return Period(plan_year - TERM_YEARS, plan_year - 1)
    by_year = _BY_YEAR.search(text)
    if by_year:
        end = parse_year(by_year.group(1) or by_year.group(2))
        if end > plan_year:
            return Period(plan_year, end)
    since = _SINCE_BASE.search(text)
    if since:
        base = parse_year(since.group(1))
        named = [y for y in years_in(text[: since.start()]) if y > base]
        end = named[-1] if named else None
        if end and end - base > 1:
            return Period(base + 1, end)
    return None
