"""The Dagster code location: raw assets, dbt assets and their checks, resources."""

from __future__ import annotations

import dagster as dg

from orchestration.assets.dbt import warehouse_dbt_models
from orchestration.assets.raw import raw_documents, raw_measures
from orchestration.checks import GX_CHECKS
from orchestration.resources import build_resources

all_assets = [raw_documents, raw_measures, warehouse_dbt_models]
all_checks = GX_CHECKS

build_warehouse_job = dg.define_asset_job("build_warehouse", selection=dg.AssetSelection.all())

defs = dg.Definitions(
    assets=all_assets, asset_checks=all_checks, jobs=[build_warehouse_job], resources=build_resources()
)
