"""Totals and parts come from the parser, with the precision each figure is written in."""

from parsers.measures import find_measures
from parsers.statements import classify
from parsers.totals import link_parts, precision_of
from tests.test_statements import _doc


def _linked(sentence: str, orientation: str = "review"):
    measures = classify(sentence, find_measures(sentence), _doc(orientation), "prose", "prose")
    return [(m.value, m.part_of) for m in link_parts(sentence, measures)]


def test_figures_after_qizhong_are_parts_of_the_figure_before_it():
    # 临安 seed: the run of same-unit figures after 其中, up to the first of another kind.
    sentence = "全年共清理“三块地”22853亩，其中清理批而未供土地4286亩、供而未用土地1200亩，增长12%。"
    total = sentence.index("22853")
    assert _linked(sentence) == [(22853, None), (4286, total), (1200, total), (12, None)]


def test_a_threshold_in_the_name_of_a_part_is_not_the_part():
    # 临安 completion table, row 17: 10亿元 names the projects, 8个 is the part of 58个.
    sentence = "落地亿元项目58个，其中，10亿元以上产业项目8个。"
    total = sentence.index("58")
    assert _linked(sentence) == [(58, None), (10, None), (8, total)]


def test_figures_before_heji_are_parts_of_the_figure_after_it():
    sentence = "改造城镇危房17处、农村危房132处，合计149处。"
    total = sentence.index("149")
    assert _linked(sentence) == [(17, total), (132, total), (149, None)]


def test_precision_is_half_a_unit_of_the_last_written_digit():
    assert precision_of("22,853", "亩", 22853) == 0
    assert precision_of("1.5", "万人", 1.5) == 0.05
    assert precision_of("1.5万", "头", 15000) == 500
    assert precision_of("131.99", "亿元", 131.99) == 0.005
    # National reports write numbers in words: 百分之十二点八 is as precise as 12.8.
    assert precision_of("百分之十二点八", "%", 12.8) == 0.05
    assert precision_of("百分之六", "%", 6) == 0
    # A fraction is exact, kept as a percent to two decimals: 1/3 is 33.33%, not 33%.
    [third] = find_measures("将1/3以上的省级科技创新战略专项资金投向基础研究")
    assert (third.value, precision_of(third.value_raw, third.unit_raw, third.value)) == (33.33, 0.005)
    assert precision_of("三分之一", "%", 33.33) == 0.005
