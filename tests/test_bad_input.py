"""Whatever lands in the reports folder, the build goes on: each odd file is loaded correctly or
rejected with its reason and stage, the seeds' rows stay as they were, and a rebuild from
scratch gives the same marts."""

import os
import shutil
from pathlib import Path

import duckdb
import opencc
import pytest

from orchestration import report_rows
from tests.conftest import SEED_FILES, SEEDS_DIR, YUHANG_REPORT, build_in_process, published, query

pytestmark = pytest.mark.e2e

CORPUS = Path(__file__).resolve().parent.parent / "evaluation/corpus/local"
CORPUS_REPORT = CORPUS / "深圳市南山区_2016_政府工作报告.txt"
GBK_NAME = "南山区_2017_政府工作报告.txt"  # stored under a name whose bytes are GB18030, not UTF-8
# The raw rows of a file, every column but when it was loaded, in a stable order.
SEED_ROWS = {
    "documents": "select * exclude (file_name) from raw.documents where file_name = ? order by document_id",
    "measures": "select m.* from raw.measures m join raw.documents d using (document_id) where d.file_name = ? "
                "order by measure_id",
    "sections": "select s.* from raw.sections s join raw.documents d using (document_id) where d.file_name = ? "
                "order by document_id, section_index",
    "table_rows": "select t.* from raw.table_rows t join raw.documents d using (document_id) where d.file_name = ? "
                  "order by document_id, row_number",
}
BUGGY = "buggy_report.txt"  # the parser raises on it (a simulated bug)
REFUSED = "refused_report.txt"  # its rows collide on a key (a simulated id bug)


def _one_line_report(megabytes: float) -> str:
    """The seeds with every line break removed, repeated to the size: a web page's one-line export."""
    text = "".join((SEEDS_DIR / name).read_text(encoding="utf-8") for name in SEED_FILES).replace("\n", "")
    data = text.encode()
    size = int(megabytes * 1_000_000)
    return (data * (size // len(data) + 1))[:size].decode("utf-8", errors="ignore")


def _odd_folder(reports: Path) -> dict[str, str]:
    """Add one odd item of each kind beside the seeds; returns file name -> what it is."""
    yuhang = (SEEDS_DIR / YUHANG_REPORT).read_text(encoding="utf-8")
    corpus = CORPUS_REPORT.read_text(encoding="utf-8")
    traditional = opencc.OpenCC("s2tw").convert(corpus)  # every character of it is in Big5
    odd = {
        "pasted_twice.txt": "the same report pasted twice",
        "one_line_5mb.txt": "5 MB on one line",
        "too_large.txt": "over the size limit",
        "unreadable.txt": "a file the system refuses to read",
        "big5_南山区_2016_政府工作报告.txt": "Big5 text",
        "mojibake.txt": "Big5 read as GBK and saved as UTF-8",
        "page.txt": "a web page saved as .txt",
        os.fsdecode(GBK_NAME.encode("gb18030")): "a name that is not UTF-8",
        BUGGY: "a parser bug",
        REFUSED: "rows the warehouse refuses",
    }
    shutil.copy(CORPUS / "深圳市南山区_2017_政府工作报告.txt", reports / os.fsdecode(GBK_NAME.encode("gb18030")))
    (reports / "pasted_twice.txt").write_text(yuhang + "\n\n" + yuhang, encoding="utf-8")
    (reports / "one_line_5mb.txt").write_text(_one_line_report(5), encoding="utf-8")
    (reports / "too_large.txt").write_text(_one_line_report(6.5), encoding="utf-8")
    if os.geteuid() == 0:
        # root reads any file whatever its mode: a file whose reads the kernel fails stands in.
        (reports / "unreadable.txt").symlink_to("/proc/self/mem")
    else:
        (reports / "unreadable.txt").write_text(corpus, encoding="utf-8")
        (reports / "unreadable.txt").chmod(0)
    (reports / "big5_南山区_2016_政府工作报告.txt").write_bytes(traditional.encode("big5"))
    (reports / "mojibake.txt").write_text(traditional.encode("big5").decode("gb18030", errors="replace"),
                                          encoding="utf-8")
    paragraphs = "".join(f"<p>{line}</p>\n" for line in corpus.splitlines() if line.strip())
    (reports / "page.txt").write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>政府工作报告</title>"
        "<script>var _hmt = _hmt || [];</script></head><body><div class='nav'><a href='/'>首页</a> | "
        "<a href='/zwgk'>政务公开</a></div><div class='article'>" + paragraphs +
        "</div><div class='footer'>版权所有 粤ICP备05016386号 电话：0755-26666666</div></body></html>",
        encoding="utf-8")
    # Other texts than the corpus report's, or they would be its duplicates.
    (reports / BUGGY).write_text(corpus + "\n附件：说明一", encoding="utf-8")
    (reports / REFUSED).write_text(corpus + "\n附件：说明二", encoding="utf-8")
    return odd


@pytest.fixture(scope="module")
def simulated_bugs():
    """A parser that raises on one file and rows that collide on their key from another (the real
    parser does neither: they stand for the next bug). Parsing runs in this process so that the
    patch applies."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PARSE_WORKERS", "1")
        document_tables = report_rows._document_tables

        def buggy_document_tables(parsed, file_name):
            if file_name == BUGGY:
                raise ZeroDivisionError("simulated parser bug")
            tables = document_tables(parsed, file_name)
            if file_name == REFUSED:
                tables["raw.measures"]["measure_id"] = "one id for every row"
            return tables

        patch.setattr(report_rows, "_document_tables", buggy_document_tables)
        yield


@pytest.fixture(scope="module")
def odd_build(built, tmp_path_factory, simulated_bugs):
    seeds_reports, seeds_db, _ = built
    root = tmp_path_factory.mktemp("odd")
    reports = root / "reports"
    shutil.copytree(seeds_reports, reports)
    db = root / "warehouse.duckdb"
    shutil.copy(seeds_db, db)
    shutil.copytree(published(seeds_db).parent, published(db).parent, symlinks=True)
    odd = _odd_folder(reports)
    result = build_in_process(reports, db, "--max-file-mb", "6")
    return reports, db, seeds_db, odd, result


def test_the_build_with_every_odd_file_succeeds(odd_build):
    _, _, _, _, result = odd_build
    assert result.returncode == 0, result.stderr[-3000:]
    summary = result.stdout[result.stdout.index("Contents"):]
    assert "Traceback" not in summary and "Build succeeded" in summary


@pytest.mark.parametrize("name, stage, reason", [
    ("too_large.txt", "read", "too large: 6.5 MB is over the limit of 6 MB"),
    ("unreadable.txt", "read", "unreadable: "),
    ("mojibake.txt", "decode", "quarantined: "),
    (BUGGY, "parse", "parser error: ZeroDivisionError: simulated parser bug"),
    (REFUSED, "load", "the warehouse refused a row: ConstraintException"),
])
def test_an_odd_file_is_rejected_with_its_stage_and_reason(odd_build, name, stage, reason):
    _, db, _, _, result = odd_build
    ((got_stage, got_reason),) = query(db, "select stage, reason from raw.rejected_files where file_name = ?", [name])
    assert got_stage == stage and got_reason.startswith(reason), got_reason
    assert "\n" not in got_reason
    assert f"{name} ({stage}): {reason}" in result.stdout
    assert query(db, "select count(*) from raw.files where file_name = ?", [name]) == [(0,)]


def test_the_parser_bug_traceback_goes_to_the_log_not_the_summary(odd_build):
    _, _, _, _, result = odd_build
    assert "Parser failed on buggy_report.txt" in result.stdout + result.stderr
    log = result.stdout + result.stderr
    assert "Traceback" in log and 'raise ZeroDivisionError("simulated parser bug")' in log


def test_a_web_page_saved_as_txt_loads_its_article_only(odd_build):
    _, db, _, _, _ = odd_build
    assert query(db, "select source_format from raw.files where file_name = 'page.txt'") == [("html",)]
    page = query(db, """select kind, value, unit_raw, indicator from raw.measures join raw.documents using (document_id)
                        where file_name = 'page.txt'""")
    original = report_rows.parse_report_file(report_rows.FileToParse(
        CORPUS_REPORT.name, CORPUS_REPORT, report_rows.ExternalHints(), "test", 10**9))
    frame = original.tables["raw.measures"][["kind", "value", "unit_raw", "indicator"]].astype(object)
    expected = frame.where(frame.notna(), None).itertuples(index=False, name=None)
    assert len(page) > 50 and sorted(page, key=repr) == sorted(expected, key=repr)


def test_a_report_pasted_twice_loads_with_unique_ids(odd_build):
    _, db, _, _, _ = odd_build
    (documents, measures, distinct), = query(db, """
        select count(distinct document_id), count(*), count(distinct measure_id)
        from raw.measures join raw.documents using (document_id) where file_name = 'pasted_twice.txt'""")
    assert documents >= 1 and measures == distinct > 0


def test_a_one_line_5mb_report_gets_its_sections_back(odd_build):
    _, db, _, _, _ = odd_build
    ((detail,),) = query(db, """
        select detail from raw.text_issues join raw.documents using (document_id)
        where file_name = 'one_line_5mb.txt' and issue_kind = 'no_line_breaks'""")
    assert detail.startswith("a line of ") and "inline heading" in detail
    orientations = dict(query(db, """
        select orientation, count(*) from raw.sections join raw.documents using (document_id)
        where file_name = 'one_line_5mb.txt' group by orientation"""))
    assert orientations.get("review", 0) > 0 and orientations.get("plan", 0) > 0


def test_a_big5_report_loads_as_its_utf8_original_parses(odd_build):
    _, db, _, _, _ = odd_build
    name = "big5_南山区_2016_政府工作报告.txt"
    assert query(db, "select encoding from raw.files where file_name = ?", [name]) == [("big5",)]
    assert query(db, "select region, plan_year from raw.documents where file_name = ?", [name]) == [("南山区", 2016)]
    columns = ["kind", "value", "unit_raw", "comparator", "indicator", "year", "char_start", "char_end"]
    original = report_rows.parse_report_file(report_rows.FileToParse(
        CORPUS_REPORT.name, CORPUS_REPORT, report_rows.ExternalHints(), "test", 10**9))
    frame = original.tables["raw.measures"][columns].astype(object)
    expected = sorted((tuple(frame.where(frame.notna(), None).itertuples(index=False, name=None))), key=repr)
    got = query(db, f"""select {', '.join(columns)} from raw.measures join raw.documents using (document_id)
                        where file_name = ?""", [name])
    assert len(got) > 50 and sorted(got, key=repr) == expected


def test_a_name_that_is_not_utf8_is_stored_losslessly_and_shown_decoded(odd_build):
    _, db, _, _, _ = odd_build
    ((stored, region, year),) = query(db, """select f.file_name, d.region, d.plan_year from raw.files as f
        join raw.documents as d using (file_id) where f.display_name = ?""", [GBK_NAME])
    assert stored.startswith("%C4%CF") and (region, year) == ("南山区", 2017)


def test_the_seed_rows_are_all_present_and_unchanged(odd_build):
    _, db, seeds_db, _, _ = odd_build
    for name in SEED_FILES:
        for table, sql in SEED_ROWS.items():
            assert query(db, sql, [name]) == query(seeds_db, sql, [name]), f"{table} of {name} changed"


def test_an_unchanged_folder_builds_again_without_parsing_and_a_fresh_build_gives_the_same_marts(
        odd_build, tmp_path, simulated_bugs):
    reports, db, _, _, _ = odd_build
    again = build_in_process(reports, db, "--max-file-mb", "6")
    assert again.returncode == 0
    # Files rejected unread are looked at again (their cause is outside their bytes); no other is parsed.
    assert "parsing too_large.txt … unreadable.txt" in again.stdout, again.stdout
    fresh = tmp_path / "fresh.duckdb"
    assert build_in_process(reports, fresh, "--max-file-mb", "6").returncode == 0
    with duckdb.connect(str(published(db)), read_only=True) as a, duckdb.connect(str(published(fresh)),
                                                                                  read_only=True) as b:
        marts = [name for (name,) in a.execute(
            "select table_name from information_schema.tables where table_schema = 'marts' order by 1").fetchall()]
        assert len(marts) >= 8
        for table in marts:
            rows_a = a.execute(f"select * from marts.{table} order by all").fetchall()
            rows_b = b.execute(f"select * from marts.{table} order by all").fetchall()
            assert rows_a == rows_b, f"marts.{table} differs between the rebuilt and the fresh warehouse"
