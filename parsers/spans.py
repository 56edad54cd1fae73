"""Lookups over many char spans that stay logarithmic per query, so a long text is read in linear time."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate
from typing import Iterable


class SpanSet:
    """Half-open spans [start, end); answers "does a span hold this offset?" without a scan."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        ordered = sorted(spans)
        self._starts = [start for start, _ in ordered]
        # The furthest end among the spans that start at or before each one: spans may overlap.
        self._reach = list(accumulate((end for _, end in ordered), max))

    def holds(self, offset: int) -> bool:
        k = bisect_right(self._starts, offset)
        return k > 0 and self._reach[k - 1] > offset


def in_range(sorted_offsets: list[int], start: int, end: int) -> list[int]:
    """The offsets in [start, end) of an ascending list."""
    return sorted_offsets[bisect_left(sorted_offsets, start) : bisect_left(sorted_offsets, end)]
