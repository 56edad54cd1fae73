"""From a file in the format it was published in (text, HTML page, PDF, Word) to the text a report is read from."""

from __future__ import annotations

import io
import re
import zipfile
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
# A PDF page with fewer visible characters than this on average has no text layer (a scan).
MIN_CHARS_PER_PDF_PAGE = 20


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
    return "; ".join(_version(name) for name in ("trafilatura", "pypdfium2", "python-docx"))


def extract_binary(data: bytes) -> Extracted:
    """The text of a PDF or Word file; anything else is left to decoding (Extracted.text is None).
    Raises NotAReportError for a file whose text cannot be had (scanned, encrypted, damaged, .doc)."""
    if data.startswith(b"%PDF"):
        pages = _pdf_pages(data)
        return Extracted("pdf", _version("pypdfium2"), "\n".join(pages), tuple(pages))
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

    body = trafilatura.extract(page, include_tables=True, include_comments=False, favor_recall=True,
                               output_format="txt")
    body = "\n".join(line for line in (body or "").split("\n") if not _PAGE_FURNITURE.match(line))
    if han_count(body) < MIN_HAN_CHARS:
        raise NotAReportError(f"the file is an HTML page without article text ({han_count(body)} Han characters "
                              "outside its menus and scripts)")
    meta = trafilatura.extract_metadata(page)
    title = (meta.title or "").strip() if meta else ""
    text = body if not title or body.lstrip().startswith(title) else f"{title}\n\n{body}"
    return Extracted("html", _version("trafilatura"), text)


def _pdf_pages(data: bytes) -> list[str]:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise NotAReportError("the PDF is encrypted (password protected); save an unprotected copy") from error
        raise NotAReportError(f"the PDF is damaged and cannot be opened: {error}") from error
    try:
        pages = []
        for page in document:
            text_page = page.get_textpage()
            pages.append(_pdfium_text(text_page.get_text_range()))
            text_page.close()
            page.close()
    finally:
        document.close()
    visible = sum(len("".join(text.split())) for text in pages)
    if visible < MIN_CHARS_PER_PDF_PAGE * max(len(pages), 1):
        raise NotAReportError(f"PDF has no text layer (scanned: {visible} characters on {len(pages)} page(s)); "
                              "OCR is not supported")
    return pages


def _pdfium_text(text: str) -> str:
    """PDFium ends its lines with CRLF and writes a hyphen at a line's end as U+FFFE."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufffe", "-")


def _is_docx(data: bytes) -> bool:
    try:
        return "word/document.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    except zipfile.BadZipFile:
        return False


def _docx_text(data: bytes) -> str:
    """Paragraphs and tables in reading order; a table row is flattened as the completion tables
    published as text are: each cell on a line of its own after a tab, rows apart by a blank line."""
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
            blocks.append("")
            for row in block.rows:
                cells, seen = [], set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell is listed once per grid column it spans
                        continue
                    seen.add(id(cell._tc))
                    cells.append(cell.text.replace("\n", ""))
                while cells and not cells[-1].strip():  # the grid's empty tail is not a cell of the text
                    cells.pop()
                blocks.append("\n".join("\t" + cell for cell in cells) + "\n")
    return "\n".join(blocks)
