"""The meaning of numbers, on sentences quoted from the seeds (and a few synthetic ones)."""

from dataclasses import replace

import pytest

from parsers.documents import DocumentInfo, Section, hints_from_file_name
from parsers.measures import find_measures
from parsers.reports import parse_file
from parsers.statements import classify, extract_measures
from tests.conftest import SEED_FILES, SEEDS_DIR


def _doc(orientation: str = "plan", kind: str = "government_work_report", length: int = 10_000) -> DocumentInfo:
    year = 2023 if orientation == "plan" else 2022
    sections = [] if orientation == "unknown" else [Section("heading", 0, orientation, 0, length, year)]
    return DocumentInfo(index=0, char_start=0, char_end=length, title="", kind=kind, region="临安区",
                        region_code="330112", region_level="district", region_parents=["浙江省", "杭州市"],
                        region_source="text", document_date=None, speaker=None, review_year=2022, plan_year=2023,
                        year_source="text", is_partial=False, sections=sections)


def _meanings(sentence: str, orientation: str = "plan"):
    return [
        (m.kind, m.indicator, m.value, m.unit_raw, m.comparator, m.measure_type, m.year)
        for m in classify(sentence, find_measures(sentence), _doc(orientation), "prose", "prose")
    ]


def test_main_targets_paragraph_of_the_party_report():
    sentence = ("建议明年经济社会发展主要预期目标为：地区生产总值增长5.5%左右，一般公共预算收入增速与经济增长基本同步，"
                "城乡居民人均可支配收入分别增长5.5%和6.5%以上，规模以上工业增加值增长6.5%以上，固定资产投资增长6%以上。")
    assert _meanings(sentence) == [
        ("target", "地区生产总值", 5.5, "%", "~", "growth_rate", 2023),
        ("target", "城镇居民人均可支配收入", 5.5, "%", ">=", "growth_rate", 2023),
        ("target", "农村居民人均可支配收入", 6.5, "%", ">=", "growth_rate", 2023),
        ("target", "规模以上工业增加值", 6.5, "%", ">=", "growth_rate", 2023),
        ("target", "固定资产投资", 6, "%", ">=", "growth_rate", 2023),
    ]


def test_estimates_and_respectively():
    sentence = ("预计全年实现地区生产总值660亿元，财政总收入131.99亿元、一般公共预算收入83.99亿元，"
                "城镇和农村居民人均可支配收入分别达到6.6万元和4.07万元。")
    assert [(k, i, v, u) for k, i, v, u, *_ in _meanings(sentence, "review")] == [
        ("estimate", "地区生产总值", 660, "亿元"),
        ("estimate", "财政总收入", 131.99, "亿元"),
        ("estimate", "一般公共预算收入", 83.99, "亿元"),
        ("estimate", "城镇居民人均可支配收入", 6.6, "万元"),
        ("estimate", "农村居民人均可支配收入", 4.07, "万元"),
    ]


def test_respectively_after_level_figures_and_a_second_run_of_growth_rates():
    # 余杭 seed, 2021 review.
    sentence = ("完成财政总收入745.31亿元、一般公共预算收入375.69亿元，分别增长15.23%、14.01%；")
    assert [(i, v, t) for _, i, v, _, _, t, _ in _meanings(sentence, "review")] == [
        ("财政总收入", 745.31, "level"), ("一般公共预算收入", 375.69, "level"),
        ("财政总收入", 15.23, "growth_rate"), ("一般公共预算收入", 14.01, "growth_rate"),
    ]
    sentence = "城镇和农村居民人均可支配收入分别达到77184元、48705元，增长9.2%、10.4%。"
    assert [(i, v) for _, i, v, *_ in _meanings(sentence, "review")] == [
        ("城镇居民人均可支配收入", 77184), ("农村居民人均可支配收入", 48705),
        ("城镇居民人均可支配收入", 9.2), ("农村居民人均可支配收入", 10.4),
    ]


def test_both_expands_one_number_over_two_indicators():
    # 余杭 seed, 2022 targets: one number, two rows.
    measures = classify("财政总收入及地方一般公共预算收入均增长10%；", find_measures("财政总收入及地方一般公共预算收入均增长10%；"),
                        _doc(), "prose", "prose")
    assert [(m.indicator, m.value, m.item) for m in measures] == [("财政总收入", 10, 0), ("地方一般公共预算收入", 10, 1)]


def test_list_of_counts_each_with_its_indicator():
    # 临安 completion table, row 38.
    assert [(i, v, u) for _, i, v, u, *_ in _meanings("新增公共停车场2个、公共停车泊位2000个。")] == [
        ("公共停车场", 2, "个"), ("公共停车泊位", 2000, "个")]


def test_growth_after_a_level_inherits_its_indicator():
    sentence = "预计全年实现规上工业增加值252亿元、增长5.5%，其中高新技术产业增加值212亿元、增长9%。"
    assert [(i, v, t) for _, i, v, _, _, t, _ in _meanings(sentence, "review")] == [
        ("规上工业增加值", 252, "level"), ("规上工业增加值", 5.5, "growth_rate"),
        ("高新技术产业增加值", 212, "level"), ("高新技术产业增加值", 9, "growth_rate"),
    ]


def test_qualifiers_map_to_comparators():
    sentence = "完成拆迁80公顷以上，单位GDP能耗控制在0.5吨标准煤以内，增长5%左右，力争突破7000件，总产超4万吨。"
    assert [c for *_, c, _, _ in _meanings(sentence)] == [">=", "<=", "~", ">=", ">="]


def test_ranges_keep_both_ends_and_compare_as_between():
    (measure,) = classify("地区生产总值增长5%-6%。", find_measures("地区生产总值增长5%-6%。"), _doc(), "prose", "prose")
    assert (measure.value, measure.value_high, measure.comparator) == (5, 6, "between")


def test_decreases_are_negative_and_flip_their_bound():
    # 罗湖 2018 targets, 南山 2017 review: 下降 makes a growth rate negative; 降幅4%以上 is at most -4%.
    sentence = "万元GDP建设用地、水耗、电耗分别下降3%、3%、2%左右，PM2.5年均浓度降至26微克/立方米。"
    meanings = classify(sentence, find_measures(sentence), _doc(), "prose", "prose")
    assert [(m.value, m.comparator, m.measure_type) for m in meanings] == [
        (-3, "~", "growth_rate"), (-3, "~", "growth_rate"), (-2, "~", "growth_rate"), (26, "=", "level")]
    sentence = "万元GDP能耗、水耗低中再降，降幅均达4%以上。"
    (measure,) = classify(sentence, find_measures(sentence), _doc(), "prose", "prose")
    assert (measure.value, measure.comparator) == (-4, "<=")


def test_an_increase_by_an_amount_is_a_change_not_a_level():
    # 全国 1980: 粮食产量33,212万吨，比上年增加2,737万吨.
    sentence = "粮食产量33,212万吨，比上年增加2,737万吨。"
    meanings = classify(sentence, find_measures(sentence), _doc(), "prose", "prose")
    assert [(m.value, m.measure_type) for m in meanings] == [(33212, "level"), (2737, "change")]


def test_long_term_goals_are_not_this_years_targets():
    sentence = "到2025年，数字经济核心产业增加值达到1000亿元。"
    assert _meanings(sentence)[0][:4] == ("long_term_goal", "数字经济核心产业增加值", 1000, "亿元")
    assert _meanings(sentence)[0][6] == 2025


def test_context_numbers_are_neither_targets_nor_actuals():
    sentence = "全面落实省委十五届二次全会、市委十三届三次全会决策部署，坚定捍卫“两个确立”，实施“黄金68条”产业扶持政策。"
    assert {kind for kind, *_ in _meanings(sentence)} == {"context"}
    assert [k for k, *_ in _meanings("其中10亿元以上产业项目8个。")] == ["context", "target"]


def test_partial_document_without_sections_reads_target_words():
    # 拱墅 seed: no review or plan heading survives in the excerpt.
    sentence = "高端生产性服务业巩固中央商务区楼宇经济功能，新增总部型企业2家以上，加快形成多层次多领域总部经济体系。"
    assert _meanings(sentence, "unknown") == [("target", "总部型企业", 2, "家", ">=", "count", 2023)]


def test_measure_types():
    assert _meanings("研发经费投入占GDP比重达3.56%；")[0][5] == "share_or_ratio"
    assert _meanings("万丽酒店装修工程完成70%以上。")[0][5] == "progress"
    assert _meanings("提高0.5个百分点。")[0][5] == "growth_rate"
    assert _meanings("三次产业结构调整为0.2:7.8:92。")[-1][3:6] == ("比", "=", "share_or_ratio")
    # A share raised to a level is the level reached; a rate raised to one is still a rate.
    assert _meanings("全社会研发投入占GDP比重提高到4.1%。")[0][5] == "share_or_ratio"
    assert _meanings("经济增长速度提高到8%。")[0][5] == "growth_rate"


@pytest.mark.parametrize(
    ("sentence", "indicator"),
    [
        ("入选第四批国家专精特新“小巨人”企业7家", "国家专精特新“小巨人”企业"),
        ("优化整合3家区直属国有公司", "区直属国有公司"),
        ("新增市级以上众创空间及孵化器3家。", "市级以上众创空间及孵化器"),
        ("收储10宗457亩", "收储"),
        # A share keeps what it is a share of, however long, and takes it from the clause before.
        ("战略性新兴产业增加值占GDP比重提高到44.3%", "战略性新兴产业增加值占GDP比重"),
        ("全社会研发投入113.7亿元，增长5.7%，占GDP比重提高到3.85%", "全社会研发投入占GDP比重"),
        # A bare verb after a count of the same unit acts on the thing counted before it.
        ("建设筹集保障性住房3.05万套、供应2.06万套", "供应保障性住房"),
        ("新建成高标准农田161.8万亩", "高标准农田"),
    ],
)
def test_indicator_phrases(sentence, indicator):
    assert _meanings(sentence, "review")[-1][1] == indicator


def test_completion_table_cells_give_targets_and_actuals_by_row():
    text = ("附件\n2023年政府工作报告重点工作完成情况表\n\t序号\n\t工作目标\n\t工作任务\n\t完成情况\n"
            "\t一、以更强的定力促产兴业\n\t9\n\t扩空间\n\t工业用地供地1000亩以上。\n\t全年共出让工业用地49宗1613亩。\n"
            "\t10\n\t\n\t家庭养老服务床位370张以上。\n\t完成18个镇街399张家庭养老床位建设，完成率108%。\n"
            "\t11\n\t\n\t新增嵌入式体育场地1.8万平方米。\n\t新增嵌入式体育场地面积9.48万平方米。\n")
    doc = _doc(kind="completion_table", length=len(text))
    rows = [(m.table_row, m.source_kind, m.kind, m.value, m.unit_raw) for m in extract_measures(text, doc)]
    assert rows == [
        (9, "completion_table_task", "target", 1000, "亩"),
        (9, "completion_table_completion", "actual", 49, "宗"),
        (9, "completion_table_completion", "actual", 1613, "亩"),
        (10, "completion_table_task", "target", 370, "张"),
        (10, "completion_table_completion", "actual", 18, "个"),
        (10, "completion_table_completion", "actual", 399, "张"),
        (10, "completion_table_completion", "stated_rate", 108, "%"),
        (11, "completion_table_task", "target", 1.8, "万平方米"),
        (11, "completion_table_completion", "actual", 9.48, "万平方米"),
    ]
    for m in extract_measures(text, doc):
        assert m.value_raw in text[m.char_start : m.char_end]


def test_target_vs_actual_table_in_a_plan_execution_report():
    text = ("一、2023年计划执行情况\n指标名称\n单位\n计划目标\n执行情况\n地区生产总值增长\n%\n5.5左右\n6.1\n"
            "固定资产投资增长\n%\n6\n7.2\n城镇新增就业\n万人\n2.5\n3.1\n二、2024年计划\n")
    doc = _doc(kind="plan_execution_report", length=len(text))
    rows = [(m.table_row, m.indicator, m.kind, m.value, m.unit_raw, m.comparator) for m in extract_measures(text, doc)]
    assert rows == [
        (1, "地区生产总值增长", "target", 5.5, "%", "~"),
        (1, "地区生产总值增长", "actual", 6.1, "%", "="),
        (2, "固定资产投资增长", "target", 6, "%", "="),
        (2, "固定资产投资增长", "actual", 7.2, "%", "="),
        (3, "城镇新增就业", "target", 2.5, "万人", "="),
        (3, "城镇新增就业", "actual", 3.1, "万人", "="),
    ]


def test_numberless_main_targets_are_qualitative_targets():
    # 余杭 seed: the main-targets paragraph of 2022.
    text = ("建议今年全区经济社会发展主要预期目标为：地区生产总值增长7%；财政总收入及地方一般公共预算收入均增长10%；"
            "固定资产投资增长7%；R&D经费支出相当于生产总值比例达到4.15%；城乡居民人均可支配收入与经济增长基本同步；"
            "完成上级下达的节能减排任务。\n")
    doc = _doc(length=len(text))
    qualitative = [(m.indicator, m.value, m.comparator, m.year) for m in extract_measures(text, doc)
                   if m.measure_type == "qualitative"]
    assert qualitative == [("城乡居民人均可支配收入", None, None, 2023), ("节能减排任务", None, None, 2023)]


def _measures(sentence: str, orientation: str = "plan"):
    return classify(sentence, find_measures(sentence), _doc(orientation), "prose", "prose")


def test_set_phrases_and_speech_structure_are_no_quantities():
    assert _meanings("严格落实中央八项规定及其实施细则精神，增强“四个意识”、做到“两个维护”。") == []
    assert [(k, v) for k, _, v, *_ in _meanings("重点做好以下九个方面的工作：")] == [("context", 9)]


def test_a_running_total_covers_the_clauses_after_it_until_this_years_work_is_named():
    # 龙岗区 2025 review: 累计 covers 8.3万个 too; 新增 starts the year's amount again.
    measures = _measures("累计建成超充场站180座、全市第一，充电设施8.3万个；新增光伏装机容量74兆瓦。", "review")
    assert [(m.value, m.is_cumulative) for m in measures] == [(180, True), (83000, True), (74, False)]
    measures = _measures("新增上市企业1家，总量47家；固定资产投资规模348.86亿元。", "review")
    assert [(m.value, m.is_cumulative) for m in measures] == [(1, False), (47, True), (348.86, False)]
    # A list after 新增 stays the year's amount: 装配式建筑面积 is no stock here.
    measures = _measures("新增绿色建筑面积298.6万平方米、装配式建筑面积157万平方米。", "review")
    assert [(m.indicator, m.is_cumulative) for m in measures] == [("绿色建筑", False), ("装配式建筑", False)]


def test_a_count_of_things_the_sentence_names_is_enumerated():
    measures = _measures("实现深汕西、惠盐改扩建、如意路南延3条道路通车，建成大运AI公园、龙湖文体公园等4个市政公园，"
                         "新增国家高新技术企业200家以上，推进8个市属、15个区属公立医院项目建设。")
    assert [(m.value, m.is_enumerated) for m in measures] == [(3, True), (4, True), (200, False), (8, False), (15, False)]


def test_indicator_keys_let_two_wordings_of_one_thing_meet():
    keys = {m.indicator: m.indicator_key for m in _measures(
        "新增托育托位1680个，筹集建设保障性住房1.5万套以上，推动10个以上项目开工，新增立体绿化超3万平方米。")}
    assert keys == {"托育托位": "托育托位", "筹集建设保障性住房": "筹集建设保障性住房", "项目开工": "",
                    "立体绿化": "立体绿化"}


def test_a_count_that_reaches_a_number_is_a_stock_unless_the_years_work_is_named():
    measures = _measures("国家高新技术企业达370家，专精特新企业从26家增加至41家，国家高新技术企业突破1000家，"
                         "全区高层次人才达724名，新增国家高新技术企业204家，全年接待游客达1900万人次。", "review")
    assert [(m.value, m.is_cumulative) for m in measures] == [
        (370, True), (26, True), (41, True), (1000, True), (724, True), (204, False), (1900, False)]


def test_near_wordings_must_share_more_than_their_generic_noun():
    modifiers = {m.indicator_key: m.key_modifier for m in _measures(
        "金融业增加值增长8%，战略性新兴产业增加值增长15.5%，新增托育托位1680个。")}
    assert modifiers == {"金融业增加值": "金融业", "战略性新兴产业增加值": "战略性新兴产业", "托育托位": "托育托位"}


def test_a_start_and_an_end_level_state_the_increase_between_them():
    # 龙岗区 2025 review: 由309家增至334家 is 25 new platforms, an actual of the review year.
    measures = extract_measures("一是创新优势日益凸显。创新平台由309家增至334家。"
                                "地区生产总值从2015年2694亿元增长到2020年3847亿元。", _doc("review"))
    derived = [(m.indicator, m.value, m.measure_type, m.year, m.year_from, m.source_kind)
               for m in measures if m.source_kind == "derived"]
    assert derived == [("创新平台", 25, "count", 2022, None, "derived"),
                       ("地区生产总值", 1153, "change", 2020, 2016, "derived")]
    # The written levels stay what they were: a start level of no named year is context.
    assert [(m.indicator, m.value, m.kind) for m in measures if m.source_kind == "prose"] == [
        ("创新平台", 309, "context"), ("创新平台", 334, "actual"),
        ("地区生产总值", 2694, "actual"), ("地区生产总值", 3847, "actual")]


def test_counts_listed_side_by_side_are_not_counts_of_named_things():
    measures = _measures("完成年度民生实事10项、民生微实事518件，用心办好10件民生实事、450项“民生微实事”。", "review")
    assert [(m.indicator, m.value, m.is_enumerated) for m in measures] == [
        ("民生实事", 10, False), ("民生微实事", 518, False), ("民生实事", 10, False), ("民生微实事", 450, False)]


def test_the_national_main_targets_and_their_review_name_the_same_indicators():
    # 2018 national report's main targets and the 2019 report's review of them.
    plan = ("今年发展主要预期目标是：国内生产总值增长6.5%左右；居民消费价格涨幅3%左右；城镇新增就业1100万人以上，"
            "城镇调查失业率5.5%以内；居民收入增长和经济增长基本同步；单位国内生产总值能耗下降3%以上；"
            "粮食产量保持在1.3万亿斤以上。")
    review = ("国内生产总值增长6.6%，总量突破90万亿元。居民消费价格上涨2.1%。城镇新增就业1361万人、"
              "调查失业率稳定在5%左右的较低水平。单位国内生产总值能耗下降3.1%。")
    targets = {(m.indicator_canonical, m.value, m.unit_raw, m.comparator) for m in _measures(plan, "plan")}
    assert targets == {("地区生产总值", 6.5, "%", "~"), ("居民消费价格涨幅", 3, "%", "~"),
                       ("城镇新增就业", 1100, "万人", ">="), ("城镇调查失业率", 5.5, "%", "<="),
                       ("单位地区生产总值能耗", -3, "%", "<="), ("粮食总产量", 1.3, "万亿斤", ">=")}
    # 居民收入…与经济增长同步 is a qualitative target about income, not about GDP.
    assert [m.indicator for m in extract_measures(plan, _doc("plan")) if m.measure_type == "qualitative"] == ["居民收入"]
    actuals = [(m.indicator_canonical, m.value, m.is_cumulative) for m in _measures(review, "review")]
    assert actuals == [("地区生产总值", 6.6, False), ("地区生产总值", 90, False), ("居民消费价格涨幅", 2.1, False),
                       ("城镇新增就业", 1361, False), ("城镇调查失业率", 5, False), ("单位地区生产总值能耗", -3.1, False)]


@pytest.mark.parametrize("name", SEED_FILES)
def test_each_measure_of_a_seed_lies_in_its_sentence_as_cut_from_the_document(name):
    # The warehouse's span test (dbt_project/tests) looks for the number in the sentence; this is
    # what makes that the same as looking in the document.
    parsed = parse_file((SEEDS_DIR / name).read_bytes(), hints_from_file_name(name))
    measures = 0
    for doc in parsed.documents:
        text = parsed.document_text(doc)
        for m in extract_measures(text, doc):
            assert text[m.sentence_start : m.sentence_end] == m.sentence
            assert m.sentence_start <= m.char_start < m.char_end <= m.sentence_end
            measures += 1
    assert measures > 0


def test_a_paragraph_opening_on_a_time_sets_the_time_of_what_follows_in_its_section():
    # 广东省 2023, a review of five years: 五年来 paragraphs count totals over the five, the
    # paragraph opening on 2022 and the one after it are about 2022 alone.
    text = ("五年来，我们坚定践行以人民为中心的发展思想。居民人均可支配收入超过4.5万元。城镇新增就业690万人。\n"
            "2022年是本届省政府的收官之年。预计全年地区生产总值增长2%左右，成绩殊为不易。\n"
            "一是稳住经济大盘。居民消费价格涨幅在3%以内，城镇新增就业132万人。")
    section = Section("一、过去五年工作回顾", 0, "review", 0, len(text), 2022, 2018, 2022)
    doc = replace(_doc("review", length=len(text)), sections=[section])
    measures = [(m.indicator, m.value, m.kind, m.year, m.year_from) for m in extract_measures(text, doc)]
    assert measures == [
        ("居民人均可支配收入", 4.5, "actual", 2022, None),
        ("城镇新增就业", 690, "actual", 2022, 2018),
        ("地区生产总值", 2, "estimate", 2022, None),
        ("居民消费价格", 3, "actual", 2022, None),
        ("城镇新增就业", 132, "actual", 2022, None),
    ]


def test_a_year_before_the_sections_span_is_background_to_its_own_paragraph():
    # 全国 1982: the part on the sixth five-year plan recalls 1980 before it states the plan.
    text = ("一九八○年，也就是第五个五年计划的最后一年，国务院曾拟订出第六个五年计划的基本轮廓。\n"
            "在这个期间，我国工农业总产值计划增长百分之二十一点七，平均每年递增百分之四。")
    section = Section("第六个五年计划", 0, "plan", 0, len(text), None, 1981, 1985)
    doc = replace(_doc("plan", length=len(text)), sections=[section], plan_year=1982, review_year=1981)
    measures = [(m.value, m.kind, m.year, m.year_from) for m in extract_measures(text, doc)]
    assert measures == [(21.7, "long_term_goal", 1985, 1981), (4, "long_term_goal", 1985, 1981)]


def test_months_set_apart_at_the_head_of_a_sentence_hold_for_each_of_its_clauses():
    # 龙华区 2024: 1-11月， covers the clauses after ；. 坪山区 2024: 1—11月 bound to its noun does not.
    kinds = [(k, v) for k, _, v, *_ in _meanings(
        "1-11月，规模以上工业总产值达5534亿元；固定资产投资增长27.6%；一般公共预算收入约160亿元，增长12%。", "review")]
    assert kinds == [("context", 5534), ("context", 27.6), ("context", 160), ("context", 12)]
    kinds = [(k, v) for k, _, v, *_ in _meanings(
        "1—11月固定资产投资总额增长17.9%；社会消费品零售总额增长27.1%，增速排名全市第一。", "review")]
    assert kinds == [("context", 17.9), ("actual", 27.1)]


def test_one_year_holds_past_its_paragraph_only_in_a_review():
    # 全国 1987, a part on the seventh five-year plan: the paragraph opening on 1986 reports 1986;
    # the paragraph after it is the plan's again.
    text = ("1986年是开始执行第七个五年计划的第一年。国民收入7790亿元，比上年增长7.4%。\n"
            "今后要使钢产量达到6000万吨。")
    section = Section("一、当前国内形势和基本任务", 0, "plan", 0, len(text), None, 1986, 1990)
    doc = replace(_doc("plan", length=len(text)), sections=[section], plan_year=1987, review_year=1986)
    measures = [(m.value, m.kind, m.year) for m in extract_measures(text, doc)]
    assert measures == [(7790, "actual", 1986), (7.4, "actual", 1986), (6000, "long_term_goal", 1990)]
