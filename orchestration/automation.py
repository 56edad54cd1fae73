"""When the warehouse rebuilds besides a manual run: a new report in the folder, or a daily schedule.

Both run by default under `dagster dev` (its daemon ticks them); stop them in the UI (Automation)
or with `dagster sensor stop new_reports_sensor` / `dagster schedule stop daily_warehouse_build`.
"""

import hashlib

import dagster as dg

from orchestration.assets.raw import list_report_files
from orchestration.resources import reports_dir_path

build_warehouse_job = dg.define_asset_job("build_warehouse", selection=dg.AssetSelection.all())


def reports_fingerprint() -> str:
    """Names, sizes and modification times of the report files: changes when one is added, edited or removed."""
    folder = reports_dir_path()
    digest = hashlib.sha256()
    for path in list_report_files(folder) if folder.is_dir() else []:
        stat = path.stat()
        digest.update(f"{path.relative_to(folder).as_posix()}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


@dg.sensor(job=build_warehouse_job, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.RUNNING)
def new_reports_sensor(context: dg.SensorEvaluationContext):
    """Rebuild when a report is dropped into, changed in or removed from the reports folder.
    It lists the folder only; it never opens the warehouse file."""
    fingerprint = reports_fingerprint()
    if context.cursor is None:
        # The first tick records what is there: `warehouse build` or the schedule loaded it.
        context.update_cursor(fingerprint)
        return dg.SkipReason(f"Recorded the state of {reports_dir_path()}; later changes trigger a build")
    if fingerprint == context.cursor:
        return dg.SkipReason(f"No change in {reports_dir_path()}")
    context.update_cursor(fingerprint)
    return dg.RunRequest(run_key=fingerprint)


daily_warehouse_build = dg.ScheduleDefinition(
    name="daily_warehouse_build",
    job=build_warehouse_job,
    cron_schedule="0 6 * * *",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
