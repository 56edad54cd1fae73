"""Every real report of the development corpus is read as what it is: kind, region, one document."""

import pytest

from evaluation.evaluate import CORPUS
from parsers.decoding import NotAReportError
from parsers.documents import hints_from_file_name, split_region_chain
from parsers.regions import resolve
from parsers.reports import parse_file

REPORTS = sorted(CORPUS.rglob("*.txt"))


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_each_corpus_report_is_one_government_work_report_of_its_region(path):
    try:
        parsed = parse_file(path.read_bytes(), hints_from_file_name(path.name))
    except NotAReportError as exc:
        # 坪山区 2021 is a saved page of menus without the report.
        assert "no report prose" in exc.reason
        return
    (document,) = parsed.documents
    assert document.kind == "government_work_report"
    expected = resolve(split_region_chain(hints_from_file_name(path.name).region))
    assert (document.region, document.region_code) == (expected.name, expected.code)
    assert document.plan_year and document.review_year == document.plan_year - 1


def test_one_corpus_file_is_rejected_and_the_rest_parse():
    rejected = []
    for path in REPORTS:
        try:
            parse_file(path.read_bytes(), hints_from_file_name(path.name))
        except NotAReportError:
            rejected.append(path.name)
    assert rejected == ["深圳市坪山区_2021_政府工作报告.txt"]
