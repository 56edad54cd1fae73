"""The code location as the UI shows it: groups that read left to right, and every asset and check described."""

import functools

import pytest

from orchestration.definitions import defs

GROUPS = {"ingest", "parse", "reference", "staging", "intermediate", "quality", "marts"}


@pytest.fixture(scope="module")
def graph():
    return defs.resolve_asset_graph()


def test_every_asset_sits_in_one_of_the_groups(graph):
    groups = {key.to_user_string(): graph.get(key).group_name for key in graph.get_all_asset_keys()
              if graph.get(key).is_materializable}
    assert set(groups.values()) == GROUPS
    assert groups["raw/documents"] == "ingest" and groups["raw/measures"] == "parse"
    assert groups["reference/unit_conversions"] == "reference"
    assert groups["staging/stg_reports__measures"] == "staging"
    assert groups["staging/int_targets"] == "intermediate"
    assert groups["staging/int_dq__totals"] == "quality" and groups["marts/dq_findings"] == "quality"
    assert groups["marts/targets"] == "marts" and groups["published_marts"] == "marts" and groups["docs/dbt"] == "marts"


def test_every_asset_and_check_has_a_real_description(graph):
    undescribed = [
        key.to_user_string() for key in graph.get_all_asset_keys()
        if graph.get(key).is_materializable
        and (not graph.get(key).description or graph.get(key).description.startswith("dbt model"))
    ]
    assert undescribed == []
    checks = {key: graph.get_check_spec(key) for key in graph.asset_check_keys}
    assert len(checks) > 90
    assert [key.to_user_string() for key, spec in checks.items() if not spec.description] == []
    assert checks[next(k for k in checks if k.name == "unique_targets_target_id")].description == (
        "`target_id` is unique: one row per value.")


def test_the_dbt_resource_states_dbt_version_without_running_dbt(monkeypatch):
    """WarehouseDbtCli overrides two private members of dagster-dbt's resource: if an upgrade renames
    them, this fails instead of every build silently paying `dbt --version` and an adapter again."""
    import importlib.metadata

    import dagster_dbt.core.resource
    from dagster_dbt import DbtCliResource

    from orchestration.resources import WarehouseDbtCli, dbt_executable, dbt_project

    assert isinstance(DbtCliResource.__dict__["_cli_version"], functools.cached_property)
    assert callable(DbtCliResource.__dict__["_initialize_dbt_core_adapter"])

    def no_subprocess(*args, **kwargs):
        raise AssertionError(f"ran {args[0]}")

    monkeypatch.setattr(dagster_dbt.core.resource, "check_output", no_subprocess)
    resource = WarehouseDbtCli(project_dir=dbt_project, dbt_executable=dbt_executable())
    assert str(resource._cli_version) == importlib.metadata.version("dbt-core")
    assert resource._initialize_dbt_core_adapter(["build"]) is None
