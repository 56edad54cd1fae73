"""A report's text as governments publish it: a PDF with a text layer, a Word file with real tables,
a web page with navigation and scripts around the article, Big5 or GBK bytes. Used by the tests
and benchmarks/formats.py; the text is the seeds' own."""

from __future__ import annotations

import html
import io
import re

import opencc

# A cell the copied text broke over a blank line (打造现代 / 农业): one cell in the table it came from.
_BROKEN_CELL = re.compile(r"(\t[^\n]*)\n\n([^\t\n][^\n]*)\n(?=\t)")


def blocks_of(text: str) -> list[str | list[list[str]]]:
    """The text's paragraphs (lines) and tables. A block of tab-indented lines (a completion table
    flattened as text: a row per block, a cell per line) is a row; the rows in a run are one table.
    Lines without a tab inside a row, and blocks of them between two rows, are further paragraphs
    of the row's last cell, as the table they were copied from holds them."""
    blocks: list[str | list[list[str]]] = []
    chunks = [[line for line in chunk.split("\n") if line] for chunk in _BROKEN_CELL.sub(r"\1\2\n", text).split("\n\n")]
    chunks = [lines for lines in chunks if lines]
    rows_after = [False] * len(chunks)  # whether a row comes later
    for k in range(len(chunks) - 2, -1, -1):
        rows_after[k] = rows_after[k + 1] or chunks[k + 1][0].startswith("\t")
    for k, lines in enumerate(chunks):
        row_starts = lines[0].startswith("\t")
        in_cell = not row_starts and rows_after[k] and bool(blocks) and isinstance(blocks[-1], list)
        if row_starts:
            if not blocks or isinstance(blocks[-1], str):
                blocks.append([])
            blocks[-1].append([])
        if row_starts or in_cell:
            row = blocks[-1][-1]
            for line in lines:
                if line.startswith("\t"):
                    row.append(line[1:])
                else:
                    row[-1] += "\n" + line
        else:
            blocks.extend(lines)
    return blocks


def pdf_of(text: str, *, encrypt: str | None = None) -> bytes:
    """A PDF with a text layer in reportlab's built-in CJK font, laid out as a typesetter would:
    paragraphs wrapped into lines, a page number under each page, tables ruled, with the header row repeated on each page a table
    runs on to. (A row is not split at a page break: reportlab draws a split row's borders wrong.)"""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=12, leading=18, wordWrap="CJK")
    cell = ParagraphStyle("cell", fontName="STSong-Light", fontSize=9, leading=12, wordWrap="CJK")
    story = []
    for block in blocks_of(text):
        if isinstance(block, str):
            story.append(Paragraph(html.escape(block), body))
            continue
        width = max(len(row) for row in block)
        merged = [("SPAN", (0, k), (-1, k)) for k, row in enumerate(block) if len(row) == 1 and width > 1]
        rows = [[Paragraph(html.escape(c).replace("\n", "<br/>"), cell) for c in row] + [""] * (width - len(row)) for row in block]
        table = Table(rows, colWidths=_column_widths(width), repeatRows=1)
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP"), *merged]))
        story.append(table)
    def page_number(canvas, document) -> None:
        canvas.setFont("STSong-Light", 10)
        canvas.drawCentredString(A4[0] / 2, 30, f"- {document.page} -")

    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, encrypt=encrypt).build(story, onFirstPage=page_number, onLaterPages=page_number)
    return out.getvalue()


def _column_widths(columns: int) -> list[float]:
    """A narrow first column (序号) and the rest of an A4 text width shared out."""
    return [30.0] + [480.0 / (columns - 1)] * (columns - 1) if columns > 1 else [510.0]


def ruled_table_pdf(pages: list[list[list[str]]], footer: str = "- {page} -", titles: list[str] = ()) -> bytes:
    """A ruled table drawn cell by cell, a list of rows per page, with a page number under it and
    the page's title (if any) above it: how a word processor prints a table whose row runs over a
    page break (each part in its own box)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    columns = [40.0, 70.0, 150.0, 350.0, 555.0]
    for number, rows in enumerate(pages, start=1):
        top = A4[1] - 60
        if number <= len(titles) and titles[number - 1]:
            page.setFont("STSong-Light", 12)
            page.drawString(columns[0], top + 10, titles[number - 1])
        page.grid(columns, [top - 20 * k for k in range(len(rows) + 1)])
        page.setFont("STSong-Light", 10)
        for k, row in enumerate(rows):
            for left, cell in zip(columns, row):
                page.drawString(left + 3, top - 20 * k - 14, cell)
        page.drawCentredString(A4[0] / 2, 40, footer.format(page=number))
        page.showPage()
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
    """A Word file: lines as paragraphs, tables as real Word tables, a chapter row as one cell
    merged across the table."""
    import docx

    document = docx.Document()
    for block in blocks_of(text):
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        width = max(len(cells) for cells in block)
        table = document.add_table(rows=0, cols=width)
        for cells in block:
            row = table.add_row()
            if len(cells) == 1 and width > 1:
                row.cells[0].merge(row.cells[width - 1])
            for k, cell in enumerate(cells):
                row.cells[k].text = cell
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def web_page_of(text: str, title: str, charset: str = "utf-8", *, laid_out_in_a_table: bool = False) -> bytes:
    """A government site's page: the article between navigation, a share bar, scripts and a footer;
    a table as an HTML table, a chapter row as one cell spanning the row, a cell's paragraphs as
    paragraphs inside it (as Word's "save as web page" writes them)."""
    article = []
    for block in blocks_of(text):
        if isinstance(block, str):
            if block.strip():
                article.append(f"<p>{html.escape(block)}</p>")
            continue
        width = max(len(row) for row in block)
        rows = []
        for row in block:
            span = f' colspan="{width}"' if len(row) == 1 and width > 1 else ""
            cells = "".join(f"<td{span}>" + "".join(f"<p>{html.escape(part)}</p>" for part in cell.split("\n")) + "</td>"
                            for cell in row)
            rows.append(f"<tr>{cells}</tr>")
        article.append('<table border="1" cellspacing="0">\n' + "\n".join(rows) + "\n</table>")
    paragraphs = "\n".join(article)
    if laid_out_in_a_table:
        paragraphs = f"""<table width="1000"><tr><td><img src="/images/banner.jpg"></td><td>区人民政府门户网站</td></tr>
<tr><td class="menu"><a href="/zwgk/">政务公开</a><br><a href="/bsfw/">办事服务</a><br><a href="/hdjl/">互动交流</a></td>
<td class="content">{paragraphs}</td></tr>
<tr><td>网站地图</td><td>联系我们</td></tr></table>"""
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
