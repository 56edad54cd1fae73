"""The shared Dagster instance: a build waits for a live holder of the warehouse pool and says so,
stops on SIGTERM, and a holder whose process died is marked failed and its slot freed."""

import signal
import socket
import subprocess
import uuid

import dagster as dg
import pytest
from dagster._core.storage.dagster_run import DagsterRun, DagsterRunStatus

from orchestration.instance import HOST_TAG, PID_TAG, prepare_home, recover_abandoned_runs
from orchestration.resources import WAREHOUSE_POOL
from tests.conftest import WAREHOUSE


@pytest.fixture
def instance(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    prepare_home()
    with dg.DagsterInstance.get() as instance:
        yield instance


def _hold_pool(instance: dg.DagsterInstance, pid: int) -> str:
    """A run of `warehouse build` by process `pid`, holding the only slot of the warehouse pool."""
    run_id = str(uuid.uuid4())
    instance.add_run(DagsterRun(job_name="build_warehouse", run_id=run_id, status=DagsterRunStatus.STARTED,
                                tags={PID_TAG: str(pid), HOST_TAG: socket.gethostname()}))
    storage = instance.event_log_storage
    storage.initialize_concurrency_limit_to_default(WAREHOUSE_POOL)
    assert storage.claim_concurrency_slot(WAREHOUSE_POOL, run_id, "raw_documents").is_claimed
    return run_id


def test_the_instance_settings_limit_the_warehouse_pool_to_one_writer(instance):
    assert instance.event_log_storage.get_pool_config().default_pool_limit == 1


@pytest.mark.e2e
def test_a_build_waits_for_a_live_holder_names_it_and_stops_on_sigterm(instance, tmp_path):
    holder = subprocess.Popen(["sleep", "300"])
    try:
        run_id = _hold_pool(instance, holder.pid)
        build = subprocess.Popen(
            [WAREHOUSE, "build", "--reports-dir", str(tmp_path), "--db", str(tmp_path / "w.duckdb")],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        lines = []
        while not lines or not lines[-1].startswith("Waiting"):
            line = build.stdout.readline()
            assert line, "".join(lines) + build.stderr.read()
            lines.append(line)
        assert f"held by run {run_id} (STARTED, process {holder.pid})" in lines[-1]
        build.send_signal(signal.SIGTERM)
        assert build.wait(timeout=60) == 130
        assert "Build stopped: interrupted." in build.stderr.read()
        # The holder is alive: nothing to recover.
        assert recover_abandoned_runs(instance) == []
    finally:
        holder.kill()
        holder.wait()

    # Its process is gone: the run is marked failed and the slot freed.
    done = recover_abandoned_runs(instance)
    assert done == [f"run {run_id} marked failed: process {holder.pid} is gone",
                    f"pool slots of finished run {run_id} freed"]
    assert instance.get_run_by_id(run_id).status == DagsterRunStatus.FAILURE
    assert run_id not in instance.event_log_storage.get_concurrency_run_ids()
