"""great-expectations suites run as Dagster asset checks on the raw tables.

GX validates DataFrames read from DuckDB (its SQL datasource on DuckDB is broken). Each
expectation carries a severity: a failed `critical` one makes the check fail with
severity ERROR, which blocks the dbt models downstream; a failed `warning` one makes it
fail with severity WARN, which does not.
"""


from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import dagster as dg
import pandas as pd

from orchestration import raw_store
from orchestration.assets.raw import RAW_DOCUMENTS, RAW_FOLDER, RAW_MEASURES
from orchestration.resources import REPO_ROOT, WAREHOUSE_POOL, DuckDBWarehouse
from parsers.normalize import PINYIN_GLOSS, traditional_residue
from parsers.statements import COMPARATORS, KINDS
from parsers.units import UNIT_TO_FAMILY



@lru_cache(maxsize=1)
def _gx_batch_definition():
    """One ephemeral GX context for the process, progress bars off (they write to stderr)."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    asset = context.data_sources.add_pandas("warehouse_frames").add_dataframe_asset("frame")
    return asset.add_batch_definition_whole_dataframe("whole_frame")


@dataclass
class Validation:
    """What one suite found in a frame: per expectation its outcome, and which files it found what in."""

    rows_examined: int = 0
    outcomes: dict[str, dict] = field(default_factory=dict)
    files_critical: set[str] = field(default_factory=set)
    # file_id -> labels of the warning expectations it fails
    file_warnings: dict[str, set[str]] = field(default_factory=dict)

    def add(self, other: "Validation") -> None:
        self.rows_examined += other.rows_examined
        self.files_critical |= other.files_critical
        for file_id, labels in other.file_warnings.items():
            self.file_warnings.setdefault(file_id, set()).update(labels)
        for label, outcome in other.outcomes.items():
            mine = self.outcomes.setdefault(label, {**outcome, "unexpected_count": 0, "examples": []})
            mine["success"] = mine["success"] and outcome["success"]
            mine["unexpected_count"] = (mine["unexpected_count"] or 0) + (outcome["unexpected_count"] or 0)
            mine["examples"] = (mine["examples"] + outcome["examples"])[:5]

    def failed(self, severity: str) -> int:
        return sum(not o["success"] and o["severity"] == severity for o in self.outcomes.values())

    def check_result(self, warned_before: dict[str, int] | None = None, **metadata) -> dg.AssetCheckResult:
        """Fails with ERROR on a critical finding in these rows; with WARN on a warning finding in
        them or in files that earlier runs validated with warnings (`warned_before`: files per label)."""
        critical, warning = self.failed("critical"), self.failed("warning")
        warned_before = warned_before or {}
        return dg.AssetCheckResult(
            passed=not (critical or warning or warned_before),
            severity=dg.AssetCheckSeverity.ERROR if critical else dg.AssetCheckSeverity.WARN,
            metadata={
                "rows_examined": self.rows_examined, "failed_critical": critical, "failed_warning": warning,
                "files_with_critical_findings": len(self.files_critical), **metadata,
                "expectations": dg.MetadataValue.json(self.outcomes),
                "files_with_warnings_by_expectation": dg.MetadataValue.json(warned_before),
            },
        )


def validate(frame: pd.DataFrame, suite_name: str, expectations: list) -> Validation:
    """Validate frame (it has a file_id column) against the expectations."""
    import great_expectations as gx

    batch_definition = _gx_batch_definition()  # creates the context a suite needs
    suite = gx.ExpectationSuite(name=suite_name)
    for expectation in expectations:
        suite.add_expectation(expectation)
    batch = batch_definition.get_batch(batch_parameters={"dataframe": frame})
    # COMPLETE lists each unexpected row with its file, so that each file's findings are known.
    results = batch.validate(suite, result_format={"result_format": "COMPLETE",
                                                   "unexpected_index_column_names": ["file_id"]})
    found = Validation(rows_examined=len(frame))
    for result in results.results:
        config = result.expectation_config
        column = config.kwargs.get("column", "")
        label = f"{config.type}({column})" if column else config.type
        severity = str(getattr(config.severity, "value", config.severity))
        found.outcomes[label] = {
            "success": bool(result.success),
            "severity": severity,
            "unexpected_count": result.result.get("unexpected_count", 0 if result.success else None),
            "examples": [str(v) for v in (result.result.get("partial_unexpected_list") or [])[:5]],
        }
        files = {row["file_id"] for row in result.result.get("unexpected_index_list") or []}
        if severity == "critical":
            found.files_critical |= files
        else:
            for file_id in files:
                found.file_warnings.setdefault(file_id, set()).add(label)
    return found


def _known_units() -> list[str]:
    return [*UNIT_TO_FAMILY, ""]


def documents_expectations() -> list:
    import great_expectations as gx

    e = gx.expectations
    return [
        e.ExpectColumnValuesToNotBeNull(column="document_id", severity="critical"),
        e.ExpectColumnValuesToBeUnique(column="document_id", severity="critical"),
        e.ExpectColumnValuesToNotBeNull(column="file_id", severity="critical"),
        e.ExpectColumnValuesToBeInSet(column="has_text", value_set=[True], severity="critical"),
        e.ExpectColumnValuesToBeBetween(column="plan_year", min_value=1949, max_value=2100, severity="critical"),
        e.ExpectColumnValuesToBeBetween(column="review_year", min_value=1949, max_value=2100, severity="critical"),
        e.ExpectColumnValuesToNotBeNull(column="region", severity="warning"),
        e.ExpectColumnValuesToBeBetween(column="pinyin_glosses", min_value=0, max_value=0, severity="critical"),
        e.ExpectColumnValuesToBeBetween(column="traditional_characters", min_value=0, max_value=0, severity="critical"),
        e.ExpectColumnValuesToBeBetween(column="replacement_characters", min_value=0, max_value=0, severity="warning"),
    ]


def measures_expectations() -> list:
    import great_expectations as gx

    e = gx.expectations
    return [
        e.ExpectColumnValuesToNotBeNull(column="measure_id", severity="critical"),
        e.ExpectColumnValuesToBeUnique(column="measure_id", severity="critical"),
        e.ExpectColumnValuesToNotBeNull(column="document_id", severity="critical"),
        e.ExpectColumnValuesToBeInSet(column="kind", value_set=list(KINDS), severity="critical"),
        e.ExpectColumnValuesToBeInSet(column="comparator", value_set=list(COMPARATORS), severity="critical"),
        e.ExpectColumnValuesToBeBetween(column="year", min_value=1949, max_value=2100, severity="critical"),
        e.ExpectColumnValuesToBeBetween(column="span_length", min_value=1, severity="critical"),
        e.ExpectColumnValuesToBeInSet(column="span_inside_document", value_set=[True], severity="critical"),
        e.ExpectColumnValuesToBeInSet(column="unit_raw", value_set=_known_units(), severity="warning"),
        e.ExpectColumnValuesToBeBetween(column="share_percent", min_value=0, max_value=100, severity="warning"),
        e.ExpectColumnValuesToBeBetween(column="growth_percent", min_value=-100, max_value=1000, severity="warning"),
    ]


def documents_frame(con, file_ids: list[str], batch_size: int = 64) -> pd.DataFrame:
    """One row per document of the files, with counts of what normalization must have removed.
    Texts are read a batch at a time and dropped once counted, so memory stays at a few documents."""
    cursor = con.execute(
        "select document_id, file_id, region, plan_year, review_year, normalized_text "
        "from raw.documents where list_contains(?, file_id) order by document_id",
        [file_ids],
    )
    rows = []
    while batch := cursor.fetchmany(batch_size):
        for document_id, file_id, region, plan_year, review_year, text in batch:
            rows.append({
                "document_id": document_id, "file_id": file_id, "region": region,
                "plan_year": plan_year, "review_year": review_year, "has_text": text is not None,
                "pinyin_glosses": len(PINYIN_GLOSS.findall(text or "")),
                "traditional_characters": traditional_residue(text or ""),
                "replacement_characters": (text or "").count("\ufffd"),
            })
    return pd.DataFrame(rows, columns=["document_id", "file_id", "region", "plan_year", "review_year", "has_text",
                                       "pinyin_glosses", "traditional_characters", "replacement_characters"])


def measures_frame(con, file_ids: list[str]) -> pd.DataFrame:
    frame = con.execute(
        """
        with documents as (
            -- Each text's length once: per measure row it would be a scan of the text each time.
            select document_id, file_id, length(normalized_text) as char_count
            from raw.documents where list_contains(?, file_id)
        )
        select m.measure_id, m.document_id, d.file_id, m.kind, m.comparator, m.year, m.unit_raw, m.measure_type,
               m.value, m.char_end - m.char_start as span_length,
               m.char_start >= 0 and m.char_end <= d.char_count as span_inside_document
        from raw.measures as m
        join documents as d using (document_id)
        """,
        [file_ids],
    ).df()
    percent = frame["unit_raw"] == "%"
    # A stated completion rate (完成率108%) may pass 100; a share may not.
    is_share = (frame["measure_type"] == "share_or_ratio") & (frame["kind"] != "stated_rate")
    frame["share_percent"] = frame["value"].where(percent & is_share)
    frame["growth_percent"] = frame["value"].where(percent & (frame["measure_type"] == "growth_rate"))
    return frame


# Files validated together: bounds the frame great-expectations holds in memory.
FILES_PER_BATCH = 100


def _gx_check(asset_key: dg.AssetKey, name: str, frame_of: Callable, expectations_of: Callable, description: str):
    @dg.asset_check(asset=asset_key, name=name, blocking=True, pool=WAREHOUSE_POOL, description=description,
                    additional_deps=[RAW_FOLDER])
    def _check(warehouse: DuckDBWarehouse) -> dg.AssetCheckResult:
        """Validate the files this check has not validated yet. A file with a critical finding is
        looked at again in every run; one with warnings only is recorded with them, and they keep
        the check at WARN for as long as the file is loaded."""
        found = Validation()
        with warehouse.connect() as con:
            pending = raw_store.unvalidated_file_ids(con, name)
            for start in range(0, len(pending), FILES_PER_BATCH):
                found.add(validate(frame_of(con, pending[start:start + FILES_PER_BATCH]), name, expectations_of()))
            raw_store.record_validated(con, name, {
                file_id: sorted(found.file_warnings.get(file_id, ()))
                for file_id in pending if file_id not in found.files_critical
            })
            warned = raw_store.warned_files_by_label(con, name)
            validated = raw_store.validated_file_count(con, name)
        return found.check_result(warned, files_examined=len(pending), files_validated_in_all=validated)

    return _check


raw_documents_check = _gx_check(
    RAW_DOCUMENTS, "gx_documents_are_clean", documents_frame, documents_expectations,
    "Keys, years and region present; normalized text free of pinyin glosses, Traditional characters and U+FFFD. "
    "Looks only at files it has not validated; warnings found earlier stay until their file changes.",
)
raw_measures_check = _gx_check(
    RAW_MEASURES, "gx_measures_are_plausible", measures_frame, measures_expectations,
    "Keys, kinds and comparators valid; spans inside their document; units known; shares 0-100, growth -100-1000. "
    "Looks only at files it has not validated; warnings found earlier stay until their file changes.",
)
GX_CHECKS = [raw_documents_check, raw_measures_check]
