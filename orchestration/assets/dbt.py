"""dbt models, seeds and tests as Dagster assets and asset checks."""


import os

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from orchestration.resources import WAREHOUSE_POOL, DuckDBWarehouse, dbt_executable, dbt_project
from parsers.units import UNIT_TABLE

# Reference tables the parser reads and dbt loads as seeds (dbt_project.yml seed-paths).
PARSER_DATA = UNIT_TABLE.parent


def ensure_manifest() -> None:
    """Parse the dbt project when its manifest is missing or older than any project file.

    dagster-dbt's own preparer only runs under `dagster dev` and looks for `dbt` on PATH;
    the headless build and the tests need the manifest too.
    """
    manifest = dbt_project.manifest_path
    sources = [
        path
        for folder in ("models", "macros", "tests")
        for path in (dbt_project.project_dir / folder).rglob("*")
        if path.is_file()
    ]
    sources += [*PARSER_DATA.glob("*.csv"), dbt_project.project_dir / "dbt_project.yml",
                dbt_project.project_dir / "profiles.yml"]
    newest = max(path.stat().st_mtime for path in sources)
    if manifest.exists() and manifest.stat().st_mtime >= newest:
        return
    DbtCliResource(project_dir=dbt_project, dbt_executable=dbt_executable()).cli(
        ["parse", "--quiet"], target_path=dbt_project.target_path, raise_on_error=True
    ).wait()


ensure_manifest()


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, pool=WAREHOUSE_POOL)
def warehouse_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: DuckDBWarehouse):
    # dbt_project/profiles.yml opens the file named by this variable: the one the raw assets wrote.
    os.environ["WAREHOUSE_DB"] = str(warehouse.path)
    yield from dbt.cli(["build"], context=context).stream()
