"""Raw-layer assets: the reports folder reconciled with the warehouse, then one partition per report file."""


import os
from collections.abc import Iterable
from pathlib import Path

import dagster as dg

from orchestration import progress, raw_store
from orchestration.partitions import (
    REPORT_FILES,
    ManifestError,
    display_name,
    partition_key,
    relative_path,
    report_files_by_key,
)
from orchestration.report_rows import FileToParse, file_sha256, hints_text, load_fingerprint, parse_report_files
from orchestration.resources import WAREHOUSE_POOL, DuckDBWarehouse, ReportsFolder
from parsers import parser_version
from parsers.documents import ExternalHints, hints_for

RAW_FOLDER = dg.AssetKey(["raw", "folder"])
RAW_DOCUMENTS = dg.AssetKey(["raw", "documents"])
RAW_MEASURES = dg.AssetKey(["raw", "measures"])
_KINDS = {"python", "duckdb"}
# Files shown, one row each, in the markdown summary of a run.
_SUMMARY_ROWS = 50


def _manifest(reports: ReportsFolder) -> dict[str, ExternalHints]:
    try:
        return reports.manifest()
    except ManifestError as error:
        raise dg.Failure(f"{error}. Fix it, or build with --ignore-manifest-errors to use file-name hints.") from error


def parse_workers() -> int:
    """Processes that parse at once: PARSE_WORKERS, else one per core."""
    return int(os.environ.get("PARSE_WORKERS") or os.cpu_count() or 1)


def files_to_parse(con, folder: Path, names: Iterable[str], manifest: dict[str, ExternalHints], max_bytes: int,
                   force: bool = False) -> tuple[list[FileToParse], list[str]]:
    """Of the named files, those whose bytes, hints or parser changed since they were last loaded
    or rejected, and the unchanged rest. (A duplicate whose original changed or left is
    judged again by load_reports.)"""
    version = parser_version()
    known, rejected = raw_store.known_files(con), raw_store.known_rejections(con)
    todo, unchanged = [], []
    for name in names:
        hints = hints_for(display_name(name), manifest)
        path = folder / name
        try:
            sha256 = file_sha256(path)
        except OSError:
            sha256 = ""  # the worker says why it cannot be read
        fingerprint = load_fingerprint(sha256, hints_text(hints), version)
        earlier = rejected.get(partition_key(name))
        # A file rejected unread (unreadable, too large) is tried again: its cause is outside its bytes.
        if not force and ((known.get(partition_key(name)) or (None, None))[1] == fingerprint
                          or (earlier and earlier[0] == fingerprint and earlier[1] != "read")):
            unchanged.append(name)
        else:
            todo.append(FileToParse(name, path, hints, version, max_bytes))
    return todo, unchanged


def stale_partition_keys(warehouse: DuckDBWarehouse, reports: ReportsFolder) -> list[str]:
    """Keys of the folder's files that a refresh must parse."""
    folder = reports.path
    files = report_files_by_key(folder)
    if not warehouse.path.exists():
        return list(files)
    with warehouse.connect() as con:
        raw_store.ensure_raw_schema(con)
        todo, _ = files_to_parse(con, folder, [p.relative_to(folder).as_posix() for p in files.values()],
                                 reports.manifest(), reports.max_bytes)
    return [partition_key(item.file_name) for item in todo]


def load_reports(context: dg.AssetExecutionContext, con, reports: ReportsFolder, names: Iterable[str],
                 manifest: dict[str, ExternalHints], force: bool = False) -> list[dict]:
    """Parse and store the named files of the folder that changed since they were last loaded (all
    of them when forced), then the duplicates that lost their original. Returns one summary row
    per file looked at."""
    folder = reports.path
    folder_keys = set(report_files_by_key(folder))
    todo, unchanged = files_to_parse(con, folder, names, manifest, reports.max_bytes, force)
    summary = [{"file": name, "outcome": "unchanged"} for name in unchanged]
    progress.expect(progress.FILES, len(todo))
    for report in parse_report_files(todo, parse_workers()):
        if report.error_detail:
            context.log.error(f"Parser failed on {report.file_name}:\n{report.error_detail}")
        outcome = raw_store.store_report(con, report, folder_keys)
        kinds = report.measures_by_kind
        if outcome.startswith("Rejected"):
            context.log.warning(outcome)
        else:
            context.log.info(f"{outcome}: {len(report.tables['raw.documents'])} document(s), measures {kinds}")
        progress.advance(progress.DOCUMENTS, len(report.tables.get("raw.documents", ())))
        progress.advance(progress.FILES, item=report.file_name)
        summary.append({"file": report.file_name, "outcome": outcome.split(" ", 1)[0].lower(),
                        "documents": len(report.tables.get("raw.documents", ())),
                        "targets": kinds.get("target", 0), "actuals": kinds.get("actual", 0)})
    orphans = [relative_path(key) for key in raw_store.orphaned_duplicates(con) if key in folder_keys]
    if orphans:
        context.log.info(f"Judging again {len(orphans)} duplicate(s) whose original changed or left: {orphans}")
        summary += load_reports(context, con, reports, orphans, manifest, force=True)
    return summary


def _markdown(summary: list[dict]) -> dg.MetadataValue:
    rows = [row for row in summary if row["outcome"] != "unchanged"][:_SUMMARY_ROWS]
    lines = ["| file | outcome | documents | targets | actuals |", "|---|---|---|---|---|"]
    lines += [f"| {r['file']} | {r['outcome']} | {r.get('documents', '')} | {r.get('targets', '')} | "
              f"{r.get('actuals', '')} |" for r in rows]
    return dg.MetadataValue.md("\n".join(lines))


def _counts(con, tables: Iterable[str]) -> dict[str, int]:
    return {f"rows raw.{t}": con.execute(f"select count(*) from raw.{t}").fetchone()[0] for t in tables}


@dg.asset(
    key=RAW_FOLDER,
    group_name="ingest",
    kinds=_KINDS,
    pool=WAREHOUSE_POOL,
    description=(
        "The reports folder reconciled with the warehouse before any file is parsed: the rows of files no "
        "longer in the folder are dropped, duplicates whose original left are judged again, and "
        "raw.rejected_files lists every file that is not loaded, with the reason."
    ),
)
def raw_folder(context: dg.AssetExecutionContext, warehouse: DuckDBWarehouse, reports: ReportsFolder):
    folder = reports.path
    if not folder.is_dir():
        raise dg.Failure(f"Reports folder {folder} does not exist: set REPORTS_DIR or pass --reports-dir.")
    files = report_files_by_key(folder)
    manifest = _manifest(reports)  # a malformed one stops the run before anything changes
    with warehouse.connect() as con:
        raw_store.ensure_raw_schema(con)
        gone = raw_store.remove_files_not_in(con, set(files))
        for key in gone:
            context.log.info(f"Removed {key}: no longer in {folder}")
        orphans = [relative_path(key) for key in raw_store.orphaned_duplicates(con) if key in files]
        summary = load_reports(context, con, reports, orphans, manifest, force=True) if orphans else []
        counts = _counts(con, ("files", "rejected_files"))
    return dg.MaterializeResult(metadata={
        "files_in_folder": len(files), "files_removed": len(gone), "duplicates_judged_again": len(summary),
        **counts,
    })


@dg.multi_asset(
    name="raw_reports",
    specs=[
        dg.AssetSpec(RAW_DOCUMENTS, deps=[RAW_FOLDER], group_name="ingest", kinds=_KINDS, description=(
            "One partition per report file: the file (raw.files), its documents with kind, region and years "
            "(raw.documents), their chapter headings (raw.sections) and the damage normalization repaired "
            "(raw.text_issues).")),
        dg.AssetSpec(RAW_MEASURES, deps=[RAW_DOCUMENTS], group_name="parse", kinds=_KINDS, description=(
            "One partition per report file: every quantitative statement with value, unit, kind, indicator, "
            "year and char span (raw.measures), completion-table rows (raw.table_rows) and numbers no "
            "measure covers (raw.unparsed_numbers).")),
    ],
    partitions_def=REPORT_FILES,
    # A run covers a range of files in one step: the files are parsed in a process pool and written
    # by this one process, the warehouse's single writer.
    backfill_policy=dg.BackfillPolicy.single_run(),
    pool=WAREHOUSE_POOL,
)
def raw_reports(context: dg.AssetExecutionContext, warehouse: DuckDBWarehouse, reports: ReportsFolder):
    folder = reports.path
    names = [relative_path(key) for key in context.partition_keys]
    present = [name for name in names if (folder / name).is_file()]
    for name in sorted(set(names) - set(present)):
        context.log.warning(f"{name} is no longer in {folder}; raw/folder drops its rows")
    manifest = _manifest(reports)
    with warehouse.connect() as con:
        raw_store.ensure_raw_schema(con)
        summary = load_reports(context, con, reports, present, manifest)
        counts = _counts(con, ("files", "documents", "sections", "text_issues", "measures", "table_rows",
                               "unparsed_numbers"))
        by_kind = dict(con.execute("select kind, count(*) from raw.measures group by kind order by kind").fetchall())
    outcomes = [row["outcome"] for row in summary]
    yield dg.MaterializeResult(asset_key=RAW_DOCUMENTS, metadata={
        "files_in_run": len(names), "files_loaded": outcomes.count("loaded"),
        "files_unchanged": outcomes.count("unchanged"), "files_rejected": outcomes.count("rejected"),
        "parser_version": parser_version(), "files": _markdown(summary),
        **{k: v for k, v in counts.items() if k in ("rows raw.files", "rows raw.documents", "rows raw.sections",
                                                     "rows raw.text_issues")},
    })
    yield dg.MaterializeResult(asset_key=RAW_MEASURES, metadata={
        "targets_in_run": sum(row.get("targets", 0) for row in summary),
        "actuals_in_run": sum(row.get("actuals", 0) for row in summary),
        **{k: v for k, v in counts.items() if k in ("rows raw.measures", "rows raw.table_rows",
                                                     "rows raw.unparsed_numbers")},
        **{f"measures {kind}": n for kind, n in by_kind.items()},
    })
