"""From the bytes of one report file to decoded, normalized, split and described documents."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace

from parsers import ids
from parsers.decoding import NotAReportError, decode_report_bytes, require_chinese, require_prose
from parsers.extract import extract_binary, html_text, is_html
from parsers.documents import DocumentInfo, ExternalHints, split_documents
from parsers.normalize import GARBLED_KINDS, QUARANTINE_SHARE, TextIssue, garbled_share, normalize_text


@dataclass(frozen=True)
class ReportText:
    file_id: str
    encoding: str | None  # None when the text came out of a PDF or Word file
    source_format: str  # text, html, pdf or docx
    extractor: str
    original_text: str
    normalized_text: str
    issues: list[TextIssue]
    # Where each page of a PDF starts in normalized_text; empty for other formats.
    page_starts: tuple[int, ...] = ()


@dataclass(frozen=True)
class ParsedFile:
    report: ReportText
    documents: list[DocumentInfo]

    def page_at(self, offset: int) -> int | None:
        """The PDF page (from 1) that holds this offset of the normalized file text."""
        starts = self.report.page_starts
        return bisect_right(starts, offset) if starts else None

    def document_id(self, document: DocumentInfo) -> str:
        return ids.document_id(self.report.file_id, document.index)

    def document_text(self, document: DocumentInfo) -> str:
        return self.report.normalized_text[document.char_start : document.char_end]

    def garbled_share_of(self, document: DocumentInfo) -> float:
        return garbled_share(document.char_end - document.char_start, self.issues_of(document))

    def issues_of(self, document: DocumentInfo) -> list[TextIssue]:
        """The file's text issues that fall in this document, with document-relative offsets."""
        at_file_end = document.char_end == len(self.report.normalized_text)
        return [
            TextIssue(i.kind, i.start - document.char_start, i.end - document.char_start, i.detail)
            for i in self.report.issues
            if document.char_start <= i.start < document.char_end or (at_file_end and i.start == document.char_end)
        ]


def read_report(data: bytes) -> ReportText:
    """Extract, decode and normalize one report file. Raises parsers.decoding.NotAReportError, also
    for a text too garbled to be read (quarantined)."""
    extracted = extract_binary(data)
    encoding = None
    if extracted.text is None:
        decoded = decode_report_bytes(data)
        encoding = decoded.encoding
        extracted = html_text(decoded.text) if is_html(decoded.text) else replace(extracted, text=decoded.text)
    text = extracted.text
    require_chinese(text)
    normalized = normalize_text(text)
    share = garbled_share(len(normalized.text), normalized.issues)
    if share > QUARANTINE_SHARE:
        runs = sum(1 for i in normalized.issues if i.kind in GARBLED_KINDS)
        raise NotAReportError(
            f"quarantined: {share:.0%} of the text read as {encoding or extracted.source_format} is garbled "
            f"({runs} runs of mojibake or U+FFFD; a report has under {QUARANTINE_SHARE:.0%}); the file is in "
            "another encoding or damaged"
        )
    # After the garbled share: mojibake also breaks the punctuation prose is recognized by.
    require_prose(text)
    return ReportText(
        file_id=ids.file_id(text),
        encoding=encoding,
        source_format=extracted.source_format,
        extractor=extracted.extractor,
        original_text=text,
        normalized_text=normalized.text,
        issues=normalized.issues,
        page_starts=page_starts(normalized.text, extracted.pages),
    )


# Characters of a page's first line that find where it starts in the normalized whole.
_ANCHOR = 12


def page_starts(normalized: str, pages: tuple[str, ...]) -> tuple[int, ...]:
    """Where each page starts in the normalized text of all of them. Normalizing is local (script,
    width, spaces, broken lines rejoined), so a page's first characters, normalized alone, are
    found in order in the whole; a page whose anchor is not found starts where the one before does."""
    starts: list[int] = []
    at = 0
    for page in pages:
        head = "\n".join(page.strip().split("\n")[:3])
        anchor = "".join(normalize_text(head).text.split())[:_ANCHOR]
        found = _find_ignoring_space(normalized, anchor, at) if anchor else -1
        at = found if found >= 0 else at
        starts.append(at if starts else 0)
    return tuple(starts)


def _find_ignoring_space(text: str, anchor: str, start: int) -> int:
    """The offset in text, at or after start, where anchor's characters begin, line breaks and
    spaces between them allowed (a rejoined line may have lost or kept them)."""
    pattern = r"\s*".join(map(re.escape, anchor))
    match = re.compile(pattern).search(text, start)
    return match.start() if match else -1


def parse_file(data: bytes, hints: ExternalHints = ExternalHints()) -> ParsedFile:
    report = read_report(data)
    return ParsedFile(report, split_documents(report.normalized_text, hints))
