"""great-expectations checks on frames built from real seed parses, and their severity mapping."""

from dataclasses import asdict

import dagster as dg
import duckdb
import pandas as pd
import pytest

from orchestration import raw_store
from orchestration.assets.raw import _document_rows
from orchestration.checks import (
    documents_expectations,
    documents_frame,
    measures_expectations,
    measures_frame,
    validate_frame,
)
from parsers.documents import hints_from_file_name
from parsers.reports import parse_file
from parsers.statements import extract_measures
from tests.conftest import SEEDS_DIR, YUHANG_REPORT


@pytest.fixture(scope="module")
def loaded():
    """An in-memory warehouse holding the parse of the 余杭 seed (Traditional, with mojibake)."""
    con = duckdb.connect(":memory:")
    raw_store.ensure_raw_schema(con)
    parsed = parse_file((SEEDS_DIR / YUHANG_REPORT).read_bytes(), hints_from_file_name(YUHANG_REPORT))
    file_row = {"file_id": parsed.report.file_id, "file_name": YUHANG_REPORT, "sha256": "x", "byte_size": 1,
                "encoding": "utf-8", "original_text": parsed.report.original_text,
                "normalized_text": parsed.report.normalized_text, "hints_source": "file_name", "hints": "",
                "parser_version": "test", "loaded_at": "2026-01-01"}
    raw_store.replace_file(con, file_row, *_document_rows(parsed, YUHANG_REPORT))
    (doc,) = parsed.documents
    rows = pd.DataFrame([asdict(m) for m in extract_measures(parsed.document_text(doc), doc)])
    rows.insert(0, "document_id", parsed.document_id(doc))
    rows.insert(0, "measure_id", [f"m{i}" for i in range(len(rows))])
    raw_store.replace_extraction(con, "measures", parsed.document_id(doc), "test", {"raw.measures": rows})
    yield con
    con.close()


def test_real_parse_passes_both_suites(loaded):
    documents = validate_frame(documents_frame(loaded), "documents", documents_expectations())
    measures = validate_frame(measures_frame(loaded), "measures", measures_expectations())
    assert documents.passed, documents.metadata["expectations"]
    assert measures.passed, measures.metadata["expectations"]
    assert measures.metadata["rows_examined"].value > 300


def test_a_pinyin_gloss_left_in_the_text_is_an_error(loaded):
    frame = documents_frame(loaded)
    frame.loc[0, "pinyin_glosses"] = 1
    result = validate_frame(frame, "documents", documents_expectations())
    assert not result.passed and result.severity == dg.AssetCheckSeverity.ERROR


def test_an_implausible_share_is_a_warning_not_an_error(loaded):
    frame = measures_frame(loaded)
    share = frame.index[frame["share_percent"].notna()][0]
    frame.loc[share, "share_percent"] = 150.0
    result = validate_frame(frame, "measures", measures_expectations())
    assert not result.passed and result.severity == dg.AssetCheckSeverity.WARN
    assert result.metadata["failed_critical"].value == 0 and result.metadata["failed_warning"].value == 1


def test_a_span_outside_its_document_is_an_error(loaded):
    frame = measures_frame(loaded)
    frame.loc[0, "span_inside_document"] = False
    result = validate_frame(frame, "measures", measures_expectations())
    assert result.severity == dg.AssetCheckSeverity.ERROR


def test_a_document_without_text_is_an_error_and_texts_are_read_in_batches(loaded):
    assert documents_frame(loaded, batch_size=1).equals(documents_frame(loaded))
    frame = documents_frame(loaded)
    assert "normalized_text" not in frame.columns
    frame.loc[0, "has_text"] = False
    result = validate_frame(frame, "documents", documents_expectations())
    assert not result.passed and result.severity == dg.AssetCheckSeverity.ERROR
