"""Raw-layer assets: report files into raw.documents, parsed numbers into raw.measures."""


import hashlib
from dataclasses import asdict
from pathlib import Path

import dagster as dg
import pandas as pd

from orchestration import raw_store
from orchestration.resources import WAREHOUSE_POOL, DuckDBWarehouse, ReportsFolder
from parsers import parser_version
from parsers.decoding import NotAReportError
from parsers.measures import find_measures
from parsers.reports import read_report

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


RAW_DOCUMENTS = dg.AssetKey(["raw", "documents"])
RAW_TEXT_ISSUES = dg.AssetKey(["raw", "text_issues"])
RAW_REJECTED_FILES = dg.AssetKey(["raw", "rejected_files"])
RAW_MEASURES = dg.AssetKey(["raw", "measures"])
RAW_EXTRACTIONS = dg.AssetKey(["raw", "extractions"])
_KINDS = {"python", "duckdb"}


@dg.multi_asset(
    name="raw_documents",
    specs=[
        dg.AssetSpec(RAW_DOCUMENTS, group_name="raw", kinds=_KINDS,
                     description="One row per report: file fingerprint, detected encoding, original and normalized text."),
        dg.AssetSpec(RAW_TEXT_ISSUES, group_name="raw", kinds=_KINDS,
                     description="Damage found while normalizing each document: mojibake, U+FFFD, OCR junk."),
        dg.AssetSpec(RAW_REJECTED_FILES, group_name="raw", kinds=_KINDS,
                     description="Files of the reports folder that were not loaded, with the reason."),
    ],
    pool=WAREHOUSE_POOL,
)
def raw_documents(context: dg.AssetExecutionContext, warehouse: DuckDBWarehouse, reports: ReportsFolder):
    folder = Path(reports.path)
    if not folder.is_dir():
        raise dg.Failure(f"Reports folder {folder} does not exist: set REPORTS_DIR or pass --reports-dir.")
    version = parser_version()
    files = list_report_files(folder)
    context.log.info(f"Reading {len(files)} file(s) from {folder}")
    rejections: list[dict] = []
    kept_ids: dict[str, str] = {}
    loaded = skipped = 0
    with warehouse.connect() as con:
        raw_store.ensure_raw_schema(con)
        known = raw_store.known_documents(con)
        for path in files:
            file_name = path.relative_to(folder).as_posix()
            data = path.read_bytes()
            sha256 = hashlib.sha256(data).hexdigest()
            rejection = {"file_name": file_name, "sha256": sha256, "byte_size": len(data), "duplicate_of": None}
            previous = known.get(file_name)
            if previous and previous[1] == sha256 and previous[2] == version and previous[0] not in kept_ids:
                kept_ids[previous[0]] = file_name
                skipped += 1
                continue
            try:
                report = read_report(data)
            except NotAReportError as exc:
                context.log.warning(f"Rejected {file_name}: {exc.reason}")
                rejections.append({**rejection, "reason": exc.reason})
                continue
            if report.document_id in kept_ids:
                original = kept_ids[report.document_id]
                context.log.warning(f"Skipped {file_name}: the same report as {original}")
                rejections.append({**rejection, "reason": f"duplicate of {original}", "duplicate_of": original})
                continue
            kept_ids[report.document_id] = file_name
            document = {
                "document_id": report.document_id,
                "file_name": file_name,
                "sha256": sha256,
                "byte_size": len(data),
                "encoding": report.encoding,
                "original_text": report.original_text,
                "normalized_text": report.normalized_text,
                "parser_version": version,
                "loaded_at": pd.Timestamp.now(),
            }
            issues = pd.DataFrame(
                [
                    {"document_id": report.document_id, "issue_kind": i.kind, "char_start": i.start,
                     "char_end": i.end, "detail": i.detail}
                    for i in report.issues
                ],
                columns=["document_id", "issue_kind", "char_start", "char_end", "detail"],
            )
            raw_store.replace_document(con, document, issues)
            loaded += 1
            context.log.info(f"Loaded {file_name} as {report.document_id} ({report.encoding}, {len(report.issues)} text issue(s))")

        gone = sorted({doc_id for doc_id, *_ in known.values()} - set(kept_ids))
        raw_store.remove_documents(con, gone)
        frame = pd.DataFrame(rejections, columns=["file_name", "sha256", "byte_size", "reason", "duplicate_of"])
        frame["checked_at"] = pd.Timestamp.now()
        raw_store.replace_rejections(con, frame)
        total = con.execute("select count(*) from raw.documents").fetchone()[0]
        issue_total = con.execute("select count(*) from raw.text_issues").fetchone()[0]
    yield dg.MaterializeResult(
        asset_key=RAW_DOCUMENTS,
        metadata={
            "files_seen": len(files),
            "documents_loaded": loaded,
            "documents_unchanged": skipped,
            "documents_removed": len(gone),
            "documents_total": total,
            "parser_version": version,
        },
    )
    yield dg.MaterializeResult(asset_key=RAW_TEXT_ISSUES, metadata={"text_issues_total": issue_total})
    yield dg.MaterializeResult(asset_key=RAW_REJECTED_FILES, metadata={"files_rejected": len(rejections)})


@dg.multi_asset(
    name="raw_measures",
    specs=[
        dg.AssetSpec(RAW_MEASURES, deps=[RAW_DOCUMENTS], group_name="raw", kinds=_KINDS,
                     description="One row per number-with-unit in a document's normalized text, with its char span."),
        dg.AssetSpec(RAW_EXTRACTIONS, deps=[RAW_DOCUMENTS], group_name="raw", kinds=_KINDS,
                     description="Which parser version last extracted each document, so unchanged ones are skipped."),
    ],
    pool=WAREHOUSE_POOL,
)
def raw_measures(context: dg.AssetExecutionContext, warehouse: DuckDBWarehouse):
    version = parser_version()
    with warehouse.connect() as con:
        raw_store.ensure_raw_schema(con)
        pending = raw_store.documents_to_extract(con, "measures", version)
        for document_id, text in pending:
            rows = pd.DataFrame([asdict(m) for m in find_measures(text)])
            if not rows.empty:
                rows.insert(0, "document_id", document_id)
                rows.insert(0, "measure_id", [f"{document_id}:{start}" for start in rows["char_start"]])
            raw_store.replace_extraction(con, "raw.measures", "measures", document_id, version, rows)
            context.log.info(f"Extracted {len(rows)} measure(s) from {document_id}")
        total = con.execute("select count(*) from raw.measures").fetchone()[0]
    yield dg.MaterializeResult(asset_key=RAW_MEASURES, metadata={"measures_total": total})
    yield dg.MaterializeResult(
        asset_key=RAW_EXTRACTIONS, metadata={"documents_parsed": len(pending), "parser_version": version}
    )
