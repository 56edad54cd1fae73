"""A warehouse over time: adding and removing files, and a build killed mid-way."""

import os
import shutil
import signal
import subprocess
import time

import pytest

from tests.conftest import GONGSHU_REPORT, SEEDS_DIR, WAREHOUSE, YUHANG_REPORT, build_in_process, query

pytestmark = pytest.mark.e2e

IDS = "select document_id, file_name from raw.documents order by document_id"
MEASURE_IDS = "select measure_id from raw.measures order by measure_id"


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

    # A new report and a manifest naming the excerpt's region: the excerpt is parsed again.
    shutil.copy(SEEDS_DIR / YUHANG_REPORT, reports)
    (reports / "manifest.csv").write_text("file_name,region,year\nexcerpt.txt,上城区,2023\n", encoding="utf-8")
    assert build_in_process(reports, db).returncode == 0
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


def test_a_build_killed_mid_way_leaves_the_previous_warehouse_readable_and_complete(built, tmp_path):
    seeds_reports, seeds_db, _ = built
    reports = tmp_path / "reports"
    shutil.copytree(seeds_reports, reports)
    db = tmp_path / "warehouse.duckdb"
    shutil.copy(seeds_db, db)
    marts_before = {t: query(db, f"select count(*) from marts.{t}") for t in ("documents", "targets", "actuals")}
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
        deadline = time.monotonic() + 300
        while "Loaded 临平区" not in log.read_text() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert process.poll() is None, "the build ended before it could be killed"
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    # The marts are the previous build's, whole; raw tables hold whole files only.
    assert {t: query(db, f"select count(*) from marts.{t}") for t in marts_before} == marts_before
    for (name,) in query(db, "select file_name from raw.files"):
        assert query(db, "select count(*) from raw.documents where file_name = ?", [name])[0][0] >= 1

    # The next build finishes the job: every earlier id survives and the new report is in.
    result = build_in_process(reports, db)
    assert result.returncode == 0, result.stderr[-3000:]
    ids_after = query(db, IDS)
    assert set(ids_before) < set(ids_after)
    assert query(db, "select count(*) from marts.documents where region = '临平区'") == [(1,)]


def test_a_failed_blocking_check_stops_the_marts_and_the_build_exits_non_zero(tmp_path):
    # A report dated January 2199 plans 2199, past 2100: the critical year expectation fails.
    reports = tmp_path / "reports"
    reports.mkdir()
    text = (SEEDS_DIR / GONGSHU_REPORT).read_text(encoding="utf-8").replace("2023年1月7日", "2199年1月7日")
    (reports / "拱墅区_2199_政府工作报告.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "warehouse.duckdb"
    result = build_in_process(reports, db)
    assert result.returncode == 1
    assert "raw/documents:gx_documents_are_clean (ERROR)" in result.stdout
    assert "BUILD FAILED" in result.stderr
    # The raw layer holds the file; no mart was built from it.
    assert query(db, "select plan_year from raw.documents") == [(2199,)]
    schemas = {s for (s,) in query(db, "select distinct table_schema from information_schema.tables")}
    assert "marts" not in schemas
