"""The one job that refreshes the warehouse, and what starts it: `warehouse build`, a new report in
the folder (sensor), or the daily schedule.

Every start runs the same job on the partitions of the files that need parsing, plus everything
unpartitioned downstream. New and changed files are moved to the end of the partition order, so
that they form one contiguous range and one run parses them all.

The sensor and the schedule run by default under `dagster dev` (its daemon ticks them); stop them
in the UI (Automation) or with `dagster sensor stop new_reports_sensor` /
`dagster schedule stop daily_warehouse_build`.
"""

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg

from orchestration.assets.raw import RAW_DOCUMENTS, RAW_MEASURES
from orchestration.partitions import MANIFEST, REPORT_FILES, report_files_by_key
from orchestration.resources import ReportsFolder

build_warehouse_job = dg.define_asset_job(
    "build_warehouse",
    selection=dg.AssetSelection.all(),
    description="Parse the report files that changed (a partition each), reconcile the folder, run dbt "
                "and its tests, and publish the marts.",
)
PARTITIONED_KEYS = {RAW_DOCUMENTS, RAW_MEASURES}
RANGE_START, RANGE_END = "dagster/asset_partition_range_start", "dagster/asset_partition_range_end"


@dataclass
class Refresh:
    """What one refresh changes in the partitions, and the range of them its run parses."""

    removed: list[str] = field(default_factory=list)  # files gone from the folder
    moved: list[str] = field(default_factory=list)  # changed files, moved to the end of the order
    added: list[str] = field(default_factory=list)  # new files, at the end
    first: str | None = None  # the range to parse, in partition order
    last: str | None = None

    def requests(self) -> list:
        requests = []
        if self.removed or self.moved:
            requests.append(REPORT_FILES.build_delete_request(self.removed + self.moved))
        if self.moved or self.added:
            requests.append(REPORT_FILES.build_add_request(self.moved + self.added))
        return requests

    def apply(self, instance: dg.DagsterInstance) -> None:
        for key in self.removed + self.moved:
            instance.delete_dynamic_partition(REPORT_FILES.name, key)
        instance.add_dynamic_partitions(REPORT_FILES.name, self.moved + self.added)

    def tags(self) -> dict[str, str]:
        return {RANGE_START: self.first, RANGE_END: self.last} if self.first else {}

    def describe(self) -> str:
        parts = [f"{len(v)} {k}" for k, v in (("new", self.added), ("changed", self.moved),
                                               ("removed", self.removed)) if v]
        span = f"; parsing {self.first} … {self.last}" if self.first else "; nothing to parse"
        return (", ".join(parts) or "no file added, changed or removed") + span


def plan_refresh(existing: Sequence[str], in_folder: Iterable[str], stale: Iterable[str]) -> Refresh:
    """The partition changes that bring `existing` (in partition order) to the folder's keys, with
    the stale ones (new or changed) forming a contiguous range at the end."""
    in_folder, stale = set(in_folder), set(stale)
    present = [key for key in existing if key in in_folder]
    refresh = Refresh(removed=[key for key in existing if key not in in_folder])
    # Stale keys already at the end stay where they are; the others move behind them.
    tail = len(present)
    while tail > 0 and present[tail - 1] in stale:
        tail -= 1
    refresh.moved = sorted(key for key in present[:tail] if key in stale)
    refresh.added = sorted(in_folder - set(existing))
    order = [key for key in present if key not in refresh.moved] + refresh.moved + refresh.added
    to_parse = [key for key in order if key in stale or key in refresh.added]
    if to_parse:
        refresh.first, refresh.last = to_parse[0], to_parse[-1]
    return refresh


def unpartitioned_selection(job: dg.JobDefinition) -> tuple[set[dg.AssetKey], set[dg.AssetCheckKey]]:
    """The job without the per-file assets, with every check (the raw ones look at unvalidated files)."""
    graph = job.asset_layer.asset_graph
    keys = {key for key in graph.get_all_asset_keys() if graph.get(key).is_materializable} - PARTITIONED_KEYS
    return keys, set(graph.asset_check_keys)


def run_request(refresh: Refresh, run_key: str | None) -> dg.RunRequest:
    if refresh.first:
        return dg.RunRequest(run_key=run_key, tags=refresh.tags())
    assets, checks = unpartitioned_selection(_resolved_job())
    return dg.RunRequest(run_key=run_key, asset_selection=sorted(assets), asset_check_keys=sorted(checks))


def _resolved_job() -> dg.JobDefinition:
    from orchestration.definitions import defs  # the job resolved against every asset

    return defs.resolve_job_def(build_warehouse_job.name)


_UNFINISHED = [dg.DagsterRunStatus.QUEUED, dg.DagsterRunStatus.NOT_STARTED, dg.DagsterRunStatus.STARTING,
               dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.CANCELING]


def build_in_progress(instance: dg.DagsterInstance) -> str | None:
    """The id of a build_warehouse run that has not finished, if any: a tick that finds one starts
    nothing (the instance also runs one run at a time, dagster.yaml), and changes its partitions
    only once that run is done."""
    records = instance.get_run_records(dg.RunsFilter(job_name=build_warehouse_job.name, statuses=_UNFINISHED), limit=1)
    return records[0].dagster_run.run_id if records else None


def folder_state(folder: Path) -> dict:
    """Size and modification time of each report file and of the manifest: the sensor's cursor."""
    files = {}
    for key, path in report_files_by_key(folder).items():
        stat = path.stat()
        files[key] = [stat.st_size, stat.st_mtime_ns]
    manifest = folder / MANIFEST
    stat = manifest.stat() if manifest.is_file() else None
    return {"files": files, "manifest": [stat.st_size, stat.st_mtime_ns] if stat else None}


@dg.sensor(job=build_warehouse_job, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.RUNNING)
def new_reports_sensor(context: dg.SensorEvaluationContext, reports: ReportsFolder):
    """Parse the reports dropped into, changed in or removed from the reports folder, then rebuild the
    marts. It lists the folder only; it never opens the warehouse file."""
    running = build_in_progress(context.instance)
    if running:
        # The cursor stays: the next tick after that run sees every change made meanwhile.
        return dg.SkipReason(f"Build {running} is still running")
    state = folder_state(reports.path)
    existing = context.instance.get_dynamic_partitions(REPORT_FILES.name)
    if context.cursor is None:
        # The first tick records what is there; only files no partition knows yet are parsed.
        stale: Iterable[str] = set(state["files"]) - set(existing)
    else:
        before = json.loads(context.cursor)
        if state == before:
            return dg.SkipReason(f"No change in {reports.path}")
        if state["manifest"] != before["manifest"]:
            stale = set(state["files"])  # hints may have changed for any file
        else:
            stale = {key for key, stat in state["files"].items() if before["files"].get(key) != stat}
    refresh = plan_refresh(existing, state["files"], stale)
    cursor = json.dumps(state, sort_keys=True)
    if context.cursor is None and not refresh.first and not refresh.removed:
        return dg.SensorResult(skip_reason=f"Recorded the state of {reports.path}; later changes "
                                           "trigger a refresh", cursor=cursor)
    run_key = hashlib.sha256(cursor.encode()).hexdigest()[:16]
    context.log.info(refresh.describe())
    return dg.SensorResult(run_requests=[run_request(refresh, run_key)],
                           dynamic_partitions_requests=refresh.requests(), cursor=cursor)


@dg.schedule(job=build_warehouse_job, cron_schedule="0 6 * * *",
             default_status=dg.DefaultScheduleStatus.RUNNING)
def daily_warehouse_build(context: dg.ScheduleEvaluationContext, reports: ReportsFolder):
    """Every morning, whatever the sensor missed: the partitions are set to the folder's files and
    every file is looked at (an unchanged one is skipped by its fingerprint, a new parser version
    parses all again)."""
    running = build_in_progress(context.instance)
    if running:
        return dg.SkipReason(f"Build {running} is still running; the sensor picks up what it misses")
    keys = list(report_files_by_key(reports.path))
    existing = context.instance.get_dynamic_partitions(REPORT_FILES.name)
    refresh = plan_refresh(existing, keys, stale=[])
    refresh.apply(context.instance)
    order = context.instance.get_dynamic_partitions(REPORT_FILES.name)
    refresh.first, refresh.last = (order[0], order[-1]) if order else (None, None)
    return run_request(refresh, run_key=None)
