"""The raw schema of the warehouse and the transactional writes into it.

Each report's rows are replaced as a unit inside one transaction (delete its rows,
insert the new ones), so a retried or interrupted load never leaves half a report.
Every statement is parameterized: file names are data, never SQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import duckdb
import pandas as pd

RAW_DDL = """
create schema if not exists raw;
create table if not exists raw.documents (
    document_id      varchar primary key,
    file_name        varchar not null,
    sha256           varchar not null,
    byte_size        bigint not null,
    encoding         varchar not null,
    original_text    varchar not null,
    normalized_text  varchar not null,
    parser_version   varchar not null,
    loaded_at        timestamp not null
);
create table if not exists raw.text_issues (
    document_id  varchar not null,
    issue_kind   varchar not null,
    char_start   integer not null,
    char_end     integer not null,
    detail       varchar not null
);
create table if not exists raw.rejected_files (
    file_name     varchar not null,
    sha256        varchar not null,
    byte_size     bigint not null,
    reason        varchar not null,
    duplicate_of  varchar,
    checked_at    timestamp not null
);
create table if not exists raw.measures (
    measure_id        varchar primary key,
    document_id       varchar not null,
    char_start        integer not null,
    char_end          integer not null,
    sentence_start    integer not null,
    sentence_end      integer not null,
    sentence          varchar not null,
    value             double not null,
    value_high        double,
    value_raw         varchar not null,
    unit_raw          varchar not null,
    unit_family       varchar not null,
    qualifier_prefix  varchar not null,
    qualifier_suffix  varchar not null,
    approximation     varchar not null
);
create table if not exists raw.extractions (
    document_id     varchar not null,
    extractor       varchar not null,
    parser_version  varchar not null,
    row_count       integer not null,
    extracted_at    timestamp not null,
    primary key (document_id, extractor)
);
"""


def ensure_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(RAW_DDL)


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    con.execute("begin transaction")
    try:
        yield
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")


def known_documents(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str, str]]:
    """file_name -> (document_id, sha256, parser_version) of every loaded document."""
    rows = con.execute("select file_name, document_id, sha256, parser_version from raw.documents").fetchall()
    return {file_name: (doc_id, sha, version) for file_name, doc_id, sha, version in rows}


def _insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    if frame.empty:
        return
    columns = ", ".join(frame.columns)
    con.register("incoming_rows", frame)
    try:
        con.execute(f"insert into {table} ({columns}) select {columns} from incoming_rows")
    finally:
        con.unregister("incoming_rows")


def replace_document(con: duckdb.DuckDBPyConnection, document: dict, issues: pd.DataFrame) -> None:
    """Replace one document (matched by id or file name) and its text issues in one transaction."""
    with transaction(con):
        stale = con.execute(
            "select document_id from raw.documents where document_id = ? or file_name = ?",
            [document["document_id"], document["file_name"]],
        ).fetchall()
        for (stale_id,) in stale:
            _delete_document_rows(con, stale_id)
        _insert_frame(con, "raw.documents", pd.DataFrame([document]))
        _insert_frame(con, "raw.text_issues", issues)


def _delete_document_rows(con: duckdb.DuckDBPyConnection, document_id: str) -> None:
    for table in ("raw.measures", "raw.extractions", "raw.text_issues", "raw.documents"):
        con.execute(f"delete from {table} where document_id = ?", [document_id])


def remove_documents(con: duckdb.DuckDBPyConnection, document_ids: list[str]) -> None:
    for document_id in document_ids:
        with transaction(con):
            _delete_document_rows(con, document_id)


def replace_rejections(con: duckdb.DuckDBPyConnection, rejections: pd.DataFrame) -> None:
    """The rejected-files table always describes the folder as it was last read."""
    with transaction(con):
        con.execute("delete from raw.rejected_files")
        _insert_frame(con, "raw.rejected_files", rejections)


def documents_to_extract(con: duckdb.DuckDBPyConnection, extractor: str, version: str) -> list[tuple[str, str]]:
    """(document_id, normalized_text) of documents not yet extracted by this parser version."""
    return con.execute(
        """
        select d.document_id, d.normalized_text
        from raw.documents as d
        left join raw.extractions as e
          on e.document_id = d.document_id and e.extractor = ?
        where e.parser_version is distinct from ?
        order by d.document_id
        """,
        [extractor, version],
    ).fetchall()


def replace_extraction(
    con: duckdb.DuckDBPyConnection, table: str, extractor: str, document_id: str, version: str, rows: pd.DataFrame
) -> None:
    """Swap one document's extracted rows for new ones and record the parser version used."""
    with transaction(con):
        con.execute(f"delete from {table} where document_id = ?", [document_id])
        _insert_frame(con, table, rows)
        con.execute("delete from raw.extractions where document_id = ? and extractor = ?", [document_id, extractor])
        con.execute(
            "insert into raw.extractions values (?, ?, ?, ?, now())", [document_id, extractor, version, len(rows)]
        )
