"""Units as written in reports, and the family each belongs to.

The canonical conversions (factors) live in the dbt seed ``unit_conversions.csv``; the
parser only needs to recognise a unit and name its family.
"""

from __future__ import annotations

import re

UNIT_FAMILIES: dict[str, tuple[str, ...]] = {
    "money": ("万亿元", "亿元", "万元", "千元", "元", "亿美元", "万美元", "美元"),
    "land_area": ("万亩", "亩", "公顷", "平方公里"),
    "floor_area": ("万平方米", "平方米", "万方", "万㎡", "㎡"),
    "volume": ("万立方米", "立方米", "万吨/日", "吨/日"),
    "energy": ("万吨标准煤", "吨标准煤", "万吨标煤", "吨标煤", "万千瓦时", "亿千瓦时", "千瓦时", "万千瓦", "千瓦", "兆瓦"),
    "mass": ("万吨", "吨", "公斤", "千克"),
    "length": ("公里", "千米", "米"),
    "persons": ("万人次", "人次", "万人", "人", "名", "位"),
    "percentage_points": ("个百分点", "百分点"),
    "percent": ("%", "‰"),
    "multiple": ("倍",),
    "ratio": ("比",),
    "count": (
        "个", "家", "项", "所", "条", "户", "处", "张", "场次", "场", "头", "座", "套", "台", "辆", "件",
        "批次", "批", "次", "支", "只", "间", "栋", "幢", "宗", "笔", "篇", "株", "棵", "艘", "架", "枚",
        "起", "例", "张床", "类", "款", "剂次",
    ),
}

UNIT_TO_FAMILY: dict[str, str] = {}
for _family, _units in UNIT_FAMILIES.items():
    for _unit in _units:
        UNIT_TO_FAMILY.setdefault(_unit, _family)

# Longest first so that 万平方米 wins over 万 + 平方米 and 个百分点 over 个.
# A ratio (0.2:7.8:92) is found by its own pattern; 比 after a number is too often a verb.
UNIT_PATTERN = "|".join(re.escape(u) for u in sorted(UNIT_TO_FAMILY, key=len, reverse=True) if u != "比")


def unit_family(unit: str) -> str:
    return UNIT_TO_FAMILY.get(unit, "unknown")
