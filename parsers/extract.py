"""From a file in the format it was published in (text, HTML page, PDF, Word) to the text a report is read from."""

from __future__ import annotations

import copy
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata

from parsers.decoding import MIN_HAN_CHARS, NotAReportError, han_count

# A page saved from a browser, whatever its file name says.
_HTML_START = re.compile(r"\s*(?:<\?xml[^>]*>\s*)?<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE)
_TAG = re.compile(r"</?(?:div|p|span|a|br|table|tr|td|li|ul|script|style|meta|img)\b[^>]{0,500}>", re.IGNORECASE)
# Tags per 1,000 characters above which a text is a web page rather than a report that quotes one.
HTML_TAGS_PER_1000 = 2
# Page furniture a site prints inside the article's frame: breadcrumbs, date and source lines,
# counters, share and print links.
_PAGE_FURNITURE = re.compile(
    r"^\s*(?:当前位置|您现在的位置|发布时间|发布日期|来源[:：]|信息来源|浏览次数|访问量|阅读次数|点击数|分享到|【\s*字体"
    r"|字号[:：]|打印本页|关闭窗口|扫一扫|责任编辑)"
)
# Trafilatura marks a heading in its text output as Markdown does.
_MARKDOWN_HEADING = re.compile(r"^#{1,6} ")
# A page number printed above or below a page's text: - 3 -, 第3页, 第3页 共20页, 3/20, 3.
_PAGE_NUMBER = re.compile(r"^\s*(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
                          r"|\d{1,4}\s*/\s*\d{1,4}|\d{1,4})\s*$")
# A PDF page with fewer visible characters than this on average has no text layer (a scan).
MIN_CHARS_PER_PDF_PAGE = 20
# A PDF page whose drawn paths have at least this many segments (the 3 + 3 lines of the smallest
# ruled grid, two lines each) may hold a table; only those pages are given to pdfplumber's table
# finder, which is slower than reading the text.
MIN_SEGMENTS_FOR_TABLE = 12
# A table cell longer than this is a page layout holding the article, not a cell of data.
MAX_TABLE_CELL_CHARS = 1500


@dataclass(frozen=True)
class Extracted:
    source_format: str  # text, html, pdf or docx
    extractor: str  # the library and version that pulled the text out; "" for text files
    text: str | None  # None for a text file: decoding.py decodes its bytes
    pages: tuple[str, ...] = ()  # a PDF's text page by page (text is them joined by line breaks)


@lru_cache(maxsize=None)
def _version(distribution: str) -> str:
    return f"{distribution} {metadata.version(distribution)}"


def extractor_versions() -> str:
    """Every extractor with its version: a file parsed with other versions is parsed again."""
    return "; ".join(_version(name) for name in ("trafilatura", "lxml", "pypdfium2", "pdfplumber", "python-docx"))


def flattened_table(rows: Iterable[Sequence[str | None]]) -> str:
    """A table as completion tables published as text are: each cell on a line of its own after
    a tab, rows apart by a blank line. A cell covered by a merged one (None) is empty, and a
    row's empty tail (a cell merged across the row, the grid's spare columns) is not part of it."""
    flat = [""]
    for row in rows:
        cells = [_one_line(cell) for cell in row]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            flat.append("\n".join("\t" + cell for cell in cells) + "\n")
    return "\n".join(flat)


def _one_line(cell: str | None) -> str:
    """A cell's text wrapped inside the cell is one line again: Chinese joins without a space."""
    return re.sub(r"[ \t\xa0\u3000]*\n\s*", "", (cell or "").strip())


def extract_binary(data: bytes) -> Extracted:
    """The text of a PDF or Word file; anything else is left to decoding (Extracted.text is None).
    Raises NotAReportError for a file whose text cannot be had (scanned, encrypted, damaged, .doc)."""
    if data.startswith(b"%PDF"):
        pages = _pdf_pages(data)
        return Extracted("pdf", f"{_version('pypdfium2')}; {_version('pdfplumber')} (ruled tables)", "\n".join(pages),
                         tuple(pages))
    if data.startswith(b"PK\x03\x04") and _is_docx(data):
        return Extracted("docx", _version("python-docx"), _docx_text(data))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise NotAReportError("the file is an old binary Word or Excel document (.doc/.xls), which cannot be read; "
                              "save it as .docx or .txt")
    return Extracted("text", "", None)


def is_html(text: str) -> bool:
    tags = sum(1 for _ in _TAG.finditer(text))
    return bool(_HTML_START.match(text)) or tags > HTML_TAGS_PER_1000 * len(text) / 1000


def html_text(page: str) -> Extracted:
    """The article of a web page, its title first: navigation, scripts, share bars and footers dropped."""
    import trafilatura
    from trafilatura.utils import load_html

    tree = load_html(page)
    if tree is None:
        raise NotAReportError("the file is an HTML page that cannot be parsed")
    meta = trafilatura.extract_metadata(copy.deepcopy(tree))
    tables = _lift_data_tables(tree)
    body = trafilatura.extract(tree, include_tables=True, include_comments=False, favor_recall=True,
                               output_format="txt") or ""
    body = "\n".join(_MARKDOWN_HEADING.sub("", line) for line in body.split("\n") if not _PAGE_FURNITURE.match(line))
    for mark, table in tables.items():  # each table back where it stood, or after the text if that was dropped
        body, found = re.subn(f"^{mark}.*$", lambda _: table, body, count=1, flags=re.MULTILINE)
        body = body if found else f"{body}\n{table}"
    if han_count(body) < MIN_HAN_CHARS:
        raise NotAReportError(f"the file is an HTML page without article text ({han_count(body)} Han characters "
                              "outside its menus and scripts)")
    title = (meta.title or "").strip() if meta else ""
    text = body if not title or body.lstrip().startswith(title) else f"{title}\n\n{body}"
    return Extracted("html", f"{_version('trafilatura')}; {_version('lxml')} (tables)", text)


def _lift_data_tables(tree) -> dict[str, str]:
    """Takes each table of data out of the tree, leaving a paragraph in its place that holds a
    mark and the table's words (so the article weighs as much to trafilatura as before); returns
    each mark with its table flattened. Trafilatura would run the cells into one paragraph and
    lose the empty ones a completion table relies on. A table that lays the page out (a cell
    longer than any cell of data) becomes plain blocks, so that the article is not read as a cell."""
    tables = {}
    outer = tree.xpath("//table[.//table]")  # before the tables inside them are lifted
    for table in tree.xpath("//table[not(.//table)]"):
        rows = _html_grid(table)
        if _is_layout(rows):
            _unwrap(table)
        elif sum(1 for row in rows if sum(1 for cell in row if cell) >= 2) >= 2:
            mark = f"表格{len(tables) + 1:04d}号"
            placeholder = table.makeelement("p")
            placeholder.text = " ".join([mark, *(cell for row in rows for cell in row if cell)])
            placeholder.tail = table.tail
            table.getparent().replace(table, placeholder)
            tables[mark] = flattened_table(rows)
    for table in outer:
        if _is_layout(_html_grid(table)):
            _unwrap(table)
    return tables


def _unwrap(table) -> None:
    """A layout table as plain blocks."""
    for part in (table, *table.xpath(".//tr|.//td|.//th|.//tbody|.//thead|.//tfoot")):
        part.tag = "div"


def _is_layout(rows: list[list[str | None]]) -> bool:
    return any(len(cell or "") > MAX_TABLE_CELL_CHARS for row in rows for cell in row)


def _html_grid(table) -> list[list[str | None]]:
    """A table's rows with each merged cell's text in its first grid cell and None in the others."""
    grid: list[list[str | None]] = []
    covered: set[tuple[int, int]] = set()  # grid cells under a cell spanning rows above them
    for r, tr in enumerate(table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")):
        row: list[str | None] = []

        def skip_covered() -> None:
            while (r, len(row)) in covered:
                covered.discard((r, len(row)))
                row.append(None)

        for td in tr.xpath("./td|./th"):
            skip_covered()
            columns, rows = _span(td.get("colspan")), _span(td.get("rowspan"))
            covered.update((r + below, len(row) + c) for below in range(1, rows) for c in range(columns))
            row.extend([td.text_content().strip(), *[None] * (columns - 1)])
        skip_covered()
        grid.append(row)
    return grid


def _span(value: str | None) -> int:
    return min(int(value), 100) if value and value.strip().isdigit() and int(value) > 0 else 1


def _pdf_pages(data: bytes) -> list[str]:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise NotAReportError("the PDF is encrypted (password protected); save an unprotected copy") from error
        raise NotAReportError(f"the PDF is damaged and cannot be opened: {error}") from error
    try:
        pages, ruled = [], []
        for number, page in enumerate(document):
            text_page = page.get_textpage()
            pages.append(_without_page_number(_pdfium_text(text_page.get_text_range())))
            text_page.close()
            if _path_segments(page) >= MIN_SEGMENTS_FOR_TABLE:
                ruled.append(number)
            page.close()
        visible = sum(len("".join(text.split())) for text in pages)
        if visible < MIN_CHARS_PER_PDF_PAGE * max(len(pages), 1):
            raise NotAReportError(f"PDF has no text layer (scanned: {visible} characters on {len(pages)} page(s)); "
                                  "OCR is not supported")
        blocks = {number: _page_blocks(document[number], tables) for number, tables in _ruled_tables(data, ruled).items()}
    finally:
        document.close()
    _join_tables_across_pages(blocks)
    for number, page_blocks in blocks.items():
        pages[number] = "\n".join(block if isinstance(block, str) else flattened_table(block)
                                   for block in page_blocks if block)
    return pages


def _path_segments(page) -> int:
    import pypdfium2.raw as pdfium_c

    return sum(pdfium_c.FPDFPath_CountSegments(path.raw) for path in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH]))


# A box on a page as pdfplumber gives it: left, top, right, bottom, from the page's top left.
Box = tuple[float, float, float, float]


def _ruled_tables(data: bytes, ruled: list[int]) -> dict[int, list[tuple[Box, list[list[Box | None]]]]]:
    """Each ruled table on the given pages, top to bottom: its box and its rows of cell boxes
    (None where a merged cell covers the grid). Only the lines are pdfplumber's: the text in the
    boxes is PDFium's, which reads more CJK PDFs right (benchmarks/formats.py)."""
    import pdfplumber

    if not ruled:
        return {}
    found = {}
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number in ruled:
            tables = sorted(pdf.pages[number].find_tables(), key=lambda table: table.bbox[1])
            if tables:
                found[number] = [(table.bbox, [list(row.cells) for row in table.rows]) for table in tables]
    return found


def _page_blocks(page, tables: list[tuple[Box, list[list[Box | None]]]]) -> list[str | list[list[str | None]]]:
    """A page with tables as the text above each table, the table's rows of cell texts, and the
    text below the last: band text, table, band text, ..., band text."""
    text_page = page.get_textpage()
    width, height = page.get_size()

    def text_in(left: float, top: float, right: float, bottom: float) -> str:
        if bottom - top < 1:
            return ""
        return _pdfium_text(text_page.get_text_bounded(left, height - bottom, right, height - top))

    blocks: list[str | list[list[str | None]]] = []
    above = 0.0
    for (_, top, _, bottom), rows in tables:
        blocks.append(text_in(0, above, width, top))
        blocks.append([[text_in(*cell) if cell else None for cell in row] for row in rows])
        above = bottom
    blocks.append(text_in(0, above, width, height))
    text_page.close()
    blocks[0], blocks[-1] = _without_page_number(blocks[0]), _without_page_number(blocks[-1])
    return blocks


def _join_tables_across_pages(blocks: dict[int, list[str | list[list[str | None]]]]) -> None:
    """A table running on from the page before (nothing but the page number between them) is one
    table: the header row the page repeats is dropped, and a row the page break cut in two (its
    first cell empty) is joined, cell by cell, to the row it began on."""
    headers: dict[int, list[str | None]] = {}  # the header row of the table each page ends with
    for number, page_blocks in sorted(blocks.items()):
        before = blocks.get(number - 1)
        runs_on = bool(before) and not han_count(before[-1]) and not han_count(page_blocks[0])
        rows = page_blocks[1]
        header = headers[number - 1] if runs_on else (rows[0] if rows else None)
        if runs_on:
            above = before[-2]
            if rows and rows[0] == header:
                del rows[0]
            if rows and above and not (rows[0][0] or "").strip() and len(rows[0]) == len(above[-1]):
                above[-1] = ["".join(part.strip() for part in pair if part) or None for pair in zip(above[-1], rows.pop(0))]
        last = page_blocks[-2]
        headers[number] = header if last is rows else (last[0] if last else None)


def _without_page_number(text: str) -> str:
    """A page's text without the page number printed above or below it: it would split a
    paragraph that runs on to the next page."""
    lines = text.split("\n")
    for end in (-1, 0):
        while lines and not lines[end].strip():
            lines.pop(end)
        if lines and _PAGE_NUMBER.match(lines[end]):
            lines.pop(end)
    return "\n".join(lines)


def _pdfium_text(text: str) -> str:
    """PDFium ends its lines with CRLF and writes a hyphen at a line's end as U+FFFE."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufffe", "-")


def _is_docx(data: bytes) -> bool:
    try:
        return "word/document.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    except zipfile.BadZipFile:
        return False


def _docx_text(data: bytes) -> str:
    """Paragraphs and tables in reading order, each table flattened row by row."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises several kinds for a broken package
        raise NotAReportError(f"the Word file is damaged and cannot be opened: {error}") from error
    blocks = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            blocks.append(block.text)
        elif isinstance(block, Table):
            blocks.append(flattened_table(_docx_grid(block)))
    return "\n".join(blocks)


def _docx_grid(table) -> list[list[str | None]]:
    """A Word table's rows; python-docx lists a merged cell in every grid cell it covers, and
    each one after the first (to its left or above it) is None here."""
    grid, above = [], []
    for row in table.rows:
        cells = row.cells
        grid.append([None if (k and cell._tc is cells[k - 1]._tc) or (k < len(above) and cell._tc is above[k]._tc)
                     else cell.text for k, cell in enumerate(cells)])
        above = cells
    return grid
