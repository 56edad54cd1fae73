from datetime import date

import pytest

from parsers.regions import resolve
from parsers.documents import (
    ExternalHints,
    hints_for,
    hints_from_file_name,
    read_manifest,
    split_documents,
    split_region_chain,
)
from parsers.reports import parse_file
from tests.conftest import GONGSHU_REPORT, LINAN_REPORTS, LINAN_TABLE, SEEDS_DIR, YUHANG_REPORT


def _documents(name: str):
    return parse_file((SEEDS_DIR / name).read_bytes(), hints_from_file_name(name)).documents


def test_a_file_holding_two_reports_splits_in_two():
    party, government = _documents(LINAN_REPORTS)
    assert party.kind == "party_plenary_report"
    assert party.speaker == "杨国正" and party.document_date == date(2022, 12, 30)
    assert government.kind == "government_work_report"
    assert government.title == "政府工作报告"
    assert government.speaker == "杨泽伟" and government.document_date == date(2023, 1, 18)
    assert party.char_end == government.char_start


def test_region_comes_from_the_congress_or_party_committee_named_in_the_text():
    party, government = _documents(LINAN_REPORTS)
    for doc in (party, government):
        assert (doc.region, doc.region_level, doc.region_parents, doc.region_source) == (
            "临安区", "district", ["浙江省", "杭州市"], "text")
    (yuhang,) = _documents(YUHANG_REPORT)
    assert (yuhang.region, yuhang.region_parents, yuhang.speaker) == ("余杭区", ["浙江省", "杭州市"], "王牮")


def test_a_plenary_report_in_december_plans_the_next_year():
    party, government = _documents(LINAN_REPORTS)
    assert (party.review_year, party.plan_year) == (2022, 2023)
    assert (government.review_year, government.plan_year) == (2022, 2023)
    (yuhang,) = _documents(YUHANG_REPORT)
    assert (yuhang.review_year, yuhang.plan_year) == (2021, 2022)


def test_sections_know_whether_they_review_or_plan():
    _, government = _documents(LINAN_REPORTS)
    headings = {s.heading: (s.level, s.orientation, s.year) for s in government.sections}
    assert headings["2022年工作回顾"] == (0, "review", 2022)
    assert headings["2023年政府主要工作安排"] == (0, "plan", 2023)
    assert headings["一、以更强的定力促产兴业，推动总量和质量“双提升”"] == (1, "plan", 2023)
    party, _ = _documents(LINAN_REPORTS)
    orientations = [s.orientation for s in party.sections if s.level == 1]
    # 一、充分肯定成绩 reviews; the chapters after it plan.
    assert orientations == ["review", "plan", "plan", "plan"]


def test_a_text_opening_mid_sentence_is_partial_and_still_parsed():
    (gongshu,) = _documents(GONGSHU_REPORT)
    assert gongshu.is_partial
    assert (gongshu.region, gongshu.kind, gongshu.speaker) == ("拱墅区", "government_work_report", "冯晶")
    assert gongshu.document_date == date(2023, 1, 7)
    assert [s.heading for s in gongshu.sections if s.level == 1] == ["三、全面加强政府自身建设"]


def test_a_completion_table_without_a_region_takes_it_from_the_file_name():
    (table,) = _documents(LINAN_TABLE)
    assert table.kind == "completion_table"
    assert (table.region, table.region_source) == ("临安区", "file_name")
    assert (table.plan_year, table.review_year) == (2023, 2023)
    assert table.title == "2023年政府工作报告重点工作完成情况表"


def test_file_name_hints():
    hints = hints_from_file_name("reports/杭州市_2024_政府工作报告.txt")
    assert (hints.region, hints.year, hints.kind, hints.source) == ("杭州市", 2024, "government_work_report", "file_name")
    assert hints_from_file_name("report.txt") == ExternalHints()


@pytest.mark.parametrize(
    ("file_name", "region", "year"),
    [("龙岗区2024年政府工作报告_2024.txt", "龙岗区", 2024),
     ("广东省政府工作报告_2022年.txt", "广东省", 2022),
     ("2014年政府工作报告（在深圳市罗湖区第六届人民代表大会第三次会议上）_2014.txt", "深圳市罗湖区", 2014),
     ("深圳市宝安区人民政府区长姚任在深圳市宝安区第六届人民代表大会第一次会议上作政府工作报告_2016.txt", "深圳市宝安区", 2016),
     ("国务院政府工作报告_2016年.txt", "全国", 2016),
     ("福田区政府工作报告（2018）_2018.txt", "福田区", 2018),
     ("大鹏新区2024年管理委员会工作报告_2024.txt", "大鹏新区", 2024)],
)
def test_file_names_as_sites_publish_them_give_region_and_year(file_name, region, year):
    hints = hints_from_file_name(file_name)
    assert (hints.region, hints.year, hints.source) == (region, year, "file_name")


def test_an_area_the_gazetteer_lacks_speaks_through_its_management_committee():
    text = ("各位代表：\n　　现在，我代表光明新区管理委员会，向大会报告管委会工作，请各位人大代表、政协委员提出意见。\n"
            "　　一、2015年工作回顾\n" + "深圳市光明新区全年地区生产总值增长9.5%，深圳市委部署全面落实。" * 20
            + "\n　　二、2016年工作安排\n　　今年主要预期目标是：地区生产总值增长8%。\n")
    (doc,) = split_documents(text)
    assert (doc.region, doc.region_code, doc.region_level, doc.region_source) == ("光明新区", None, "unlisted", "text")
    assert doc.kind == "government_work_report"
    assert doc.region_parents == ["广东省", "深圳市"]
    # A district the gazetteer lists is still the gazetteer's.
    (doc,) = split_documents(text.replace("光明新区管理委员会", "深圳市光明区人民政府"))
    assert (doc.region, doc.region_code, doc.region_level) == ("光明区", "440311", "district")


def test_manifest_rows_override_the_file_name_and_bad_rows_name_their_line():
    manifest = read_manifest("file_name,region,year,kind\nsummary.txt,浙江省,2023,government_work_report\n")
    assert hints_for("summary.txt", manifest) == ExternalHints("浙江省", 2023, "government_work_report", "manifest")
    assert hints_for("杭州市_2024_x.txt", manifest).source == "file_name"
    with pytest.raises(ValueError, match="line 2: year '23'"):
        read_manifest("file_name,region,year\nsummary.txt,浙江省,23\n")
    with pytest.raises(ValueError, match="header"):
        read_manifest("name,place\na.txt,b\n")


def test_text_without_metadata_uses_the_manifest():
    text = "（紧接3版）全年新增城镇就业1.2万人，推进重点项目60个。" * 20
    (doc,) = split_documents(text, ExternalHints("宁波市", 2024, None, "manifest"))
    assert (doc.region, doc.region_level, doc.region_source) == ("宁波市", "city", "manifest")
    assert (doc.plan_year, doc.review_year, doc.year_source) == (2024, 2023, "manifest")
    assert doc.is_partial


@pytest.mark.parametrize(
    ("name", "level"),
    [("全国", "national"), ("浙江省", "province"), ("上海市", "province"), ("杭州市", "city"),
     ("临安区", "district"), ("淳安县", "county"), ("广西壮族自治区", "province"), ("恩施土家族苗族自治州", "city")],
)
def test_region_levels_come_from_the_gazetteer(name, level):
    assert resolve(split_region_chain(name)).level == level


def test_a_name_the_gazetteer_lacks_is_not_a_region():
    assert resolve(["我代表南山区"]) is None and resolve(split_region_chain("十六届人民代表大会第五次会议上涞源县")) is None
    # 南山区 exists in 深圳市 and in 鹤岗市: the parent named decides.
    assert resolve(["深圳市", "南山区"]).code == "440305" and resolve(["鹤岗市", "南山区"]).code == "230404"


def test_region_chains_split_into_units():
    assert split_region_chain("浙江省杭州市临安区") == ["浙江省", "杭州市", "临安区"]


def test_national_and_provincial_reports():
    national = "政府工作报告\n——2024年3月5日在第十四届全国人民代表大会第二次会议上\n国务院总理李强\n各位代表：" + "现在，我代表国务院向大会报告政府工作。" * 30
    (doc,) = split_documents(national)
    assert (doc.region, doc.region_level, doc.speaker, doc.plan_year) == ("全国", "national", "李强", 2024)
    provincial = "政府工作报告\n——2024年1月23日在浙江省第十四届人民代表大会第二次会议上\n浙江省省长王浩\n" + "各位代表。" * 50
    (doc,) = split_documents(provincial)
    assert (doc.region, doc.region_level, doc.speaker) == ("浙江省", "province", "王浩")


def test_plan_execution_reports_are_recognised():
    text = "关于杭州市2023年国民经济和社会发展计划执行情况与2024年计划草案的报告\n" + "各位代表。" * 60
    (doc,) = split_documents(text)
    assert doc.kind == "plan_execution_report"


def test_a_table_whose_title_names_no_region_takes_the_region_its_body_names_most():
    # The 临安 completion table under a file name that names no region: 临安 is named in its rows.
    text = (SEEDS_DIR / LINAN_TABLE).read_bytes()
    (table,) = parse_file(text, hints_from_file_name("2023_重点工作完成情况表.txt")).documents
    assert (table.region, table.region_source, table.region_parents) == ("临安区", "body", ["浙江省", "杭州市"])
