"""The allowed-value lists of the dbt tests are the parser's own vocabularies, not a second copy."""

from pathlib import Path

import yaml

from parsers.documents import KINDS as DOCUMENT_KINDS
from parsers.statements import COMPARATORS, KINDS, MEASURE_TYPES, SOURCE_KINDS
from parsers.regions import REGION_LEVELS
from parsers.units import UNIT_TO_FAMILY

MODELS = Path(__file__).resolve().parent.parent / "dbt_project" / "models"


def _accepted_values() -> dict[tuple[str, str], list]:
    found = {}
    for path in MODELS.rglob("*.yml"):
        for model in yaml.safe_load(path.read_text(encoding="utf-8")).get("models", []):
            for column in model.get("columns", []):
                for test in column.get("data_tests", []):
                    if isinstance(test, dict) and "accepted_values" in test:
                        found[(model["name"], column["name"])] = test["accepted_values"]["arguments"]["values"]
    return found


def test_value_lists_match_the_parser():
    expected_by_column = {
        "kind": set(KINDS),
        "comparator": set(COMPARATORS),
        "measure_type": set(MEASURE_TYPES),
        "document_kind": set(DOCUMENT_KINDS),
        "unit_family": set(UNIT_TO_FAMILY.values()) | {"none"},
        "region_level": set(REGION_LEVELS),
        "source_kind": set(SOURCE_KINDS),
    }
    checked = 0
    for (model, column), values in _accepted_values().items():
        if column in expected_by_column:
            # Staging admits everything the parser emits; a mart may admit fewer (no qualitative actual).
            if model.startswith("stg_"):
                assert set(values) == expected_by_column[column], (model, column)
            else:
                assert set(values) <= expected_by_column[column], (model, column)
            checked += 1
    assert checked >= 6
