"""A warehouse over time: files added and removed while BI reads, a build killed mid-way, a failed build."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pytest

from orchestration.cli import build_log_path
from tests.conftest import (
    GONGSHU_REPORT,
    SEEDS_DIR,
    WAREHOUSE,
    YUHANG_REPORT,
    build_in_process,
    published,
    query,
    run_build,
)

pytestmark = pytest.mark.e2e

IDS = "select document_id, file_name from raw.documents order by document_id"
MEASURE_IDS = "select measure_id from raw.measures order by measure_id"


def _copy_of(built, tmp_path):
    """The seed warehouse as a user has it: reports folder, working file and published marts."""
    seeds_reports, seeds_db, _ = built
    reports = tmp_path / "reports"
    shutil.copytree(seeds_reports, reports)
    db = tmp_path / "warehouse.duckdb"
    shutil.copy(seeds_db, db)
    shutil.copytree(published(seeds_db).parent, published(db).parent, symlinks=True)
    return reports, db


def test_files_and_a_manifest_added_later_keep_every_id_and_a_removed_file_takes_its_rows(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(SEEDS_DIR / GONGSHU_REPORT, reports)
    # An excerpt that names no region, under a file name that names none either.
    excerpt = "(紧接3版)" + (SEEDS_DIR / GONGSHU_REPORT).read_text(encoding="utf-8").split("紧接6版)", 1)[1]
    (reports / "excerpt.txt").write_text(excerpt.replace("拱墅", "本"), encoding="utf-8")
    db = tmp_path / "warehouse.duckdb"
    assert build_in_process(reports, db).returncode == 0
    before_docs, before_measures = query(db, IDS), query(db, MEASURE_IDS)
    assert query(db, "select region, region_source from raw.documents where file_name = 'excerpt.txt'") == [
        (None, "none")]

    # A new report and a manifest naming the excerpt's region: the excerpt is parsed again, while
    # a BI tool holds the published snapshot open and a notebook has a Parquet file open.
    shutil.copy(SEEDS_DIR / YUHANG_REPORT, reports)
    (reports / "manifest.csv").write_text("file_name,region,year\nexcerpt.txt,上城区,2023\n", encoding="utf-8")
    targets_before = query(db, "select count(*) from marts.targets")
    reader = duckdb.connect(str(published(db)), read_only=True)
    parquet = (published(db).parent / "marts" / "targets.parquet").open("rb")
    try:
        assert build_in_process(reports, db).returncode == 0
        assert reader.execute("select count(*) from marts.targets").fetchall() == targets_before
        held_bytes = parquet.read()
    finally:
        reader.close()
        parquet.close()
    held_copy = tmp_path / "held.parquet"
    held_copy.write_bytes(held_bytes)
    assert query(db, "select count(*) from read_parquet(?)", [str(held_copy)]) == targets_before
    targets_after = query(db, "select count(*) from marts.targets")
    assert targets_after[0][0] > targets_before[0][0]
    assert query(published(db), "select count(*) from marts.targets") == targets_after
    after_docs, after_measures = query(db, IDS), query(db, MEASURE_IDS)
    assert set(before_docs) < set(after_docs)
    assert set(before_measures) < set(after_measures)
    assert {name for _, name in after_docs} == {GONGSHU_REPORT, YUHANG_REPORT, "excerpt.txt"}
    assert query(db, "select region, region_source, plan_year from raw.documents where file_name = 'excerpt.txt'") == [
        ("上城区", "manifest", 2023)]
    assert query(db, "select count(*) from marts.targets where region = '上城区'")[0][0] > 0

    (reports / GONGSHU_REPORT).unlink()
    assert build_in_process(reports, db).returncode == 0
    assert {name for _, name in query(db, IDS)} == {YUHANG_REPORT, "excerpt.txt"}
    gone = [doc_id for doc_id, name in before_docs if name == GONGSHU_REPORT]
    for table in ("raw.measures", "raw.sections", "raw.text_issues", "marts.targets", "marts.actuals", "marts.dq_findings"):
        leftover = query(db, f"select count(*) from {table} where document_id in (select unnest(?::varchar[]))", [gone])
        assert leftover == [(0,)], table


def test_a_build_killed_during_dbt_leaves_the_published_marts_whole_and_frees_the_pool(built, tmp_path):
    reports, db = _copy_of(built, tmp_path)
    snapshot_before = published(db).stat().st_ino
    marts_before = {t: query(published(db), f"select count(*) from marts.{t}") for t in ("documents", "targets")}
    ids_before = query(db, IDS)

    # A new report (the 余杭 text under another region's name) makes the next build do real work.
    text = (SEEDS_DIR / YUHANG_REPORT).read_text(encoding="utf-8").replace("余杭", "临平")
    (reports / "临平区_2022_政府工作报告.txt").write_text(text, encoding="utf-8")
    log = tmp_path / "killed.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [WAREHOUSE, "build", "--reports-dir", str(reports), "--db", str(db)],
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
        # Dagster's and dbt's lines go to the build's log file beside the warehouse file.
        build_log = build_log_path(db)
        deadline = time.monotonic() + 300
        while process.poll() is None and time.monotonic() < deadline and (
                not build_log.exists() or "Running dbt command" not in build_log.read_text(encoding="utf-8")):
            time.sleep(0.1)
        time.sleep(1)
        assert process.poll() is None, "the build ended before it could be killed"
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    # Readers still see the previous build, whole; raw tables hold whole files only.
    assert published(db).stat().st_ino == snapshot_before
    assert {t: query(published(db), f"select count(*) from marts.{t}") for t in marts_before} == marts_before
    for (name,) in query(db, "select file_name from raw.files"):
        assert query(db, "select count(*) from raw.documents where file_name = ?", [name])[0][0] >= 1

    # The killed run still held the warehouse pool on the shared instance: the next build marks it
    # failed, frees its slot and finishes the job (a timeout here is the old hang).
    result = run_build(reports, db)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert f"marked failed: process {process.pid} is gone" in result.stdout
    assert set(ids_before) < set(query(db, IDS))
    assert query(published(db), "select count(*) from marts.documents where region = '临平区'") == [(1,)]


def test_a_reader_on_the_working_file_gets_a_clear_error_that_points_to_the_snapshot(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    db = tmp_path / "warehouse.duckdb"
    duckdb.connect(str(db)).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1], read_only=True); "
                               "print('open', flush=True); time.sleep(120)", str(db)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        result = build_in_process(reports, db)
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 1
    assert f"{db} is locked by process {holder.pid} (" in result.stderr
    assert str(published(db)) in result.stderr


def test_a_failed_blocking_check_stops_the_marts_and_publishes_nothing(built, tmp_path):
    # A report dated January 2199 plans 2199, past 2100: the critical year expectation fails.
    reports, db = _copy_of(built, tmp_path)
    snapshot_before = published(db).read_bytes()
    marts_before = query(db, "select count(*) from marts.documents")
    text = (SEEDS_DIR / GONGSHU_REPORT).read_text(encoding="utf-8").replace("2023年1月7日", "2199年1月7日")
    (reports / "拱墅区_2199_政府工作报告.txt").write_text(text, encoding="utf-8")
    result = build_in_process(reports, db)
    assert result.returncode == 1
    assert "raw/documents:gx_documents_are_clean (ERROR)" in result.stdout
    assert "BUILD FAILED" in result.stderr and "published marts" in result.stderr
    # What the old snapshot holds is not printed as if this build had made it.
    assert "Contents" not in result.stdout and "Build succeeded" not in result.stdout
    # The raw layer holds the file; no mart was rebuilt from it and nothing was published.
    assert (2199,) in query(db, "select plan_year from raw.documents")
    assert query(db, "select count(*) from marts.documents") == marts_before
    assert published(db).read_bytes() == snapshot_before


def test_one_partition_materialized_in_process_parses_only_its_file_and_checks_only_it(built, tmp_path):
    import dagster as dg

    from orchestration.assets.raw import RAW_DOCUMENTS, RAW_MEASURES, raw_folder, raw_reports
    from orchestration.checks import GX_CHECKS
    from orchestration.partitions import REPORT_FILES, partition_key
    from orchestration.resources import DuckDBWarehouse, ReportsFolder

    reports, db = _copy_of(built, tmp_path)
    loaded_before = query(db, "select file_name, loaded_at from raw.files order by file_name")
    name = "临平区_2022_政府工作报告.txt"
    text = (SEEDS_DIR / YUHANG_REPORT).read_text(encoding="utf-8").replace("余杭", "临平")
    (reports / name).write_text(text, encoding="utf-8")
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions(REPORT_FILES.name, [partition_key(name)])
        result = dg.materialize(
            [raw_folder, raw_reports, *GX_CHECKS],
            selection=[RAW_DOCUMENTS, RAW_MEASURES],
            partition_key=partition_key(name),
            instance=instance,
            resources={"warehouse": DuckDBWarehouse(database=str(db)), "reports": ReportsFolder(folder=str(reports))},
        )
    assert result.success
    assert {(e.asset_key.to_user_string(), e.partition) for e in result.get_asset_materialization_events()} == {
        ("raw/documents", name), ("raw/measures", name)}
    # The other files were not parsed again, and each check looked at the new file only.
    assert query(db, "select file_name, loaded_at from raw.files where file_name <> ? order by file_name",
                 [name]) == loaded_before
    assert query(db, "select region from raw.documents where file_name = ?", [name]) == [("临平区",)]
    evaluations = result.get_asset_check_evaluations()
    assert len(evaluations) == 2 and all(e.passed for e in evaluations)
    assert {e.metadata["files_examined"].value for e in evaluations} == {1}


def test_a_file_name_that_is_not_utf8_loads_rebuilds_unchanged_and_leaves(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    name = os.fsdecode("拱墅区_2023_政府工作报告.txt".encode("gb18030"))
    shutil.copy(SEEDS_DIR / GONGSHU_REPORT, reports / name)
    db = tmp_path / "warehouse.duckdb"
    first = build_in_process(reports, db)
    assert first.returncode == 0, first.stderr[-3000:]
    ((stored, shown, loaded_at),) = query(db, "select file_name, display_name, loaded_at from raw.files")
    assert shown == "拱墅区_2023_政府工作报告.txt" and stored.startswith("%B9%B0")
    # The name read as GB18030 gives the hints a Chinese name gives.
    assert query(db, "select region, plan_year from raw.documents") == [("拱墅区", 2023)]
    again = build_in_process(reports, db)
    assert again.returncode == 0 and "nothing to parse" in again.stdout
    assert query(db, "select loaded_at from raw.files") == [(loaded_at,)]
    (reports / name).unlink()
    assert build_in_process(reports, db).returncode == 0
    assert query(db, "select count(*) from raw.files") == [(0,)]


@pytest.mark.parametrize("manifest, problem", [
    ("file_name,region,year\nexcerpt.txt,上城区,abc\n".encode(), "line 2: year 'abc' is not a four-digit year"),
    ("name,place\nexcerpt.txt,上城区\n".encode(), "line 1: the header needs file_name"),
    ("file_name,region\nexcerpt.txt,上城区\n".encode("gbk"), "line 2: not UTF-8 (byte 0xc9)"),
])
def test_a_malformed_manifest_stops_the_build_before_anything_changes_unless_ignored(built, tmp_path, manifest,
                                                                                      problem):
    reports, db = _copy_of(built, tmp_path)
    (reports / "manifest.csv").write_bytes(manifest)
    working, snapshot = db.read_bytes(), published(db).read_bytes()
    stopped = build_in_process(reports, db)
    assert stopped.returncode == 2
    (line,) = stopped.stderr.strip().splitlines()
    assert line.startswith(f"BUILD STOPPED: {reports / 'manifest.csv'} {problem}")
    assert "--ignore-manifest-errors" in line
    assert db.read_bytes() == working and published(db).read_bytes() == snapshot

    ignored = build_in_process(reports, db, "--ignore-manifest-errors")
    assert ignored.returncode == 0, ignored.stderr[-3000:]
    assert f"Ignoring the manifest: {reports / 'manifest.csv'} {problem}" in ignored.stderr


def test_a_second_build_of_the_same_file_exits_3_naming_the_first_or_waits_for_it(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    db = tmp_path / "warehouse.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; from orchestration.cli import build_lock\n"
                               "with build_lock(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(float(sys.argv[2]))",
         str(db), "3"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        refused = build_in_process(reports, db)
        assert refused.returncode == 3
        assert refused.stderr.strip().startswith(f"BUILD NOT STARTED: another build (PID {holder.pid}, started ")
        assert f"is writing {db}" in refused.stderr and "Traceback" not in refused.stderr
        # With --wait the build starts once the holder is gone (here: an empty folder builds).
        waited = build_in_process(reports, db, "--wait", "60")
        assert waited.returncode != 3 and f"Building {db}" in waited.stdout, waited.stderr[-2000:]
        assert f"WARNING: the reports folder {reports} holds no report files" in waited.stderr
    finally:
        holder.kill()
        holder.wait()


def test_a_missing_reports_folder_stops_the_build_in_one_line(tmp_path):
    result = build_in_process(tmp_path / "nowhere", tmp_path / "warehouse.duckdb")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"BUILD STOPPED: the reports folder {tmp_path / 'nowhere'} does not exist (--reports-dir or REPORTS_DIR)."]
    assert not (tmp_path / "warehouse.duckdb").exists()


def test_a_file_that_is_not_a_warehouse_fails_the_build_in_one_line_and_is_kept(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(SEEDS_DIR / GONGSHU_REPORT, reports)
    db = tmp_path / "warehouse.duckdb"
    db.write_bytes("这不是数据库\n".encode() * 200)
    result = build_in_process(reports, db)
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"BUILD FAILED: {db} cannot be opened: "), line
    assert db.read_bytes() == "这不是数据库\n".encode() * 200
    assert "Contents" not in result.stdout


def _as_a_user_without_write_access(*argv: str) -> subprocess.CompletedProcess:
    """`warehouse` run by a user who may not write the files: root may write any, so root runs it as nobody."""
    if os.geteuid() != 0:
        command = [WAREHOUSE, *argv]
    elif shutil.which("setpriv"):
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", WAREHOUSE, *argv]
    else:
        pytest.skip("running as root without setpriv (util-linux) to drop to another user")
    return subprocess.run(command, capture_output=True, text=True, timeout=300, env={**os.environ, "HOME": "/tmp"})


@pytest.mark.parametrize("locked", ["file", "folder"])
def test_a_read_only_warehouse_stops_the_build_in_one_line_before_anything(built, locked):
    _, seeds_db, _ = built
    # Another user's process must reach the files: a world-readable folder outside pytest's private one.
    place = Path(tempfile.mkdtemp(prefix="read_only_"))
    try:
        place.chmod(0o755)
        reports = place / "reports"
        reports.mkdir(mode=0o755)
        shutil.copy(SEEDS_DIR / GONGSHU_REPORT, reports)
        data = place / "data"
        data.mkdir(mode=0o755)
        db = data / "warehouse.duckdb"
        if locked == "file":
            shutil.copy(seeds_db, db)
            db.chmod(0o444)
            reason = f"{db} is read-only"
        else:
            data.chmod(0o555)
            reason = f"the folder {data} is read-only: the build writes {db.name}, its lock and published/ there"
        before = sorted(path.name for path in data.iterdir())
        result = _as_a_user_without_write_access("build", "--reports-dir", str(reports), "--db", str(db))
        assert result.returncode == 2, result.stderr[-2000:]
        assert result.stderr.strip().splitlines() == [
            f"BUILD STOPPED: {reason}. Nothing was changed; make it writable, or pass --db another file."]
        assert "Contents" not in result.stdout
        assert sorted(path.name for path in data.iterdir()) == before
    finally:
        (place / "data").chmod(0o755)
        shutil.rmtree(place)
