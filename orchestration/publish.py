"""Publish the marts where BI tools and notebooks read them: a read-only DuckDB snapshot and one
Parquet file per mart, each swapped in whole so that a reader sees the last build or the new one,
never a mix, and never holds a lock the next build needs."""

from __future__ import annotations

import os
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb

MARTS_SCHEMA = "marts"
PARQUET_LINK = "marts"  # published/marts -> published/.marts-<stamp>/


def _copy_comments(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """The table's and its columns' descriptions (dbt's persist_docs) onto the published copy."""
    (comment,) = con.execute("select comment from duckdb_tables() where database_name = 'working' "
                             "and schema_name = ? and table_name = ?", [MARTS_SCHEMA, table]).fetchone()
    if comment:
        con.execute(f'comment on table {MARTS_SCHEMA}."{table}" is ' + _literal(comment))
    for column, column_comment in con.execute(
            "select column_name, comment from duckdb_columns() where database_name = 'working' and schema_name = ? "
            "and table_name = ? and comment is not null and comment <> ''", [MARTS_SCHEMA, table]).fetchall():
        con.execute(f'comment on column {MARTS_SCHEMA}."{table}"."{column}" is ' + _literal(column_comment))


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _write_parquet(con: duckdb.DuckDBPyConnection, tables: list[str], folder: Path) -> None:
    try:
        for table in tables:
            con.execute(f'copy working.{MARTS_SCHEMA}."{table}" to ? (format parquet)', [str(folder / f"{table}.parquet")])
    finally:
        con.close()


def publish_marts(working_db: Path, published_dir: Path, snapshot_name: str) -> dict[str, int]:
    """Copy every table of the `marts` schema out of the working file. Returns rows per table."""
    published_dir.mkdir(parents=True, exist_ok=True)
    stamp = f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}"
    snapshot_tmp = published_dir / f".{snapshot_name}.{stamp}.tmp"
    parquet_dir = published_dir / f".marts-{stamp}"
    parquet_dir.mkdir()
    rows = {}
    con = duckdb.connect(str(snapshot_tmp))
    try:
        con.execute("attach ? as working (read_only)", [str(working_db)])
        tables = [name for (name,) in con.execute(
            "select table_name from duckdb_tables() where database_name = 'working' and schema_name = ? "
            "order by table_name", [MARTS_SCHEMA]).fetchall()]
        if not tables:
            raise RuntimeError(f"{working_db} has no {MARTS_SCHEMA} tables to publish")
        # The Parquet files are written from the working file by a second connection while this one
        # copies the tables: each copy keeps about one core busy, and the machine has two.
        with ThreadPoolExecutor(max_workers=1) as parquet_writer:
            written = parquet_writer.submit(_write_parquet, con.cursor(), tables, parquet_dir)
            con.execute("begin transaction")
            con.execute(f"create schema {MARTS_SCHEMA}")
            for table in tables:
                (rows[table],) = con.execute(f'create table {MARTS_SCHEMA}."{table}" as '
                                             f'select * from working.{MARTS_SCHEMA}."{table}"').fetchone()
                _copy_comments(con, table)
            con.execute("commit")
            written.result()
        con.execute("detach working")
        con.execute("checkpoint")
    except BaseException:
        con.close()
        snapshot_tmp.unlink(missing_ok=True)
        shutil.rmtree(parquet_dir, ignore_errors=True)
        raise
    con.close()

    # Open connections and open Parquet files keep the old inodes; new ones get the new data.
    os.replace(snapshot_tmp, published_dir / snapshot_name)
    link_tmp = published_dir / f".{PARQUET_LINK}.{stamp}.link"
    link_tmp.symlink_to(parquet_dir.name, target_is_directory=True)
    os.replace(link_tmp, published_dir / PARQUET_LINK)
    # The previous folder stays for a reader that listed it a moment ago; older ones go.
    for old in sorted(published_dir.glob(".marts-*"))[:-2]:
        shutil.rmtree(old, ignore_errors=True)
    return rows
