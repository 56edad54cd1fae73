"""Raw-layer assets: report files into raw.documents, parsed numbers into raw.measures."""


import hashlib
from dataclasses import asdict
from pathlib import Path

import dagster as dg
import pandas as pd

from orchestration import raw_store
from orchestration.resources import WAREHOUSE_POOL, DuckDBWarehouse, ReportsFolder
from parsers import ids, parser_version
from parsers.decoding import NotAReportError
from parsers.documents import ExternalHints, hints_for, read_manifest
from parsers.reports import ParsedFile, parse_file
from parsers.statements import completion_table_rows, extract_measures, unparsed_numbers

# Files that describe the folder rather than hold a report.
_NOT_REPORTS = ("README", "manifest.csv")


def list_report_files(folder: Path) -> list[Path]:
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
        and not path.name.startswith(_NOT_REPORTS)
    )


RAW_FILES = dg.AssetKey(["raw", "files"])
RAW_DOCUMENTS = dg.AssetKey(["raw", "documents"])
RAW_SECTIONS = dg.AssetKey(["raw", "sections"])
RAW_TEXT_ISSUES = dg.AssetKey(["raw", "text_issues"])
RAW_REJECTED_FILES = dg.AssetKey(["raw", "rejected_files"])
RAW_MEASURES = dg.AssetKey(["raw", "measures"])
RAW_TABLE_ROWS = dg.AssetKey(["raw", "table_rows"])
RAW_UNPARSED_NUMBERS = dg.AssetKey(["raw", "unparsed_numbers"])
RAW_EXTRACTIONS = dg.AssetKey(["raw", "extractions"])
_KINDS = {"python", "duckdb"}


def _spec(key: dg.AssetKey, group: str, description: str, deps: list[dg.AssetKey] | None = None) -> dg.AssetSpec:
    return dg.AssetSpec(key, deps=deps or [], group_name=group, kinds=_KINDS, description=description)


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns)


def _document_rows(parsed: ParsedFile, file_name: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    documents, sections, issues = [], [], []
    for doc in parsed.documents:
        document_id = parsed.document_id(doc)
        documents.append({
            "document_id": document_id, "file_id": parsed.report.file_id, "file_name": file_name,
            "document_index": doc.index, "file_char_start": doc.char_start, "file_char_end": doc.char_end,
            "title": doc.title, "document_kind": doc.kind, "region": doc.region, "region_code": doc.region_code,
            "region_level": doc.region_level,
            "region_parents": list(doc.region_parents), "region_source": doc.region_source,
            "document_date": doc.document_date, "speaker": doc.speaker, "review_year": doc.review_year,
            "plan_year": doc.plan_year, "year_source": doc.year_source, "is_partial": doc.is_partial,
            "split_reason": doc.split_reason, "normalized_text": parsed.document_text(doc),
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
    return (
        pd.DataFrame(documents),
        _frame(sections, ["document_id", "section_index", "heading", "level", "orientation", "year", "period_start",
                          "period_end", "char_start", "char_end"]),
        _frame(issues, ["document_id", "issue_kind", "char_start", "char_end", "detail"]),
    )


def _read_manifest(folder: Path) -> dict[str, ExternalHints]:
    path = folder / "manifest.csv"
    if not path.exists():
        return {}
    try:
        return read_manifest(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise dg.Failure(f"{path} is malformed: {exc}") from exc


@dg.multi_asset(
    name="raw_documents",
    specs=[
        _spec(RAW_FILES, "ingest", "One row per report file: fingerprint, detected encoding, original and normalized text."),
        _spec(RAW_DOCUMENTS, "ingest", "One row per document (a file may hold several): kind, region, date, years, text."),
        _spec(RAW_SECTIONS, "ingest", "Chapter headings of each document, and whether each reviews the past or plans."),
        _spec(RAW_TEXT_ISSUES, "ingest", "Damage found while normalizing each document: mojibake, U+FFFD, OCR junk."),
        _spec(RAW_REJECTED_FILES, "ingest", "Files of the reports folder that were not loaded, with the reason."),
    ],
    pool=WAREHOUSE_POOL,
)
def raw_documents(context: dg.AssetExecutionContext, warehouse: DuckDBWarehouse, reports: ReportsFolder):
    folder = reports.path
    if not folder.is_dir():
        raise dg.Failure(f"Reports folder {folder} does not exist: set REPORTS_DIR or pass --reports-dir.")
    version = parser_version()
    manifest = _read_manifest(folder)
    files = list_report_files(folder)
    context.log.info(f"Reading {len(files)} file(s) from {folder}")
    rejections: list[dict] = []
    kept_ids: dict[str, str] = {}
    loaded = skipped = 0
    with warehouse.connect() as con:
        raw_store.ensure_raw_schema(con)
        known = raw_store.known_files(con)
        rejected_before = raw_store.known_rejections(con)
        unchanged_names: set[str] = set()
        for path in files:
            file_name = path.relative_to(folder).as_posix()
            data = path.read_bytes()
            sha256 = hashlib.sha256(data).hexdigest()
            hints = hints_for(file_name, manifest)
            hints_text = f"{hints.region}|{hints.year}|{hints.kind}|{hints.source}"
            fingerprint = raw_store.load_fingerprint(sha256, hints_text, version)
            rejection = {"file_name": file_name, "sha256": sha256, "byte_size": len(data), "duplicate_of": None,
                         "load_fingerprint": fingerprint}
            previous = known.get(file_name)
            if previous and previous[1] == fingerprint and previous[0] not in kept_ids:
                kept_ids[previous[0]] = file_name
                unchanged_names.add(file_name)
                skipped += 1
                continue
            # Rejected last time with the same bytes, hints and parser (and, for a duplicate, its
            # original loaded again unchanged): the same verdict, without parsing it again.
            earlier = rejected_before.get(file_name)
            if earlier and earlier[0] == fingerprint and (earlier[2] is None or earlier[2] in unchanged_names):
                rejections.append({**rejection, "reason": earlier[1], "duplicate_of": earlier[2]})
                skipped += 1
                continue
            try:
                parsed = parse_file(data, hints)
            except NotAReportError as exc:
                context.log.warning(f"Rejected {file_name}: {exc.reason}")
                rejections.append({**rejection, "reason": exc.reason})
                continue
            file_id = parsed.report.file_id
            if file_id in kept_ids:
                original = kept_ids[file_id]
                context.log.warning(f"Skipped {file_name}: the same report as {original}")
                rejections.append({**rejection, "reason": f"duplicate of {original}", "duplicate_of": original})
                continue
            kept_ids[file_id] = file_name
            file_row = {
                "file_id": file_id, "file_name": file_name, "sha256": sha256, "byte_size": len(data),
                "encoding": parsed.report.encoding, "original_text": parsed.report.original_text,
                "normalized_text": parsed.report.normalized_text, "hints_source": hints.source, "hints": hints_text,
                "parser_version": version, "loaded_at": pd.Timestamp.now(),
            }
            raw_store.replace_file(con, file_row, *_document_rows(parsed, file_name))
            loaded += 1
            context.log.info(
                f"Loaded {file_name} as {file_id}: {len(parsed.documents)} document(s), "
                f"{parsed.report.encoding}, {len(parsed.report.issues)} text issue(s)"
            )

        gone = sorted({file_id for file_id, *_ in known.values()} - set(kept_ids))
        raw_store.remove_files(con, gone)
        frame = _frame(rejections, ["file_name", "sha256", "byte_size", "reason", "duplicate_of", "load_fingerprint"])
        frame["checked_at"] = pd.Timestamp.now()
        raw_store.replace_rejections(con, frame)
        counts = {
            table: con.execute(f"select count(*) from raw.{table}").fetchone()[0]
            for table in ("files", "documents", "sections", "text_issues")
        }
    yield dg.MaterializeResult(
        asset_key=RAW_FILES,
        metadata={"files_seen": len(files), "files_loaded": loaded, "files_unchanged": skipped,
                  "files_removed": len(gone), "files_total": counts["files"], "parser_version": version},
    )
    yield dg.MaterializeResult(asset_key=RAW_DOCUMENTS, metadata={"documents_total": counts["documents"]})
    yield dg.MaterializeResult(asset_key=RAW_SECTIONS, metadata={"sections_total": counts["sections"]})
    yield dg.MaterializeResult(asset_key=RAW_TEXT_ISSUES, metadata={"text_issues_total": counts["text_issues"]})
    yield dg.MaterializeResult(asset_key=RAW_REJECTED_FILES, metadata={"files_rejected": len(rejections)})


_TABLE_ROW_COLUMNS = ["document_id", "row_number", "chapter", "goal", "goal_inherited", "task", "completion",
                      "task_start", "task_end", "completion_start", "completion_end"]


@dg.multi_asset(
    name="raw_measures",
    specs=[
        _spec(RAW_MEASURES, "parse", "One row per quantitative statement: value, unit, kind, indicator, year, char span.",
              deps=[RAW_DOCUMENTS, RAW_SECTIONS]),
        _spec(RAW_TABLE_ROWS, "parse", "Rows of completion tables: row number, chapter, goal, task and completion cells.",
              deps=[RAW_DOCUMENTS]),
        _spec(RAW_UNPARSED_NUMBERS, "parse", "Numbers in quantitative-looking sentences that no measure covers.",
              deps=[RAW_DOCUMENTS]),
        _spec(RAW_EXTRACTIONS, "parse", "Which parser version last extracted each document, so unchanged ones are skipped.",
              deps=[RAW_DOCUMENTS]),
    ],
    pool=WAREHOUSE_POOL,
)
def raw_measures(context: dg.AssetExecutionContext, warehouse: DuckDBWarehouse):
    version = parser_version()
    with warehouse.connect() as con:
        raw_store.ensure_raw_schema(con)
        pending = raw_store.documents_to_extract(con, "measures", version)
        for document_id in pending:
            row = raw_store.document_row(con, document_id)
            text = row["normalized_text"]
            doc = raw_store.document_from_rows(row, raw_store.sections_of(con, document_id))
            extracted = extract_measures(text, doc)
            measures = pd.DataFrame([asdict(m) for m in extracted])
            unparsed = _frame([{"document_id": document_id, **asdict(u)} for u in unparsed_numbers(text, extracted)],
                              ["document_id", "char_start", "char_end", "sentence_start", "sentence_end", "sentence"])
            if not measures.empty:
                measures.insert(0, "document_id", document_id)
                measures.insert(0, "measure_id", [
                    ids.measure_id(document_id, start, end, item)
                    for start, end, item in zip(measures["char_start"], measures["char_end"], measures["item"])
                ])
            table_rows = _frame([
                {"document_id": document_id, "row_number": r.row_number, "chapter": r.chapter, "goal": r.goal,
                 "goal_inherited": r.goal_inherited, "task": r.task.text, "completion": r.completion.text,
                 "task_start": r.task.char_start, "task_end": r.task.char_end,
                 "completion_start": r.completion.char_start, "completion_end": r.completion.char_end}
                for r in completion_table_rows(text, doc)
            ], _TABLE_ROW_COLUMNS)
            raw_store.replace_extraction(
                con, "measures", document_id, version,
                {"raw.measures": measures, "raw.table_rows": table_rows, "raw.unparsed_numbers": unparsed},
            )
            context.log.info(f"Extracted {len(measures)} measure(s), {len(table_rows)} table row(s) from {document_id}")
        totals = {
            t: con.execute(f"select count(*) from raw.{t}").fetchone()[0]
            for t in ("measures", "table_rows", "unparsed_numbers")
        }
        by_kind = dict(con.execute("select kind, count(*) from raw.measures group by kind order by kind").fetchall())
    yield dg.MaterializeResult(asset_key=RAW_MEASURES, metadata={"measures_total": totals["measures"], **{
        f"measures_{kind}": count for kind, count in by_kind.items()}})
    yield dg.MaterializeResult(asset_key=RAW_TABLE_ROWS, metadata={"table_rows_total": totals["table_rows"]})
    yield dg.MaterializeResult(
        asset_key=RAW_UNPARSED_NUMBERS, metadata={"unparsed_numbers_total": totals["unparsed_numbers"]}
    )
    yield dg.MaterializeResult(
        asset_key=RAW_EXTRACTIONS, metadata={"documents_parsed": len(pending), "parser_version": version}
    )
