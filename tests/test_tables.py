from parsers.tables import parse_completion_table, parse_target_tables
from tests.conftest import LINAN_TABLE


def test_the_completion_table_has_all_158_rows_in_order(seed_texts):
    rows = parse_completion_table(seed_texts[LINAN_TABLE])
    assert [r.row_number for r in rows] == list(range(1, 159))
    assert {r.chapter[:2] for r in rows} == {"一、", "二、", "三、", "四、", "五、"}


def test_empty_goal_cells_inherit_the_goal_above_within_a_chapter(seed_texts):
    rows = {r.row_number: r for r in parse_completion_table(seed_texts[LINAN_TABLE])}
    assert (rows[1].goal, rows[1].goal_inherited) == ("扩空间", False)
    assert (rows[3].goal, rows[3].goal_inherited) == ("扩空间", True)
    assert rows[3].task.text == "消化清理批而未供、供而未用、用而未尽土地9500亩以上。"
    assert rows[3].completion.text.startswith("全年共清理“三块地”22853亩")


def test_cells_broken_over_lines_are_joined(seed_texts):
    rows = {r.row_number: r for r in parse_completion_table(seed_texts[LINAN_TABLE])}
    # The PDF broke the goal cell of row 59 as 打造现代 / 农业.
    assert rows[59].goal == "打造现代农业"
    assert rows[60].goal == "打造现代农业"


def test_cell_spans_point_into_the_text(seed_texts):
    text = seed_texts[LINAN_TABLE]
    for row in parse_completion_table(text):
        for cell in (row.task, row.completion):
            assert text[cell.char_start : cell.char_end] == cell.text


def test_header_order_decides_the_columns():
    text = "\t序号\n\t工作任务\n\t完成情况\n\t1\n\t新建5G基站300个。\n\t建成5G基站320个。\n\t2\n\t新增绿地10万平方米。\n\t新增绿地12万平方米。\n"
    rows = parse_completion_table(text)
    assert [(r.row_number, r.task.text, r.completion.text, r.goal) for r in rows] == [
        (1, "新建5G基站300个。", "建成5G基站320个。", ""),
        (2, "新增绿地10万平方米。", "新增绿地12万平方米。", ""),
    ]


def test_target_tables_stop_at_the_first_row_that_is_not_one():
    text = "指标名称\n目标\n实际\n地区生产总值增长（%）\n6左右\n6.1\n研发投入强度（%）\n3.2\n3.3\n二、主要工作\n这一年我们做了很多工作。\n"
    rows = parse_target_tables(text)
    assert [(r.indicator.text, r.target.text, r.actual.text) for r in rows] == [
        ("地区生产总值增长（%）", "6左右", "6.1"), ("研发投入强度（%）", "3.2", "3.3")]
