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
