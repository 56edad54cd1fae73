"""dbt models, seeds and tests as Dagster assets and asset checks."""


import os
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

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


def _quality_model(name: str) -> bool:
    return name.startswith("int_dq__") or name.startswith("dq_")


def describe_test(test: Mapping[str, Any]) -> str:
    """What a dbt data test asserts, in words, from its manifest node."""
    if test.get("description"):
        return test["description"]
    metadata = test.get("test_metadata") or {}
    kwargs = metadata.get("kwargs") or {}
    column = kwargs.get("column_name")
    match metadata.get("name"):
        case "not_null":
            return f"`{column}` is never null."
        case "unique":
            return f"`{column}` is unique: one row per value."
        case "accepted_values":
            return f"`{column}` is one of: {', '.join(map(str, kwargs.get('values') or []))}."
        case "relationships":
            target = str(kwargs.get("to", "")).replace("ref('", "").replace("')", "")
            return f"Every `{column}` is a `{kwargs.get('field')}` of {target}."
    return f"dbt test {test['name']}."


class WarehouseDbtTranslator(DagsterDbtTranslator):
    """Groups dbt nodes by what they are in the graph, left to right: reference (seeds), staging,
    intermediate, quality (the data-quality models) and marts; every dbt test says what it asserts."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "reference"
        if _quality_model(dbt_resource_props["name"]):
            return "quality"
        parts = PurePosixPath(dbt_resource_props.get("original_file_path", "")).parts
        return parts[1] if len(parts) > 2 and parts[0] == "models" else None

    def get_asset_check_spec(self, asset_spec, manifest, unique_id, project):
        spec = super().get_asset_check_spec(asset_spec, manifest, unique_id, project)
        if spec is None or spec.description:
            return spec
        return dg.AssetCheckSpec(
            name=spec.name, asset=spec.asset_key, description=describe_test(manifest["nodes"][unique_id]),
            additional_deps=spec.additional_deps, blocking=spec.blocking, metadata=spec.metadata,
        )


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, pool=WAREHOUSE_POOL,
            # Several raw tables are written by one asset (raw.sections by raw/documents): their sources
            # name it in their meta.
            dagster_dbt_translator=WarehouseDbtTranslator(
                settings=DagsterDbtTranslatorSettings(enable_duplicate_source_asset_keys=True)))
def warehouse_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: DuckDBWarehouse):
    # dbt_project/profiles.yml opens the file named by this variable: the one the raw assets wrote.
    os.environ["WAREHOUSE_DB"] = str(warehouse.path)
    yield from dbt.cli(["build"], context=context).stream()
