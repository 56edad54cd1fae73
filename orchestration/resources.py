"""Every resource of the code location, and the paths they default to.

The warehouse path comes from WAREHOUSE_DB, the variable dbt_project/profiles.yml reads
too; it is resolved to an absolute path and written back to the environment so that the
dbt subprocess opens exactly the file the Python assets write.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
from dagster_dbt import DbtCliResource, DbtProject

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
DEFAULT_WAREHOUSE_DB = REPO_ROOT / "data" / "warehouse.duckdb"
DEFAULT_REPORTS_DIR = REPO_ROOT / "seeds"
# DuckDB takes one writer per file: every asset writing the warehouse runs in this pool.
WAREHOUSE_POOL = "duckdb_warehouse"


def warehouse_db_path() -> Path:
    path = Path(os.environ.get("WAREHOUSE_DB") or DEFAULT_WAREHOUSE_DB).expanduser().resolve()
    os.environ["WAREHOUSE_DB"] = str(path)
    return path


def reports_dir_path() -> Path:
    return Path(os.environ.get("REPORTS_DIR") or DEFAULT_REPORTS_DIR).expanduser().resolve()


class DuckDBWarehouse(dg.ConfigurableResource):
    """The warehouse file. Connections are short-lived so readers are not blocked for long."""

    database: str

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        Path(self.database).parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(self.database)
        try:
            yield con
        finally:
            con.close()


class ReportsFolder(dg.ConfigurableResource):
    """The folder of raw report files the build reads."""

    path: str


def dbt_executable() -> str:
    """dbt from this interpreter's environment: a venv's console script runs without it on PATH."""
    candidate = Path(sys.prefix) / ("Scripts" if os.name == "nt" else "bin") / "dbt"
    return str(candidate) if candidate.exists() else "dbt"


dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def build_resources() -> dict[str, object]:
    return {
        "warehouse": DuckDBWarehouse(database=str(warehouse_db_path())),
        "reports": ReportsFolder(path=str(reports_dir_path())),
        "dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=dbt_executable()),
    }
