"""Reports as they are published (PDF, Word, web page, Big5, GBK) give the facts their text gives."""

import io

import opencc
import pytest

from parsers.decoding import NotAReportError
from parsers.documents import hints_from_file_name
from parsers.reports import parse_file, read_report
from parsers.statements import extract_measures
from tests.conftest import GONGSHU_REPORT, LINAN_TABLE, SEEDS_DIR, build_in_process, query
from tests.published_formats import big5_of, docx_of, pdf_of, ruled_table_pdf, scanned_pdf, web_page_of


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
    "pdf": lambda text, title: pdf_of(text),
    "docx": lambda text, title: docx_of(text),
    "html": lambda text, title: web_page_of(text, title),
    "html in gbk": lambda text, title: web_page_of(text, title, charset="gbk"),
    "html laid out in a table": lambda text, title: web_page_of(text, title, laid_out_in_a_table=True),
    "big5": lambda text, title: big5_of(text),
    "gbk": lambda text, title: text.encode("gbk"),
}


@pytest.mark.parametrize("published", PUBLISHED)
def test_the_gongshu_report_as_published_gives_the_facts_of_its_text(published):
    text = _seed(GONGSHU_REPORT)
    expected = facts(_same_characters(text, published), GONGSHU_REPORT)
    assert len(expected) > 50
    assert facts(PUBLISHED[published](text, "2023年拱墅区政府工作报告"), GONGSHU_REPORT) == expected


@pytest.mark.parametrize("published", ["pdf", "docx", "html", "big5", "gbk"])
def test_the_linan_completion_table_as_published_gives_the_rows_of_its_text(published):
    text = _seed(LINAN_TABLE)
    expected = facts(_same_characters(text, published), LINAN_TABLE)
    assert len({fact[-1] for fact in expected}) > 100  # table rows
    assert facts(PUBLISHED[published](text, "临安区2023年政府工作报告重点工作完成情况表"), LINAN_TABLE) == expected


# Lines that differ: PDFium reads a text object drawn again at another place through the page's
# transform (as reportlab lays out paragraphs) as a repeat and drops it.
def goals(data: bytes) -> list[tuple]:
    """Each completion row's number, goal, and whether the goal is the one of the rows above."""
    from parsers.tables import parse_completion_table

    return [(row.row_number, row.goal, row.goal_inherited) for row in parse_completion_table(read_report(data).normalized_text)]


def _goal_spans(rows: list[list[str]]) -> list[int]:
    """For each row, how many rows its goal cell spans when a publisher merges a goal over the rows
    that repeat it (an empty goal in the flattened text); 0 for a row under such a cell."""
    spans = [0] * len(rows)
    top = None
    for k, row in enumerate(rows):
        if len(row) == 4 and row[1] == "" and top is not None:
            spans[top] += 1
        else:
            top, spans[k] = (k, 1) if len(row) == 4 else (None, 1)
    return spans


def test_a_goal_merged_down_its_rows_in_a_web_page_or_word_table_is_each_row_s_goal():
    import docx

    from tests.published_formats import blocks_of

    text = _seed(LINAN_TABLE)
    expected = facts(text.encode(), LINAN_TABLE)
    expected_goals = goals(text.encode())
    (table,) = [block for block in blocks_of(text) if isinstance(block, list)]
    spans = _goal_spans(table)
    assert sum(inherited for *_, inherited in expected_goals) > 20
    assert sum(1 for span in spans if span > 1) > 20
    html_rows = []
    for row, span in zip(table, spans):
        cells = [f'<td colspan="4">{row[0]}</td>'] if len(row) == 1 else [
            f"<td>{cell}</td>" if k != 1 else (f'<td rowspan="{span}">{cell}</td>' if span else "")
            for k, cell in enumerate(row)]
        html_rows.append("<tr>" + "".join(cells) + "</tr>")
    page = ("<html><head><meta charset='utf-8'><title>重点工作完成情况表</title></head><body><div class='article'>"
            "<p>2023年政府工作报告重点工作完成情况表</p><table>" + "\n".join(html_rows) + "</table></div></body></html>")
    assert facts(page.encode(), LINAN_TABLE) == expected
    assert goals(page.encode()) == expected_goals

    document = docx.Document()
    document.add_paragraph("2023年政府工作报告重点工作完成情况表")
    word = document.add_table(rows=len(table), cols=4)
    for k, (row, span) in enumerate(zip(table, spans)):
        if len(row) == 1:
            word.cell(k, 0).merge(word.cell(k, 3)).text = row[0]
            continue
        for c, cell in enumerate(row):
            if c != 1 or span:
                word.cell(k, c).text = cell
        if span > 1:
            word.cell(k, 1).merge(word.cell(k + span - 1, 1))
    out = io.BytesIO()
    document.save(out)
    assert facts(out.getvalue(), LINAN_TABLE) == expected
    assert goals(out.getvalue()) == expected_goals


PROSE = "".join(f"各位代表，现在我代表区人民政府向大会报告第{k}部分的工作，请予审议。\n" for k in range(30))


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


@pytest.mark.parametrize("laid_out_in_a_table", [False, True])
def test_a_web_page_keeps_its_article_and_title_and_drops_menus_scripts_and_footer(laid_out_in_a_table):
    text = _seed(GONGSHU_REPORT)
    report = read_report(web_page_of(text, "2023年拱墅区政府工作报告", laid_out_in_a_table=laid_out_in_a_table))
    assert report.normalized_text.startswith("2023年拱墅区政府工作报告")
    for boilerplate in ("首页", "政务公开", "_hmt", "分享到", "版权所有", "浏览次数", "ICP备", "办事服务", "网站地图"):
        assert boilerplate not in report.normalized_text


def test_a_table_row_cut_by_a_page_break_is_one_row_and_the_repeated_header_is_dropped():
    from parsers.extract import extract_binary
    from parsers.tables import parse_completion_table

    header = ["序号", "工作目标", "工作任务", "完成情况"]
    data = ruled_table_pdf([
        [header, ["1", "稳就业", "全年新增城镇就业1.5万人以上。", "新增城镇就业1.8万人。"],
         ["2", "", "新建、改扩建公办幼儿园", "建成公办幼儿园"]],
        [header, ["", "", "5所以上。", "6所，新增学位1080个。"],
         ["3", "", "改造老旧小区20个。", "完成改造老旧小区23个。"]],
    ])
    text = extract_binary(data).text
    assert text.count("序号") == 1
    rows = [(row.row_number, row.goal, row.task.text, row.completion.text) for row in parse_completion_table(text)]
    assert rows == [
        (1, "稳就业", "全年新增城镇就业1.5万人以上。", "新增城镇就业1.8万人。"),
        (2, "稳就业", "新建、改扩建公办幼儿园5所以上。", "建成公办幼儿园6所，新增学位1080个。"),
        (3, "稳就业", "改造老旧小区20个。", "完成改造老旧小区23个。"),
    ]


@pytest.mark.parametrize("footer", ["- {page} -", "第{page}页", "第{page}页 共2页", "{page}/2"])
def test_a_page_number_does_not_split_a_table_or_a_paragraph(footer):
    from parsers.extract import extract_binary

    header = ["序号", "工作目标", "工作任务", "完成情况"]
    data = ruled_table_pdf([[header, ["1", "稳就业", "新增城镇就业", "新增城镇就业"]],
                            [["", "", "1.5万人。", "1.8万人。"]]], footer=footer)
    text = extract_binary(data).text
    assert "\t新增城镇就业1.5万人。\n\t新增城镇就业1.8万人。\n" in text
    assert "2" not in text.replace("1.", "")


def test_a_table_after_a_heading_on_the_next_page_is_a_table_of_its_own():
    from parsers.extract import extract_binary

    header = ["序号", "工作目标", "工作任务", "完成情况"]
    data = ruled_table_pdf([[header, ["1", "稳就业", "新增城镇就业1.5万人。", "新增1.8万人。"]],
                            [["", "", "附表二", "以上数据为快报数"]]], titles=["", "附表二 民生实事完成情况"])
    text = extract_binary(data).text
    assert "\t新增1.8万人。\n" in text and "附表二 民生实事完成情况" in text


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
        "拱墅区_2023_政府工作报告_big5.txt": (big5_of(gongshu), "text", GONGSHU_REPORT),
        "临安区_2023_政府工作报告重点工作完成情况表_gbk.txt": (table.encode("gbk"), "text", LINAN_TABLE),
        "拱墅区_2023_政府工作报告.pdf": (pdf_of(gongshu), "pdf", GONGSHU_REPORT),
        "拱墅区_2023_政府工作报告.html": (web_page_of(gongshu, "2023年拱墅区政府工作报告", "gbk"), "html", GONGSHU_REPORT),
        "拱墅区_2023_政府工作报告.docx": (docx_of(gongshu), "docx", GONGSHU_REPORT),
        "临安区_2023_政府工作报告重点工作完成情况表.docx": (docx_of(table), "docx", LINAN_TABLE),
        "临安区_2023_政府工作报告重点工作完成情况表.pdf": (pdf_of(table), "pdf", LINAN_TABLE),
        "临安区_2023_政府工作报告重点工作完成情况表.htm": (web_page_of(table, "重点工作完成情况表"), "html", LINAN_TABLE),
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
        assert got_format == source_format and (extractor or source_format == "text")
        got = query(db, """select kind, value, unit_raw, comparator, indicator, year, table_row from raw.measures
                           join raw.documents using (document_id) where file_name = ?""", [name])
        published = "big5" if name.endswith("_big5.txt") else source_format
        assert sorted(got, key=repr) == facts(_same_characters(_seed(seed), published), seed), name
        # Each span points into the extracted, normalized text: at its number as written.
        misplaced = query(db, """select m.value_raw, substr(d.normalized_text, m.char_start + 1, m.char_end - m.char_start)
                                 from raw.measures m join raw.documents d using (document_id)
                                 where d.file_name = ? and m.source_kind <> 'derived'
                                   and strpos(substr(d.normalized_text, m.char_start + 1, m.char_end - m.char_start),
                                              m.value_raw) = 0""", [name])
        assert not misplaced, (name, misplaced[:5])
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
