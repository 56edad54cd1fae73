"""Units as written in reports, and the family each belongs to, read from the one unit table.

parsers/data/unit_conversions.csv lists every unit the parser recognises with its family,
canonical unit and factor; dbt loads the same file as a seed to convert values.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

UNIT_TABLE = Path(__file__).resolve().parent / "data" / "unit_conversions.csv"


def _read_unit_table() -> dict[str, str]:
    with UNIT_TABLE.open(encoding="utf-8") as handle:
        return {row["unit_raw"]: row["unit_family"] for row in csv.DictReader(handle)}


UNIT_TO_FAMILY: dict[str, str] = _read_unit_table()

# Longest first so that 万平方米 wins over 万 + 平方米 and 个百分点 over 个.
# A ratio (0.2:7.8:92) is found by its own pattern; 比 after a number is too often a verb.
UNIT_PATTERN = "|".join(re.escape(u) for u in sorted(UNIT_TO_FAMILY, key=len, reverse=True) if u != "比")


def unit_family(unit: str) -> str:
    return UNIT_TO_FAMILY.get(unit, "unknown")
