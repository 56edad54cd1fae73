import dagster as dg

from orchestration.automation import daily_warehouse_build, new_reports_sensor
from tests.conftest import GONGSHU_REPORT, SEEDS_DIR


def test_the_sensor_requests_a_build_only_when_the_folder_changes(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTS_DIR", str(tmp_path))
    (tmp_path / GONGSHU_REPORT).write_bytes((SEEDS_DIR / GONGSHU_REPORT).read_bytes())
    # The first tick records the folder instead of rebuilding what is already loaded.
    context = dg.build_sensor_context()
    recorded = new_reports_sensor(context)
    assert isinstance(recorded, dg.SkipReason) and context.cursor

    (tmp_path / GONGSHU_REPORT).write_bytes((SEEDS_DIR / GONGSHU_REPORT).read_bytes() + "\n".encode())
    first = new_reports_sensor(dg.build_sensor_context(cursor=context.cursor))
    assert isinstance(first, dg.RunRequest)

    unchanged = new_reports_sensor(dg.build_sensor_context(cursor=first.run_key))
    assert isinstance(unchanged, dg.SkipReason)

    (tmp_path / "新报告.txt").write_text("新增", encoding="utf-8")
    added = new_reports_sensor(dg.build_sensor_context(cursor=first.run_key))
    assert isinstance(added, dg.RunRequest) and added.run_key != first.run_key

    # A README beside the reports is not a report and changes nothing.
    (tmp_path / "README.md").write_text("notes", encoding="utf-8")
    assert isinstance(new_reports_sensor(dg.build_sensor_context(cursor=added.run_key)), dg.SkipReason)


def test_the_sensor_and_the_schedule_run_by_default():
    assert new_reports_sensor.default_status == dg.DefaultSensorStatus.RUNNING
    assert daily_warehouse_build.default_status == dg.DefaultScheduleStatus.RUNNING
