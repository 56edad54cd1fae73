"""Build a real warehouse from the real seeds: once through the `warehouse` console script, then in-process."""

import json
import re
import shutil

import pytest

from orchestration.checks import GX_CHECKS
from orchestration.cli import build_log_path
from orchestration.resources import DBT_PROJECT_DIR
from tests.conftest import (
    GONGSHU_REPORT,
    LINAN_REPORTS,
    LINAN_TABLE,
    SEED_FILES,
    SEEDS_DIR,
    YUHANG_REPORT,
    build_in_process,
    count_in,
    published,
    query,
)

pytestmark = pytest.mark.e2e


def test_one_file_row_per_seed_and_the_linan_file_splits_in_two(built):
    _, db, _ = built
    rows = query(db, "select file_name, encoding, byte_size from raw.files order by file_name")
    assert sorted(name for name, *_ in rows) == sorted(SEED_FILES)
    for name, encoding, size in rows:
        assert encoding == "utf-8"
        assert size == (SEEDS_DIR / name).stat().st_size
    # README.md is not a report and is neither loaded nor rejected.
    assert query(db, "select count(*) from raw.rejected_files") == [(0,)]
    documents = query(
        db,
        "select file_name, document_kind, region, plan_year from raw.documents order by file_name, document_index",
    )
    assert documents == [
        (LINAN_REPORTS, "party_plenary_report", "临安区", 2023),
        (LINAN_REPORTS, "government_work_report", "临安区", 2023),
        (LINAN_TABLE, "completion_table", "临安区", 2023),
        (YUHANG_REPORT, "government_work_report", "余杭区", 2022),
        (GONGSHU_REPORT, "government_work_report", "拱墅区", 2023),
    ]


def test_a_known_target_sits_in_raw_measures_and_its_span_points_at_it(built):
    _, db, _ = built
    rows = query(
        db,
        """
        select m.value, m.unit_raw, m.comparator, m.char_start, m.char_end, d.normalized_text
        from raw.measures m join raw.documents d using (document_id)
        where d.file_name = ? and m.value = 9500 and m.kind = 'target'
        """,
        [LINAN_TABLE],
    )
    assert len(rows) == 1
    value, unit, comparator, start, end, text = rows[0]
    assert (value, unit, comparator) == (9500, "亩", ">=")
    assert text[start:end] == "9500亩以上"
    assert "消化清理批而未供、供而未用、用而未尽土地9500亩以上" in text[max(0, start - 40) : end]


def test_traditional_seed_is_stored_simplified(built):
    _, db, _ = built
    original_chars, chars = query(
        db, "select original_char_count, char_count from raw.files where file_name = ?", [YUHANG_REPORT]
    )[0]
    (normalized,) = query(db, "select normalized_text from raw.documents where file_name = ?", [YUHANG_REPORT])[0]
    assert "區(qū)" in (SEEDS_DIR / YUHANG_REPORT).read_text(encoding="utf-8")
    assert "(qū)" not in normalized and "余杭区" in normalized
    # The pinyin glosses the normalizer removed are the difference.
    assert original_chars > chars >= len(normalized)
    gdp = query(
        db,
        "select count(*) from raw.measures m join raw.documents d using (document_id) "
        "where d.file_name = ? and m.value = 2502.2 and m.unit_raw = '亿元'",
        [YUHANG_REPORT],
    )
    assert gdp == [(1,)]


def test_marts_are_built_in_the_marts_schema(built):
    _, db, _ = built
    schemas = {s for (s,) in query(db, "select distinct table_schema from information_schema.tables")}
    assert {"raw", "staging", "marts"} <= schemas
    assert not any(s.startswith("main_") for s in schemas)
    assert query(db, "select count(*) from marts.documents") == [(5,)]
    raw_count = query(db, "select count(*) from raw.measures")[0][0]
    assert raw_count > 500
    assert query(db, "select count(*) from marts.measures") == [(raw_count,)]


def test_the_marts_are_published_for_bi_as_a_duckdb_snapshot_and_parquet(built):
    _, db, first = built
    snapshot = published(db)
    marts = [t for (t,) in query(db, "select table_name from information_schema.tables "
                                     "where table_schema = 'marts' order by 1")]
    assert {"targets", "actuals", "completion_rates", "dq_findings"} <= set(marts)
    # The snapshot holds the marts schema only, row for row; so does each Parquet file.
    assert {s for (s,) in query(snapshot, "select distinct table_schema from information_schema.tables")} == {"marts"}
    for table in marts:
        rows = query(db, f"select count(*) from marts.{table}")
        assert query(snapshot, f"select count(*) from marts.{table}") == rows, table
        parquet = snapshot.parent / "marts" / f"{table}.parquet"
        assert query(snapshot, "select count(*) from read_parquet(?)", [str(parquet)]) == rows, table
    assert f"BI tools read {snapshot.parent}" in first.stdout


def test_the_summary_is_what_the_published_warehouse_holds(built):
    _, db, first = built
    ((documents, targets, pairs),) = query(published(db), """
        select (select count(*) from marts.documents), (select count(*) from marts.targets),
               (select count(*) from marts.completion_rates)""")
    assert count_in(first.stdout, "files loaded") == 4 and count_in(first.stdout, "files rejected") == 0
    assert count_in(first.stdout, "documents") == documents == 5
    assert count_in(first.stdout, "targets") == targets
    assert count_in(first.stdout, "targets paired with an actual") == pairs
    assert "Checks failed: 0" in first.stdout


def test_the_build_shows_a_bar_per_stage_and_logs_dagster_and_dbt_to_a_file(built):
    _, db, first = built
    # Not a terminal: the bars are drawn once, as they end, on stderr.
    bars = {line.split("  ")[0]: line for line in first.stderr.splitlines()
            if line.startswith(("files read", "documents parsed", "dbt models", "checks"))}
    assert re.search(r"━ +4/4 +0:00:\d\d", bars["files read"]), bars
    assert re.search(r"━ +5/5 ", bars["documents parsed"]), bars
    manifest = json.loads((DBT_PROJECT_DIR / "target" / "manifest.json").read_text(encoding="utf-8"))
    dbt_assets = sum(node["resource_type"] in ("model", "seed", "snapshot") for node in manifest["nodes"].values())
    assert re.search(rf"━ +{dbt_assets}/{dbt_assets} ", bars["dbt models"]), bars
    dbt_tests = sum(node["resource_type"] == "test" for node in manifest["nodes"].values())
    done, total = map(int, re.search(r"(\d+)/(\d+)", bars["checks"]).groups())
    assert done == total == dbt_tests + len(GX_CHECKS)
    # Dagster's and dbt's lines are in the log beside the warehouse file, not on the screen.
    log = build_log_path(db).read_text(encoding="utf-8")
    assert "Finished running" in log and "dagster - INFO - build_warehouse" in log
    assert "Finished running" not in first.stdout + first.stderr and " - dagster - " not in first.stdout + first.stderr


def test_rebuild_gives_the_same_warehouse_and_skips_unchanged_files(built):
    reports, db, _ = built
    before = query(db, "select file_id, loaded_at from raw.files order by file_id")
    measures_before = query(db, "select measure_id, value, unit_raw from raw.measures order by measure_id")
    docs_page = db.parent / "docs" / "index.html"
    docs_written = docs_page.stat().st_mtime_ns
    second = build_in_process(reports, db)
    assert second.returncode == 0, second.stderr[-3000:]
    # The dbt project did not change: its documentation page is kept, not generated again.
    assert docs_page.stat().st_mtime_ns == docs_written
    assert query(db, "select file_id, loaded_at from raw.files order by file_id") == before
    assert query(db, "select measure_id, value, unit_raw from raw.measures order by measure_id") == measures_before


def test_bad_files_are_recorded_and_the_build_goes_on(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(SEEDS_DIR / YUHANG_REPORT, reports / YUHANG_REPORT)
    text = (SEEDS_DIR / YUHANG_REPORT).read_text(encoding="utf-8")
    (reports / "same_report_in_gb18030.txt").write_bytes(text.encode("gb18030"))
    (reports / "zz_same_bytes_other_name.txt").write_bytes((SEEDS_DIR / YUHANG_REPORT).read_bytes())
    (reports / "empty.txt").write_bytes(b"")
    (reports / "scan.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)
    (reports / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (reports / "notes.txt").write_text("Meeting notes: budget up 5% to 1.2 billion.\n" * 50, encoding="utf-8")
    (reports / "x'; drop table raw.documents; --.txt").write_bytes((SEEDS_DIR / LINAN_TABLE).read_bytes())
    db = tmp_path / "warehouse.duckdb"
    result = build_in_process(reports, db)
    assert result.returncode == 0, result.stderr[-3000:]
    docs = query(db, "select file_name, encoding from raw.files order by file_name")
    # Files are read in name order: the GB18030 copy comes first and is loaded.
    assert docs == [("same_report_in_gb18030.txt", "gb18030"), ("x'; drop table raw.documents; --.txt", "utf-8")]
    verdicts = dict(query(db, "select file_name, reason from raw.rejected_files"))
    rejected = dict(verdicts)
    assert rejected.pop("notes.txt").startswith("the text is not a Chinese report")
    assert rejected.pop("scan.pdf").startswith("the PDF is damaged and cannot be opened")
    assert rejected == {
        "empty.txt": "the file is empty",
        "photo.png": "the file is a PNG image, not text",
        YUHANG_REPORT: "duplicate of same_report_in_gb18030.txt",
        "zz_same_bytes_other_name.txt": "duplicate of same_report_in_gb18030.txt",
    }
    assert count_in(result.stdout, "files rejected") == 6

    # Rebuilt unchanged, the rejected files keep their verdicts without being parsed again.
    again = build_in_process(reports, db)
    assert again.returncode == 0, again.stderr[-3000:]
    assert dict(query(db, "select file_name, reason from raw.rejected_files")) == verdicts
    assert "Rejected " not in again.stderr and "Skipped " not in again.stderr
    assert "Rejected empty.txt" in result.stderr

    # Its original changed, a duplicate is judged again: the first other copy (in name order) loads.
    original = reports / "same_report_in_gb18030.txt"
    original.write_bytes(original.read_bytes() + "（完）\n".encode("gb18030"))
    third = build_in_process(reports, db)
    assert third.returncode == 0, third.stderr[-3000:]
    assert {name for (name,) in query(db, "select file_name from raw.files")} == {
        "same_report_in_gb18030.txt", "zz_same_bytes_other_name.txt", "x'; drop table raw.documents; --.txt"}
    assert dict(query(db, "select file_name, duplicate_of from raw.rejected_files where duplicate_of is not null")) == {
        YUHANG_REPORT: "zz_same_bytes_other_name.txt"}


def test_completion_table_pairs_give_the_known_rates(built):
    _, db, _ = built
    rates = {
        indicator: (round(rate, 3), is_met, method, parts)
        for indicator, rate, is_met, method, parts in query(
            db,
            "select indicator, completion_rate, is_met, pairing_method, actual_part_count from marts.completion_rates",
        )
    }
    assert rates["工业用地供地"] == (1.613, True, "completion_table_row", 1)
    assert rates["公共停车泊位"] == (1.412, True, "completion_table_row", 1)
    assert rates["公共停车场"] == (1.5, True, "completion_table_row", 1)
    assert rates["嵌入式体育场地"] == (5.267, True, "completion_table_row", 1)
    # 城镇危房17处 + 农村危房132处 against 危旧住房76处: the parts are summed.
    assert rates["危旧住房解危"] == (1.961, True, "completion_table_row", 2)
    # 48处 = 27 + 5 + 16: the total pairs, not its parts.
    assert rates["地质灾害点整治"] == (1.0, True, "completion_table_row", 1)


def test_a_target_in_two_sources_is_one_target(built):
    _, db, _ = built
    rows = query(
        db,
        "select unit_raw, value_raw, unit, round(value, 2), source_count, document_kind from marts.targets "
        "where indicator = '用而未尽土地'",
    )
    # The report's 633.33公顷 and the table's 9500亩 are one target, kept from the table.
    assert rows == [("亩", 9500.0, "公顷", 633.33, 2, "completion_table")]


def test_targets_without_an_actual_stay_in_targets(built):
    _, db, _ = built
    gdp = query(
        db,
        "select t.comparator, t.value, c.target_id from marts.targets t "
        "left join marts.completion_rates c using (target_id) "
        "where t.indicator = '地区生产总值' and t.region = '临安区' and t.plan_year = 2023 order by t.value",
    )
    # The party report's 5.5%左右 and the government report's 5%以上 disagree; both stay, unpaired.
    assert gdp == [(">=", 5.0, None), ("~", 5.5, None)]


def test_qualitative_targets_get_no_rate(built):
    _, db, _ = built
    rows = query(
        db,
        "select t.indicator, t.value, c.target_id from marts.targets t left join marts.completion_rates c "
        "using (target_id) where t.measure_type = 'qualitative' and t.region = '余杭区'",
    )
    assert sorted(rows) == [("城乡居民人均可支配收入", None, None), ("节能减排任务", None, None)]


def test_true_totals_pass_and_disagreeing_sources_are_findings(built):
    _, db, _ = built
    totals = dict(query(db, "select detail, is_consistent from staging.int_dq__totals"))
    # 22853亩 = 4286 + 11587 + 6980 and 48处 = 27 + 5 + 16.
    assert totals["total 22853 亩 but its 3 parts add up to 22853 亩"] is True
    assert totals["total 48 处 but its 3 parts add up to 48 处"] is True
    findings = query(db, "select check_name, indicator, year from marts.dq_findings where region = '临安区'")
    assert ("sources_disagree", "地区生产总值", 2023) in findings  # 5.5%左右 vs 5%以上
    assert ("sources_disagree", "社会消费品零售总额", 2022) in findings  # 221.2亿元 vs 223亿元
    assert ("sources_disagree", "存量楼宇空间", 2023) in findings  # 3万平方米 vs 10万平方米
    kinds = {check for check, *_ in query(db, "select check_name from marts.dq_findings")}
    assert {"text_damaged", "partial_document", "ocr_junk_removed"} <= kinds
    # Every finding points at text inside its document.
    assert query(db, """
        select count(*) from marts.dq_findings f join marts.documents d using (document_id)
        where f.char_start < 0 or f.char_end > d.char_count
    """) == [(0,)]


def test_gx_checks_ran_and_passed(built):
    _, _, first = built
    assert "gx_" not in first.stdout.split("Checks failed")[1]
