"""The meaning of each number: target or actual, comparator, measure type, indicator, year.

Rules read the language of government reports, not any one report:
- a plan section, a completion table's task cell, or target words (力争, 确保, 以上…)
  make a target; a review section, a completion cell, or past words make an actual;
- 预计 makes an estimate, 到2026年 a long-term goal, 完成率 a stated completion rate;
- numbers in session names, rankings, quoted slogans and book titles are context;
- 分别 and 均 distribute numbers over coordinated indicators.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from parsers.documents import DocumentInfo
from parsers.indicators import (
    SHARE_OF,
    bare_verb,
    canonical_indicator,
    clean_phrase,
    indicator_from_clause,
    indicator_key,
    indicator_named_in,
    is_growth_clause,
    key_modifier,
    names_indicator_word,
    object_of,
    refers_back,
    split_coordinated,
)
from parsers.measures import RawMeasure, find_cell_value, find_measures, full_sentence_start, sentence_bounds
from parsers.normalize import HAN
from parsers.periods import span_in
from parsers.qualifiers import COMPARATORS, DECREASE_WORDS, INCREASE_WORDS, LEVEL_AFTER_CHANGE, comparator_of, negated
from parsers.tables import CompletionRow, is_completion_table, parse_completion_table, parse_target_tables
from parsers.timeframes import Leads, Timeframe, estimate_sentences, paragraph_leads, timeframe
from parsers.spans import SpanSet, in_range
from parsers.totals import link_parts

KINDS = ("target", "actual", "estimate", "long_term_goal", "stated_rate", "context")
# Where a measure comes from: running text, a table's cells, or derived from two written
# figures (由309家增至334家 states an increase of 25 that no number in the text spells out).
SOURCE_KINDS = ("prose", "completion_table_task", "completion_table_completion", "target_table", "derived")
# change: an absolute increase or decrease (比上年增加225亿元), apart from the level it reaches.
MEASURE_TYPES = ("level", "change", "growth_rate", "share_or_ratio", "count", "progress", "qualitative")

_RANK = re.compile(r"排名|位列|位居|列全[国省市]|前\d+名|百强|第$")
_PROGRESS = re.compile(r"工程量|进度|装修|主体|施工|工程|完工")
_SHARE = re.compile(r"占|比重|比例|率|覆盖|普及|达标|优良|合格|满意|化率|强度")
_SESSION = re.compile(r"^(?:全会|全体|会议|党代会|人代会|人大|政协)")


@dataclass(frozen=True)
class Measure:
    """One quantitative statement, with its meaning. Offsets point into the document text."""

    char_start: int
    char_end: int
    value: float | None  # None for a qualitative target (与经济增长同步)
    value_high: float | None
    value_raw: str
    unit_raw: str
    unit_family: str
    qualifier: str
    comparator: str | None
    kind: str
    measure_type: str
    indicator: str
    year: int | None
    year_from: int | None  # first year of a multi-year figure (a five-year total or average)
    sentence_start: int
    sentence_end: int
    sentence: str
    section: str
    orientation: str
    source_kind: str
    table_row: int | None
    item: int
    indicator_canonical: str | None = None  # the synonym table's name: 本地生产总值 -> 地区生产总值
    indicator_key: str = ""  # what the indicator names, to match another report's wording (parsers.indicators)
    key_modifier: str = ""  # the key before its generic noun: 金融业 of 金融业增加值
    part_of: int | None = None  # char_start of the total this figure is a part of (parsers.totals)
    is_cumulative: bool = False  # 累计…100名: a running total since some start, not the year's amount
    is_enumerated: bool = False  # 如意路南延等3条道路: a count of things the sentence names
    value_precision: float = 0.0  # half a unit of the last written digit; 0 when written exactly


def comparator_for(raw: RawMeasure) -> str:
    return comparator_of(raw.qualifier_prefix, raw.approximation, raw.qualifier_suffix, raw.value_high is not None)


_CHANGE_WORDS = "|".join(sorted(DECREASE_WORDS + INCREASE_WORDS, key=len, reverse=True))
# The change word that governs the number right after it: 分别下降, 降幅均达, 比上年增加.
_CHANGE_BEFORE = re.compile(
    rf"(?P<word>{_CHANGE_WORDS})(?P<to>{'|'.join(LEVEL_AFTER_CHANGE)})?(?:了|均|都|分别|达到|达|共|约|近)*$"
)
# 两年共增产粮食4,900多万吨: a change verb with its object before the amount.
_CHANGE_WITH_OBJECT = re.compile(rf"(?P<word>增产|减产|增收|减收|增加|减少)[{HAN}]{{1,6}}$")
_COMPARED = re.compile(r"比上年|较上年|比去年|同比|比\d{4}年|比[一二〇○九八七]{4}年|比.{1,8}期间")


def _change(clause: str, raw: RawMeasure) -> tuple[bool, bool]:
    """(is a change, is a decrease) for the number after clause; 降至26 is a level, not a change."""
    match = _CHANGE_BEFORE.search(clause[-12:])
    if match is None and raw.unit_family not in ("percent", "percentage_points", "multiple") and _COMPARED.search(clause):
        match = _CHANGE_WITH_OBJECT.search(clause[-12:])
    if match is None or match.groupdict().get("to"):
        return False, False
    return True, match.group("word") in DECREASE_WORDS


def _inside_marks(text: str, pos: int, start: int) -> bool:
    """Inside “…” or 《…》 before pos within the sentence: a slogan or a title, not a quantity."""
    before = text[start:pos]
    return before.count("“") > before.count("”") or before.count("《") > before.count("》")


# Words after a number that make it something other than a quantity of the thing measured.
_RESTATED_TARGET = re.compile(r"^的?(?:预定|预期|既定|调控|计划)?目标")
_RANK_AFTER = re.compile(r"^[^，。；]{0,10}?(?:中)?(?:排名|排第|位居|位列)")
# 高出全市平均水平近20个百分点, 是全市平均水平的2.5倍: a comparison with somewhere else.
_ELSEWHERE = re.compile(r"(?:全国|全省|全市|全区|同类|同级)(?:平均)?(?:水平|均值)")
# 去年报告曾提出，要把…控制在百分之十以内: a past target recalled in the review, not a new figure.
_RECALLED_TARGET = re.compile(r"报告(?:中)?(?:曾)?提出|原定|原计划|预定")
# 累计培育乡村运营师100名: a running total, which a completion never sets against one year's
# amount (培育20名); a stock (孵化器面积突破9万平方米) answers to a running total. 规模 is not
# one: 固定资产投资规模348.86亿元 is the year's investment.
_CUMULATIVE = re.compile(r"累计|累积|总计|总数|总量达|共有|现有")
_STOCK = re.compile(r"(?:面积|总量|总数)(?:突破|达到|达|超过|为)?$")
# …but a money total is the year's: 国内生产总值…总量突破90万亿元.
_STOCK_FAMILIES = ("count", "persons", "land_area", "floor_area")
# …unless the clause says what was done to it this year: 新增嵌入式体育场地面积9.48万平方米.
_FLOW = re.compile(r"新增|新建|建成|完成|实施|新开工|改造|提升|打造|示范|盘活|整治")


def _is_cumulative(text: str, raw: RawMeasure, clause: str) -> bool:
    """A running total or a stock, not the year's amount.

    累计 covers the rest of its sentence until a word of this year's work starts a clause:
    累计建成超充场站180座、全市第一，充电设施8.3万个 (both totals) against 累计…，新增5个.
    A stock word just before the number (总量突破50家, 面积…) makes a stock unless its clause
    says what was done this year (新增嵌入式体育场地面积9.48万平方米).
    """
    full_clause = text[_clause_start(text, raw.sentence_start, raw.char_start) : raw.char_start]
    before = text[raw.sentence_start : raw.char_start]
    running = None
    for running in _CUMULATIVE.finditer(before):
        pass
    if running is not None:
        later_clauses = re.split("[，；：]", before[running.end() :], maxsplit=1)[1:]
        if not later_clauses or not _FLOW.search(later_clauses[0]):
            return True
    counts_things = raw.unit_family == "count" or (raw.unit_family == "persons" and "人次" not in raw.unit_raw)
    if counts_things and _COUNT_REACHES.search(clause + raw.qualifier_prefix) and not _YEARS_WORK.search(full_clause):
        return True
    return bool(raw.unit_family in _STOCK_FAMILIES and _STOCK.search(clause) and not _FLOW.search(full_clause))


# 国家高新技术企业达370家, 突破1000家, 由26家增加至41家, 高层次人才达724名: a count of things or
# people that reaches a number is how many there are, not how many came this year
# (新增国家高新技术企业204家); visits (人次) are always the year's…
_COUNT_REACHES = re.compile(r"(?:达|达到|突破|增至|增加至|增加到|增长至|增长到|提高至|提高到|上升至|由|从)$")
# …unless the clause names the year's work: 新增, 引进, 全年.
_YEARS_WORK = re.compile(_FLOW.pattern + r"|引进|培育|招引|认定|落户|新办|新开|开工|签约|全年|当年|年内")


# 实现深汕西、惠盐改扩建、如意路南延3条道路通车, 建成大运AI公园、龙湖文体公园等4个市政公园:
# a count of things the sentence names.
_NAMED_BEFORE = re.compile(rf"(?:、[{HAN}A-Za-z]{{2,}}|等)$")


def _is_enumerated(text: str, raw: RawMeasure) -> bool:
    """A count of the things the sentence lists by name, which another report's count of the
    same noun rarely answers (its list names other things). The names come before the number
    and the thing counted after it; 民生实事10项、民生微实事518件 lists two counts, not names."""
    if raw.unit_family != "count" or not re.match(f"[{HAN}]", text[raw.char_end : raw.char_end + 1]):
        return False
    return bool(_NAMED_BEFORE.search(text[_clause_start(text, raw.sentence_start, raw.char_start) : raw.char_start]))


# 1—11月, 前三季度, 今年上半年: part of a year, not the year.
_PART_OF_YEAR = re.compile(r"\d{1,2}[—\-－~至到]\d{1,2}月|前[一二三]季度|[一二三四]季度|上半年|下半年|1至\d{1,2}月")
# 1-11月，…；…，增长12%: months set apart by a comma at the head of a sentence hold for each of its
# clauses; 1—11月固定资产投资增长17.9%；… names the months of its own clause only.
_PART_OF_YEAR_LEAD = re.compile(rf"(?:今年)?(?:{_PART_OF_YEAR.pattern})[，,]")
# Units that measure an amount of something; after 以上 and before a noun they describe a size class.
_AMOUNT_FAMILIES = ("money", "mass", "energy", "land_area", "floor_area", "volume", "length")


def _is_context(text: str, raw: RawMeasure, clause: str, sentence_before: str) -> bool:
    after = text[raw.char_end : raw.char_end + 12]
    # 10亿元以上项目8个, 一百万吨以上的大型矿井: a size class of the things counted, not a quantity.
    if raw.unit_family in _AMOUNT_FAMILIES and raw.qualifier_suffix and re.match(f"的?[{HAN}]", after) \
            and not re.match("的?(?:规模|水平|目标|任务)", after):
        return True
    if raw.unit_raw == "次" and (_SESSION.match(after) or clause.endswith("届") or after.startswith("产业")):
        return True
    # 重点做好以下九个方面的工作: the parts of the speech, not a quantity.
    if raw.unit_raw == "个" and after.startswith("方面"):
        return True
    if _RANK.search(clause[-6:]) or _RANK_AFTER.match(after) or _RESTATED_TARGET.match(after):
        return True
    if _ELSEWHERE.search(clause) or _PART_OF_YEAR.search(sentence_before) or _RECALLED_TARGET.search(sentence_before):
        return True
    if _PART_OF_YEAR_LEAD.match(text, full_sentence_start(text, raw.sentence_start), raw.sentence_start):
        return True
    # 计划建成投产大中型项目118个，实际建成128个: the plan is the yardstick, the 实际 figure the fact.
    if "实际" in text[raw.char_end : raw.sentence_end] and "计划" in clause:
        return True
    return _inside_marks(text, raw.char_start, raw.sentence_start)


# 6%以上的增长, 8%的增速: the rate named after the number.
_GROWTH_AFTER = re.compile(r"^(?:以上|左右|以内)?的?(?:增长|增速|增幅|涨幅)")
# An indicator that is itself a rate of change: 经济增长速度, 物价上涨幅度, 居民消费价格涨幅.
_RATE_INDICATOR = re.compile(r"增长速度|增速|增长率|涨幅|上涨幅度|增幅")


def _measure_type(raw: RawMeasure, clause: str, indicator: str, after: str = "") -> str:
    if raw.unit_family in ("percent", "percentage_points", "multiple"):
        # 占GDP比重提高到3.85%: the share reached, not the rise; 增速提高到8% is still a rate.
        if raw.unit_family == "percent" and _REACHED.search(clause) and not _RATE_INDICATOR.search(indicator):
            return "share_or_ratio"
        if is_growth_clause(clause) or _GROWTH_AFTER.match(after) or _RATE_INDICATOR.search(indicator):
            return "growth_rate"
        if raw.unit_family == "percentage_points":
            return "growth_rate"
        if _PROGRESS.search(clause[-12:]) and not _SHARE.search(indicator):
            return "progress"
        return "share_or_ratio"
    if raw.unit_family == "ratio":
        return "share_or_ratio"
    if raw.unit_family in ("count", "persons"):
        return "count"
    return "level"


_COUNTED = ("count", "persons", "percent")
_NOUN_AFTER = re.compile(r"[^，。；：、（）“”《》\n\d]{2,16}")


def _noun_after(text: str, raw: RawMeasure) -> str:
    """优化整合3家区直属国有公司: when nothing before names it, the noun after the unit does."""
    if _TO_LEVEL.match(text, raw.char_end):
        return ""  # 由309家增至334家: a start level, with nothing named after it
    # 450项“民生微实事”: a quoted name is still the noun after.
    match = _NOUN_AFTER.match(text, raw.char_end + (text[raw.char_end : raw.char_end + 1] == "“"))
    # 5%左右的较低水平: words after 的 describe the figure, they do not name what it counts.
    return indicator_from_clause(match.group()) if match and not match.group().startswith("的") else ""


def _verb_on_the_same_thing(verb: str, raw: RawMeasure, siblings: list[Measure]) -> str:
    """筹集保障性住房3万套，供应6千套: a bare verb after a count of the same unit acts on the same thing."""
    if verb and siblings and siblings[-1].unit_raw[-1:] == raw.unit_raw[-1:]:
        thing = object_of(siblings[-1].indicator)
        if thing:
            return verb + thing
    return verb


def classify(
    text: str,
    raws: list[RawMeasure],
    doc: DocumentInfo,
    role: str,
    source_kind: str,
    table_row: int | None = None,
) -> list[Measure]:
    """Give meaning to the numbers of one run of text (a prose block or a table cell).

    role is 'task' or 'completion' for table cells, 'prose' otherwise.
    """
    out: list[Measure] = []
    previous_by_sentence: dict[int, list[Measure]] = {}
    numbers_per_sentence = Counter(raw.sentence_start for raw in raws)
    estimates = estimate_sentences(text, raws, doc.sections) if role == "prose" else set()
    leads = paragraph_leads(text, doc) if role == "prose" else Leads([])
    for raw in raws:
        section = doc.section_at(raw.char_start)
        orientation = section.orientation if section else "unknown"
        siblings = previous_by_sentence.setdefault(raw.sentence_start, [])
        clause_start = _clause_start(text, raw.sentence_start, raw.char_start)
        if siblings:
            clause_start = max(clause_start, siblings[-1].char_end)
        clause = text[clause_start : raw.char_start]
        sentence_before = text[_scope_start(text, raw.sentence_start) : raw.char_start]
        indicator = indicator_from_clause(clause) or _verb_on_the_same_thing(bare_verb(clause), raw, siblings)
        if siblings and _TO_LEVEL.fullmatch(clause.strip()):
            # 创新平台由309家增至334家: the end level measures what the start level does.
            indicator = siblings[-1].indicator
        if not indicator:
            # 预计（下同）本区生产总值突破2000亿大关，达到2150亿元: named in an earlier clause.
            lead_start = siblings[-1].char_end if siblings else raw.sentence_start
            indicator = indicator_named_in(text[lead_start:clause_start])
        if not indicator and not siblings and raw.sentence_start > 1 and refers_back(clause):
            # 要把物价上涨幅度控制在10%以内。…，涨幅仍然高达21.7%: the sentence before names it.
            previous_start = sentence_bounds(text, raw.sentence_start - 2)[0]
            indicator = indicator_named_in(text[previous_start : raw.sentence_start])

        if siblings and SHARE_OF.fullmatch(indicator):
            # 全社会研发投入113.7亿元，增长5.7%，占GDP比重提高到3.85%: the share of what the sentence is about.
            indicator = next((m.indicator for m in reversed(siblings) if m.indicator and not SHARE_OF.fullmatch(m.indicator)),
                             "") + indicator
        measure_type = _measure_type(raw, clause, indicator, text[raw.char_end : raw.char_end + 6])
        after = _noun_after(text, raw)
        if after and (not indicator or (raw.unit_family in _COUNTED and not names_indicator_word(clause))):
            indicator = after
        is_change, is_decrease = _change(clause, raw)
        if is_change and measure_type in ("level", "count"):
            measure_type = "change"
        # 下降15.23%、14.01%: a bare number listed after a growth rate or change is one too, same sign.
        if (siblings and not clause.strip("、和及与 ") and siblings[-1].measure_type in ("growth_rate", "change")
                and siblings[-1].unit_family == raw.unit_family):
            measure_type = siblings[-1].measure_type
            is_decrease = siblings[-1].value is not None and siblings[-1].value < 0
        value, value_high, comparator = raw.value, raw.value_high, comparator_for(raw)
        if is_decrease and measure_type in ("growth_rate", "change"):
            # 下降4%以上 is a change of at most -4%.
            value, comparator = -value, negated(comparator)
            value_high = -value_high if value_high is not None else None
        if _is_context(text, raw, clause, sentence_before):
            when = Timeframe("context", None)
        else:
            when = timeframe(raw, clause, sentence_before, measure_type, role, section, doc,
                             raw.sentence_start in estimates, leads.at(raw.sentence_start, section))
        base = Measure(
            char_start=raw.char_start,
            char_end=raw.char_end,
            value=value,
            value_high=value_high,
            value_raw=raw.value_raw,
            unit_raw=raw.unit_raw,
            unit_family=raw.unit_family,
            qualifier=(raw.qualifier_prefix + raw.approximation + raw.qualifier_suffix),
            comparator=comparator,
            kind=when.kind,
            measure_type=measure_type,
            indicator=indicator,
            year=when.year,
            year_from=when.year_from,
            is_cumulative=_is_cumulative(text, raw, clause),
            is_enumerated=_is_enumerated(text, raw),
            sentence_start=raw.sentence_start,
            sentence_end=raw.sentence_end,
            sentence=raw.sentence,
            section=section.heading if section else "",
            orientation=orientation,
            source_kind=source_kind,
            table_row=table_row,
            item=0,
        )
        expanded = _distribute(base, clause, siblings, text, numbers_per_sentence[raw.sentence_start])
        siblings.extend(expanded)
        out.extend(expanded)
    return [_named(m) for m in _share_trailing_qualifiers(text, out)]


def _named(measure: Measure) -> Measure:
    """The indicator's canonical name, key and key modifier (parsers.indicators)."""
    key = indicator_key(measure.indicator)
    return replace(measure, indicator_canonical=canonical_indicator(measure.indicator), indicator_key=key,
                   key_modifier=key_modifier(key))


# The words between a start level and the level it reaches: 由309家[增至]334家.
_TO_LEVEL = re.compile(r"(?:增加|增长|提高|提升|上升|扩大|增|下降|降低|减少|降)(?:到|至)(?:\d{4}年(?:末|底)?)?")
# The same words ending a clause: 占GDP比重提高到[3.85%] states the level reached (_measure_type).
_REACHED = re.compile(rf"(?:{_TO_LEVEL.pattern})$")
_NO_DIFFERENCE = ("percent", "percentage_points", "ratio", "multiple")
_FROM_BEFORE = re.compile(r"(?:由|从)(?:\d{4}年(?:末|底)?)?$")


def level_changes(text: str, measures: list[Measure], doc: DocumentInfo) -> list[Measure]:
    """The increase that a start and an end level state together: 创新平台由309家增至334家 is
    25 new platforms, which answers a target of 新增创新平台25家.

    Only for amounts and counts in one unit (a rate's difference is in points, not in its unit),
    and only over a known span: the start level is of the year before the end (or of the
    span's first year, which becomes the change's first year), or, when the sentence names no
    year, the end level is in a one-year section (not 五年来, where 由X增至Y spans five years).
    """
    out = []
    for start, end in zip(measures, measures[1:]):
        if (start.sentence_start != end.sentence_start or start.unit_raw != end.unit_raw
                or start.unit_family in _NO_DIFFERENCE or start.value is None or end.value is None
                or start.value_high is not None or end.value_high is not None
                or not _TO_LEVEL.fullmatch(text[start.char_end : end.char_start])
                or not _FROM_BEFORE.search(text, max(0, start.char_start - 8), start.char_start)
                or end.kind not in ("actual", "estimate", "target", "long_term_goal")):
            continue
        if start.kind == "actual" and start.year and end.year and start.year < end.year:
            year_from = None if start.year == end.year - 1 else start.year + 1
        elif start.kind == "context" and not end.year_from and _one_year_section(doc, end.char_start):
            year_from = None
        else:
            continue
        out.append(replace(
            end, char_start=start.char_start, value=end.value - start.value, value_raw=text[start.char_start : end.char_end],
            qualifier="", comparator="=", measure_type="count" if end.unit_family in ("count", "persons") else "change",
            year_from=year_from, is_cumulative=False, part_of=None, source_kind="derived",
            value_precision=max(start.value_precision, end.value_precision),
        ))
    return out


def _one_year_section(doc: DocumentInfo, offset: int) -> bool:
    section = doc.section_at(offset)
    return section is not None and section.period_start is None


def _scope_start(text: str, sentence_start: int) -> int:
    """A sentence opening with 其中 continues the one before it (预计…；其中…)."""
    if text.startswith("其中", sentence_start) and sentence_start > 1:
        return sentence_bounds(text, sentence_start - 2)[0]
    return sentence_start


def _share_trailing_qualifiers(text: str, measures: list[Measure]) -> list[Measure]:
    """增长5.5%和6.5%以上: a qualifier after the last of a list of numbers covers each of them."""
    out = list(measures)
    for i in range(len(out) - 2, -1, -1):
        current, following = out[i], out[i + 1]
        joined = text[current.char_end : following.char_start] in ("和", "、", "及", "与")
        if (joined and current.comparator == "=" and following.comparator != "="
                and following.sentence_start == current.sentence_start
                and following.unit_family == current.unit_family and not current.qualifier):
            out[i] = replace(current, comparator=following.comparator)
    return out


def _coordinated_indicators(phrase: str) -> list[str]:
    """'财政总收入及一般公共预算收入' -> both indicators; one item when nothing is coordinated."""
    items = split_coordinated(clean_phrase(phrase))
    return [indicator_from_clause(item) or item for item in items]


def _clause_start(text: str, sentence_start: int, pos: int) -> int:
    start = sentence_start
    for delimiter in "，；：":
        start = max(start, text.rfind(delimiter, sentence_start, pos) + 1)
    return start


def _distribute(measure: Measure, clause: str, siblings: list[Measure], text: str, numbers_in_sentence: int) -> list[Measure]:
    """Apply 分别 / 均 and inherit the indicator of a bare 增长5.5% from the number before it."""
    respectively = text.rfind("分别", measure.sentence_start, measure.char_start)
    # 分别 reaches a number only when nothing new is named in between: its own clause, or a bare 增长9.2%.
    if respectively >= 0 and (not measure.indicator or "分别" in clause):
        position = len([s for s in siblings if s.char_start > respectively and s.item == 0])
        phrase = text[_clause_start(text, measure.sentence_start, respectively) : respectively]
        items = _coordinated_indicators(phrase) if phrase.strip() else []
        if len(items) < 2:
            # 收入745.31亿元、375.69亿元，分别增长15.23%、14.01%: the figures before 分别 name the items.
            before = [s for s in siblings if s.char_end <= respectively and s.item == 0]
            after_count = numbers_in_sentence - len(before)
            items = [s.indicator for s in before[-after_count:]] if 0 < after_count <= len(before) else []
        if len(items) >= 2:
            # 分别达到77184元、48705元，增长9.2%、10.4%: a second run cycles through the same items.
            return [replace(measure, indicator=items[position % len(items)])]
    both = clause.rfind("均")
    if both >= 0 and re.match(r"均(?:增长|达到|达|为|提高|下降|超过|突破|保持)", clause[both:]):
        items = _coordinated_indicators(clause[:both])
        if len(items) >= 2:
            return [replace(measure, indicator=item, item=k) for k, item in enumerate(items)]
    if not measure.indicator and siblings:
        return [replace(measure, indicator=siblings[-1].indicator)]
    return [measure]


def _shift(raws: list[RawMeasure], offset: int) -> list[RawMeasure]:
    return [
        replace(r, char_start=r.char_start + offset, char_end=r.char_end + offset,
                sentence_start=r.sentence_start + offset, sentence_end=r.sentence_end + offset)
        for r in raws
    ]


def completion_table_rows(text: str, doc: DocumentInfo) -> list[CompletionRow]:
    """The rows of a completion table; none for any other document."""
    if doc.kind == "completion_table" or is_completion_table(text):
        return parse_completion_table(text)
    return []


def extract_measures(text: str, doc: DocumentInfo) -> list[Measure]:
    """Every quantitative statement of one document's text."""
    rows = completion_table_rows(text, doc)
    if rows:
        measures: list[Measure] = []
        for row in rows:
            for role, cell in (("task", row.task), ("completion", row.completion)):
                raws = _shift(find_measures(cell.text), cell.char_start)
                measures.extend(classify(text, raws, doc, role, f"completion_table_{role}", row.row_number))
        return link_parts(text, measures)

    measures = []
    table_spans: list[tuple[int, int]] = []
    for row in parse_target_tables(text):
        table_spans.append((row.char_start, row.char_end))
        for role, cell in (("task", row.target), ("completion", row.actual)):
            raw = find_cell_value(cell.text, row.unit)
            if raw is None:
                continue
            measured = classify(text, _shift([raw], cell.char_start), doc, role, "target_table", row.row_index)
            measures.extend(replace(m, indicator=row.indicator.text) for m in measured)
    in_table = SpanSet(table_spans)
    prose = [r for r in find_measures(text) if not in_table.holds(r.char_start)]
    measures.extend(classify(text, prose, doc, "prose", "prose"))
    measures.extend(qualitative_targets(text, doc, prose))
    # One measure per span and item: the same span read twice (a table row also read as prose)
    # is one statement, so its id (parsers.ids) is unique.
    unique = {(m.char_start, m.char_end, m.item): m for m in reversed(measures)}
    found = sorted(unique.values(), key=lambda m: (m.char_start, m.item))
    return link_parts(text, sorted(found + level_changes(text, found, doc), key=lambda m: (m.char_start, m.item)))


# The paragraph that lists a year's main targets, and what a numberless target says.
_MAIN_TARGETS = re.compile(r"主要(?:预期)?目标(?:是|为)?：")
_QUALITATIVE_VERB = re.compile(r"(?:与|同|和)经济增长|持续|保持|基本|稳步|稳定|快于|慢于|缩小|完成上级|完成.{0,6}下达|不断")


def _qualitative_indicator(words: str, verb: re.Match[str]) -> str:
    """What the clause is about: the words before its verb, else after it (完成上级下达的节能减排任务)."""
    before = words[: verb.start()]
    if before.strip():
        return indicator_from_clause(before) or before
    after = words[verb.end() :].removeprefix("下达的")
    return indicator_from_clause(after) or after


def qualitative_targets(text: str, doc: DocumentInfo, numbered: list[RawMeasure]) -> list[Measure]:
    """Numberless targets of a main-targets paragraph: 一般公共预算收入与经济增长保持同步.

    numbered are the measures already found in text; a clause holding one is not qualitative.
    """
    out: list[Measure] = []
    numbered_starts = sorted(m.char_start for m in numbered)
    for header in _MAIN_TARGETS.finditer(text):
        paragraph_end = text.find("\n", header.end())
        paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
        start = header.end()
        # 今后五年…的主要目标是：, 到“十四五”末…: the targets of a span are long-term goals.
        span = span_in(text[sentence_bounds(text, header.start())[0] : header.end()], doc.plan_year)
        kind, year, year_from = ("long_term_goal", span.end, span.start) if span else ("target", doc.plan_year, None)
        for clause in re.finditer(r"[^；，。]+", text[start:paragraph_end]):
            clause_start, clause_end = start + clause.start(), start + clause.end()
            words = clause.group()
            verb = _QUALITATIVE_VERB.search(words)
            if verb is None or in_range(numbered_starts, clause_start, clause_end):
                continue
            sentence_start, sentence_end = sentence_bounds(text, clause_start)
            section = doc.section_at(clause_start)
            out.append(_named(Measure(
                char_start=clause_start, char_end=clause_end, value=None, value_high=None, value_raw=words,
                unit_raw="", unit_family="none", qualifier=verb.group(), comparator=None, kind=kind,
                measure_type="qualitative", indicator=_qualitative_indicator(words, verb),
                year=year, year_from=year_from, sentence_start=sentence_start, sentence_end=sentence_end,
                sentence=text[sentence_start:sentence_end], section=section.heading if section else "",
                orientation=section.orientation if section else "unknown", source_kind="prose", table_row=None, item=0,
            )))
    return out


_DIGIT_RUN = re.compile(r"\d+(?:\.\d+)?")
_QUANTITATIVE_WORDS = re.compile(r"增长|达到|完成|新增|实现|超过|提高|下降|减少|累计|突破|力争|确保")
# What a bare number may be followed by without being a quantity: dates, ordinals, versions, codes.
_NOT_A_QUANTITY_AFTER = re.compile(r"^(?:\d|年|月|日|号|时|届|次|版|期|批|号线|\.|:|：|-|—|~|、\d|\+|个月|周年|G|A|I|V|＋|/|\))")


@dataclass(frozen=True)
class UnparsedNumber:
    """A number in a quantitative-looking sentence that no measure covers: a parse gap to review."""

    char_start: int
    char_end: int
    sentence_start: int
    sentence_end: int
    sentence: str


def unparsed_numbers(text: str, measures: list[Measure]) -> list[UnparsedNumber]:
    covered = SpanSet((m.char_start, m.char_end) for m in measures)
    out = []
    for match in _DIGIT_RUN.finditer(text):
        start, end = match.span()
        if covered.holds(start):
            continue
        before = text[max(0, start - 1) : start]
        if before.isascii() and before.isalnum() or before in ("第", "“", "《", "."):
            continue
        if _NOT_A_QUANTITY_AFTER.match(text[end : end + 3]) or len(match.group()) == 4 and text[end : end + 1] == "年":
            continue
        sentence_start, sentence_end = sentence_bounds(text, start)
        sentence = text[sentence_start:sentence_end]
        if _QUANTITATIVE_WORDS.search(sentence):
            out.append(UnparsedNumber(start, end, sentence_start, sentence_end, sentence))
    return out
