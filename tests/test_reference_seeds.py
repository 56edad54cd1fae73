"""The dbt reference seeds agree with what the parser can emit."""

import csv
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "dbt_project" / "seeds"
PARSER_DATA = REPO / "parsers" / "data"


def _rows(name: str) -> list[dict]:
    folder = PARSER_DATA if (PARSER_DATA / name).exists() else SEEDS
    with (folder / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_unit_has_one_family_and_a_canonical_unit_of_that_family():
    rows = _rows("unit_conversions.csv")
    assert len({row["unit_raw"] for row in rows}) == len(rows)
    family_of = {row["unit_raw"]: row["unit_family"] for row in rows}
    for row in rows:
        assert family_of.get(row["unit"], row["unit_family"]) == row["unit_family"], row
        assert float(row["factor"]) > 0


def test_land_and_floor_area_factors():
    factors = {row["unit_raw"]: (row["unit"], float(row["factor"])) for row in _rows("unit_conversions.csv")}
    assert factors["亩"][0] == "公顷" and abs(9500 * factors["亩"][1] - 633.33) < 0.01
    assert factors["万亩"][0] == "公顷" and abs(factors["万亩"][1] - 10000 / 15) < 1e-9
    assert factors["万方"] == ("平方米", 10000.0)
    assert factors["万吨标煤"] == ("吨标准煤", 10000.0)


def test_each_wording_has_one_canonical_indicator():
    synonyms = [row["synonym"] for row in _rows("indicator_synonyms.csv")]
    assert len(set(synonyms)) == len(synonyms), sorted(s for s in synonyms if synonyms.count(s) > 1)
