"""When the warehouse rebuilds besides a manual run: a new report in the folder, or a daily schedule.

Both are off by default; turn them on in the Dagster UI (Automation) or with
`dagster sensor start new_reports_sensor` / `dagster schedule start daily_warehouse_build`.
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


@dg.sensor(job=build_warehouse_job, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.STOPPED)
def new_reports_sensor(context: dg.SensorEvaluationContext):
    """Rebuild when a report is dropped into, changed in or removed from the reports folder."""
    fingerprint = reports_fingerprint()
    if fingerprint == context.cursor:
        return dg.SkipReason(f"No change in {reports_dir_path()}")
    context.update_cursor(fingerprint)
    return dg.RunRequest(run_key=fingerprint)


daily_warehouse_build = dg.ScheduleDefinition(
    name="daily_warehouse_build",
    job=build_warehouse_job,
    cron_schedule="0 6 * * *",
    default_status=dg.DefaultScheduleStatus.STOPPED,
)
