"""The raw schema declared once: its DDL, its version and the dbt source columns are made from it.

Run `python -m orchestration.raw_schema` after changing a table here: it rewrites the
`sources:` block of dbt_project/models/staging/_staging.yml (tests/test_raw_schema.py fails
until the two agree).
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

STAGING_YML = Path(__file__).resolve().parent.parent / "dbt_project" / "models" / "staging" / "_staging.yml"


# The raw types whose PostgreSQL name differs; the others (varchar, integer, boolean, date, varchar[]) are the same.
POSTGRES_TYPES = {"double": "double precision"}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    nullable: bool = False
    description: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    # The Dagster asset whose runs write the table (a dbt source maps to it), or None when dbt
    # does not read the table.
    asset: tuple[str, ...] | None = ("raw", "documents")

    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    def ddl(self, dialect: str = "duckdb") -> str:
        """The create statement in DuckDB's SQL, or in PostgreSQL's (the serving copy, orchestration/serving.py)."""
        names = POSTGRES_TYPES if dialect == "postgres" else {}
        lines = [
            f"    {column.name} {names.get(column.type, column.type)}{'' if column.nullable else ' not null'}"
            for column in self.columns
        ]
        if self.primary_key:
            lines.append(f"    primary key ({', '.join(self.primary_key)})")
        return f"create table if not exists raw.{self.name} (\n" + ",\n".join(lines) + "\n);"


def _c(name: str, type_: str, description: str = "", *, nullable: bool = False) -> Column:
    return Column(name, type_, nullable, description)


def _span(prefix: str = "char", text: str = "the document's normalized_text") -> tuple[Column, Column]:
    return (
        _c(f"{prefix}_start", "integer", f"First character, an offset into {text}."),
        _c(f"{prefix}_end", "integer", "One past the last character."),
    )


RAW_TABLES: tuple[Table, ...] = (
    # The texts themselves are not kept here: the file's bytes are the record (sha256), and each
    # document's normalized text is in raw.documents. A file's text in this table made every load
    # rewrite the whole table's text at DuckDB's checkpoint (about 1 s at 2,000 reports).
    Table("files", "One row per loaded report file.", (
        _c("file_id", "varchar", "Hash of the decoded text (parsers/ids.py)."),
        _c("file_name", "varchar", "Path relative to the reports folder, exact: bytes that are not UTF-8, '%' and "
           "control characters written as %XX (the file's partition key)."),
        _c("display_name", "varchar", "The name as best decoded for reading (GB18030 bytes as Chinese)."),
        _c("sha256", "varchar"),
        _c("byte_size", "bigint"),
        _c("encoding", "varchar", "Encoding the bytes were decoded with; null for a PDF or Word file.", nullable=True),
        _c("source_format", "varchar", "The format the file was published in: text, html, pdf or docx."),
        _c("extractor", "varchar", "Library and version that pulled the text out of it; empty for text."),
        _c("original_char_count", "integer",
           "Characters of the text as decoded, or as extracted from a PDF, Word file or web page."),
        _c("char_count", "integer", "Characters of the file's text after normalization."),
        _c("hints_source", "varchar", "Where the region, year and kind hints came from: manifest, file_name or none."),
        _c("hints", "varchar", "The hints as region|year|kind|source."),
        _c("parser_version", "varchar"),
        _c("loaded_at", "timestamp"),
    ), primary_key=("file_id",)),
    Table("documents", "One row per document; a file may hold several.", (
        _c("document_id", "varchar"),
        _c("file_id", "varchar"),
        _c("file_name", "varchar"),
        _c("document_index", "integer", "Position of the document in its file, from 0."),
        *_span("file_char", "the file's normalized text (of which each document's normalized_text is a part)"),
        _c("title", "varchar"),
        _c("document_kind", "varchar"),
        _c("region", "varchar", nullable=True),
        _c("region_code", "varchar", "Administrative division code from the gazetteer.", nullable=True),
        _c("region_level", "varchar", nullable=True),
        _c("region_parents", "varchar[]", "Enclosing divisions, outermost first."),
        _c("region_source", "varchar", "text, manifest, file_name, body or none."),
        _c("document_date", "date", nullable=True),
        _c("speaker", "varchar", nullable=True),
        _c("review_year", "integer", "The year the report looks back on.", nullable=True),
        _c("plan_year", "integer", "The year the report plans for.", nullable=True),
        _c("year_source", "varchar"),
        _c("is_partial", "boolean", "True when the text is an excerpt, not the whole report."),
        _c("split_reason", "varchar", "Why a document starts here: the start of the file, or the title line that opens it."),
        _c("garbled_share", "double",
           "Share of the document's characters in mojibake or U+FFFD runs (a file over 5 % is quarantined)."),
        _c("normalized_text", "varchar"),
    ), primary_key=("document_id",)),
    Table("sections", "Chapter headings of each document with their orientation (review, plan).", (
        _c("document_id", "varchar"),
        _c("section_index", "integer"),
        _c("heading", "varchar"),
        _c("level", "integer", "Depth of the heading: 0 a part of the report, 1 一、 a chapter, 2 （一） a section."),
        _c("orientation", "varchar", "review, plan, notes or unknown."),
        _c("year", "integer", nullable=True),
        _c("period_start", "integer", "First year of a multi-year section.", nullable=True),
        _c("period_end", "integer", "Last year of a multi-year section.", nullable=True),
        *_span(),
    )),
    Table("text_issues", "Damage found while normalizing a document (mojibake, U+FFFD, OCR junk).", (
        _c("document_id", "varchar"),
        _c("issue_kind", "varchar"),
        *_span(),
        _c("detail", "varchar"),
    )),
    Table("rejected_files", "Files in the reports folder that were not loaded, with the reason.", (
        _c("file_name", "varchar", "As in raw.files: exact, the file's partition key."),
        _c("display_name", "varchar", "The name as best decoded for reading."),
        _c("file_id", "varchar", "The decoded text's id when the file decoded (a duplicate's is its original's).",
           nullable=True),
        _c("sha256", "varchar"),
        _c("byte_size", "bigint"),
        _c("reason", "varchar"),
        _c("stage", "varchar", "Where it failed: read, decode, parse, load or duplicate."),
        _c("duplicate_of", "varchar", nullable=True),
        _c("load_fingerprint", "varchar",
           "sha256|hints|parser version when rejected: an unchanged file keeps its rejection unparsed."),
        _c("checked_at", "timestamp"),
    ), asset=("raw", "folder")),
    Table("measures", "One row per quantitative statement found in a document's normalized text.", (
        _c("measure_id", "varchar", "Document id, span and item (parsers/ids.py)."),
        _c("document_id", "varchar"),
        *_span(),
        *_span("sentence"),
        _c("sentence", "varchar"),
        _c("value", "double", "In the canonical unit of unit_raw (parsers/data/unit_conversions.csv).", nullable=True),
        _c("value_high", "double", "Upper bound of a range.", nullable=True),
        _c("value_raw", "varchar"),
        _c("unit_raw", "varchar"),
        _c("unit_family", "varchar"),
        _c("qualifier", "varchar", "The words around the number that bound it (以上, 左右, …)."),
        _c("comparator", "varchar", "From the qualifier table in parsers/qualifiers.py.", nullable=True),
        _c("kind", "varchar", "target, actual, estimate, long_term_goal, stated_rate or context."),
        _c("measure_type", "varchar"),
        _c("indicator", "varchar"),
        _c("year", "integer", nullable=True),
        _c("year_from", "integer", "First year of a multi-year figure.", nullable=True),
        _c("section", "varchar"),
        _c("orientation", "varchar"),
        _c("source_kind", "varchar", "prose, completion_table_task, completion_table_completion, target_table, or derived (由309家增至334家: an increase of 25)."),
        _c("table_row", "integer", nullable=True),
        _c("page", "integer", "The PDF page the statement is on (from 1); null for other formats.", nullable=True),
        _c("item", "integer", "Position of the number within its sentence."),
        _c("indicator_canonical", "varchar", "Name from parsers/data/indicator_synonyms.csv.", nullable=True),
        _c("indicator_key", "varchar", "What the indicator names, for matching another report's wording ('' when too general)."),
        _c("key_modifier", "varchar", "The key before the generic noun it ends in (金融业 of 金融业增加值)."),
        _c("part_of", "integer", "item of the total this figure is a part of (其中, 合计).", nullable=True),
        _c("value_precision", "double", "Half a unit of the last written digit, in the canonical unit (parsers/totals.py)."),
        _c("is_cumulative", "boolean", "A running total or a stock rather than one period's amount."),
        _c("is_enumerated", "boolean", "A count of the things its sentence names (如意路南延等3条道路)."),
    ), primary_key=("measure_id",), asset=("raw", "measures")),
    Table("table_rows", "Rows of completion tables (序号 / 工作目标 / 工作任务 / 完成情况).", (
        _c("document_id", "varchar"),
        _c("row_number", "integer"),
        _c("chapter", "varchar"),
        _c("goal", "varchar"),
        _c("goal_inherited", "boolean", "The goal cell was merged from the row above."),
        _c("task", "varchar"),
        _c("completion", "varchar"),
        *_span("task"),
        *_span("completion"),
    ), asset=("raw", "measures")),
    Table("unparsed_numbers", "Numbers in quantitative-looking sentences that no measure covers.", (
        _c("document_id", "varchar"),
        *_span(),
        *_span("sentence"),
        _c("sentence", "varchar"),
    ), asset=("raw", "measures")),
    Table("validations", "Which checks validated each loaded file, so that a check looks at new files only.", (
        _c("file_id", "varchar"),
        _c("check_name", "varchar"),
        _c("validated_at", "timestamp"),
        _c("warnings", "varchar[]", "The warning expectations the file fails; a critical one leaves it unvalidated."),
    ), primary_key=("file_id", "check_name"), asset=None),
)

RAW_DDL = "create schema if not exists raw;\n" + "\n".join(table.ddl() for table in RAW_TABLES)

# Raw tables are derived from the report files, so a warehouse whose raw layout differs is
# dropped and reloaded; the version is the DDL's own fingerprint, never bumped by hand.
RAW_SCHEMA_VERSION = hashlib.sha256(RAW_DDL.encode()).hexdigest()[:16]


def table(name: str) -> Table:
    return next(t for t in RAW_TABLES if t.name == name)


def dbt_sources() -> list[dict]:
    """The `sources:` entry of the staging yml, as dbt reads it."""
    return [{
        "name": "raw",
        "description": "Tables written by the Dagster assets raw/folder, raw/documents and raw/measures (each "
                       "table's meta names its asset); generated from orchestration/raw_schema.py, whose DDL "
                       "holds the keys and not-null columns. What the DDL cannot hold is tested on the "
                       "staging models, where dbt tests become Dagster asset checks.",
        "schema": "raw",
        "tables": [
            {
                "name": t.name,
                "description": t.description,
                "meta": {"dagster": {"asset_key": list(t.asset)}},
                "columns": [
                    {"name": c.name, "data_type": c.type, **({"description": c.description} if c.description else {})}
                    for c in t.columns
                ],
            }
            for t in RAW_TABLES
            if t.asset is not None
        ],
    }]


def write_dbt_sources(path: Path = STAGING_YML) -> None:
    """Rewrite the sources block of the staging yml, keeping everything from `models:` on as it is."""
    text = path.read_text(encoding="utf-8")
    models_at = text.index("\nmodels:")
    sources = yaml.safe_dump({"sources": dbt_sources()}, allow_unicode=True, sort_keys=False, width=110)
    path.write_text("version: 2\n\n" + sources + text[models_at:], encoding="utf-8")


if __name__ == "__main__":
    write_dbt_sources(Path(sys.argv[1]) if len(sys.argv) > 1 else STAGING_YML)
