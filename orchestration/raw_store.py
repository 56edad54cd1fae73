"""Transactional writes into the raw schema (declared in orchestration/raw_schema.py).

Each report's rows are replaced as a unit inside one transaction (delete its rows,
insert the new ones), so a retried or interrupted load never leaves half a report.
Every statement is parameterized: file names are data, never SQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import duckdb
import pandas as pd

from orchestration.raw_schema import RAW_DDL, RAW_SCHEMA_VERSION, RAW_TABLES, table
from orchestration.report_rows import ParsedReport, load_fingerprint

def ensure_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("create schema if not exists raw")
    con.execute("create table if not exists raw.schema_version (version varchar not null)")
    found = con.execute("select max(version) from raw.schema_version").fetchone()[0]
    if found is not None and found != RAW_SCHEMA_VERSION:
        with transaction(con):
            tables = con.execute(
                "select table_name from information_schema.tables where table_schema = 'raw'"
            ).fetchall()
            for (table,) in tables:
                con.execute(f'drop table raw."{table}"')
    con.execute(RAW_DDL)
    con.execute("create table if not exists raw.schema_version (version varchar not null)")
    if found != RAW_SCHEMA_VERSION:
        con.execute("delete from raw.schema_version")
        con.execute("insert into raw.schema_version values (?)", [RAW_SCHEMA_VERSION])


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    con.execute("begin transaction")
    try:
        yield
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")


def known_files(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    """file_name -> (file_id, load fingerprint) of every loaded file."""
    rows = con.execute("select file_name, file_id, sha256, hints, parser_version from raw.files").fetchall()
    return {name: (file_id, load_fingerprint(sha, hints, version)) for name, file_id, sha, hints, version in rows}


def known_rejections(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    """file_name -> (load fingerprint, stage) of every rejected file."""
    rows = con.execute("select file_name, load_fingerprint, stage from raw.rejected_files").fetchall()
    return {name: (fingerprint, stage) for name, fingerprint, stage in rows}


def insert_rows(con: duckdb.DuckDBPyConnection, table_name: str, frame: pd.DataFrame) -> None:
    if frame.empty:
        return
    declared = table(table_name.removeprefix("raw."))
    unknown = sorted(set(frame.columns) - set(declared.column_names()))
    missing = sorted(c.name for c in declared.columns if not c.nullable and c.name not in frame.columns)
    if unknown or missing:
        raise ValueError(
            f"rows for {table_name} do not fit orchestration/raw_schema.py: "
            f"unknown columns {unknown}, required columns missing {missing}"
        )
    columns = ", ".join(frame.columns)
    con.register("incoming_rows", frame)
    # No unregister when the insert fails: in the aborted transaction it would fail too and hide
    # the error; the next register replaces the view.
    con.execute(f"insert into {table_name} ({columns}) select {columns} from incoming_rows")
    con.unregister("incoming_rows")


def store_report(con: duckdb.DuckDBPyConnection, report: ParsedReport, folder_names: set[str]) -> str:
    """Replace what the warehouse holds for one file with its parse, atomically, and say what it did.
    Names here are the stored form (orchestration/partitions.py partition_key), as in the tables.

    Files with the same text are one report: the one whose name sorts first is loaded and the
    others are rejected as its duplicates, whichever was parsed first. A row the warehouse
    refuses rejects the file (stage load), not the run."""
    try:
        return _store(con, report, folder_names)
    except duckdb.Error as error:
        reason = f"the warehouse refused a row: {type(error).__name__}: {str(error).splitlines()[0]}"
        return _store(con, replace(report, reason=reason, stage="load", tables={}), folder_names)


def _store(con: duckdb.DuckDBPyConnection, report: ParsedReport, folder_names: set[str]) -> str:
    name = report.file_name
    with transaction(con):
        for (stale_id,) in con.execute("select file_id from raw.files where file_name = ?", [name]).fetchall():
            _delete_file_rows(con, stale_id)
        con.execute("delete from raw.rejected_files where file_name = ?", [name])
        if report.reason is not None:
            _reject(con, report, report.reason, report.stage)
            return f"Rejected {name}: {report.reason}"
        holder = next(iter(con.execute(
            "select file_name, sha256, byte_size, hints, parser_version, display_name from raw.files where file_id = ?",
            [report.file_id],
        ).fetchall()), None)
        if holder is not None and holder[0] in folder_names and holder[0] < name:
            _reject(con, report, f"duplicate of {holder[0]}", "duplicate", duplicate_of=holder[0])
            return f"Rejected {name}: duplicate of {holder[0]}"
        if holder is not None:
            other, sha256, byte_size, hints, version, shown = holder
            _delete_file_rows(con, report.file_id)
            if other in folder_names:
                _reject(con, ParsedReport(other, sha256, byte_size, load_fingerprint(sha256, hints, version),
                                          display_name=shown, file_id=report.file_id),
                        f"duplicate of {name}", "duplicate", duplicate_of=name)
            con.execute("update raw.rejected_files set duplicate_of = ?, reason = ? where duplicate_of = ?",
                        [name, f"duplicate of {name}", other])
            outcome = f"Loaded {name}, which replaces its duplicate {other}"
        else:
            outcome = f"Loaded {name}"
        for table_name in _LOAD_ORDER:
            insert_rows(con, table_name, report.tables.get(table_name, pd.DataFrame()))
    return outcome


# Parents before children, so that a reader of the schema sees the order the keys imply.
_LOAD_ORDER = ("raw.files", "raw.documents", "raw.sections", "raw.text_issues", "raw.measures", "raw.table_rows",
               "raw.unparsed_numbers")


def _reject(con: duckdb.DuckDBPyConnection, report: ParsedReport, reason: str, stage: str,
            duplicate_of: str | None = None) -> None:
    insert_rows(con, "raw.rejected_files", pd.DataFrame([{
        "file_name": report.file_name, "display_name": report.display_name or report.file_name,
        "file_id": report.file_id, "sha256": report.sha256,
        "byte_size": report.byte_size, "reason": reason, "stage": stage, "duplicate_of": duplicate_of,
        "load_fingerprint": report.fingerprint, "checked_at": pd.Timestamp.now(),
    }]))


# Every table keyed by document, emptied with its documents when a file is replaced or removed.
_DOCUMENT_TABLES = tuple(
    f"raw.{t.name}" for t in RAW_TABLES if "document_id" in t.column_names() and t.name != "documents"
)


def _delete_file_rows(con: duckdb.DuckDBPyConnection, file_id: str) -> None:
    for table in _DOCUMENT_TABLES:
        con.execute(
            f"delete from {table} where document_id in (select document_id from raw.documents where file_id = ?)",
            [file_id],
        )
    con.execute("delete from raw.documents where file_id = ?", [file_id])
    con.execute("delete from raw.validations where file_id = ?", [file_id])
    con.execute("delete from raw.files where file_id = ?", [file_id])


def remove_files_not_in(con: duckdb.DuckDBPyConnection, folder_names: set[str]) -> list[str]:
    """Drop the rows and rejections of files no longer in the folder; returns their names."""
    loaded = con.execute("select file_name, file_id from raw.files").fetchall()
    rejected = [name for (name,) in con.execute("select file_name from raw.rejected_files").fetchall()]
    gone = sorted({name for name, _ in loaded if name not in folder_names} | set(rejected) - folder_names)
    for name, file_id in loaded:
        if name not in folder_names:
            with transaction(con):
                _delete_file_rows(con, file_id)
    with transaction(con):
        con.execute("delete from raw.rejected_files where not list_contains(?, file_name)", [sorted(folder_names)])
    return gone


def orphaned_duplicates(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Files rejected as duplicates of a report that is no longer loaded (removed or changed)."""
    return [name for (name,) in con.execute(
        """
        select r.file_name from raw.rejected_files as r
        where r.duplicate_of is not null
          and not exists (select 1 from raw.files as f where f.file_id = r.file_id)
        order by r.file_name
        """
    ).fetchall()]


def unvalidated_file_ids(con: duckdb.DuckDBPyConnection, check_name: str) -> list[str]:
    return [file_id for (file_id,) in con.execute(
        "select file_id from raw.files where file_id not in "
        "(select file_id from raw.validations where check_name = ?) order by file_id",
        [check_name],
    ).fetchall()]


def record_validated(con: duckdb.DuckDBPyConnection, check_name: str, warnings_by_file: dict[str, list[str]]) -> None:
    """A check found nothing critical in these files (and these warnings): later runs look at others."""
    if not warnings_by_file:
        return
    rows = pd.DataFrame({"file_id": list(warnings_by_file), "check_name": check_name,
                         "validated_at": pd.Timestamp.now(), "warnings": list(warnings_by_file.values())})
    with transaction(con):
        con.execute("delete from raw.validations where check_name = ? and list_contains(?, file_id)",
                    [check_name, list(warnings_by_file)])
        insert_rows(con, "raw.validations", rows)


def warned_files_by_label(con: duckdb.DuckDBPyConnection, check_name: str) -> dict[str, int]:
    """How many loaded files were validated with each warning, by expectation."""
    return dict(con.execute(
        "select label, count(*) from (select unnest(warnings) as label from raw.validations where check_name = ?) "
        "group by label order by label",
        [check_name],
    ).fetchall())


def validated_file_count(con: duckdb.DuckDBPyConnection, check_name: str) -> int:
    return con.execute("select count(*) from raw.validations where check_name = ?", [check_name]).fetchall()[0][0]
