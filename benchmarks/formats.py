"""Reading reports in the formats they are published in: extraction speed per format against the
plain-text path, and encoding detection (ours against charset-normalizer) on real texts.

    python benchmarks/formats.py [--repeat 3] [--out docs/formats.md]

PDF libraries: pypdfium2 against pdfplumber on the same PDFs, and parsers/extract.py, which reads
the text with pypdfium2 and a ruled table's cells with pdfplumber's table finder: seconds, and in
how many reports the text each pulls out gives exactly the facts of the original text. Speed: the seeds and the national reports of evaluation/corpus/ written as UTF-8 text, GBK, Big5,
a web page, a Word file and a PDF (tests/published_formats.py), each read to normalized text by
parsers.reports.read_report; MB are of the UTF-8 text, so every format is measured against the same
amount of report. Detection: every seed and corpus text in every encoding it can be written in;
a detector is right when its text equals the original.
"""

from __future__ import annotations

import argparse
import codecs
import os
import platform
import statistics
import sys
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import charset_normalizer  # noqa: E402
import opencc  # noqa: E402

from parsers.decoding import NotAReportError, decode_report_bytes  # noqa: E402
from parsers.extract import extract_binary, extractor_versions  # noqa: E402
from parsers.reports import read_report  # noqa: E402
from tests.published_formats import big5_of, docx_of, pdf_of, web_page_of  # noqa: E402

TEXTS = [*sorted((REPO / "seeds").glob("*.txt")), *sorted((REPO / "evaluation/corpus").rglob("*_*.txt"))]
FORMATS = {
    "text (UTF-8)": lambda text: text.encode(),
    "text (GBK)": lambda text: text.encode("gbk", errors="replace"),
    "text (Big5)": lambda text: big5_of(text) if _in_big5(text) else None,
    "web page (HTML)": lambda text: web_page_of(text, "政府工作报告"),
    "Word (.docx)": docx_of,
    "PDF": pdf_of,
}


def _in_big5(text: str) -> bool:
    try:
        big5_of(text)
        return True
    except UnicodeEncodeError:
        return False


def _texts() -> list[str]:
    return [path.read_text(encoding="utf-8").replace("\r\n", "\n") for path in TEXTS]


def speed(texts: list[str], repeat: int) -> list[dict]:
    rows = []
    for name, make in FORMATS.items():
        files = [(text, data) for text in texts if (data := make(text)) is not None]
        megabytes = sum(len(text.encode()) for text, _ in files) / 1e6
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            for _, data in files:
                try:
                    read_report(data)
                except NotAReportError:
                    pass
            times.append(time.perf_counter() - start)
        seconds = statistics.median(times)
        rows.append({"format": name, "files": len(files), "mb": megabytes, "seconds": seconds,
                     "mb_per_s": megabytes / seconds})
    base = rows[0]["seconds"] / rows[0]["mb"]
    for row in rows:
        row["ratio"] = (row["seconds"] / row["mb"]) / base
    return rows


def _facts(data: bytes) -> list:
    from parsers.reports import parse_file
    from parsers.statements import extract_measures

    try:
        parsed = parse_file(data)
    except NotAReportError:
        return []
    return sorted(((m.kind, m.value, m.unit_raw, m.comparator, m.indicator, m.year)
                   for doc in parsed.documents for m in extract_measures(parsed.document_text(doc), doc)), key=repr)


def _pypdfium2_text(data: bytes) -> str:
    import pypdfium2 as pdfium

    from parsers.extract import _pdfium_text

    document = pdfium.PdfDocument(data)
    return "\n".join(_pdfium_text(page.get_textpage().get_text_range()) for page in document)


def _extracted_text(data: bytes) -> str:
    return extract_binary(data).text


def _pdfplumber_text(data: bytes) -> str:
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as document:
        return "\n".join(page.extract_text() or "" for page in document.pages)


def pdf_libraries(texts: list[str]) -> list[dict]:
    import pypdfium2 as pdfium

    pdfs = [(text, pdf_of(text)) for text in texts]
    pages = sum(len(pdfium.PdfDocument(data)) for _, data in pdfs)
    expected = [_facts(text.encode()) for text, _ in pdfs]
    rows = []
    libraries = (("pypdfium2", _pypdfium2_text), ("pdfplumber", _pdfplumber_text),
                 ("ours: pypdfium2 text, pdfplumber's ruled tables, page numbers dropped", _extracted_text))
    for name, extract in libraries:
        start = time.perf_counter()
        extracted = [extract(data) for _, data in pdfs]
        seconds = time.perf_counter() - start
        same = sum(_facts(text.encode()) == facts for text, facts in zip(extracted, expected))
        rows.append({"library": name, "pages": pages, "seconds": seconds, "pages_per_s": pages / seconds,
                     "same_facts": same, "reports": len(pdfs)})
    return rows


def _ours(data: bytes) -> str | None:
    try:
        return decode_report_bytes(data).text
    except NotAReportError:
        return None


def _theirs(data: bytes) -> str | None:
    best = charset_normalizer.from_bytes(data).best()
    return None if best is None else str(best).replace("\r\n", "\n").lstrip("\ufeff")


def detection(texts: list[str]) -> list[dict]:
    s2tw = opencc.OpenCC("s2tw")
    encodings = {
        "UTF-8": lambda t: t.encode(),
        "UTF-8 with BOM": lambda t: codecs.BOM_UTF8 + t.encode(),
        "GB18030": lambda t: t.encode("gb18030"),
        "GBK": lambda t: t.encode("gbk"),
        "GB2312": lambda t: t.encode("gb2312"),
        "Big5": lambda t: s2tw.convert(t).encode("big5"),
        "Big5-HKSCS": lambda t: s2tw.convert(t).encode("big5hkscs"),
        "UTF-16 with BOM": lambda t: t.encode("utf-16"),
        "UTF-16-LE": lambda t: t.encode("utf-16-le"),
    }
    rows = []
    for name, encode in encodings.items():
        ours = theirs = total = 0
        for text in texts:
            try:
                data = encode(text)
            except UnicodeEncodeError:
                continue  # the text has a character this encoding lacks
            expected = (s2tw.convert(text) if name.startswith("Big5") else text)
            total += 1
            ours += _ours(data) == expected
            theirs += _theirs(data) == expected
        rows.append({"encoding": name, "texts": total, "ours": ours, "charset_normalizer": theirs})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "formats.md")
    args = parser.parse_args()
    texts = _texts()
    speeds = speed(texts, args.repeat)
    detections = detection(texts)
    libraries = pdf_libraries(texts)
    lines = [
        f"# Reading published formats ({date.today().isoformat()})",
        "",
        f"Command: `python benchmarks/formats.py --repeat {args.repeat}`. Machine: {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}; {extractor_versions()}, "
        f"charset-normalizer {charset_normalizer.__version__}.",
        "",
        f"Extraction to normalized text ({len(texts)} real reports; MB of their UTF-8 text; median of {args.repeat}):",
        "",
        "| format | files | MB | seconds | MB/s | time per MB against UTF-8 text |",
        "|---|---|---|---|---|---|",
        *(f"| {r['format']} | {r['files']} | {r['mb']:.2f} | {r['seconds']:.2f} | {r['mb_per_s']:.2f} | {r['ratio']:.1f}x |"
          for r in speeds),
        "",
        "PDF libraries on the same PDFs (text extraction only; same facts: the extracted text gives exactly the "
        "facts of the original text):",
        "",
        "| library | pages | seconds | pages/s | reports with the same facts |",
        "|---|---|---|---|---|",
        *(f"| {r['library']} | {r['pages']} | {r['seconds']:.1f} | {r['pages_per_s']:.0f} | "
          f"{r['same_facts']} of {r['reports']} |" for r in libraries),
        "",
        "Encoding detection: texts decoded exactly (the same characters as the original).",
        "",
        "| encoding | texts | ours | charset-normalizer |",
        "|---|---|---|---|",
        *(f"| {r['encoding']} | {r['texts']} | {r['ours']} | {r['charset_normalizer']} |" for r in detections),
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
