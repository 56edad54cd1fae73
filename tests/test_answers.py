"""`warehouse status` and `warehouse explain` on the published snapshot of the seeds' warehouse."""

import contextlib
import io
import re

import pytest

from tests.conftest import count_in, published, query

pytestmark = pytest.mark.e2e


def run(*argv: str) -> tuple[int, str, str]:
    from orchestration import cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(argv))
    return code, out.getvalue(), err.getvalue()


def test_status_says_what_the_published_warehouse_holds(built):
    _, db, _ = built
    snapshot = published(db)
    code, output, _ = run("status", "--db", str(db))
    assert code == 0
    (((targets, actuals, pairs, met, missed),)) = query(snapshot, """
        select (select count(*) from marts.targets), (select count(*) from marts.actuals), count(*),
               count(*) filter (where is_met), count(*) filter (where not is_met) from marts.completion_rates""")
    assert count_in(output, "files loaded") == 4
    assert count_in(output, "files rejected") == 0
    assert (count_in(output, "targets"), count_in(output, "actuals")) == (targets, actuals)
    assert (count_in(output, "targets paired with an actual"), count_in(output, "met"),
            count_in(output, "missed")) == (pairs, met, missed)
    assert pairs > 50 and missed >= 1
    for kind, region, documents in query(snapshot, "select document_kind, region, count(*) from marts.documents group by all"):
        assert re.search(rf"^\s*{kind}\s*│\s*{region}\s*│\s*{documents}\s*│", output, flags=re.MULTILINE), (kind, region)
    for severity, check, findings in query(snapshot, "select severity, check_name, count(*) from marts.dq_findings group by all"):
        assert re.search(rf"^\s*{severity}\s*│\s*{check}\s*│\s*{findings}\s*$", output, flags=re.MULTILINE), check
    assert "No file was rejected." in output
    assert f"Published warehouse: {snapshot}" in output


def test_status_of_many_regions_sums_them_up_by_kind(built, monkeypatch):
    from orchestration import answers

    _, db, _ = built
    snapshot = published(db)
    rows = len(query(snapshot, "select distinct document_kind, region from marts.documents"))
    monkeypatch.setattr(answers, "STATUS_ROWS", rows - 1)
    code, output, _ = run("status", "--db", str(db))
    assert code == 0
    assert "Documents by kind and region" not in output
    for kind, regions, documents in query(snapshot, "select document_kind, count(distinct region), count(*) "
                                                    "from marts.documents group by all"):
        assert re.search(rf"^\s*{kind}\s*│\s*{regions}\s*│\s*{documents}\s*│", output, flags=re.MULTILINE), kind
    assert f"{rows} kinds and regions: marts.documents has them" in output


def _marked(snapshot, document_id: str, start: int, end: int) -> str:
    ((figure,),) = query(snapshot, "select substr(normalized_text, ? + 1, ? - ?) from marts.documents where document_id = ?",
                         [start, end, start, document_id])
    return f"【{figure}】"


def test_explain_a_target_gives_its_promise_its_actual_the_rate_and_both_sentences_marked(built):
    _, db, _ = built
    snapshot = published(db)
    # A target of the 临安 completion table missed, paired with one figure of its row.
    ((target_id, actual_id, rate, target_doc, target_start, target_end, actual_doc, actual_start, actual_end,
      target_value, unit),) = query(snapshot, """
        select c.target_id, c.actual_id, c.completion_rate, t.document_id, t.char_start, t.char_end,
               a.document_id, a.char_start, a.char_end, t.value, t.unit
        from marts.completion_rates c join marts.targets t using (target_id) join marts.actuals a on a.actual_id = c.actual_id
        where c.pairing_method = 'completion_table_row' and not c.is_met and c.actual_part_count = 1
        order by c.target_id limit 1""")
    code, output, _ = run("explain", target_id, "--db", str(db))
    assert code == 0
    assert f"Target {target_id}" in output
    assert f"{target_value:g} {unit}" in output
    assert _marked(snapshot, target_doc, target_start, target_end) in output
    assert _marked(snapshot, actual_doc, actual_start, actual_end) in output
    assert f"characters {target_start}–{target_end}" in output and f"actual {actual_id}" in output
    assert "paired by the same row of a completion table" in output
    assert f"completion rate {rate:.1%} (actual over target), MISSED" in output


def test_a_part_after_qizhong_is_not_added_to_the_total_that_answers_a_target(built):
    # 临安 completion table row 17: 40 projects promised; 落地亿元项目58个，其中，10亿元以上产业项目8个.
    _, db, _ = built
    ((target_id,),) = query(published(db), """select target_id from marts.targets where indicator = '亿元以上产业项目'
                                               and value = 40 and table_row = 17""")
    code, output, _ = run("explain", target_id, "--db", str(db))
    assert code == 0
    assert "delivered: 58 个, paired by the same row of a completion table\n" in output
    assert "completion rate 145.0% (actual over target), MET, gap +18 个" in output


def test_explain_by_region_year_and_indicator_shows_targets_not_yet_reported(built):
    _, db, _ = built
    code, output, _ = run("explain", "--region", "临安区", "--year", "2023", "--indicator", "地区生产总值", "--db", str(db))
    assert code == 0
    assert "promised: ≈ (about: 左右) 5.5 %" in output and "【5.5%左右】" in output
    assert "promised: ≥ (at least: 以上, 不低于) 5 %" in output and "【5%以上】" in output
    assert output.count("not paired with an actual") == 2


def test_explain_an_actual_names_the_target_it_answers(built):
    _, db, _ = built
    ((actual_id, target_id),) = query(published(db), """select actual_id, target_id from marts.completion_rates
                                                         where pairing_method = 'cross_document' order by 1 limit 1""")
    code, output, _ = run("explain", actual_id, "--db", str(db))
    assert code == 0
    assert output.index(f"Actual {actual_id}") < output.index(f"Target {target_id}")


def test_explain_a_finding_shows_its_sentence(built):
    _, db, _ = built
    ((finding_id, check, document_id, start, end),) = query(published(db), """
        select finding_id, check_name, document_id, char_start, char_end from marts.dq_findings
        where check_name = 'sources_disagree' order by finding_id limit 1""")
    code, output, _ = run("explain", finding_id, "--db", str(db))
    assert code == 0
    assert f"warn: {check}" in output and _marked(published(db), document_id, start, end) in output


def test_an_unknown_id_or_a_warehouse_never_built_is_a_one_line_error(built, tmp_path):
    _, db, _ = built
    code, output, error = run("explain", "doc_nothing:1-2", "--db", str(db))
    assert (code, output) == (2, "")
    assert error == f"EXPLAIN: doc_nothing:1-2 is not the id of a target, an actual or a finding in {published(db)}\n"
    code, _, error = run("status", "--db", str(tmp_path / "never.duckdb"))
    assert code == 2
    assert error == (f"STATUS: no published warehouse at {tmp_path / 'published' / 'warehouse.duckdb'}; "
                     "run `warehouse build` first\n")
