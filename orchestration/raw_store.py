"""Transactional writes into the raw schema (declared in orchestration/raw_schema.py).

Each report's rows are replaced as a unit inside one transaction (delete its rows,
insert the new ones), so a retried or interrupted load never leaves half a report.
Every statement is parameterized: file names are data, never SQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import duckdb
import pandas as pd

from orchestration.raw_schema import RAW_DDL, RAW_SCHEMA_VERSION, RAW_TABLES, table
from parsers.documents import DocumentInfo, Section

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


def known_files(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str, str]]:
    """file_name -> (file_id, fingerprint) of every loaded file, the fingerprint as load_fingerprint makes it."""
    rows = con.execute("select file_name, file_id, sha256, hints, parser_version from raw.files").fetchall()
    return {name: (file_id, load_fingerprint(sha, hints, version)) for name, file_id, sha, hints, version in rows}


def known_rejections(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str, str | None]]:
    """file_name -> (fingerprint, reason, duplicate_of) of every file rejected by the last build."""
    rows = con.execute("select file_name, load_fingerprint, reason, duplicate_of from raw.rejected_files").fetchall()
    return {name: (fingerprint, reason, duplicate_of) for name, fingerprint, reason, duplicate_of in rows}


def load_fingerprint(sha256: str, hints: str, parser_version: str) -> str:
    """A file is parsed again when its bytes, its manifest or file-name hints, or the parser change."""
    return f"{sha256}|{hints}|{parser_version}"


def _insert_frame(con: duckdb.DuckDBPyConnection, table_name: str, frame: pd.DataFrame) -> None:
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
    try:
        con.execute(f"insert into {table_name} ({columns}) select {columns} from incoming_rows")
    finally:
        con.unregister("incoming_rows")


def replace_file(
    con: duckdb.DuckDBPyConnection,
    file_row: dict,
    documents: pd.DataFrame,
    sections: pd.DataFrame,
    issues: pd.DataFrame,
) -> None:
    """Replace one file (matched by id or name) with its documents, sections and text issues, atomically."""
    with transaction(con):
        stale = con.execute(
            "select file_id from raw.files where file_id = ? or file_name = ?",
            [file_row["file_id"], file_row["file_name"]],
        ).fetchall()
        for (stale_id,) in stale:
            _delete_file_rows(con, stale_id)
        _insert_frame(con, "raw.files", pd.DataFrame([file_row]))
        _insert_frame(con, "raw.documents", documents)
        _insert_frame(con, "raw.sections", sections)
        _insert_frame(con, "raw.text_issues", issues)


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
    con.execute("delete from raw.files where file_id = ?", [file_id])


def remove_files(con: duckdb.DuckDBPyConnection, file_ids: list[str]) -> None:
    for file_id in file_ids:
        with transaction(con):
            _delete_file_rows(con, file_id)


def replace_rejections(con: duckdb.DuckDBPyConnection, rejections: pd.DataFrame) -> None:
    """The rejected-files table always describes the folder as it was last read."""
    with transaction(con):
        con.execute("delete from raw.rejected_files")
        _insert_frame(con, "raw.rejected_files", rejections)


def documents_to_extract(con: duckdb.DuckDBPyConnection, extractor: str, version: str) -> list[str]:
    """Ids of the raw.documents not yet extracted by this parser version (texts are read one at a time)."""
    return [document_id for (document_id,) in con.execute(
        """
        select d.document_id
        from raw.documents as d
        left join raw.extractions as e
          on e.document_id = d.document_id and e.extractor = ?
        where e.parser_version is distinct from ?
        order by d.document_id
        """,
        [extractor, version],
    ).fetchall()]


def document_row(con: duckdb.DuckDBPyConnection, document_id: str) -> dict:
    """One raw.documents row as a dict."""
    cursor = con.execute("select * from raw.documents where document_id = ?", [document_id])
    columns = [c[0] for c in cursor.description]
    return dict(zip(columns, cursor.fetchone()))


def sections_of(con: duckdb.DuckDBPyConnection, document_id: str) -> list[dict]:
    cursor = con.execute("select * from raw.sections where document_id = ? order by section_index", [document_id])
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def document_from_rows(row: dict, sections: list[dict]) -> DocumentInfo:
    """Rebuild a parsed document from its raw.documents row and its raw.sections rows."""
    return DocumentInfo(
        index=row["document_index"], char_start=row["file_char_start"], char_end=row["file_char_end"],
        title=row["title"], kind=row["document_kind"], region=row["region"], region_code=row["region_code"],
        region_level=row["region_level"], region_parents=list(row["region_parents"]),
        region_source=row["region_source"], document_date=row["document_date"], speaker=row["speaker"],
        review_year=row["review_year"], plan_year=row["plan_year"], year_source=row["year_source"],
        is_partial=row["is_partial"], split_reason=row["split_reason"],
        sections=[
            Section(s["heading"], s["level"], s["orientation"], s["char_start"], s["char_end"], s["year"],
                    s["period_start"], s["period_end"])
            for s in sections
        ],
    )


def replace_extraction(
    con: duckdb.DuckDBPyConnection, extractor: str, document_id: str, version: str, tables: dict[str, pd.DataFrame]
) -> None:
    """Swap one document's extracted rows (in each of tables) and record the parser version used."""
    with transaction(con):
        for table, rows in tables.items():
            con.execute(f"delete from {table} where document_id = ?", [document_id])
            _insert_frame(con, table, rows)
        con.execute("delete from raw.extractions where document_id = ? and extractor = ?", [document_id, extractor])
        con.execute(
            "insert into raw.extractions values (?, ?, ?, ?, now())",
            [document_id, extractor, version, sum(len(rows) for rows in tables.values())],
        )
