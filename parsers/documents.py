"""Split a report file into documents and read each one's metadata and sections.

A file may hold several documents (a party-plenary report followed by a government work
report). Metadata comes from the text first; where the text is silent (an excerpt, a
table), from an optional manifest row, then from the file name. Each value records
which source it came from.
"""

from __future__ import annotations

import csv
import io
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from parsers.normalize import HAN
from parsers.numbers import parse_chinese
from parsers.periods import YEAR, Period, plan_periods_in, span_in, years_in
from parsers.regions import NATIONAL, Region, chains_in, dominant_region, resolve, unlisted

# A line that titles a whole document.
_TITLE_LINE = re.compile(
    r"^#*\s*(?:.{0,40}(?:政府工作报告|工作报告|计划执行情况.{0,20}报告|预算执行情况.{0,20}报告|完成情况表|全会上的报告))\s*$"
)
_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_SPEAKER = re.compile(
    rf"(?:总理|省长|代省长|市长|代市长|区长|代区长|县长|代县长|旗长|书记|主席|主任)\s*([{HAN}]{{2,4}}?)\s*(?=（|\(|\n|$)"
)
# A region named right before the body that speaks for it: 深圳市南山区人民政府, 中共杭州市临安区委,
# 涞源县第十六届人民代表大会.
_SPEAKS_FOR = re.compile(r"(?:第[一二三四五六七八九十]+届)?(?:人民代表大会|人民政府|人大|政府|委员会|委|常委会)")
_YEAR_TOKEN = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")

KINDS = ("government_work_report", "party_plenary_report", "completion_table", "plan_execution_report", "other")


@dataclass(frozen=True)
class Section:
    """A chapter of a document: heading text, depth, and whether it reviews or plans."""

    heading: str
    level: int
    orientation: str  # review, plan or unknown
    char_start: int
    char_end: int
    year: int | None
    period_start: int | None = None  # a part on several years: 过去五年, 未来五年, “十四五”时期
    period_end: int | None = None


@dataclass
class DocumentInfo:
    index: int
    char_start: int
    char_end: int
    title: str
    kind: str
    region: str | None
    region_code: str | None  # the gazetteer's code: 440305 is 深圳市南山区
    region_level: str | None
    region_parents: list[str]
    region_source: str
    document_date: date | None
    speaker: str | None
    review_year: int | None
    plan_year: int | None
    year_source: str
    is_partial: bool
    sections: list[Section] = field(default_factory=list)
    split_reason: str = "start of file"  # why a document starts here: the file's start or a title line

    @cached_property
    def _sections_by_level(self) -> dict[int, tuple[list[int], list[Section]]]:
        # Sections of one level never overlap (each ends at the next heading of its level or
        # above), so per level the last one starting at or before an offset is the only candidate.
        by_level: dict[int, tuple[list[int], list[Section]]] = {}
        for section in sorted(self.sections, key=lambda s: s.char_start):
            starts, sections = by_level.setdefault(section.level, ([], []))
            starts.append(section.char_start)
            sections.append(section)
        return by_level

    def section_at(self, offset: int) -> Section | None:
        """The innermost section holding offset."""
        best = None
        for starts, sections in self._sections_by_level.values():
            k = bisect_right(starts, offset) - 1
            if k >= 0 and sections[k].char_end > offset:
                if best is None or (sections[k].level, sections[k].char_start) > (best.level, best.char_start):
                    best = sections[k]
        return best


@dataclass(frozen=True)
class ExternalHints:
    """Metadata from outside the text: a manifest row, else the file name."""

    region: str | None = None
    year: int | None = None
    kind: str | None = None
    source: str = "none"


def hints_from_file_name(file_name: str) -> ExternalHints:
    """`杭州市_2024_政府工作报告.txt` -> region 杭州市, year 2024, kind government_work_report.

    Names as sites publish them work too: 龙岗区2024年政府工作报告_2024.txt, 广东省政府工作报告_2022年,
    2014年政府工作报告（在深圳市罗湖区第六届人民代表大会第三次会议上）, 国务院政府工作报告_2016年,
    大鹏新区2024年管理委员会工作报告 (an area the gazetteer lacks). The region is the first name
    of the gazetteer in the name (or 国务院, or a leading area name); the year a token of its own
    (_2024, _2022年), else the first year the name gives.
    """
    stem = re.sub(r"\.[A-Za-z0-9]+$", "", file_name.rsplit("/", 1)[-1])
    tokens = [t for t in re.split(r"[_\-\s.]+", stem) if t]
    region = next((t for t in tokens if t == NATIONAL or split_region_chain(t) != [t] or resolve([t])), None)
    if region is None:
        chains = [names for _, _, names in chains_in(stem) if resolve(names, stem)]
        area = _LEADING_AREA.match(stem)
        region = ("".join(chains[0]) if chains else NATIONAL if "国务院" in stem
                  else area.group() if area and unlisted(area.group()) else None)
    years = [int(m.group(1)) for t in tokens if (m := _YEAR_TOKEN.fullmatch(t.removesuffix("年")))]
    first_year = _YEAR_TOKEN.search(stem)
    year = years[0] if years else int(first_year.group(1)) if first_year else None
    kind = _kind_from_words(stem) if re.search(f"[{HAN}]", stem) else None
    return ExternalHints(region, year, kind, "file_name" if (region or year) else "none")


# 大鹏新区2024年…: the name an unlisted area's file starts with, up to its year or kind.
_LEADING_AREA = re.compile(rf"[{HAN}]{{2,14}}?(?=\d|政府|管委会|管理委员会|工作报告)")


def split_region_chain(name: str) -> list[str]:
    """'浙江省杭州市临安区' -> ['浙江省', '杭州市', '临安区']; a name the gazetteer lacks stays whole."""
    runs = chains_in(name)
    if len(runs) == 1 and runs[0][0] == 0 and runs[0][1] == len(name):
        return runs[0][2]
    return [name]


# What a document is comes from how it presents itself, not from words both kinds use
# (a government work report also says 全会精神): its title, who speaks and to which body.
# A management committee (管委会) reports for an area the way a government does.
_GOVERNMENT_SPEECH = re.compile(
    r"代表(?:[^，。]{0,12}(?:人民政府|管理委员会|管委会)|国务院)|受国务院的委托"
    r"|向大会(?:作|报告)(?:政府|管委会|管理委员会)?工作|政府工作报告")
_PLENARY_SPEECH = re.compile(
    r"全会上的报告|全体(?:（扩大）)?会议上的报告|向全会作|代表[^，。]{0,6}常委会[^，。]{0,4}(?:作|报告)")
_CONGRESS_SESSION = re.compile(r"人民代表大会[^，。\n]{0,12}会议上")


def _kind_from_words(text: str) -> str | None:
    """The kind a title, file name or document opening states."""
    if "完成情况" in text and ("表" in text or "序号" in text):
        return "completion_table"
    title = text.split("\n", 1)[0]
    if "计划执行情况" in title:
        return "plan_execution_report"
    if _PLENARY_SPEECH.search(text):
        return "party_plenary_report"
    if _GOVERNMENT_SPEECH.search(text) or _CONGRESS_SESSION.search(text):
        return "government_work_report"
    if "计划执行情况" in text:
        return "plan_execution_report"
    return None


# A second document starts at a title line followed, within a few lines, by its venue,
# speaker or salutation: 各位代表, ——2023年1月7日在…, 区长 冯晶.
_OPENING = re.compile(r"各位代表|同志们|在[^，。\n]{2,40}(?:会议|全会)上|(?:总理|省长|市长|区长|县长|书记)\s*[\u4e00-\u9fff]{2,4}\s*\n")
_MIN_DOCUMENT = 1000


def _document_starts(text: str) -> list[tuple[int, str]]:
    """Offsets where a document begins, each with why: a title line opening a real document."""
    starts = [(0, "start of file")]
    offset = 0
    for line in text.split("\n"):
        title = line.strip()
        if _TITLE_LINE.match(title) and offset - starts[-1][0] > 2000 and len(text) - offset > _MIN_DOCUMENT \
                and _OPENING.search(text, offset + len(line), offset + len(line) + 300):
            starts.append((offset, f"title line {title[:40]!r} opens a new document"))
        offset += len(line) + 1
    return starts


def _header(text: str) -> str:
    """The opening lines that carry title, venue, speaker and date."""
    return text[:600]


# 我代表大鹏新区管理委员会: an area the gazetteer does not list speaks through its committee.
_COMMITTEE_SPEAKS = re.compile(rf"代表([{HAN}]{{2,16}}?)(?:管理委员会|管委会|人民政府)")


def _region_from_text(header: str, body: str) -> Region | None:
    """The region whose government, congress or party committee the opening speaks for."""
    if re.search(r"代表国务院|受国务院的委托|国务院总理|全国人民代表大会", header):
        return resolve([NATIONAL])
    # 我代表…人民政府 / 管理委员会 says whose report it is, whatever else the opening names.
    speaker = _COMMITTEE_SPEAKS.search(header)
    if speaker:
        region = resolve(split_region_chain(speaker.group(1)), body) or unlisted(speaker.group(1), body)
        if region:
            return region
    for _, end, names in chains_in(header):
        if _SPEAKS_FOR.match(header, end):
            region = resolve(names, body)
            if region:
                return region
    return None


def _region(header: str, body: str, hints: ExternalHints) -> tuple[Region | None, str]:
    """(region, source): the text's, else the manifest's or file name's, else the one the body names most.

    Only a name the gazetteer knows is kept; a hint more specific than the text (a district
    file of a city's report) wins when the text's region contains it.
    """
    stated = _region_from_text(header, body)
    hinted = (resolve(split_region_chain(hints.region), body) or unlisted(hints.region, body)) if hints.region else None
    if stated and hinted and stated.name in hinted.parents:
        return hinted, hints.source
    if stated:
        return stated, "text"
    if hinted:
        return hinted, hints.source
    dominant = dominant_region(body)
    return (dominant, "body") if dominant else (None, "none")


def _plan_year_from(doc_date: date | None, kind: str) -> int | None:
    if doc_date is None:
        return None
    # Reports given in the last quarter set the next year's targets.
    return doc_date.year + 1 if doc_date.month >= 10 and kind != "completion_table" else doc_date.year


def describe_document(text: str, index: int, start: int, end: int, hints: ExternalHints,
                      split_reason: str = "start of file") -> DocumentInfo:
    body = text[start:end]
    header = _header(body)
    title = next(
        (line.strip("# ").strip() for line in body.split("\n") if line.strip() and not re.fullmatch(r"附件\s*\d*", line.strip())),
        "",
    )
    kind = _kind_from_words(header) or hints.kind or "other"

    region, region_source = _region(header, body, hints)
    date_match = _DATE.search(header)
    doc_date = None
    if date_match:
        try:
            doc_date = date(*(int(g) for g in date_match.groups()))
        except ValueError:
            doc_date = None
    speaker_match = _SPEAKER.search(header)

    headings = _headings(body)
    plan_year, review_year, year_source = _years(header, kind, doc_date, headings, hints)
    partial = bool(re.search(r"（紧接\s*\d*\s*版）|（接\s*\d+\s*版）|（下转\s*\d+\s*版）", header)) or bool(
        re.match(rf"[{HAN}]", body.lstrip()[:1]) and not _TITLE_LINE.match(body.lstrip().split("\n", 1)[0])
        and kind == "other"
    )
    sections = find_sections(body, plan_year, headings, preamble_reviews=not partial and kind != "completion_table")
    return DocumentInfo(
        index=index,
        char_start=start,
        char_end=end,
        title=title[:120],
        kind=kind,
        region=region.name if region else None,
        region_code=region.code if region else None,
        region_level=region.level if region else None,
        region_parents=list(region.parents) if region else [],
        region_source=region_source,
        document_date=doc_date,
        speaker=speaker_match.group(1) if speaker_match else None,
        review_year=review_year,
        plan_year=plan_year,
        year_source=year_source,
        is_partial=partial,
        sections=sections,
        split_reason=split_reason,
    )


def _years(header: str, kind: str, doc_date: date | None, headings: list[_Heading],
           hints: ExternalHints) -> tuple[int | None, int | None, str]:
    """(plan_year, review_year, source). A completion table reviews the year it plans."""
    title_year = _YEAR_TOKEN.search(header[:80])
    if kind == "completion_table" and title_year:
        year = int(title_year.group(1))
        return year, year, "text"
    # 2023年工作安排 / 二、1981年国民经济计划的任务; else 2022年工作回顾 (the year before the plan).
    parts = [h for h in headings if h.level <= 1]
    plan = next((h.years[-1] for h in parts if h.words == "plan" and len(h.years) == 1), None)
    review = next((h.years[0] for h in parts if h.words == "review" and h.years), None)
    heading_plan = plan or (review + 1 if review else None)
    # A heading naming a horizon (到一九八五年的任务) is not the report's year: trust it near the hint.
    if heading_plan and not (hints.year and abs(heading_plan - hints.year) > 1):
        return heading_plan, heading_plan - 1, "text"
    plan = _plan_year_from(doc_date, kind)
    if plan:
        return plan, plan - 1, "text"
    if hints.year:
        return hints.year, hints.year if kind == "completion_table" else hints.year - 1, hints.source
    return None, None, "none"


_CHAPTER = re.compile(r"^(?:#+\s*)?([一二三四五六七八九十]+)、(.*)$")
_SUBCHAPTER = re.compile(r"^(?:#+\s*)?(?:（([一二三四五六七八九十]+)）|第([一二三四五六七八九十]+)[，、])(.*)$")
# 取得 reviews (取得了新的进展) unless it is what is to be done (要取得新的突破).
_REVIEW_WORDS = re.compile(r"回顾|成绩|成效|过去|一年来|以来|工作总结|执行情况|完成情况|成就|(?<![要将争保力])取得")
_PLAN_WORDS = re.compile(r"安排|目标|任务|主要工作|重点工作|计划|规划|思路|打算|展望|建议|部署|要求|措施|方针")
# Glossaries and attachments: their numbers define terms or list files, they state nothing.
_NOTES_WORDS = re.compile(r"名词解释|附件|附表|附录|注释|说明$")
# A part heading stands alone on a short line: 2023年工作回顾, 过去五年工作回顾, 有关名词解释.
_PART_MAX = 30


@dataclass(frozen=True)
class _Heading:
    offset: int
    level: int  # 0 a part of the report, 1 一、 a chapter, 2 （一） a section
    text: str
    number: int | None
    years: list[int]
    words: str  # what its words say: review, plan, notes or ''


def _words_of(heading: str) -> str:
    if _NOTES_WORDS.search(heading):
        return "notes"
    if _REVIEW_WORDS.search(heading):
        return "review"
    return "plan" if _PLAN_WORDS.search(heading) else ""


def _heading_text(line: str) -> str:
    """An inline heading ends at its first full stop: '（一）旗帜鲜明讲政治，争当表率。全面…'."""
    return line.split("。", 1)[0][:80]


def _chapter_number(numeral: str) -> int | None:
    try:
        return int(parse_chinese(numeral))
    except ValueError:
        return None


def _headings(body: str) -> list[_Heading]:
    found: list[_Heading] = []
    offset = 0
    previous = ""
    for line in body.split("\n"):
        stripped = line.strip().strip("#").strip()
        # A book title broken onto its own lines (《\n人口与计划生育法\n》) is not a heading; nor is
        # an item of a list (二、适当提高铁路短途运价；).
        inside_title = previous.endswith("《") or stripped.startswith("》") or stripped.endswith("《")
        is_item = stripped.endswith(("；", "，", "、"))
        for level, pattern in ((1, _CHAPTER), (2, _SUBCHAPTER)):
            match = pattern.match(stripped)
            if match and len(_heading_text(stripped)) <= 60 and not inside_title and not is_item:
                heading = _heading_text(stripped)
                numeral = next(g for g in match.groups() if g)
                found.append(_Heading(offset, level, heading, _chapter_number(numeral), years_in(heading),
                                      _words_of(heading)))
                break
        else:
            words = _words_of(stripped)
            if (stripped and len(stripped) <= _PART_MAX and not re.search("[。，；！]$|。", stripped)
                    and not inside_title and (words == "notes" or not stripped.endswith("："))
                    and (words or plan_periods_in(stripped))):
                found.append(_Heading(offset, 0, stripped, None, years_in(stripped), words))
        previous = stripped
        offset += len(line) + 1
    return found


def _orientation(heading: _Heading, period: Period | None, plan_year: int | None) -> str:
    """What a heading says of itself; a year or span before the plan year is a review."""
    if heading.words:
        return heading.words
    when = period.end if period else heading.years[-1] if heading.years else None
    if when is None or plan_year is None:
        return "unknown"
    return "plan" if when >= plan_year else "review"


def find_sections(body: str, plan_year: int | None, headings: list[_Heading] | None = None,
                  preamble_reviews: bool = False) -> list[Section]:
    """Parts, chapters and sections with their orientation (review, plan, notes) and span of years.

    A chapter inherits its part's orientation and span; without parts, reports review first
    and plan after, so an unlabelled chapter after a review chapter, or a numbering that starts
    again at 一, is the plan. A plan section of a five-year-plan report covers the plan's years.
    When the first heading comes after a long opening that it does not itself review (a
    report that reviews the year before its first chapter), that opening is the review.
    """
    headings = _headings(body) if headings is None else headings
    # A five-year-plan report (关于…第七个五年计划的报告) plans the years of the plan it names.
    document_plan = next((p for p in plan_periods_in(body[:400]) if plan_year and p.start <= plan_year <= p.end), None)
    sections: list[Section] = []
    part: tuple[str, Period | None, int | None] | None = None  # orientation, span, year of the enclosing part
    chapter: tuple[str, Period | None, int | None] | None = None
    previous_chapter: _Heading | None = None
    if preamble_reviews and headings and headings[0].offset > 200 \
            and _orientation(headings[0], span_in(headings[0].text, plan_year), plan_year) != "review":
        sections.append(Section("", 0, "review", 0, headings[0].offset, None))
        chapter, previous_chapter = ("review", None, None), _Heading(0, 1, "", None, [], "review")
    for i, heading in enumerate(headings):
        end = next((h.offset for h in headings[i + 1 :] if h.level <= heading.level), len(body))
        # 2020年工作回顾和“十三五”发展成就: a heading that names its one year is about that year.
        period = None if len(heading.years) == 1 else span_in(heading.text, plan_year)
        orientation = _orientation(heading, period, plan_year)
        year = heading.years[-1] if len(heading.years) == 1 else None
        if heading.level == 0:
            part, chapter, previous_chapter = (orientation, period, year), None, None
        else:
            enclosing = chapter if heading.level == 2 and chapter else part
            if enclosing and enclosing[0] != "unknown" and orientation != "notes":
                orientation = enclosing[0]
                period = period or enclosing[1]
                year = year or enclosing[2]
            elif heading.level == 1 and orientation == "unknown" and previous_chapter is not None:
                restarted = heading.number == 1 and (previous_chapter.number or 0) > 1
                after_review = chapter is not None and chapter[0] == "review"
                if after_review or restarted:
                    orientation = "plan"
                elif chapter is not None:
                    orientation = chapter[0]
            if heading.level == 1:
                chapter, previous_chapter = (orientation, period, year), heading
        if orientation == "plan" and period is None and document_plan and year is None:
            period = document_plan
        sections.append(Section(heading.text, heading.level, orientation, heading.offset, end, year,
                                period.start if period else None, period.end if period else None))
    return sections


def split_documents(text: str, hints: ExternalHints = ExternalHints()) -> list[DocumentInfo]:
    starts = _document_starts(text)
    bounds = [(start, end, reason) for (start, reason), (end, _) in zip(starts, starts[1:] + [(len(text), "")])]
    return [describe_document(text, i, start, end, hints, reason) for i, (start, end, reason) in enumerate(bounds)]


MANIFEST_COLUMNS = ("file_name", "region", "year", "kind")


def read_manifest(text: str) -> dict[str, ExternalHints]:
    """manifest.csv beside the reports: file_name,region,year,kind (region, year, kind optional).

    Raises ValueError naming the line when a row is malformed.
    """
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    if rows and "file_name" not in rows[0]:
        raise ValueError(f"line 1: the header needs file_name and any of region, year, kind; got {list(rows[0])}")
    hints = {}
    for line_number, row in enumerate(rows, start=2):
        name = (row.get("file_name") or "").strip()
        if not name:
            raise ValueError(f"line {line_number}: file_name is empty")
        year_text = (row.get("year") or "").strip()
        if year_text and not _YEAR_TOKEN.fullmatch(year_text):
            raise ValueError(f"line {line_number}: year {year_text!r} is not a four-digit year")
        kind = (row.get("kind") or "").strip() or None
        if kind and kind not in KINDS:
            raise ValueError(f"line {line_number}: kind {kind!r} is not one of {', '.join(KINDS)}")
        hints[name] = ExternalHints(
            region=(row.get("region") or "").strip() or None,
            year=int(year_text) if year_text else None,
            kind=kind,
            source="manifest",
        )
    return hints


def hints_for(file_name: str, manifest: dict[str, ExternalHints]) -> ExternalHints:
    """A manifest row where there is one, else what the file name says."""
    return manifest.get(file_name) or hints_from_file_name(file_name)
