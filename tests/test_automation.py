"""The sensor and the schedule, evaluated with Dagster's testing API on a temporary folder."""

import json
import os

import dagster as dg
import pytest

from orchestration.automation import RANGE_END, RANGE_START, daily_warehouse_build, new_reports_sensor
from orchestration.partitions import REPORT_FILES
from orchestration.resources import ReportsFolder
from tests.conftest import GONGSHU_REPORT, SEEDS_DIR, YUHANG_REPORT


@pytest.fixture
def folder(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / GONGSHU_REPORT).write_bytes((SEEDS_DIR / GONGSHU_REPORT).read_bytes())
    return reports


def _context(instance, folder, cursor=None):
    return dg.build_sensor_context(instance=instance, cursor=cursor, resources={"reports": ReportsFolder(folder=str(folder))})


def _tick(instance, folder, cursor):
    """One sensor tick, with its partition requests applied as the daemon applies them."""
    result = new_reports_sensor(_context(instance, folder, cursor))
    for request in result.dynamic_partitions_requests or []:
        if isinstance(request, dg.DeleteDynamicPartitionsRequest):
            for key in request.partition_keys:
                instance.delete_dynamic_partition(REPORT_FILES.name, key)
        else:
            instance.add_dynamic_partitions(REPORT_FILES.name, list(request.partition_keys))
    return result


def _partitions(instance):
    return instance.get_dynamic_partitions(REPORT_FILES.name)


def test_the_sensor_adds_changes_and_removes_partitions_and_asks_for_just_those(folder):
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions(REPORT_FILES.name, [GONGSHU_REPORT])
        # The first tick records the folder: the file a build already loaded is not parsed again.
        first = _tick(instance, folder, None)
        assert first.run_requests == [] and first.cursor and first.skip_reason
        assert _partitions(instance) == [GONGSHU_REPORT]

        unchanged = new_reports_sensor(_context(instance, folder, first.cursor))
        assert isinstance(unchanged, dg.SkipReason)

        # Add a file: a partition for it, a run of just that partition (and the marts).
        (folder / YUHANG_REPORT).write_bytes((SEEDS_DIR / YUHANG_REPORT).read_bytes())
        added = _tick(instance, folder, first.cursor)
        (run,) = added.run_requests
        assert run.tags[RANGE_START] == run.tags[RANGE_END] == YUHANG_REPORT
        assert _partitions(instance) == [GONGSHU_REPORT, YUHANG_REPORT]

        # Change the first file: it moves behind the other and is the only one in the range.
        path = folder / GONGSHU_REPORT
        path.write_bytes(path.read_bytes() + "\n".encode())
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
        changed = _tick(instance, folder, added.cursor)
        (run,) = changed.run_requests
        assert run.tags[RANGE_START] == run.tags[RANGE_END] == GONGSHU_REPORT
        assert _partitions(instance) == [YUHANG_REPORT, GONGSHU_REPORT]
        assert run.run_key != added.run_requests[0].run_key

        # Remove a file: its partition goes and the run rebuilds the rest without parsing anything.
        (folder / YUHANG_REPORT).unlink()
        removed = _tick(instance, folder, changed.cursor)
        (run,) = removed.run_requests
        assert RANGE_START not in run.tags
        assert dg.AssetKey(["raw", "folder"]) in run.asset_selection
        assert dg.AssetKey(["raw", "documents"]) not in run.asset_selection
        assert any(check.name == "gx_documents_are_clean" for check in run.asset_check_keys)
        assert _partitions(instance) == [GONGSHU_REPORT]

        # A README beside the reports is not a report and changes nothing.
        (folder / "README.md").write_text("notes", encoding="utf-8")
        notes = new_reports_sensor(_context(instance, folder, removed.cursor))
        assert isinstance(notes, dg.SkipReason)
        assert set(json.loads(removed.cursor)["files"]) == {GONGSHU_REPORT}


def test_a_changed_manifest_puts_every_file_in_the_range(folder):
    with dg.instance_for_test() as instance:
        (folder / YUHANG_REPORT).write_bytes((SEEDS_DIR / YUHANG_REPORT).read_bytes())
        first = _tick(instance, folder, None)
        # Files no partition knows yet are parsed even on the first tick.
        both = tuple(sorted([GONGSHU_REPORT, YUHANG_REPORT]))
        (run,) = first.run_requests
        assert (run.tags[RANGE_START], run.tags[RANGE_END]) == both
        (folder / "manifest.csv").write_text(f"file_name,region\n{YUHANG_REPORT},临平区\n", encoding="utf-8")
        (run,) = _tick(instance, folder, first.cursor).run_requests
        assert (run.tags[RANGE_START], run.tags[RANGE_END]) == both


def test_the_schedule_sets_the_partitions_to_the_folder_and_looks_at_every_file(folder):
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions(REPORT_FILES.name, ["gone.txt", GONGSHU_REPORT])
        (folder / YUHANG_REPORT).write_bytes((SEEDS_DIR / YUHANG_REPORT).read_bytes())
        run = daily_warehouse_build(dg.build_schedule_context(instance=instance, resources={"reports": ReportsFolder(folder=str(folder))}))
        # Kept files keep their place, new ones follow.
        assert _partitions(instance) == [GONGSHU_REPORT, YUHANG_REPORT]
        assert (run.tags[RANGE_START], run.tags[RANGE_END]) == (GONGSHU_REPORT, YUHANG_REPORT)


def test_the_sensor_and_the_schedule_run_by_default():
    assert new_reports_sensor.default_status == dg.DefaultSensorStatus.RUNNING
    assert daily_warehouse_build.default_status == dg.DefaultScheduleStatus.RUNNING


def test_no_tick_starts_a_build_or_changes_partitions_while_one_is_unfinished(folder, tmp_path, monkeypatch):
    from orchestration.automation import build_warehouse_job
    from orchestration.definitions import defs

    monkeypatch.setenv("WAREHOUSE_DB", str(tmp_path / "warehouse.duckdb"))
    monkeypatch.setenv("REPORTS_DIR", str(folder))
    with dg.instance_for_test() as instance:
        running = instance.create_run_for_job(defs.resolve_job_def(build_warehouse_job.name))
        skipped = new_reports_sensor(_context(instance, folder, None))
        assert isinstance(skipped, dg.SkipReason) and running.run_id in skipped.skip_message
        scheduled = daily_warehouse_build(dg.build_schedule_context(
            instance=instance, resources={"reports": ReportsFolder(folder=str(folder))}))
        assert isinstance(scheduled, dg.SkipReason) and running.run_id in scheduled.skip_message
        assert _partitions(instance) == []
        instance.report_run_failed(running)
        (run,) = _tick(instance, folder, None).run_requests
        assert _partitions(instance) == [GONGSHU_REPORT]
