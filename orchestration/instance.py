"""The one Dagster instance that `warehouse build`, `dagster dev`, the sensor and the schedule share,
and the recovery of runs whose process died while they held the warehouse pool."""

from __future__ import annotations

import os
import shutil
import socket
import time
from collections.abc import Callable
from pathlib import Path

import dagster as dg
from dagster._core.storage.dagster_run import NOT_FINISHED_STATUSES
from dotenv import dotenv_values

from orchestration.resources import DEFAULT_PATHS, DOTENV, REPO_ROOT, WAREHOUSE_POOL

DEFAULT_HOME = REPO_ROOT / ".dagster"
INSTANCE_SETTINGS = Path(__file__).with_name("dagster.yaml")
# Tags on every run `warehouse build` starts, so that a later build can tell whether it still runs.
PID_TAG = "warehouse/pid"
HOST_TAG = "warehouse/host"


def prepare_home() -> Path:
    """DAGSTER_HOME from the environment, else from the repository's .env, else .dagster/ at the
    repository root. The folder and its dagster.yaml are created on first use. When the home is
    not set in the environment, .env is this checkout's configuration: what it lacks of
    DAGSTER_HOME, WAREHOUSE_DB and REPORTS_DIR is written there with the defaults, so that
    `dagster dev` opens the same instance and the same files as `warehouse build`."""
    configured = os.environ.get("DAGSTER_HOME")
    saved = dotenv_values(DOTENV) if DOTENV.exists() else {}
    home = Path(configured or saved.get("DAGSTER_HOME") or DEFAULT_HOME).expanduser().resolve()
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "dagster.yaml").exists():
        shutil.copyfile(INSTANCE_SETTINGS, home / "dagster.yaml")
    if not configured:
        settings = {"DAGSTER_HOME": home, **DEFAULT_PATHS}
        lines = [f"{name}={value}\n" for name, value in settings.items() if name not in saved]
        if lines:
            with DOTENV.open("a", encoding="utf-8") as env_file:
                env_file.writelines(lines)
    os.environ["DAGSTER_HOME"] = str(home)
    return home


def run_tags() -> dict[str, str]:
    return {PID_TAG: str(os.getpid()), HOST_TAG: socket.gethostname()}


def _process_alive(run: dg.DagsterRun) -> bool | None:
    """Whether the process that started a run is alive; None when this machine cannot tell."""
    pid = run.tags.get(PID_TAG)
    if pid is None or run.tags.get(HOST_TAG) != socket.gethostname():
        return None
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover_abandoned_runs(instance: dg.DagsterInstance) -> list[str]:
    """Mark failed every unfinished run whose `warehouse build` process is gone, and free the pool
    slots held by those runs and by runs that already ended. Returns what was done, a line each."""
    done = []
    for run in instance.get_runs(filters=dg.RunsFilter(statuses=list(NOT_FINISHED_STATUSES))):
        if _process_alive(run) is False:
            instance.report_run_failed(run, f"its process {run.tags[PID_TAG]} is gone (killed or crashed)")
            done.append(f"run {run.run_id} marked failed: process {run.tags[PID_TAG]} is gone")
    storage = instance.event_log_storage
    for run_id in storage.get_concurrency_run_ids():
        run = instance.get_run_by_id(run_id)
        if run is None or run.is_finished:
            storage.free_concurrency_slots_for_run(run_id)
            done.append(f"pool slots of finished run {run_id} freed")
    return done


def wait_for_other_builds(instance: dg.DagsterInstance, say: Callable[[str], None],
                          poll_seconds: float = 2.0, report_every: float = 30.0) -> None:
    """Wait while another live run holds or waits for the warehouse pool, saying which one."""
    last_report = None
    while True:
        holders = [
            run for run_id in instance.event_log_storage.get_concurrency_run_ids()
            if (run := instance.get_run_by_id(run_id)) is not None and not run.is_finished
        ]
        if not holders:
            return
        now = time.monotonic()
        if last_report is None or now - last_report >= report_every:
            described = ", ".join(
                f"run {run.run_id} ({run.status.value}, process {run.tags.get(PID_TAG, 'started from the UI')})"
                for run in holders
            )
            say(f"Waiting for the {WAREHOUSE_POOL} pool, held by {described}. "
                "Stop that run (or this wait with Ctrl-C); a run whose process died is freed automatically.")
            last_report = now
        time.sleep(poll_seconds)
        recover_abandoned_runs(instance)


if __name__ == "__main__":
    # `make ui` runs this first, so that `dagster dev` opens the instance the CLI writes.
    print(f"Dagster instance: {prepare_home()}")
