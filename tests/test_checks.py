"""great-expectations checks on frames built from real seed parses, and their severity mapping."""

import dagster as dg
import duckdb
import pytest

from orchestration import raw_store
from orchestration.checks import (
    documents_expectations,
    documents_frame,
    measures_expectations,
    measures_frame,
    validate,
)
from orchestration.report_rows import FileToParse, parse_report_file
from parsers.documents import hints_from_file_name
from tests.conftest import SEEDS_DIR, YUHANG_REPORT


@pytest.fixture(scope="module")
def loaded():
    """An in-memory warehouse holding the parse of the 余杭 seed (Traditional, with mojibake)."""
    con = duckdb.connect(":memory:")
    raw_store.ensure_raw_schema(con)
    report = parse_report_file(FileToParse(YUHANG_REPORT, SEEDS_DIR / YUHANG_REPORT,
                                           hints_from_file_name(YUHANG_REPORT), "test", 20_000_000))
    assert raw_store.store_report(con, report, {YUHANG_REPORT}) == f"Loaded {YUHANG_REPORT}"
    yield con, [report.file_id]
    con.close()


def validate_frame(frame, name, expectations) -> dg.AssetCheckResult:
    return validate(frame, name, expectations).check_result()


def test_real_parse_passes_both_suites(loaded):
    documents = validate_frame(documents_frame(*loaded), "documents", documents_expectations())
    measures = validate_frame(measures_frame(*loaded), "measures", measures_expectations())
    assert documents.passed, documents.metadata["expectations"]
    assert measures.passed, measures.metadata["expectations"]
    assert measures.metadata["rows_examined"].value > 300


def test_a_pinyin_gloss_left_in_the_text_is_an_error(loaded):
    frame = documents_frame(*loaded)
    frame.loc[0, "pinyin_glosses"] = 1
    result = validate_frame(frame, "documents", documents_expectations())
    assert not result.passed and result.severity == dg.AssetCheckSeverity.ERROR


def test_an_implausible_share_is_a_warning_not_an_error(loaded):
    frame = measures_frame(*loaded)
    share = frame.index[frame["share_percent"].notna()][0]
    frame.loc[share, "share_percent"] = 150.0
    result = validate_frame(frame, "measures", measures_expectations())
    assert not result.passed and result.severity == dg.AssetCheckSeverity.WARN
    assert result.metadata["failed_critical"].value == 0 and result.metadata["failed_warning"].value == 1


def test_a_span_outside_its_document_is_an_error(loaded):
    frame = measures_frame(*loaded)
    frame.loc[0, "span_inside_document"] = False
    result = validate_frame(frame, "measures", measures_expectations())
    assert result.severity == dg.AssetCheckSeverity.ERROR


def test_a_document_without_text_is_an_error_and_texts_are_read_in_batches(loaded):
    assert documents_frame(*loaded, batch_size=1).equals(documents_frame(*loaded))
    frame = documents_frame(*loaded)
    assert "normalized_text" not in frame.columns
    frame.loc[0, "has_text"] = False
    result = validate_frame(frame, "documents", documents_expectations())
    assert not result.passed and result.severity == dg.AssetCheckSeverity.ERROR


def test_each_file_is_known_by_what_it_fails(loaded):
    con, (file_id,) = loaded
    frame = measures_frame(con, [file_id])
    clean = validate(frame, "measures", measures_expectations())
    assert clean.files_critical == set() and clean.file_warnings == {}
    frame.loc[0, "kind"] = "promise"
    frame.loc[1, "unit_raw"] = "斛"
    found = validate(frame, "measures", measures_expectations())
    assert found.files_critical == {file_id}
    assert found.file_warnings == {file_id: {"expect_column_values_to_be_in_set(unit_raw)"}}
    assert found.outcomes["expect_column_values_to_be_in_set(kind)"]["unexpected_count"] == 1
    # Two batches add up: counts summed, the failed expectation stays failed.
    clean.add(found)
    assert clean.rows_examined == 2 * len(frame) and clean.failed("critical") == 1


def test_warnings_recorded_earlier_keep_the_check_at_warn(loaded):
    con, (file_id,) = loaded
    raw_store.record_validated(con, "measures", {file_id: ["expect_column_values_to_be_in_set(unit_raw)"]})
    result = validate(measures_frame(con, []), "measures", measures_expectations()).check_result(
        raw_store.warned_files_by_label(con, "measures"))
    assert not result.passed and result.severity == dg.AssetCheckSeverity.WARN
    assert raw_store.unvalidated_file_ids(con, "measures") == []
    con.execute("delete from raw.validations")
