import pytest

from parsers.measures import find_measures
from parsers.numbers import parse_number
from tests.conftest import LINAN_REPORTS, LINAN_TABLE, YUHANG_REPORT


@pytest.mark.parametrize(
    ("written", "value"),
    [("660", 660), ("131.99", 131.99), ("1,200", 1200), ("1.8万", 18000), ("两", 2), ("一千二百", 1200), ("十九万", 190000)],
)
def test_numbers_in_arabic_and_chinese(written, value):
    assert parse_number(written) == pytest.approx(value)


def _found(sentence: str) -> list[tuple[float, str]]:
    return [(m.value, m.unit_raw) for m in find_measures(sentence)]


def test_money_with_multiplier_unit_is_kept_as_written():
    # 临安 party report, 2022 review.
    assert _found("预计全年实现地区生产总值660亿元，财政总收入131.99亿元、一般公共预算收入83.99亿元，城镇和农村居民人均可支配收入分别达到6.6万元和4.07万元。") == [
        (660, "亿元"), (131.99, "亿元"), (83.99, "亿元"), (6.6, "万元"), (4.07, "万元"),
    ]


def test_wan_before_a_measure_word_multiplies_the_value():
    # 临安 completion table, row 61.
    assert _found("全力抓好保供稳价，新建“菜篮子”基地500亩，生猪出栏19万头。") == [(500, "亩"), (190000, "头")]


def test_qualifiers_and_approximations_are_captured():
    measures = find_measures("开展各类宣讲600余场，消化清理土地9500亩以上，总产超4万吨。")
    assert [(m.value, m.unit_raw, m.approximation, m.qualifier_prefix, m.qualifier_suffix) for m in measures] == [
        (600, "场", "余", "", ""), (9500, "亩", "", "", "以上"), (4, "万吨", "", "超", ""),
    ]


def test_chinese_numerals_with_measure_words():
    assert _found("完成两批次共28个项目，新建两条道路。") == [(2, "批次"), (28, "个"), (2, "条")]


def test_articles_ordinals_and_codes_are_not_measures():
    assert _found("建立一个平台，入选第四批企业，新天地C49地块完成验收。") == []


def test_percent_and_percentage_points():
    assert _found("增长7.5%，提高0.5个百分点。") == [(7.5, "%"), (0.5, "个百分点")]


def test_every_span_points_at_its_number_in_the_seeds(seed_texts):
    for name, text in seed_texts.items():
        measures = find_measures(text)
        assert measures, name
        for m in measures:
            written = text[m.char_start : m.char_end]
            assert m.value_raw in written and written.endswith((m.unit_raw + m.qualifier_suffix)), (name, written)
            assert text[m.sentence_start : m.sentence_end] == m.sentence
            assert m.sentence_start <= m.char_start < m.char_end <= m.sentence_end


def test_known_seed_figures_are_found(seed_texts):
    table = {(m.value, m.unit_raw) for m in find_measures(seed_texts[LINAN_TABLE])}
    assert {(9500, "亩"), (22853, "亩"), (1613, "亩"), (2824, "个"), (1.8, "万平方米"), (9.48, "万平方米")} <= table
    yuhang = {(m.value, m.unit_raw) for m in find_measures(seed_texts[YUHANG_REPORT])}
    assert {(2502.2, "亿元"), (7.5, "%"), (77184, "元")} <= yuhang
    linan = {(m.value, m.unit_raw) for m in find_measures(seed_texts[LINAN_REPORTS])}
    assert (633.33, "公顷") in linan


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        # 全国 1982/1986: percentages, decimals and multiples written in words.
        ("工农业总产值计划增长百分之二十一点七，平均每年递增百分之四", [(21.7, "%"), (4, "%")]),
        ("国民生产总值比一九八〇年增长一点六倍", [(1.6, "倍")]),
        ("今后人口的年自然增长率，必须控制在千分之十三以下", [(13, "‰")]),
        ("经济增长速度的宏观调控目标，定为百分之八至九", [(8, "%")]),
        # Fractions, tenths and doublings.
        ("规模占全市五分之一、稳居第二", [(20, "%")]),
        ("总量超过全市1/5。", [(20, "%")]),
        ("夏粮减产一成以上。", [(10, "%")]),
        ("实现地区生产总值翻一番，", [(1, "倍")]),
        # A numeral cut off before its unit's multiplier.
        ("全国粮食产量计划达到三亿六千万吨", [(36000, "万吨")]),
        ("粮食产量达到四亿零七百多万吨", [(40700, "万吨")]),
    ],
)
def test_numbers_written_in_words(sentence, found):
    assert [(m.value, m.unit_raw) for m in find_measures(sentence)] == found


def test_names_with_numerals_and_durations_are_not_quantities():
    assert _found("把揭批“四人帮”的斗争进行到底，坚持三个代表，香港回归八个多月以来") == []
    assert _found("全年实现GDP3464.09亿元") == [(3464.09, "亿元")]
    assert _found("几十亿元的投资") == []
