"""Every resource of the code location, and the paths they default to.

The warehouse path comes from WAREHOUSE_DB, the variable dbt_project/profiles.yml reads
too; it is resolved to an absolute path and written back to the environment so that the
dbt subprocess opens exactly the file the Python assets write. Paths are read when a run
starts, so one process can build several warehouses in turn.
"""

from __future__ import annotations

import os
import re
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
PUBLISHED_DB_NAME = "warehouse.duckdb"


def warehouse_db_path() -> Path:
    path = Path(os.environ.get("WAREHOUSE_DB") or DEFAULT_WAREHOUSE_DB).expanduser().resolve()
    os.environ["WAREHOUSE_DB"] = str(path)
    return path


def reports_dir_path() -> Path:
    return Path(os.environ.get("REPORTS_DIR") or DEFAULT_REPORTS_DIR).expanduser().resolve()


def published_dir_for(working_db: Path) -> Path:
    """Where the snapshot BI reads lives: `published/` beside the working file (data/published)."""
    return working_db.parent / "published"


_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>.+?) \(PID (?P<pid>\d+)\)")


class WarehouseLockedError(RuntimeError):
    """Another process holds the working warehouse file."""


class DuckDBWarehouse(dg.ConfigurableResource):
    """The private working file the build writes. Connections are short-lived.

    BI tools and notebooks read the published snapshot beside it (`published/`), never this file:
    DuckDB lets one process write a file, and a reader on it blocks the build.
    """

    database: str = ""  # empty: $WAREHOUSE_DB, else data/warehouse.duckdb

    @property
    def path(self) -> Path:
        return Path(self.database).expanduser().resolve() if self.database else warehouse_db_path()

    @property
    def published_dir(self) -> Path:
        return published_dir_for(self.path)

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            con = duckdb.connect(str(self.path))
        except duckdb.IOException as error:
            if "lock" not in str(error).lower():
                raise
            # DuckDB names the holder: "Conflicting lock is held in /usr/bin/python3.11 (PID 4242)".
            holder = _LOCK_HOLDER.search(str(error))
            who = f"process {holder['pid']} ({holder['program']})" if holder else "another process"
            raise WarehouseLockedError(
                f"{self.path} is locked by {who}. Close it there: BI tools and "
                f"notebooks should read the published snapshot {self.published_dir / PUBLISHED_DB_NAME} "
                f"or the Parquet files in {self.published_dir / 'marts'}, which a build never locks."
            ) from error
        try:
            yield con
        finally:
            con.close()


class ReportsFolder(dg.ConfigurableResource):
    """The folder of raw report files the build reads."""

    folder: str = ""  # empty: $REPORTS_DIR, else seeds/

    @property
    def path(self) -> Path:
        return Path(self.folder).expanduser().resolve() if self.folder else reports_dir_path()


def dbt_executable() -> str:
    """dbt from this interpreter's environment: a venv's console script runs without it on PATH."""
    candidate = Path(sys.prefix) / ("Scripts" if os.name == "nt" else "bin") / "dbt"
    return str(candidate) if candidate.exists() else "dbt"


dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def prepare_dbt_manifest() -> None:
    """Parse the dbt project when a project file (or a reference table the seeds load from
    parsers/data) is newer than its manifest, with this environment's dbt.

    `dagster dev` prepares the project itself (dbt_project.prepare_if_dev() in the dbt assets);
    `warehouse build` and the tests call this before they load the definitions."""
    project = dbt_project
    sources = [path for folder in ("models", "macros", "tests") for path in (project.project_dir / folder).rglob("*")
               if path.is_file()]
    sources += [*(REPO_ROOT / "parsers" / "data").glob("*.csv"), project.project_dir / "dbt_project.yml",
                project.project_dir / "profiles.yml"]
    manifest = project.manifest_path
    if manifest.exists() and manifest.stat().st_mtime >= max(path.stat().st_mtime for path in sources):
        return
    DbtCliResource(project_dir=project, dbt_executable=dbt_executable()).cli(
        ["parse", "--quiet"], target_path=project.target_path, raise_on_error=True
    ).wait()


def build_resources() -> dict[str, object]:
    return {
        "warehouse": DuckDBWarehouse(),
        "reports": ReportsFolder(),
        "dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=dbt_executable()),
    }
