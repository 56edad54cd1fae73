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
from dataclasses import dataclass, field
from datetime import date

from parsers.normalize import HAN

# A line that titles a whole document.
_TITLE_LINE = re.compile(
    r"^#*\s*(?:.{0,40}(?:政府工作报告|工作报告|计划执行情况.{0,20}报告|预算执行情况.{0,20}报告|完成情况表|全会上的报告))\s*$"
)
_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_SPEAKER = re.compile(
    rf"(?:总理|省长|代省长|市长|代市长|区长|代区长|县长|代县长|旗长|书记|主席|主任)\s*([{HAN}]{{2,4}}?)\s*(?=（|\(|\n|$)"
)
_CONGRESS_REGION = re.compile(rf"在([{HAN}]{{2,24}}?)第[一二三四五六七八九十]+届人民代表大会")
_PARTY_REGION = re.compile(rf"中共([{HAN}]{{2,20}}?)委")
_GOVERNMENT_REGION = re.compile(rf"([{HAN}]{{2,20}}?)人民政府")
_ADMIN_UNIT = re.compile(rf"[{HAN}]+?(?:特别行政区|自治区|自治州|自治县|省|市|盟|区|县|旗)")
_LEVEL_BY_SUFFIX = (
    ("特别行政区", "province"), ("自治区", "province"), ("省", "province"), ("自治州", "city"), ("盟", "city"),
    ("市", "city"), ("自治县", "county"), ("县", "county"), ("旗", "county"), ("区", "district"),
)
# Municipalities directly under the central government are provinces by rank.
_MUNICIPALITIES = {"北京市", "天津市", "上海市", "重庆市"}
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


@dataclass
class DocumentInfo:
    index: int
    char_start: int
    char_end: int
    title: str
    kind: str
    region: str | None
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


@dataclass(frozen=True)
class ExternalHints:
    """Metadata from outside the text: a manifest row, else the file name."""

    region: str | None = None
    year: int | None = None
    kind: str | None = None
    source: str = "none"


def hints_from_file_name(file_name: str) -> ExternalHints:
    """`杭州市_2024_政府工作报告.txt` -> region 杭州市, year 2024, kind government_work_report."""
    stem = re.sub(r"\.[A-Za-z0-9]+$", "", file_name.rsplit("/", 1)[-1])
    tokens = [t for t in re.split(r"[_\-\s.]+", stem) if t]
    region = next((t for t in tokens if t == "全国" or _ADMIN_UNIT.fullmatch(t)), None)
    year = next((int(m.group(1)) for t in tokens if (m := _YEAR_TOKEN.fullmatch(t))), None)
    kind = _kind_from_words(stem) if re.search(f"[{HAN}]", stem) else None
    return ExternalHints(region, year, kind, "file_name" if (region or year) else "none")


def region_level(region: str | None) -> str | None:
    if region is None:
        return None
    if region in ("全国", "中国", "国务院"):
        return "national"
    if region in _MUNICIPALITIES:
        return "province"
    for suffix, level in _LEVEL_BY_SUFFIX:
        if region.endswith(suffix):
            return level
    return None


def split_region_chain(name: str) -> list[str]:
    """'浙江省杭州市临安区' -> ['浙江省', '杭州市', '临安区']."""
    units = _ADMIN_UNIT.findall(name)
    return units if "".join(units) == name else [name]


def _kind_from_words(text: str) -> str | None:
    if "完成情况" in text and ("表" in text or "序号" in text):
        return "completion_table"
    if "计划执行情况" in text:
        return "plan_execution_report"
    if re.search(r"全会|全体（扩大）会议|全体会议上的报告|中共.{2,20}委", text):
        return "party_plenary_report"
    if "政府工作报告" in text or re.search("人民代表大会.{0,12}会议上", text):
        return "government_work_report"
    return None


def _document_starts(text: str) -> list[int]:
    """Offsets where a new document begins: a title line after a long stretch of text."""
    starts = [0]
    offset = 0
    for line in text.split("\n"):
        if _TITLE_LINE.match(line.strip()) and offset - starts[-1] > 2000:
            starts.append(offset)
        offset += len(line) + 1
    return starts


def _header(text: str) -> str:
    """The opening lines that carry title, venue, speaker and date."""
    return text[:600]


def _region_from_header(header: str) -> tuple[str | None, list[str]]:
    if "全国人民代表大会" in header and not _CONGRESS_REGION.search(header):
        return "全国", []
    for pattern in (_CONGRESS_REGION, _PARTY_REGION, _GOVERNMENT_REGION):
        match = pattern.search(header)
        if match:
            chain = split_region_chain(match.group(1))
            if region_level(chain[-1]):
                return chain[-1], chain[:-1]
    return None, []


def _plan_year_from(doc_date: date | None, kind: str) -> int | None:
    if doc_date is None:
        return None
    # Reports given in the last quarter set the next year's targets.
    return doc_date.year + 1 if doc_date.month >= 10 and kind != "completion_table" else doc_date.year


def describe_document(text: str, index: int, start: int, end: int, hints: ExternalHints) -> DocumentInfo:
    body = text[start:end]
    header = _header(body)
    title = next(
        (line.strip("# ").strip() for line in body.split("\n") if line.strip() and not re.fullmatch(r"附件\s*\d*", line.strip())),
        "",
    )
    kind = _kind_from_words(header) or hints.kind or "other"

    region, parents = _region_from_header(header)
    region_source = "text" if region else hints.source if hints.region else "none"
    if region is None and hints.region:
        chain = split_region_chain(hints.region)
        region, parents = chain[-1], chain[:-1]

    date_match = _DATE.search(header)
    doc_date = None
    if date_match:
        try:
            doc_date = date(*(int(g) for g in date_match.groups()))
        except ValueError:
            doc_date = None
    speaker_match = _SPEAKER.search(header)

    sections = find_sections(body)
    plan_year, review_year, year_source = _years(body, header, kind, doc_date, sections, hints)
    partial = bool(re.search(r"（紧接\s*\d*\s*版）|（接\s*\d+\s*版）|（下转\s*\d+\s*版）", header)) or bool(
        re.match(rf"[{HAN}]", body.lstrip()[:1]) and not _TITLE_LINE.match(body.lstrip().split("\n", 1)[0])
        and kind == "other"
    )
    return DocumentInfo(
        index=index,
        char_start=start,
        char_end=end,
        title=title[:120],
        kind=kind,
        region=region,
        region_level=region_level(region),
        region_parents=parents,
        region_source=region_source,
        document_date=doc_date,
        speaker=speaker_match.group(1) if speaker_match else None,
        review_year=review_year,
        plan_year=plan_year,
        year_source=year_source,
        is_partial=partial,
        sections=sections,
    )


def _years(body: str, header: str, kind: str, doc_date: date | None, sections: list[Section],
           hints: ExternalHints) -> tuple[int | None, int | None, str]:
    """(plan_year, review_year, source). A completion table reviews the year it plans."""
    title_year = _YEAR_TOKEN.search(header[:80])
    if kind == "completion_table" and title_year:
        year = int(title_year.group(1))
        return year, year, "text"
    plan = next((s.year for s in sections if s.orientation == "plan" and s.year and s.level == 0), None)
    review = next((s.year for s in sections if s.orientation == "review" and s.year and s.level == 0), None)
    if plan or review:
        plan = plan or review + 1
        return plan, review or plan - 1, "text"
    plan = _plan_year_from(doc_date, kind)
    if plan:
        return plan, plan - 1, "text"
    if hints.year:
        return hints.year, hints.year if kind == "completion_table" else hints.year - 1, hints.source
    return None, None, "none"


_YEAR_SECTION = re.compile(r"^(?:#+\s*)?(\d{4})年(.{0,20})$")
_CHAPTER = re.compile(r"^(?:#+\s*)?([一二三四五六七八九十]+)、(.*)$")
_SUBCHAPTER = re.compile(r"^(?:#+\s*)?（([一二三四五六七八九十]+)）(.*)$")
_REVIEW_WORDS = re.compile(r"回顾|成绩|成效|过去|一年来|主要工作和|工作总结|取得")
_PLAN_WORDS = re.compile(r"安排|目标|任务|重点工作|计划|思路|打算|展望")


def _heading_text(line: str) -> str:
    """An inline heading ends at its first full stop: '（一）旗帜鲜明讲政治，争当表率。全面…'."""
    return line.split("。", 1)[0][:80]


def find_sections(body: str) -> list[Section]:
    """Chapter headings with their orientation; a chapter inherits from its enclosing year section."""
    raw: list[tuple[int, int, str, int | None, str]] = []  # (offset, level, heading, year, orientation)
    offset = 0
    for line in body.split("\n"):
        stripped = line.strip()
        year_match = _YEAR_SECTION.match(stripped)
        if year_match and len(stripped) <= 24:
            words = year_match.group(2)
            orientation = "review" if _REVIEW_WORDS.search(words) else "plan" if _PLAN_WORDS.search(words) else "unknown"
            if orientation != "unknown":
                raw.append((offset, 0, stripped.strip("# "), int(year_match.group(1)), orientation))
        elif _CHAPTER.match(stripped) and len(_heading_text(stripped)) <= 60:
            heading = _heading_text(stripped)
            raw.append((offset, 1, heading, None, "review" if _REVIEW_WORDS.search(heading) else "unknown"))
        elif _SUBCHAPTER.match(stripped) and len(_heading_text(stripped)) <= 60:
            heading = _heading_text(stripped)
            raw.append((offset, 2, heading, None, "review" if _REVIEW_WORDS.search(heading) else "unknown"))
        offset += len(line) + 1

    sections: list[Section] = []
    year_orientation = "unknown"
    year_value: int | None = None
    chapter_orientation = "unknown"
    seen_review_chapter = False
    for i, (start, level, heading, year, orientation) in enumerate(raw):
        end = next((s for s, lvl, *_ in raw[i + 1 :] if lvl <= level), len(body))
        if level == 0:
            year_orientation, year_value = orientation, year
            chapter_orientation = orientation
        elif level == 1:
            if year_orientation != "unknown":
                orientation = year_orientation
            elif orientation == "review":
                seen_review_chapter = True
            elif seen_review_chapter:
                # Reports review first, then plan: an unlabeled chapter after a review is the plan.
                orientation = "plan"
            chapter_orientation = orientation
        else:
            orientation = chapter_orientation if chapter_orientation != "unknown" else orientation
        sections.append(Section(heading, level, orientation, start, end, year or year_value))
    return sections


def split_documents(text: str, hints: ExternalHints = ExternalHints()) -> list[DocumentInfo]:
    starts = _document_starts(text)
    bounds = list(zip(starts, starts[1:] + [len(text)]))
    return [describe_document(text, i, start, end, hints) for i, (start, end) in enumerate(bounds)]


def section_at(sections: list[Section], offset: int) -> Section | None:
    """The innermost section holding offset."""
    holding = [s for s in sections if s.char_start <= offset < s.char_end]
    return max(holding, key=lambda s: (s.level, s.char_start)) if holding else None


MANIFEST_COLUMNS = ("file_name", "region", "year", "kind")


def read_manifest(text: str) -> dict[str, ExternalHints]:
    """manifest.csv beside the reports: file_name,region,year,kind (region, year, kind optional).

    Raises ValueError naming the line when a row is malformed.
    """
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    if rows and "file_name" not in rows[0]:
        raise ValueError(f"manifest.csv needs a header with file_name and any of region, year, kind; got {list(rows[0])}")
    hints = {}
    for line_number, row in enumerate(rows, start=2):
        name = (row.get("file_name") or "").strip()
        if not name:
            raise ValueError(f"manifest.csv line {line_number}: file_name is empty")
        year_text = (row.get("year") or "").strip()
        if year_text and not _YEAR_TOKEN.fullmatch(year_text):
            raise ValueError(f"manifest.csv line {line_number}: year {year_text!r} is not a four-digit year")
        kind = (row.get("kind") or "").strip() or None
        if kind and kind not in KINDS:
            raise ValueError(f"manifest.csv line {line_number}: kind {kind!r} is not one of {', '.join(KINDS)}")
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


def document_from_row(row: dict, sections: list[dict]) -> DocumentInfo:
    """Rebuild a DocumentInfo from its stored columns (raw.documents and raw.sections rows)."""
    return DocumentInfo(
        index=row["document_index"],
        char_start=row["file_char_start"],
        char_end=row["file_char_end"],
        title=row["title"],
        kind=row["document_kind"],
        region=row["region"],
        region_level=row["region_level"],
        region_parents=[p for p in (row["region_parents"] or "").split(">") if p],
        region_source=row["region_source"],
        document_date=row["document_date"],
        speaker=row["speaker"],
        review_year=row["review_year"],
        plan_year=row["plan_year"],
        year_source=row["year_source"],
        is_partial=row["is_partial"],
        sections=[
            Section(s["heading"], s["level"], s["orientation"], s["char_start"], s["char_end"], s["year"])
            for s in sections
        ],
    )
