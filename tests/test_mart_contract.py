"""What a BI user reads off the published marts without a join or a guess: descriptions as comments,
values to the digits they were written with, and where each paired number stands."""

from pathlib import Path

import pytest
import yaml

from tests.conftest import published, query

MARTS_YML = Path(__file__).resolve().parent.parent / "dbt_project" / "models" / "marts" / "_marts.yml"

pytestmark = pytest.mark.e2e


def test_every_mart_column_is_described_and_the_descriptions_are_comments_of_the_published_tables(built):
    _, db, _ = built
    snapshot = published(db)
    models = {model["name"]: model for model in yaml.safe_load(MARTS_YML.read_text(encoding="utf-8"))["models"]}
    tables = [name for (name,) in query(snapshot, "select table_name from duckdb_tables() where schema_name = 'marts'")]
    assert set(tables) == set(models) and len(tables) >= 9
    for table in tables:
        columns = dict(query(snapshot, "select column_name, comment from duckdb_columns() where schema_name = 'marts' "
                                       "and table_name = ?", [table]))
        described = {column["name"]: column["description"] for column in models[table]["columns"]}
        assert set(columns) == set(described), table  # every column described, none invented
        assert all(columns[name] == " ".join(text.split()) or columns[name] == text for name, text in described.items())
    ((comment,),) = query(snapshot, "select comment from duckdb_tables() where table_name = 'completion_rates'")
    assert comment.startswith("One row per target that has an actual")


def test_values_keep_the_digits_they_were_written_with(built):
    _, db, _ = built
    snapshot = published(db)
    # 临安: 消化清理…土地9500亩以上 is 633.33 公顷, not 633.3333333333336; 130.42亿元 is whole 元.
    assert query(snapshot, "select value from marts.targets where value_raw = 9500 and unit_raw = '亩'") == [(633.33,)]
    assert query(snapshot, "select value from marts.targets where value_raw = 130.42 and unit_raw = '亿元'") == [(13042000000.0,)]
    for table, column in (("targets", "value"), ("actuals", "value"), ("completion_rates", "gap")):
        assert query(snapshot, f"select count(*) from marts.{table} where {column} <> round({column}, 6)") == [(0,)], column
    assert {unit for (unit,) in query(snapshot, "select distinct gap_unit from marts.completion_rates where unit = '%'")} <= {"百分点"}


def test_a_completion_rate_says_where_its_target_and_its_actual_stand(built):
    _, db, _ = built
    rows = query(published(db), """
        select c.target_statement, substr(t.normalized_text, c.target_char_start + 1, c.target_char_end - c.target_char_start),
               c.actual_statement, substr(a.normalized_text, c.actual_char_start + 1, c.actual_char_end - c.actual_char_start)
        from marts.completion_rates c
        join marts.documents t on t.document_id = c.target_document_id
        join marts.documents a on a.document_id = c.actual_document_id""")
    assert len(rows) == query(published(db), "select count(*) from marts.completion_rates")[0][0] > 50
    for target_statement, target_figure, actual_statement, actual_figure in rows:
        assert target_figure and target_figure in target_statement
        assert actual_figure and actual_figure in actual_statement


def test_the_dagster_ui_shows_each_mart_column_with_its_type_and_description(built):
    import dagster as dg

    _, db, _ = built
    marts = query(published(db), """
        select table_name, list({'name': column_name, 'type': data_type, 'description': comment}
                                 order by column_index)
        from duckdb_columns() where schema_name = 'marts' group by table_name""")
    with dg.DagsterInstance.get() as instance:  # the tests' Dagster home, which the seeds' build used
        for table, columns in marts:
            event = instance.get_latest_materialization_event(dg.AssetKey(["marts", table]))
            schema = event.asset_materialization.metadata["dagster/column_schema"].schema
            shown = [{"name": c.name, "type": c.type, "description": " ".join((c.description or "").split())}
                     for c in schema.columns]
            assert shown == [{**column, "description": " ".join(column["description"].split())}
                             for column in columns], table
