"""`warehouse export` writes the published marts as files Excel, R and Stata read back whole."""

import pandas as pd
import pytest

from orchestration.exports import EXCEL_CELL_CHARS, STATA_LABEL_CHARS, STATA_NAME_CHARS, stata_names
from tests.conftest import published, query
from tests.test_answers import run

pytestmark = pytest.mark.e2e
COMPARED = ["target_id", "actual_id", "region", "year", "indicator", "target_value", "actual_value", "unit",
            "comparator", "completion_rate", "is_met"]


def _rates(snapshot) -> pd.DataFrame:
    rows = query(snapshot, f"select {', '.join(COMPARED)} from marts.completion_rates order by target_id")
    return pd.DataFrame(rows, columns=COMPARED)


def _same(read: pd.DataFrame, expected: pd.DataFrame) -> None:
    read = read[COMPARED].sort_values("target_id").reset_index(drop=True)
    read["is_met"] = read["is_met"].astype(bool)
    read["year"] = read["year"].astype(int)
    pd.testing.assert_frame_equal(read, expected, check_dtype=False, check_exact=False)


def _tables(snapshot) -> dict[str, int]:
    return {name: query(snapshot, f'select count(*) from marts."{name}"')[0][0] for (name,) in
            query(snapshot, "select table_name from duckdb_tables() where schema_name = 'marts'")}


@pytest.mark.parametrize("file_format", ["csv", "parquet", "xlsx", "dta"])
def test_every_mart_is_exported_and_reads_back_row_for_row(built, tmp_path, file_format):
    _, db, _ = built
    snapshot = published(db)
    code, output, error = run("export", "--format", file_format, "--out", str(tmp_path), "--db", str(db))
    assert code == 0, error
    tables = _tables(snapshot)
    assert {"targets", "actuals", "completion_rates", "dq_findings", "documents", "report_files"} <= set(tables)
    if file_format == "xlsx":
        sheets = pd.read_excel(tmp_path / "marts.xlsx", sheet_name=None)
        read = {name: sheets[name] for name in tables}
        described = sheets["columns"]
        assert described.loc[(described.table == "completion_rates") & (described.column == "completion_rate"),
                             "description"].str.contains("ratio").all()
    elif file_format == "csv":
        read = {name: pd.read_csv(tmp_path / f"{name}.csv", encoding="utf-8-sig") for name in tables}
    elif file_format == "parquet":
        read = {name: pd.DataFrame(query(snapshot, f"select * from read_parquet('{tmp_path / name}.parquet')"),
                                   columns=[c for (c, *_) in query(snapshot, f'describe marts."{name}"')]) for name in tables}
    else:
        read = {name: pd.read_stata(tmp_path / f"{name}.dta") for name in tables}
    for name, rows in tables.items():
        assert len(read[name]) == rows, name
        assert f"{name:<18} {rows:>7} rows" in output
    _same(read["completion_rates"], _rates(snapshot))
    # Chinese text survives every format: the sentences of the targets.
    statements = {s for (s,) in query(snapshot, "select statement from marts.targets")}
    assert set(read["targets"]["statement"]) == statements


def test_stata_files_have_short_names_and_the_dbt_descriptions_as_labels(built, tmp_path):
    _, db, _ = built
    assert run("export", "--format", "dta", "--out", str(tmp_path), "--db", str(db))[0] == 0
    with pd.io.stata.StataReader(tmp_path / "completion_rates.dta") as reader:
        labels = reader.variable_labels()
        reader.read()
    assert all(len(name) <= STATA_NAME_CHARS for name in labels)
    assert labels["completion_rate"].startswith("Actual over target as a ratio")
    assert all(len(label) <= STATA_LABEL_CHARS for label in labels.values())
    long = "completion_rate_for_the_target_of_the_plan_year"
    assert stata_names([long, long + "_again", "unit"]) == {
        long: long[:32], long + "_again": long[:30] + "_1", "unit": "unit"}


def test_a_document_longer_than_an_excel_cell_is_cut_and_says_so(built, tmp_path):
    _, db, _ = built
    assert run("export", "--format", "xlsx", "--out", str(tmp_path), "--db", str(db))[0] == 0
    longest = max(length for (length,) in query(published(db), "select length(normalized_text) from marts.documents"))
    texts = pd.read_excel(tmp_path / "marts.xlsx", sheet_name="documents")["normalized_text"]
    if longest > EXCEL_CELL_CHARS:
        assert texts.str.len().max() == EXCEL_CELL_CHARS and texts.str.contains("…\\[cut: ").any()
    else:
        assert texts.str.len().max() == longest


def test_region_and_year_filter_the_tables_that_have_them(built, tmp_path):
    _, db, _ = built
    code, output, _ = run("export", "--format", "csv", "--out", str(tmp_path), "--region", "余杭区", "--year", "2022",
                          "--db", str(db))
    assert code == 0
    targets = pd.read_csv(tmp_path / "targets.csv", encoding="utf-8-sig")
    expected = query(published(db), "select count(*) from marts.targets where region = '余杭区' and plan_year = 2022")[0][0]
    assert len(targets) == expected > 50
    assert set(targets.region) == {"余杭区"} and set(targets.plan_year) == {2022}
    assert "indicators" in output and "(whole table: no region or year column)" in output
