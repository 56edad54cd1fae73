"""Serve the marts from PostgreSQL: copy a built warehouse's raw tables into a Postgres database and
build the same staging, intermediate and mart models there with `dbt build --target postgres`.

The parse stays in the DuckDB build (one writer; the raw tables are its output). Postgres serves
many concurrent readers, with roles and row-level security, which a DuckDB file cannot.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

import duckdb

from orchestration.raw_schema import RAW_TABLES
from orchestration.resources import DBT_PROJECT_DIR, dbt_executable

_PAGE_ROWS = 2_000
# libpq's names for what dbt_project/profiles.yml reads from the environment (target postgres).
_PROFILE_VARIABLES = {"host": "POSTGRES_HOST", "port": "POSTGRES_PORT", "user": "POSTGRES_USER",
                      "password": "POSTGRES_PASSWORD", "dbname": "POSTGRES_DB"}


class ServingError(RuntimeError):
    """The Postgres copy could not be made; the message says which step failed."""


def copy_raw_to_postgres(warehouse: Path, dsn: str) -> dict[str, int]:
    """Replace schema raw of the Postgres database with the warehouse file's raw tables, in one
    transaction (a reader sees the old tables or the new ones). Returns the rows copied per table."""
    import psycopg2
    from psycopg2.extras import execute_values

    source = duckdb.connect(str(warehouse), read_only=True)
    copied = {}
    try:
        with psycopg2.connect(dsn) as target, target.cursor() as cursor:
            cursor.execute("create schema if not exists raw")
            for table in RAW_TABLES:
                columns = ", ".join(table.column_names())
                cursor.execute(f"drop table if exists raw.{table.name} cascade")
                cursor.execute(table.ddl(dialect="postgres"))
                rows = source.execute(f"select {columns} from raw.{table.name}").fetchall()
                execute_values(cursor, f"insert into raw.{table.name} ({columns}) values %s", rows,
                               page_size=_PAGE_ROWS)
                copied[table.name] = len(rows)
    finally:
        source.close()
    return copied


def build_on_postgres(dsn: str) -> subprocess.CompletedProcess:
    """`dbt build --target postgres` (unit tests, seeds, models and data tests) on the database of `dsn`."""
    from psycopg2.extensions import parse_dsn

    settings = parse_dsn(dsn)
    env = {**os.environ, **{variable: str(settings[key]) for key, variable in _PROFILE_VARIABLES.items()
                            if key in settings}}
    # Its own target folder: the project's holds the manifest Dagster loads.
    with tempfile.TemporaryDirectory(prefix="dbt-postgres-") as target:
        return subprocess.run([dbt_executable(), "build", "--target", "postgres", "--target-path", target],
                              cwd=DBT_PROJECT_DIR, env=env, capture_output=True, text=True)


def serve_on_postgres(warehouse: Path, dsn: str) -> dict[str, int]:
    """Copy the raw tables, then build every model on Postgres; raises ServingError naming what failed."""
    import psycopg2

    if not warehouse.exists():
        raise ServingError(f"no warehouse at {warehouse}; run `warehouse build` first")
    try:
        copied = copy_raw_to_postgres(warehouse, dsn)
    except psycopg2.Error as error:
        raise ServingError(f"copying the raw tables failed: {str(error).strip().splitlines()[0]}") from error
    built = build_on_postgres(dsn)
    if built.returncode != 0:
        failures = [line.strip() for line in built.stdout.splitlines() if " ERROR " in line or "Error in" in line]
        raise ServingError("dbt build --target postgres failed: " + ("; ".join(failures[:3]) or built.stdout[-500:]))
    return copied
