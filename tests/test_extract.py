"""Reports as they are published (PDF, Word, web page, Big5, GBK) give the facts their text gives."""

import opencc
import pytest

from parsers.decoding import NotAReportError
from parsers.documents import hints_from_file_name
from parsers.reports import parse_file, read_report
from parsers.statements import extract_measures
from tests.conftest import GONGSHU_REPORT, LINAN_TABLE, SEEDS_DIR, build_in_process, query
from tests.published_formats import big5_of, docx_of, pdf_of, scanned_pdf, web_page_of


def facts(data: bytes, name: str) -> list[tuple]:
    parsed = parse_file(data, hints_from_file_name(name))
    return sorted(
        ((m.kind, m.value, m.unit_raw, m.comparator, m.indicator, m.year, m.table_row)
         for doc in parsed.documents for m in extract_measures(parsed.document_text(doc), doc)),
        key=repr,
    )


def _seed(name: str) -> str:
    return (SEEDS_DIR / name).read_text(encoding="utf-8")


def _same_characters(text: str, published: str) -> bytes:
    """The characters the published file holds, as UTF-8: Big5 is written in Traditional, and a
    round trip through it changes a few words (于潜 comes back as the place name 於潜)."""
    return (opencc.OpenCC("s2tw").convert(text) if published == "big5" else text).encode()


PUBLISHED = {
    "pdf": lambda text: pdf_of(text),
    "docx": lambda text: docx_of(text),
    "html": lambda text: web_page_of(text, "2023年拱墅区政府工作报告"),
    "html in gbk": lambda text: web_page_of(text, "2023年拱墅区政府工作报告", charset="gbk"),
    "big5": big5_of,
    "gbk": lambda text: text.encode("gbk"),
}


@pytest.mark.parametrize("published", PUBLISHED)
def test_the_gongshu_report_as_published_gives_the_facts_of_its_text(published):
    text = _seed(GONGSHU_REPORT)
    expected = facts(_same_characters(text, published), GONGSHU_REPORT)
    assert len(expected) > 50
    assert facts(PUBLISHED[published](text), GONGSHU_REPORT) == expected


@pytest.mark.parametrize("published", ["docx", "big5", "gbk"])
def test_the_linan_completion_table_as_published_gives_the_rows_of_its_text(published):
    text = _seed(LINAN_TABLE)
    expected = facts(_same_characters(text, published), LINAN_TABLE)
    assert len({fact[-1] for fact in expected}) > 100  # table rows
    assert facts(PUBLISHED[published](text), LINAN_TABLE) == expected


PROSE = "各位代表，现在我代表区人民政府向大会报告工作，请予审议。\n" * 30


@pytest.mark.parametrize("data, source_format, extractor, encoding", [
    (pdf_of(PROSE), "pdf", "pypdfium2", None),
    (docx_of(PROSE), "docx", "python-docx", None),
    (web_page_of(PROSE, "政府工作报告", charset="gbk"), "html", "trafilatura", "gb18030"),
    (big5_of(PROSE), "text", "", "big5"),
    (PROSE.encode(), "text", "", "utf-8"),
])
def test_a_file_records_its_format_extractor_and_encoding(data, source_format, extractor, encoding):
    report = read_report(data)
    assert (report.source_format, report.extractor.split(" ")[0], report.encoding) == (
        source_format, extractor, encoding)


def test_a_web_page_keeps_its_article_and_title_and_drops_menus_scripts_and_footer():
    text = _seed(GONGSHU_REPORT)
    report = read_report(web_page_of(text, "2023年拱墅区政府工作报告"))
    assert report.normalized_text.startswith("2023年拱墅区政府工作报告")
    for boilerplate in ("首页", "政务公开", "_hmt", "分享到", "版权所有", "浏览次数", "ICP备"):
        assert boilerplate not in report.normalized_text


@pytest.mark.parametrize("data, reason", [
    (scanned_pdf(), "PDF has no text layer (scanned: 0 characters on 3 page(s)); OCR is not supported"),
    (pdf_of("各位代表：" * 200, encrypt="secret"), "the PDF is encrypted (password protected)"),
    (b"%PDF-1.4\n" + b"0 obj garbage " * 100, "the PDF is damaged and cannot be opened"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000), "the file is an old binary Word or Excel document (.doc/.xls)"),
    ("<html><head><script>x()</script></head><body><div class='nav'><a href='/'>首页</a></div></body></html>".encode(),
     "the file is an HTML page without article text"),
])
def test_a_file_whose_text_cannot_be_had_is_rejected_with_its_reason(data, reason):
    with pytest.raises(NotAReportError) as rejected:
        read_report(data)
    assert rejected.value.reason.startswith(reason)


@pytest.mark.e2e
def test_a_folder_of_published_formats_builds_and_the_unreadable_ones_are_rejected(tmp_path):
    gongshu, table = _seed(GONGSHU_REPORT), _seed(LINAN_TABLE)
    reports = tmp_path / "reports"
    reports.mkdir()
    loaded = {
        "拱墅区_2023_政府工作报告.pdf": (pdf_of(gongshu), "pdf", GONGSHU_REPORT),
        "拱墅区_2023_政府工作报告.html": (web_page_of(gongshu, "2023年拱墅区政府工作报告", "gbk"), "html", GONGSHU_REPORT),
        "拱墅区_2023_政府工作报告.docx": (docx_of(gongshu), "docx", GONGSHU_REPORT),
        "临安区_2023_政府工作报告重点工作完成情况表.docx": (docx_of(table), "docx", LINAN_TABLE),
    }
    rejected = {
        "scanned.pdf": (scanned_pdf(), "PDF has no text layer"),
        "locked.pdf": (pdf_of(gongshu, encrypt="secret"), "the PDF is encrypted"),
        "old.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000), "the file is an old binary Word"),
    }
    for name, (data, *_) in {**loaded, **rejected}.items():
        (reports / name).write_bytes(data)
    db = tmp_path / "warehouse.duckdb"
    result = build_in_process(reports, db)
    assert result.returncode == 0, result.stderr[-3000:]
    for name, (data, source_format, seed) in loaded.items():
        ((got_format, extractor),) = query(db, "select source_format, extractor from raw.files where file_name = ?", [name])
        assert got_format == source_format and extractor
        got = query(db, """select kind, value, unit_raw, comparator, indicator, year, table_row from raw.measures
                           join raw.documents using (document_id) where file_name = ?""", [name])
        assert sorted(got, key=repr) == facts(_seed(seed).encode(), seed), name
    for name, (_, reason) in rejected.items():
        ((stage, got),) = query(db, "select stage, reason from raw.rejected_files where file_name = ?", [name])
        assert stage == "decode" and got.startswith(reason)


def test_each_measure_of_a_pdf_knows_the_page_it_is_on():
    from parsers.extract import extract_binary
    from parsers.normalize import normalize_text

    data = pdf_of(_seed(GONGSHU_REPORT))
    pages = ["".join(normalize_text(page).text.split()) for page in extract_binary(data).pages]
    assert len(pages) >= 3
    parsed = parse_file(data, hints_from_file_name(GONGSHU_REPORT))
    checked = 0
    for doc in parsed.documents:
        text = parsed.document_text(doc)
        for m in extract_measures(text, doc):
            written = "".join(text[m.char_start : m.char_end].split())
            holding = [number for number, page in enumerate(pages, start=1) if written in page]
            if len(holding) == 1:  # the figure's wording is on one page only
                assert parsed.page_at(doc.char_start + m.char_start) == holding[0], written
                checked += 1
    assert checked > 30
    assert parse_file(_seed(GONGSHU_REPORT).encode()).page_at(100) is None
