"""Each row of the qualifier table gives its comparator to a real number in a sentence."""

import pytest

from parsers.measures import find_measures
from parsers.qualifiers import QUALIFIERS, comparator_of, negated
from parsers.statements import comparator_for


def _sentence(word: str, position: str) -> str:
    if position == "before":
        return f"全年工业投资{word}120亿元。"
    if position == "inside":
        return f"全年举办体育赛事130{word}场。"
    return f"全年工业投资120亿元{word}。"


@pytest.mark.parametrize("qualifier", QUALIFIERS, ids=lambda q: f"{q.position}-{q.word}")
def test_every_qualifier_gives_its_comparator(qualifier):
    (measure,) = find_measures(_sentence(qualifier.word, qualifier.position))
    assert comparator_for(measure) == qualifier.comparator
    written = {"before": measure.qualifier_prefix, "inside": measure.approximation, "after": measure.qualifier_suffix}
    assert written[qualifier.position] == qualifier.word


def test_a_bound_wins_over_an_approximation_and_a_range_is_between():
    assert comparator_of(before="控制在", after="左右") == "<="
    assert comparator_of(is_range=True, after="左右") == "between"
    assert negated(">=") == "<=" and negated("~") == "~"
