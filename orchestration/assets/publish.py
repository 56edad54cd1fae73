"""The published marts: what BI tools read, refreshed only after a build whose models and checks passed."""

import dagster as dg

from orchestration.assets.dbt import warehouse_dbt_models
from orchestration.publish import publish_marts
from orchestration.resources import PUBLISHED_DB_NAME, WAREHOUSE_POOL, DuckDBWarehouse


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
