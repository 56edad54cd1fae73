"""The Dagster code location: raw assets, dbt assets and their checks, resources."""

from __future__ import annotations

import dagster as dg

from orchestration.assets.dbt import warehouse_dbt_models
from orchestration.assets.publish import dbt_docs, published_marts
from orchestration.assets.raw import raw_folder, raw_reports
from orchestration.automation import build_warehouse_job, daily_warehouse_build, new_reports_sensor
from orchestration.checks import GX_CHECKS
from orchestration.resources import build_resources

all_assets = [raw_folder, raw_reports, warehouse_dbt_models, published_marts, dbt_docs]
all_checks = GX_CHECKS

defs = dg.Definitions(
    assets=all_assets,
    asset_checks=all_checks,
    jobs=[build_warehouse_job],
    sensors=[new_reports_sensor],
    schedules=[daily_warehouse_build],
    resources=build_resources(),
)
