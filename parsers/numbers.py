"""Numbers as written in Chinese reports: Arabic or Chinese numerals, with 万/亿 multipliers."""

from __future__ import annotations

import re

import cn2an

CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
# A Chinese numeral must have a digit character; bare 万/亿 are multipliers, not numbers.
# A decimal part follows 点: 二十一点七, 一点二六.
CHINESE = rf"[{CN_DIGITS}]*[零〇一二两三四五六七八九十][{CN_DIGITS}]*(?:点[零〇一二三四五六七八九]+)?"
MULTIPLIERS = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3, "百": 1e2}


def parse_arabic(text: str) -> float:
    return float(text.replace(",", ""))


def parse_chinese(text: str) -> float:
    """一千二百 -> 1200, 两 -> 2, 十五 -> 15, 二十一点七 -> 21.7. Raises ValueError for non-numerals."""
    try:
        value = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError, IndexError) as exc:
        raise ValueError(f"not a Chinese numeral: {text!r}") from exc
    return float(value)


def parse_number(text: str, unit: str = "") -> float:
    """Any numeral with an optional 万/亿/万亿 multiplier: '1.8万' -> 18000, '一千二百' -> 1200.

    A numeral cut off before its unit's multiplier is read with it: 三亿六千 of 万吨 is
    3.6亿吨, that is 36000 万吨, and so is 四亿零七百 of 万吨 40700 万吨.
    """
    text = text.strip()
    for suffix, factor in MULTIPLIERS.items():
        if suffix in ("千", "百"):
            continue
        if text.endswith(suffix) and re.fullmatch(ARABIC, text[: -len(suffix)]):
            return parse_arabic(text[: -len(suffix)]) * factor
    if re.fullmatch(ARABIC, text):
        return parse_arabic(text)
    head = unit[:1]
    if head in ("万", "亿") and "亿" in text and head == "万" and "万" not in text.rsplit("亿", 1)[1]:
        return parse_chinese(text + head) / MULTIPLIERS[head]
    try:
        return parse_chinese(text)
    except ValueError:
        if head in ("万", "亿"):
            return parse_chinese(text + head) / MULTIPLIERS[head]
        raise
