"""A report's text as governments publish it: a PDF with a text layer, a Word file with real tables,
a web page with navigation and scripts around the article, Big5 or GBK bytes. Used by the tests
and benchmarks/formats.py; the text is the seeds' own."""

from __future__ import annotations

import html
import io
import textwrap

import opencc

# A line of an A4 page at 12 pt in STSong-Light, as a PDF typesetter breaks a paragraph.
_PDF_LINE_CHARS = 38


def pdf_of(text: str, *, encrypt: str | None = None) -> bytes:
    """A PDF with a text layer in reportlab's built-in CJK font; each paragraph wrapped into lines."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4, encrypt=encrypt)
    width, height = A4
    y = height - 50
    for paragraph in text.splitlines():
        for line in textwrap.wrap(paragraph, _PDF_LINE_CHARS) or [""]:
            if y < 50:
                page.showPage()
                y = height - 50
            page.setFont("STSong-Light", 12)
            page.drawString(40, y, line)
            y -= 18
    page.save()
    return out.getvalue()


def scanned_pdf(pages: int = 3) -> bytes:
    """A PDF of page images only, as a scanner makes it: no text layer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    for _ in range(pages):
        page.rect(50, 50, 480, 700, fill=1)
        page.showPage()
    page.save()
    return out.getvalue()


def docx_of(text: str) -> bytes:
    """A Word file: lines as paragraphs, and each run of tab-indented blocks (a completion table
    flattened as text: a row per block, a cell per line) as the rows of one real Word table, a
    chapter row as one cell merged across the table."""
    import docx

    document = docx.Document()
    rows: list[list[str]] = []

    def add_table() -> None:
        width = max(len(cells) for cells in rows)
        table = document.add_table(rows=0, cols=width)
        for cells in rows:
            row = table.add_row()
            if len(cells) == 1 and width > 1:
                row.cells[0].merge(row.cells[width - 1])
            for k, cell in enumerate(cells):
                row.cells[k].text = cell
        rows.clear()

    for block in text.split("\n\n"):
        lines = [line for line in block.split("\n") if line]
        if lines and all(line.startswith("\t") for line in lines):
            rows.append([line[1:] for line in lines])
            continue
        if rows:
            add_table()
        for line in lines:
            document.add_paragraph(line)
    if rows:
        add_table()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def web_page_of(text: str, title: str, charset: str = "utf-8") -> bytes:
    """A government site's page: the article between navigation, a share bar, scripts and a footer."""
    paragraphs = "\n".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    page = f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{html.escape(title)}</title>
<script>var _hmt = _hmt || []; (function() {{ var hm = document.createElement("script"); }})();</script>
<style>.nav a {{ color: #333; }}</style></head>
<body><div class="nav"><a href="/">首页</a> | <a href="/zwgk/">政务公开</a> | <a href="/hdjl/">互动交流</a></div>
<div class="location">当前位置：首页 &gt; 政务公开 &gt; 政府工作报告</div>
<div class="article"><h1>{html.escape(title)}</h1>
<div class="info">发布时间：2023-01-12 来源：区政府办 浏览次数：12345</div>
{paragraphs}
</div>
<div class="share">分享到：微信 微博 QQ空间</div>
<div class="footer">主办单位：区人民政府办公室 版权所有 ICP备05016386号 联系电话：0571-88888888</div>
</body></html>"""
    return page.encode(charset)


def big5_of(text: str) -> bytes:
    """The text in Traditional characters (Taiwan standard, all of them in Big5) as Big5 bytes."""
    return opencc.OpenCC("s2tw").convert(text).encode("big5")
