"""Every resource of the code location, and the settings they are configured with.

The warehouse file and the reports folder are `dg.EnvVar`s, WAREHOUSE_DB and REPORTS_DIR, read
when a run starts. `warehouse build` sets them from its flags; `dagster dev` finds them in the
environment or in the repository's `.env`, which the first build writes with the defaults.
dbt is told the warehouse file by the dbt asset (`--vars`), so it opens exactly the file the
Python assets write.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path

import dagster as dg
import duckdb
from dagster_dbt import DbtCliResource, DbtProject
from dotenv import dotenv_values
from packaging import version

from orchestration.partitions import read_folder_manifest

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
DEFAULT_WAREHOUSE_DB = REPO_ROOT / "data" / "warehouse.duckdb"
DEFAULT_REPORTS_DIR = REPO_ROOT / "seeds"
# DuckDB takes one writer per file: every asset writing the warehouse runs in this pool.
WAREHOUSE_POOL = "duckdb_warehouse"
PUBLISHED_DB_NAME = "warehouse.duckdb"


# The settings of the resources, with their defaults; .env beside them overrides the defaults.
DEFAULT_PATHS = {"WAREHOUSE_DB": DEFAULT_WAREHOUSE_DB, "REPORTS_DIR": DEFAULT_REPORTS_DIR}
DOTENV = REPO_ROOT / ".env"


def configured_path(name: str, override: Path | None = None) -> Path:
    """A path setting as absolute path: the override, else the environment, else .env, else the default."""
    value = override or os.environ.get(name) or (dotenv_values(DOTENV).get(name) if DOTENV.exists() else None)
    return Path(value or DEFAULT_PATHS[name]).expanduser().resolve()


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

    database: str  # a path; a relative one is relative to the working directory

    @property
    def path(self) -> Path:
        return Path(self.database).expanduser().resolve()

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


# A report is 50 KB to 2 MB of text, and parsing takes about 1.5 s per MB.
DEFAULT_MAX_FILE_MB = 20


class ReportsFolder(dg.ConfigurableResource):
    """The folder of raw report files the build reads, and its manifest.csv."""

    folder: str
    # A malformed manifest stops a run unless this is set; then file-name hints are used.
    ignore_manifest_errors: bool = False
    # A larger file is rejected unread, with its size in the reason.
    max_file_mb: float = DEFAULT_MAX_FILE_MB

    @property
    def max_bytes(self) -> int:
        return int(self.max_file_mb * 1_000_000)

    @property
    def path(self) -> Path:
        return Path(self.folder).expanduser().resolve()

    def manifest(self) -> dict:
        """manifest.csv's hints by file name; raises partitions.ManifestError when it is malformed."""
        return read_folder_manifest(self.path, self.ignore_manifest_errors)


def _environment_dbt() -> str:
    return str(Path(sys.prefix) / ("Scripts" if os.name == "nt" else "bin") / "dbt")


def dbt_executable() -> str:
    """dbt from this interpreter's environment: a venv's console script runs without it on PATH."""
    candidate = _environment_dbt()
    return candidate if Path(candidate).exists() else "dbt"


class WarehouseDbtCli(DbtCliResource):
    """dagster-dbt's dbt resource without two costs at every invocation that this project does not
    need: `dbt --version` in a subprocess (about 4 s) when the executable is this environment's
    dbt, whose version is the installed dbt-core's, and a dbt adapter opened in-process (about
    3 s) that dagster-dbt uses only to fetch column metadata and row counts, which the dbt asset
    reads from DuckDB itself once dbt has finished (assets/dbt.py)."""

    @cached_property
    def _cli_version(self) -> version.Version:
        if self.dbt_executable == _environment_dbt():
            return version.parse(importlib.metadata.version("dbt-core"))
        return super()._cli_version

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> None:
        return None


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
    WarehouseDbtCli(project_dir=project, dbt_executable=dbt_executable()).cli(
        ["parse", "--quiet"], target_path=project.target_path, raise_on_error=True
    ).wait()


def build_resources() -> dict[str, object]:
    return {
        "warehouse": DuckDBWarehouse(database=dg.EnvVar("WAREHOUSE_DB")),
        "reports": ReportsFolder(folder=dg.EnvVar("REPORTS_DIR")),
        "dbt": WarehouseDbtCli(project_dir=dbt_project, dbt_executable=dbt_executable()),
    }
