"""dbt models, seeds and tests as Dagster assets and asset checks."""


import json
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, dbt_assets

from orchestration import progress
from orchestration.resources import WAREHOUSE_POOL, DuckDBWarehouse, WarehouseDbtCli, dbt_project

# Under `dagster dev`, parse the dbt project at every load (dbt must be on PATH: `make ui` puts
# the environment's bin first); `warehouse build` and the tests call prepare_dbt_manifest().
dbt_project.prepare_if_dev()


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


_TRANSLATOR = WarehouseDbtTranslator(settings=DagsterDbtTranslatorSettings(enable_duplicate_source_asset_keys=True))
# Rows shown in a mart's preview, and characters per cell.
PREVIEW_ROWS, PREVIEW_CELL = 5, 40


@dataclass(frozen=True)
class Relation:
    schema: str
    name: str
    materialized: str
    descriptions: dict[str, str]


def relations_by_key(manifest: Mapping[str, Any]) -> dict[dg.AssetKey, Relation]:
    """Where each dbt model and seed lives in DuckDB, and its documented columns."""
    return {
        _TRANSLATOR.get_asset_key(node): Relation(
            node["schema"], node.get("alias") or node["name"], node["config"].get("materialized", node["resource_type"]),
            {name: column.get("description", "") for name, column in node.get("columns", {}).items()},
        )
        for node in manifest["nodes"].values()
        if node["resource_type"] in ("model", "seed")
    }


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    text = text.replace("|", "\\|").replace("\n", " ")
    return text if len(text) <= PREVIEW_CELL else text[: PREVIEW_CELL - 1] + "…"


def relation_metadata(con, relation: Relation) -> dict[str, Any]:
    """Typed column schema of what dbt built, its row count (tables), and the first rows (marts)."""
    columns = con.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = ? and table_name = ? order by ordinal_position",
        [relation.schema, relation.name],
    ).fetchall()
    metadata: dict[str, Any] = {"dagster/column_schema": dg.TableSchema(columns=[
        dg.TableColumn(name, data_type, description=relation.descriptions.get(name) or None)
        for name, data_type in columns
    ])}
    qualified = f'"{relation.schema}"."{relation.name}"'
    if relation.materialized in ("table", "seed", "incremental"):
        metadata["dagster/row_count"] = con.execute(f"select count(*) from {qualified}").fetchall()[0][0]
    if relation.schema == "marts":
        cursor = con.execute(f"select * from {qualified} limit {PREVIEW_ROWS}")
        names = [d[0] for d in cursor.description]
        lines = ["| " + " | ".join(names) + " |", "|" + "---|" * len(names)]
        lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in cursor.fetchall()]
        metadata["preview"] = dg.MetadataValue.md("\n".join(lines))
    return metadata


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, pool=WAREHOUSE_POOL,
            # Several raw tables are written by one asset (raw.sections by raw/documents): their sources
            # name it in their meta.
            dagster_dbt_translator=_TRANSLATOR)
def warehouse_dbt_models(context: dg.AssetExecutionContext, dbt: WarehouseDbtCli, warehouse: DuckDBWarehouse):
    # dbt_project/profiles.yml opens the file named by this var: the one the raw assets wrote.
    # dbt unit tests check the SQL, not the data: the test suite runs them (tests/test_dbt_unit_tests.py).
    invocation = dbt.cli(["build", "--exclude-resource-type", "unit_test",
                          "--vars", json.dumps({"warehouse_db": str(warehouse.path)})],
                         context=context, raise_on_error=False)
    # dbt holds the file while it runs, so what it built is described once it has finished.
    built = []
    progress.expect(progress.MODELS, len(context.selected_asset_keys))
    for event in invocation.stream():
        if isinstance(event, dg.Output | dg.AssetMaterialization):
            key = event.asset_key if isinstance(event, dg.AssetMaterialization) else (
                context.assets_def.keys_by_output_name[event.output_name])
            built.append((key, event))
            progress.advance(progress.MODELS, item=key.to_user_string())
        else:
            yield event
    relations = relations_by_key(invocation.manifest)
    with warehouse.connect() as con:
        for key, event in built:
            extra = relation_metadata(con, relations[key]) if key in relations else {}
            yield event.with_metadata({**event.metadata, **extra})
    _keep_parse_state(invocation.target_path)
    if not invocation.is_successful():
        raise invocation.get_error()


def _keep_parse_state(invocation_target: Path) -> None:
    """dagster-dbt gives each invocation its own target folder, seeded with the project's partial
    parse state. Keep this invocation's state, whose profile names this warehouse, so that the
    next build of the same file parses only what changed; then drop the folder (compiled SQL,
    run results), which would otherwise pile up at every build."""
    invocation_target = dbt_project.project_dir / invocation_target  # a relative one is the project's
    state = invocation_target / "partial_parse.msgpack"
    if state.exists():
        os.replace(state, dbt_project.project_dir / dbt_project.target_path / "partial_parse.msgpack")
    shutil.rmtree(invocation_target, ignore_errors=True)
