"""The second engine: the dbt models on a real PostgreSQL server give the marts the DuckDB build gives.

The server is Debian's `postgresql` package (which `make test` installs when missing, as root): a
cluster of its own in a temporary folder, on a free local port, stopped at the end."""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.conftest import published, query
from tests.test_answers import run

pytestmark = pytest.mark.e2e


def _server_binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    initdb = found[-1] if found else shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def postgres_dsn():
    binaries = _server_binaries()
    if binaries is None:
        pytest.skip("PostgreSQL's server is not installed; `make test` installs Debian's postgresql as root")
    # initdb refuses to run as root: root runs the server as the package's postgres user.
    as_server_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    folder = Path(tempfile.mkdtemp(prefix="postgres_"))
    if as_server_user:
        shutil.chown(folder, "postgres")
    data, port = folder / "data", _free_port()
    subprocess.run([*as_server_user, str(binaries / "initdb"), "-D", str(data), "-U", "warehouse", "--auth=trust",
                    "-E", "UTF8", "--locale=C.UTF-8"], check=True, capture_output=True)
    pg_ctl = [*as_server_user, str(binaries / "pg_ctl"), "-D", str(data)]
    subprocess.run([*pg_ctl, "-l", str(folder / "server.log"), "-w", "start", "-o",
                    f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"], check=True, capture_output=True)
    try:
        import psycopg2

        admin = psycopg2.connect(host="127.0.0.1", port=port, user="warehouse", dbname="postgres")
        admin.autocommit = True
        admin.cursor().execute("create database warehouse")
        admin.close()
        yield f"host=127.0.0.1 port={port} dbname=warehouse user=warehouse"
    finally:
        subprocess.run([*pg_ctl, "-m", "fast", "stop"], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def _rows(cursor, sql: str) -> list[tuple]:
    cursor.execute(sql)
    return sorted(cursor.fetchall(), key=lambda row: tuple(map(str, row)))


def test_the_marts_built_on_postgres_are_the_duckdb_marts_row_for_row(built, postgres_dsn):
    import psycopg2

    _, db, _ = built
    code, output, error = run("postgres", "--dsn", postgres_dsn, "--db", str(db))
    assert code == 0, error[-3000:]
    assert "built the models" in output
    snapshot = published(db)
    tables = [name for (name,) in query(snapshot, "select table_name from duckdb_tables() where schema_name = 'marts'")]
    assert "completion_rates" in tables and len(tables) >= 9
    with psycopg2.connect(postgres_dsn) as connection, connection.cursor() as cursor:
        for table in tables:
            columns = ", ".join(name for (name,) in query(
                snapshot, "select column_name from duckdb_columns() where schema_name = 'marts' and table_name = ? "
                          "order by column_index", [table]))
            in_duckdb = sorted(query(snapshot, f"select {columns} from marts.{table}"), key=lambda r: tuple(map(str, r)))
            assert _rows(cursor, f"select {columns} from marts.{table}") == in_duckdb, table
        # persist_docs wrote the descriptions as Postgres comments too, for a BI tool to show.
        cursor.execute("select col_description('marts.completion_rates'::regclass, 1)")
        assert cursor.fetchone()[0]


def test_an_unreachable_postgres_is_one_line_and_exit_1(built):
    _, db, _ = built
    code, _, error = run("postgres", "--dsn", f"host=127.0.0.1 port={_free_port()} dbname=warehouse user=warehouse",
                         "--db", str(db))
    assert code == 1
    (line,) = error.strip().splitlines()
    assert line.startswith("POSTGRES: copying the raw tables failed: connection to server at ")
