"""`warehouse export`: the published marts as files a researcher opens in Excel, R or Stata."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from orchestration.answers import published_marts

FORMATS = ("csv", "parquet", "xlsx", "dta")
# Limits of the formats: an Excel cell holds 32,767 characters, a sheet name 31; a Stata
# variable name 32 characters and its label 80.
EXCEL_CELL_CHARS = 32767
EXCEL_SHEET_CHARS = 31
STATA_NAME_CHARS = 32
STATA_LABEL_CHARS = 80
# The Stata format that holds UTF-8 text (Stata 14 and later).
STATA_VERSION = 118
# A Stata str column holds up to 2,045 bytes; a longer one is written as strL.
STATA_STR_BYTES = 2045


@dataclass(frozen=True)
class Exported:
    table: str
    rows: int
    path: Path
    filtered: bool  # whether --region/--year applied to this table


def column_descriptions(con) -> dict[str, dict[str, str]]:
    """Each mart's column descriptions, as dbt's persist_docs wrote them into the snapshot: the
    labels of a Stata file and the columns sheet of a workbook."""
    descriptions: dict[str, dict[str, str]] = {}
    for table, column, comment in con.execute(
            "select table_name, column_name, comment from duckdb_columns() where schema_name = 'marts'").fetchall():
        descriptions.setdefault(table, {})[column] = " ".join((comment or "").split())
    return descriptions


def export(snapshot: Path, out_dir: Path, file_format: str, region: str | None = None,
           year: int | None = None) -> list[Exported]:
    """Every mart of the published snapshot as files in out_dir; rows of a region and a year
    only, where a table has a region or a year column."""
    if file_format not in FORMATS:
        raise ValueError(f"unknown format {file_format!r}: choose one of {', '.join(FORMATS)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    exported = []
    with published_marts(snapshot) as con:
        tables = [name for (name,) in con.execute(
            "select table_name from duckdb_tables() where schema_name = 'marts' order by table_name").fetchall()]
        frames = {}
        descriptions = column_descriptions(con)
        for table in tables:
            columns = [name for (name, *_) in con.execute(f'describe marts."{table}"').fetchall()]
            conditions, params = [], []
            if region is not None and "region" in columns:
                conditions.append("region = ?")
                params.append(region)
            year_column = next((name for name in ("year", "plan_year") if name in columns), None)
            if year is not None and year_column:
                conditions.append(f"{year_column} = ?")
                params.append(year)
            where = f" where {' and '.join(conditions)}" if conditions else ""
            sql = f'select * from marts."{table}"{where}'
            filtered = bool(conditions)
            if file_format == "parquet":  # lists and types as they are
                path = out_dir / f"{table}.parquet"
                con.execute(f"copy ({sql}) to '{_sql_path(path)}' (format parquet)", params)
                rows = con.execute(f"select count(*) from read_parquet('{_sql_path(path)}')").fetchone()[0]
                exported.append(Exported(table, rows, path, filtered))
                continue
            frames[table] = (_flat(con.execute(sql, params).df()), filtered)
    if file_format == "csv":
        for table, (frame, filtered) in frames.items():
            path = out_dir / f"{table}.csv"
            frame.to_csv(path, index=False, encoding="utf-8-sig")  # the BOM tells Excel it is UTF-8
            exported.append(Exported(table, len(frame), path, filtered))
    elif file_format == "xlsx":
        exported += _xlsx(frames, descriptions, out_dir / "marts.xlsx")
    elif file_format == "dta":
        for table, (frame, filtered) in frames.items():
            path = out_dir / f"{table}.dta"
            _dta(frame, descriptions.get(table, {}), f"marts.{table}", path)
            exported.append(Exported(table, len(frame), path, filtered))
    return exported


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def _flat(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists (a region's parents) as text joined by '; ', for formats without lists."""
    for column in frame.columns:
        if frame[column].map(lambda value: isinstance(value, (list, tuple))).any():
            frame[column] = frame[column].map(lambda value: "; ".join(map(str, value))
                                              if isinstance(value, (list, tuple)) else value)
    return frame


def _xlsx(frames: dict[str, tuple[pd.DataFrame, bool]], descriptions: dict[str, dict[str, str]],
          path: Path) -> list[Exported]:
    """One workbook, a sheet per mart and a sheet of column descriptions. A cell longer than
    Excel holds (a document's whole text) is cut, and says so."""
    with pd.ExcelWriter(path, engine="openpyxl") as workbook:
        rows = [(table, column, descriptions.get(table, {}).get(column, ""))
                for table, (frame, _) in frames.items() for column in frame.columns]
        pd.DataFrame(rows, columns=["table", "column", "description"]).to_excel(workbook, sheet_name="columns", index=False)
        for table, (frame, _) in frames.items():
            _cut_long_cells(frame).to_excel(workbook, sheet_name=table[:EXCEL_SHEET_CHARS], index=False)
    return [Exported(table, len(frame), path, filtered) for table, (frame, filtered) in frames.items()]


def _cut_long_cells(frame: pd.DataFrame) -> pd.DataFrame:
    def cut(value):
        if isinstance(value, str) and len(value) > EXCEL_CELL_CHARS:
            note = f"…[cut: {len(value)} characters; the csv or parquet export has them all]"
            return value[: EXCEL_CELL_CHARS - len(note)] + note
        return value

    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            frame[column] = frame[column].map(cut)
    return frame


def stata_names(columns: list[str]) -> dict[str, str]:
    """Column names Stata accepts (at most 32 characters), each still unique."""
    names: dict[str, str] = {}
    for column in columns:
        name, k = column[:STATA_NAME_CHARS], 1
        while name in names.values():
            suffix = f"_{k}"
            name, k = column[: STATA_NAME_CHARS - len(suffix)] + suffix, k + 1
        names[column] = name
    return names


def _dta(frame: pd.DataFrame, labels: dict[str, str], data_label: str, path: Path) -> None:
    """A Stata 14+ file (UTF-8): true/false as 1/0, missing text as empty, each column labelled
    with its dbt description."""
    frame = frame.copy()
    long_text = []
    for column in frame.columns:
        series = frame[column]
        if pd.api.types.is_bool_dtype(series) or series.map(lambda v: isinstance(v, bool)).any():
            frame[column] = series.map(lambda v: None if v is None or v is pd.NA else int(v)).astype("Int8").astype(float)
        elif pd.api.types.is_string_dtype(series) or series.dtype == object:
            frame[column] = series.map(lambda v: "" if v is None or v is pd.NA or (isinstance(v, float) and v != v)
                                       else str(v)).astype(object)
            if max(map(lambda v: len(v.encode("utf-8")), frame[column]), default=0) > STATA_STR_BYTES:
                long_text.append(column)
        elif pd.api.types.is_integer_dtype(series):
            frame[column] = series.astype(float)  # a nullable integer: Stata's missing is a float's
    names = stata_names(list(frame.columns))
    frame = frame.rename(columns=names)
    frame.to_stata(path, write_index=False, version=STATA_VERSION, data_label=data_label[:STATA_LABEL_CHARS],
                   variable_labels={names[c]: labels[c][:STATA_LABEL_CHARS] for c in names if labels.get(c)},
                   convert_strl=[names[c] for c in long_text])
