"""What readers open, refreshed only after a build whose models passed: the published marts BI tools
read, and dbt's documentation page."""

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import dagster as dg

from orchestration.assets.dbt import warehouse_dbt_models
from orchestration.publish import publish_marts
from orchestration.resources import PUBLISHED_DB_NAME, WAREHOUSE_POOL, DuckDBWarehouse, WarehouseDbtCli, dbt_project


@dg.asset(
    deps=[warehouse_dbt_models],
    pool=WAREHOUSE_POOL,
    group_name="marts",
    description=(
        "The marts as BI tools and notebooks read them: published/warehouse.duckdb (a snapshot of the "
        "marts schema) and published/marts/<table>.parquet, swapped in whole after a successful build. "
        "A failed build leaves the last snapshot as it was."
    ),
)
def published_marts(context: dg.AssetExecutionContext, warehouse: DuckDBWarehouse) -> dg.MaterializeResult:
    rows = publish_marts(warehouse.path, warehouse.published_dir, PUBLISHED_DB_NAME)
    context.log.info(f"Published {len(rows)} marts to {warehouse.published_dir}")
    return dg.MaterializeResult(metadata={
        "path": dg.MetadataValue.path(str(warehouse.published_dir / PUBLISHED_DB_NAME)),
        **{f"rows {table}": count for table, count in rows.items()},
    })


@dg.asset(
    key=["docs", "dbt"],
    deps=[warehouse_dbt_models],
    pool=WAREHOUSE_POOL,  # the catalog is read from the working file
    group_name="marts",
    kinds={"dbt"},
    description=(
        "dbt's documentation of every model, column and test, with the catalog's column types and the "
        "lineage graph, as one self-contained page: docs/index.html beside the warehouse file "
        "(data/docs/index.html). Open it in a browser; no server is needed."
    ),
)
def dbt_docs(context: dg.AssetExecutionContext, dbt: WarehouseDbtCli, warehouse: DuckDBWarehouse) -> dg.MaterializeResult:
    page = warehouse.path.parent / "docs" / "index.html"
    # The page shows the project and the columns' types, which change only with the project: a build
    # that did not change the manifest keeps the page (generating it costs about 4 s).
    parsed = dbt_project.project_dir / dbt_project.target_path  # prepare_dbt_manifest's parse
    manifest = parsed / "manifest.json"
    made_from = page.with_name(".manifest.sha256")
    fingerprint = hashlib.sha256(manifest.read_bytes()).hexdigest()
    if page.exists() and made_from.exists() and made_from.read_text() == fingerprint:
        context.log.info(f"dbt's documentation in {page} is up to date")
        return dg.MaterializeResult(metadata={"path": dg.MetadataValue.path(str(page)), "regenerated": False})
    # `--no-compile` reuses the parsed manifest and its parse state, which take most of the time.
    target = Path(tempfile.mkdtemp(prefix="docs-", dir=parsed))
    try:
        for name in ("manifest.json", "partial_parse.msgpack"):
            if (parsed / name).exists():
                shutil.copy(parsed / name, target / name)
        dbt.cli(["docs", "generate", "--no-compile", "--static",
                 "--vars", json.dumps({"warehouse_db": str(warehouse.path)})],
                target_path=target, raise_on_error=True).wait()
        page.parent.mkdir(parents=True, exist_ok=True)
        partial = page.with_name(page.name + ".partial")
        shutil.copyfile(target / "static_index.html", partial)
        os.replace(partial, page)  # a browser open on the page never reads half of it
        made_from.write_text(fingerprint)
    finally:
        shutil.rmtree(target, ignore_errors=True)
    context.log.info(f"Wrote dbt's documentation to {page}")
    return dg.MaterializeResult(metadata={"path": dg.MetadataValue.path(str(page)), "regenerated": True,
                                          "size_bytes": page.stat().st_size})
