"""One report file parsed into the rows it puts in each raw table; runs in worker processes.

Everything here is a plain function of a file's bytes and hints, so the raw assets can parse
several files at once in a process pool while one process writes DuckDB.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import traceback
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from orchestration.partitions import display_name, partition_key
from parsers import ids
from parsers.decoding import NotAReportError
from parsers.documents import ExternalHints
from parsers.reports import ParsedFile, parse_file
from parsers.statements import completion_table_rows, extract_measures, unparsed_numbers

_TABLE_ROW_COLUMNS = ["document_id", "row_number", "chapter", "goal", "goal_inherited", "task", "completion",
                      "task_start", "task_end", "completion_start", "completion_end"]
_SECTION_COLUMNS = ["document_id", "section_index", "heading", "level", "orientation", "year", "period_start",
                    "period_end", "char_start", "char_end"]
_ISSUE_COLUMNS = ["document_id", "issue_kind", "char_start", "char_end", "detail"]
_UNPARSED_COLUMNS = ["document_id", "char_start", "char_end", "sentence_start", "sentence_end", "sentence"]


def hints_text(hints: ExternalHints) -> str:
    return f"{hints.region}|{hints.year}|{hints.kind}|{hints.source}"


def file_sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def load_fingerprint(sha256: str, hints: str, parser_version: str) -> str:
    """A file is parsed again when its bytes, its manifest or file-name hints, or the parser change."""
    return f"{sha256}|{hints}|{parser_version}"


@dataclass(frozen=True)
class FileToParse:
    file_name: str  # relative to the reports folder
    path: Path
    hints: ExternalHints
    parser_version: str
    max_bytes: int  # a larger file is rejected unread


@dataclass
class ParsedReport:
    """A file's rows by raw table, or the reason it is not a report."""

    file_name: str  # the partition key form (orchestration/partitions.py)
    sha256: str
    byte_size: int
    fingerprint: str
    display_name: str = ""
    file_id: str | None = None
    reason: str | None = None
    # Where a rejected file failed: read (unreadable, too large), decode (not a report's text,
    # quarantined), parse (a parser error), load (a row the warehouse refused), duplicate.
    stage: str | None = None
    # The traceback of an unexpected parser error, for the run's log (the reason stays one line).
    error_detail: str | None = None
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def measures_by_kind(self) -> dict[str, int]:
        measures = self.tables.get("raw.measures")
        return {} if measures is None or measures.empty else measures["kind"].value_counts().sort_index().to_dict()


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns)


def _document_tables(parsed: ParsedFile, file_name: str) -> dict[str, pd.DataFrame]:
    documents, sections, issues, measures, table_rows, unparsed = [], [], [], [], [], []
    for doc in parsed.documents:
        document_id = parsed.document_id(doc)
        text = parsed.document_text(doc)
        documents.append({
            "document_id": document_id, "file_id": parsed.report.file_id, "file_name": file_name,
            "document_index": doc.index, "file_char_start": doc.char_start, "file_char_end": doc.char_end,
            "title": doc.title, "document_kind": doc.kind, "region": doc.region, "region_code": doc.region_code,
            "region_level": doc.region_level,
            "region_parents": list(doc.region_parents), "region_source": doc.region_source,
            "document_date": doc.document_date, "speaker": doc.speaker, "review_year": doc.review_year,
            "plan_year": doc.plan_year, "year_source": doc.year_source, "is_partial": doc.is_partial,
            "split_reason": doc.split_reason, "garbled_share": parsed.garbled_share_of(doc), "normalized_text": text,
        })
        sections.extend(
            {"document_id": document_id, "section_index": k, "heading": s.heading, "level": s.level,
             "orientation": s.orientation, "year": s.year, "period_start": s.period_start,
             "period_end": s.period_end, "char_start": s.char_start, "char_end": s.char_end}
            for k, s in enumerate(doc.sections)
        )
        issues.extend(
            {"document_id": document_id, "issue_kind": i.kind, "char_start": i.start, "char_end": i.end,
             "detail": i.detail}
            for i in parsed.issues_of(doc)
        )
        extracted = extract_measures(text, doc)
        measures.extend(
            {"measure_id": ids.measure_id(document_id, m.char_start, m.char_end, m.item), "document_id": document_id,
             **asdict(m), "page": parsed.page_at(doc.char_start + m.char_start)}
            for m in extracted
        )
        unparsed.extend({"document_id": document_id, **asdict(u)} for u in unparsed_numbers(text, extracted))
        table_rows.extend(
            {"document_id": document_id, "row_number": r.row_number, "chapter": r.chapter, "goal": r.goal,
             "goal_inherited": r.goal_inherited, "task": r.task.text, "completion": r.completion.text,
             "task_start": r.task.char_start, "task_end": r.task.char_end,
             "completion_start": r.completion.char_start, "completion_end": r.completion.char_end}
            for r in completion_table_rows(text, doc)
        )
    return {
        "raw.documents": pd.DataFrame(documents),
        "raw.sections": _frame(sections, _SECTION_COLUMNS),
        "raw.text_issues": _frame(issues, _ISSUE_COLUMNS),
        "raw.measures": pd.DataFrame(measures),
        "raw.table_rows": _frame(table_rows, _TABLE_ROW_COLUMNS),
        "raw.unparsed_numbers": _frame(unparsed, _UNPARSED_COLUMNS),
    }


def parse_report_file(item: FileToParse) -> ParsedReport:
    """Read, parse and extract one file. Any failure that belongs to the file becomes its reason."""
    hints = hints_text(item.hints)
    stored, shown = partition_key(item.file_name), display_name(item.file_name)
    try:
        size = item.path.stat().st_size
        if size > item.max_bytes:
            return ParsedReport(stored, "", size, load_fingerprint("", hints, item.parser_version), display_name=shown,
                                reason=f"too large: {size / 1e6:.1f} MB is over the limit of {item.max_bytes / 1e6:g} MB "
                                       "(--max-file-mb)", stage="read")
        data = item.path.read_bytes()
    except OSError as error:
        return ParsedReport(stored, "", 0, load_fingerprint("", hints, item.parser_version), display_name=shown,
                            reason=f"unreadable: {error.strerror or error}", stage="read")
    sha256 = hashlib.sha256(data).hexdigest()
    report = ParsedReport(stored, sha256, len(data), load_fingerprint(sha256, hints, item.parser_version),
                          display_name=shown)
    try:
        parsed = parse_file(data, item.hints)
        report.file_id = parsed.report.file_id
        report.tables = _document_tables(parsed, stored)
    except NotAReportError as error:
        report.reason, report.stage = error.reason, "decode"
    except Exception as error:  # a parser bug must not take the other reports down
        report.reason, report.stage = f"parser error: {type(error).__name__}: {error}", "parse"
        report.error_detail = traceback.format_exc()
        report.tables = {}
        return report
    if report.reason is None:
        report.tables["raw.files"] = pd.DataFrame([{
            "file_id": parsed.report.file_id, "file_name": stored, "display_name": shown, "sha256": sha256,
            "byte_size": len(data),
            "encoding": parsed.report.encoding, "source_format": parsed.report.source_format,
            "extractor": parsed.report.extractor, "original_char_count": len(parsed.report.original_text),
            "char_count": len(parsed.report.normalized_text), "hints_source": item.hints.source, "hints": hints,
            "parser_version": item.parser_version, "loaded_at": pd.Timestamp.now(),
        }])
    return report


def parse_report_files(items: Iterable[FileToParse], workers: int) -> Iterator[ParsedReport]:
    """parse_report_file over items, in their order, in up to `workers` processes.

    Workers start from a fork server (a clean process, not a fork of this threaded one) that has
    imported the parsers once."""
    items = list(items)
    if workers <= 1 or len(items) <= 1:
        yield from map(parse_report_file, items)
        return
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    with ProcessPoolExecutor(max_workers=min(workers, len(items)), mp_context=context) as pool:
        yield from pool.map(parse_report_file, items)
