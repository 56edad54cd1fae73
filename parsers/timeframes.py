"""When a number is about, and whether it is planned, reported or estimated.

Each number gets a kind (target, actual, estimate, long_term_goal, stated_rate) and the
span of years it covers: `year` is the year it is for (the end year of a span) and
`year_from` the first year of a multi-year figure (a five-year average, a five-year total,
the growth since a base year). Rules, in order:
- a figure after 比1980年的 or 由 is the level of the base year, an actual of that year;
- a span named in the sentence (到1985年, 五年内, “十五”期间, 过去五年), by the paragraph
  that leads it (五年来，…) or by the section (未来五年工作思路, “九五”时期的回顾) makes a
  long-term goal if it ends in or after the plan year, and a multi-year actual if it ended
  before; 今年/去年/全年, or a paragraph leading on one year (2022年是…), keep one year;
- 预计 makes an estimate, and so does every sentence after it in the same paragraph that
  states a figure, up to the first that states none (初步预计，…；…；…。);
- otherwise the section decides: a review reports actuals, a plan sets targets.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from parsers.documents import DocumentInfo, Section
from parsers.measures import RawMeasure
from parsers.periods import YEAR, Period, named_start, parse_year, span_in, years_in
from parsers.numbers import parse_chinese
from parsers.qualifiers import AT_MOST, comparator_of
from parsers.spans import in_range

_STATED_RATE = re.compile(r"完成率|完成比例|完成进度")
# 预计 sets an estimate, unless it qualifies a base: 比1980年预计增长5.5% is a target over an estimate.
_ESTIMATE = re.compile(r"(?<!年)预计")
_TARGET_WORDS = re.compile(r"力争|确保|争取|预期|目标|计划|努力|要|将|新增|新建|招引|引进|培育|打造|建设|实施|推进|加快|开工|完成")
_PAST_WORDS = re.compile(r"累计|已经|已|实现了|完成了|获评|首次|入选|同比|比上年|较上年|全年实现|全年完成|共计|成功|获批|荣获|位居|一年来")
# The level a comparison starts from: 比一九八〇年的[7159亿元], 由[2187亿元]增加到.
_BASE_LEVEL = re.compile(rf"比({YEAR})年(?:底|末)?的$")
_FROM_LEVEL = re.compile(r"(?:由|从)$")
_TO_LEVEL = re.compile(r"(?:增加|提高|增长|扩大|上升|下降|减少|降低|发展)?(?:到|至)$")
# One year named in the sentence overrides a section's span: 去年经济增长8.8%.
_ONE_YEAR = re.compile(r"今年|明年|去年|上年|当年|本年|全年")
_LAST_YEAR = re.compile(r"去年|上年")
# A multi-year level is a total when the sentence says so; otherwise it is the level at the end.
_TOTAL = re.compile(r"五年|合计|累计|期间|总共|共计|总规模|时期")
# 全省地区生产总值达12.8万亿元: a level reached at the span's end, even where the span counts totals.
_LEVEL_VERB = re.compile(r"(?:达|超过|突破|为)$")
_MULTI_YEAR_RATE = re.compile(r"年均|平均每年|每年平均")
# 五年新增装机容量6500万千瓦, 五年平均人口自然增长率: N years, ahead in a plan, behind in a review.
_N_YEARS = re.compile(r"(?<![一二三四五六七八九十\d])([两三四五六七八九十])年(?=新增|累计|合计|共|总计|投资|平均)")


@dataclass(frozen=True)
class Timeframe:
    kind: str
    year: int | None
    year_from: int | None = None


# A run of estimates opens with 预计 at the head of a sentence: 初步预计，2016年本区生产总值….
_ESTIMATE_OPENING = re.compile(r"^[^，。；]{0,4}预计")
# A sentence that opens by stating an achievement is a fact of its own: 实现财政总收入131.99亿元.
_ACHIEVED_OPENING = re.compile(r"^(?:实现|完成)")


def estimate_sentences(text: str, raws: list[RawMeasure], sections: list[Section]) -> set[int]:
    """Starts of the sentences whose figures continue an estimate begun before them.

    预计 at the head of a sentence makes its figures and those of the next sentences of the
    paragraph estimates (初步预计，…。固定资产投资184亿元…。), up to a sentence that states no
    figure or opens by stating an achievement; 预计（下同） covers the rest of its section.
    """
    figure_sentences = sorted({raw.sentence_start for raw in raws})
    marked: set[int] = set()
    offset = 0
    for paragraph in text.split("\n"):
        running = False
        for sentence in re.finditer(r"[^。！？]+[。！？]?", paragraph):
            start, end = offset + sentence.start(), offset + sentence.end()
            inside = in_range(figure_sentences, start, end)
            if _ESTIMATE_OPENING.match(sentence.group()):
                running = True
            elif not inside or _ACHIEVED_OPENING.match(sentence.group()):
                running = False
            if running:
                marked.update(inside)
        offset += len(paragraph) + 1
    for match in re.finditer(r"预计（下同）", text):
        holding = [s for s in sections if s.char_start <= match.start() < s.char_end]
        end = min((s.char_end for s in holding), default=len(text))
        marked.update(in_range(figure_sentences, match.start(), end))
    return marked


# A paragraph that opens on one year: 2022年是…, 今年是…, 回顾过去一年，…; not 从2018年到2022年.
_ONE_YEAR_OPENING = re.compile(
    rf"(?<![从到至在比])({YEAR})年(?![底末前内来以到至—\-－])|一年来|过去一年|(今年|本年)|去年|上年")
_OPENING_CHARS = 16


@dataclass(frozen=True)
class Lead:
    """The time a paragraph opens on, which holds for its sentences and the paragraphs after it."""

    char_start: int
    char_end: int
    opening: str
    span: Period | None
    year: int | None


class Leads:
    """The paragraphs of a text that open on a time, in order, and which governs an offset."""

    def __init__(self, leads: list[Lead]):
        self._leads = leads
        self._starts = [lead.char_start for lead in leads]

    def at(self, offset: int, section: Section | None) -> Lead | None:
        """The lead governing offset: the last before it in its section.

        One year holds past its own paragraph only in a review, and only a year of the review's
        span: 2022年是… opens the part of a five-year review on 2022, while a year outside the span
        (一九八〇年，也就是第五个五年计划的最后一年, in a part on the sixth) or in a plan (1986年是开始
        执行第七个五年计划的第一年，…, in a part on five years ahead) is about its own paragraph.
        """
        k = bisect_right(self._starts, offset) - 1
        if k < 0 or (section and self._starts[k] < section.char_start):
            return None
        lead = self._leads[k]
        if offset >= lead.char_end and lead.year:
            span = _section_span(section)
            if not section or section.orientation != "review" or (span and not span.start <= lead.year <= span.end):
                return None
        return lead


def paragraph_leads(text: str, doc: DocumentInfo) -> Leads:
    """The paragraphs of text that open on a time, in order.

    A review often opens a paragraph with 五年来，… and later ones with 2022年是…; the sentences
    of each, and of the paragraphs that follow in the same section, are about that time. One
    year wins over a span in the same opening: 今年是“十四五”规划的收官之年.
    """
    leads: list[Lead] = []
    offset = 0
    for paragraph in text.split("\n"):
        stripped = paragraph.lstrip()
        opening = re.split(r"[，,。；;：:！]", stripped, maxsplit=1)[0][:_OPENING_CHARS]
        start, end = offset + len(paragraph) - len(stripped), offset + len(paragraph)
        offset = end + 1
        if "。" not in paragraph:
            continue  # a heading or a title (2023年拱墅区政府工作报告): its section decides
        one_year = _ONE_YEAR_OPENING.search(opening)
        if one_year:
            if one_year.group(1):
                year = parse_year(one_year.group(1))
            elif one_year.group(2) or doc.plan_year is None:  # 今年, 本年
                year = doc.plan_year
            else:  # 去年, 一年来, 过去一年
                year = doc.plan_year - 1
            leads.append(Lead(start, end, opening, None, year))
        elif span := span_in(opening, doc.plan_year):
            leads.append(Lead(start, end, opening, span, None))
    return Leads(leads)


def _section_span(section: Section | None) -> Period | None:
    if section and section.period_start and section.period_end:
        return Period(section.period_start, section.period_end)
    return None


def timeframe(raw: RawMeasure, clause: str, sentence_before: str, measure_type: str, role: str,
              section: Section | None, doc: DocumentInfo, in_estimate: bool, lead: Lead | None) -> Timeframe:
    """Kind and years of one number; clause is its own clause, sentence_before all of its sentence
    before it, lead the paragraph opening that sets the time of the sentence (paragraph_leads)."""
    orientation = section.orientation if section else "unknown"
    plan_year = doc.plan_year
    estimated = in_estimate or bool(_ESTIMATE.search(sentence_before))
    if _STATED_RATE.search(sentence_before[-10:]):
        return Timeframe("stated_rate", plan_year if doc.kind == "completion_table" else None)
    if orientation == "notes":
        return Timeframe("context", None)
    base = _BASE_LEVEL.search(clause)
    if base:
        return Timeframe("actual", parse_year(base.group(1)))

    # 去年…, 2001年是…: a sentence that opens on one year is about that year, whatever its section spans.
    one_year = _ONE_YEAR.search(sentence_before) or years_in(sentence_before[:12])
    span = span_in(sentence_before, plan_year)
    scope = sentence_before
    if span is None and not one_year and role == "prose":
        if lead and lead.span:
            span, scope = lead.span, lead.opening + sentence_before
        elif not lead or _MULTI_YEAR_RATE.search(sentence_before):
            span = _section_span(section)  # 年均增长5.4%: a rate over the section's years
    years_ahead = _N_YEARS.search(sentence_before)
    if span is None and years_ahead and plan_year and orientation in ("plan", "review"):
        count = int(parse_chinese(years_ahead.group(1)))
        span = Period(plan_year, plan_year + count - 1) if orientation == "plan" else Period(plan_year - count, plan_year - 1)
    named_years = years_in(sentence_before)
    if _FROM_LEVEL.search(clause):
        # 从1980年至1985年…由X: X is 1980's; 五年来…由X: the year before the five. A start level
        # whose year the sentence does not give (由184亿元增长至384亿元) is context, not a year's figure.
        start = named_start(sentence_before)
        base = start if start else span.start - 1 if span else named_years[-1] if named_years else None
        return Timeframe("actual", base) if base else Timeframe("context", None)

    if role == "task":
        if span and plan_year and span.end > plan_year:
            return Timeframe("long_term_goal", span.end, _year_from(span, measure_type, sentence_before, clause))
        return Timeframe("target", plan_year)
    if role == "completion":
        return Timeframe("actual", plan_year if doc.kind == "completion_table" else doc.review_year)

    if span and plan_year:
        year_from = _year_from(span, measure_type, scope, clause + raw.qualifier_prefix)
        if span.end >= plan_year:
            return Timeframe("long_term_goal", span.end, year_from)
        return Timeframe("estimate" if estimated else "actual", span.end, year_from)

    lead_year = lead.year if lead and not one_year else None
    year = _one_year(sentence_before, doc, section) or lead_year
    if estimated:
        return Timeframe("estimate", year or doc.review_year)
    if year and year == lead_year and plan_year and year < plan_year:
        orientation = "review"  # 1986年是开始执行第七个五年计划的第一年。…: a paragraph on a past year reports it
    kind = _kind_by_section(raw, sentence_before, orientation, year, plan_year)
    if kind == "target" and year and plan_year and year > plan_year:
        return Timeframe("long_term_goal", year)  # 一九八五年招收研究生二万人, in a 1982 report
    if kind == "target":
        return Timeframe(kind, year if year and plan_year and year >= plan_year else plan_year)
    return Timeframe(kind, year or (section.year if section and section.year else None) or doc.review_year)


def _year_from(span: Period, measure_type: str, sentence_before: str, clause: str) -> int | None:
    """The first year of a multi-year figure; None for the level at the span's end."""
    if measure_type in ("growth_rate", "change") or _MULTI_YEAR_RATE.search(sentence_before):
        return span.start
    if _TO_LEVEL.search(clause) or _LEVEL_VERB.search(clause) or span.end in years_in(sentence_before):
        return None
    return span.start if _TOTAL.search(sentence_before) else None


def _one_year(sentence_before: str, doc: DocumentInfo, section: Section | None) -> int | None:
    """The year a single-year figure is for, when its sentence says: 2023年…, 去年…."""
    lead = sentence_before[:10] + sentence_before[-18:]
    named = years_in(lead)
    if named:
        return named[-1]
    if _LAST_YEAR.search(sentence_before) and doc.plan_year:
        return doc.plan_year - 1
    return None


def _kind_by_section(raw: RawMeasure, sentence_before: str, orientation: str, year: int | None,
                     plan_year: int | None) -> str:
    if orientation == "review":
        return "actual"
    if orientation == "plan":
        if _PAST_WORDS.search(sentence_before) and not (raw.qualifier_suffix or raw.qualifier_prefix):
            return "actual"
        return "target"
    # Unknown orientation (a partial text): a year named, then the qualifier and the words decide.
    if year and plan_year:
        return "actual" if year < plan_year else "target"
    if raw.qualifier_suffix or comparator_of(raw.qualifier_prefix) == AT_MOST \
            or _TARGET_WORDS.search(sentence_before[-20:]):
        if not _PAST_WORDS.search(sentence_before[-20:]):
            return "target"
    if _PAST_WORDS.search(sentence_before):
        return "actual"
    return "target"
