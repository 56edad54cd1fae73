"""The raw schema declared in orchestration/raw_schema.py is the one DuckDB creates and dbt reads."""

import duckdb
import pandas as pd
import pytest
import yaml

from orchestration import raw_store
from orchestration.raw_schema import RAW_TABLES, STAGING_YML, dbt_sources


def test_dbt_sources_are_generated_from_the_schema():
    sources = yaml.safe_load(STAGING_YML.read_text(encoding="utf-8"))["sources"]
    assert sources == dbt_sources(), "run `python -m orchestration.raw_schema` to regenerate the staging sources"


def test_duckdb_creates_every_declared_column_with_its_type_and_nullability():
    con = duckdb.connect()
    raw_store.ensure_raw_schema(con)
    created = {
        (table, column): (data_type, is_nullable == "YES")
        for table, column, data_type, is_nullable in con.execute(
            "select table_name, column_name, data_type, is_nullable from information_schema.columns "
            "where table_schema = 'raw' and table_name <> 'schema_version'"
        ).fetchall()
    }
    declared = {
        (t.name, c.name): (c.type.upper(), c.nullable) for t in RAW_TABLES for c in t.columns
    }
    assert created.keys() == declared.keys()
    for key, (data_type, nullable) in declared.items():
        assert created[key][0] == data_type, key
        assert created[key][1] == nullable, key


def test_a_changed_layout_drops_the_raw_tables_and_records_the_new_version():
    con = duckdb.connect()
    con.execute("create schema raw")
    con.execute("create table raw.schema_version (version integer not null)")
    con.execute("insert into raw.schema_version values (10)")
    con.execute("create table raw.measures (measure_id varchar, retired_column integer)")
    raw_store.ensure_raw_schema(con)
    columns = [r[0] for r in con.execute("select column_name from information_schema.columns "
                                         "where table_schema = 'raw' and table_name = 'measures'").fetchall()]
    assert "retired_column" not in columns and "is_cumulative" in columns
    assert con.execute("select version from raw.schema_version").fetchall() == [(raw_store.RAW_SCHEMA_VERSION,)]


def test_rows_that_do_not_fit_the_schema_are_refused_with_the_columns_named():
    con = duckdb.connect()
    raw_store.ensure_raw_schema(con)
    rows = pd.DataFrame([{"file_name": "a.txt", "display_name": "a.txt", "sha256": "0" * 64, "byte_size": 3, "stage": "read",
                          "checked_at": pd.Timestamp.now(),
                          "load_fingerprint": "0" * 64 + "|||none|v1",
                          "severity": "high"}])
    with pytest.raises(ValueError, match=r"unknown columns \['severity'\], required columns missing \['reason'\]"):
        raw_store.insert_rows(con, "raw.rejected_files", rows)
    assert con.execute("select count(*) from raw.rejected_files").fetchone() == (0,)
