"""Words around a number that qualify it: this is where 以上 becomes >= and 下降 makes it negative.

One table, QUALIFIERS, says for each word where it stands (before the number, between the
number and its unit, or after the unit), which comparator it gives and whether the number
is approximate. The number pattern of parsers.measures and the comparator of every measure
are both built from it; nothing else lists these words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

AT_LEAST, AT_MOST, ABOUT, EXACT, RANGE = ">=", "<=", "~", "=", "between"
# A range (增长6.5%-7%) compares as `between`: met once the actual reaches its lower bound.
COMPARATORS = (AT_LEAST, AT_MOST, ABOUT, EXACT, RANGE)


@dataclass(frozen=True)
class Qualifier:
    word: str
    position: str  # 'before' the number, 'inside' (between number and unit), 'after' the unit
    comparator: str
    approximate: bool


QUALIFIERS: tuple[Qualifier, ...] = (
    Qualifier("以上", "after", AT_LEAST, False),
    Qualifier("及以上", "after", AT_LEAST, False),
    Qualifier("以内", "after", AT_MOST, False),
    Qualifier("以下", "after", AT_MOST, False),
    Qualifier("左右", "after", ABOUT, True),
    Qualifier("上下", "after", ABOUT, True),
    # 130余场, 4,900多万吨: more than the number, which is rounded.
    Qualifier("余", "inside", AT_LEAST, True),
    Qualifier("多", "inside", AT_LEAST, True),
    Qualifier("不低于", "before", AT_LEAST, False),
    Qualifier("不少于", "before", AT_LEAST, False),
    Qualifier("超过", "before", AT_LEAST, False),
    Qualifier("突破", "before", AT_LEAST, False),
    Qualifier("高于", "before", AT_LEAST, False),
    Qualifier("超", "before", AT_LEAST, False),
    Qualifier("逾", "before", AT_LEAST, True),
    Qualifier("不超过", "before", AT_MOST, False),
    Qualifier("不高于", "before", AT_MOST, False),
    Qualifier("控制在", "before", AT_MOST, False),
    Qualifier("低于", "before", AT_MOST, False),
    Qualifier("接近", "before", ABOUT, True),
    Qualifier("约", "before", ABOUT, True),
    Qualifier("近", "before", ABOUT, True),
)

_BY_WORD = {(q.word, q.position): q for q in QUALIFIERS}


def _alternation(position: str) -> str:
    words = sorted((q.word for q in QUALIFIERS if q.position == position), key=len, reverse=True)
    return "|".join(re.escape(w) for w in words)


BEFORE_PATTERN = _alternation("before")
INSIDE_PATTERN = _alternation("inside")
AFTER_PATTERN = _alternation("after")

# A bound wins over an approximation (控制在3%左右以内 is a ceiling); a ceiling over a floor.
_PRECEDENCE = (AT_MOST, AT_LEAST, ABOUT)


def comparator_of(before: str = "", inside: str = "", after: str = "", is_range: bool = False) -> str:
    """The comparator the qualifier words around one number give."""
    if is_range:
        return RANGE
    found = {_BY_WORD[(word, position)].comparator
             for word, position in ((before, "before"), (inside, "inside"), (after, "after")) if word}
    return next((c for c in _PRECEDENCE if c in found), EXACT)


def is_approximate(before: str = "", inside: str = "", after: str = "") -> bool:
    return any(_BY_WORD[(word, position)].approximate
               for word, position in ((before, "before"), (inside, "inside"), (after, "after")) if word)


def negated(comparator: str) -> str:
    """The comparator of the negated number: 下降4%以上 is a change of at most -4%."""
    return {AT_LEAST: AT_MOST, AT_MOST: AT_LEAST}.get(comparator, comparator)


# Change words: a decrease makes a growth rate or a change negative (下降3% is -3); with 到,
# 至 or 为 after it, the number is the level reached (降至26微克/立方米), not the change.
DECREASE_WORDS = ("下降", "降低", "减少", "回落", "下滑", "缩小", "压减", "压缩", "减产", "降幅")
INCREASE_WORDS = ("增长", "增加", "提高", "提升", "上涨", "上升", "扩大", "增产", "涨幅", "增幅", "增速", "递增")
LEVEL_AFTER_CHANGE = ("到", "至", "为")
