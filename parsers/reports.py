"""From the bytes of one report file to decoded, normalized, split and described documents."""

from __future__ import annotations

from dataclasses import dataclass

from parsers import ids
from parsers.decoding import NotAReportError, decode_report_bytes, require_prose
from parsers.documents import DocumentInfo, ExternalHints, split_documents
from parsers.normalize import GARBLED_KINDS, QUARANTINE_SHARE, TextIssue, garbled_share, normalize_text


@dataclass(frozen=True)
class ReportText:
    file_id: str
    encoding: str
    original_text: str
    normalized_text: str
    issues: list[TextIssue]


@dataclass(frozen=True)
class ParsedFile:
    report: ReportText
    documents: list[DocumentInfo]

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
    """Decode and normalize one report file. Raises parsers.decoding.NotAReportError, also for
    a text too garbled to be read (quarantined)."""
    decoded = decode_report_bytes(data)
    normalized = normalize_text(decoded.text)
    share = garbled_share(len(normalized.text), normalized.issues)
    if share > QUARANTINE_SHARE:
        runs = sum(1 for i in normalized.issues if i.kind in GARBLED_KINDS)
        raise NotAReportError(
            f"quarantined: {share:.0%} of the text decoded as {decoded.encoding} is garbled ({runs} runs of mojibake "
            f"or U+FFFD; a report has under {QUARANTINE_SHARE:.0%}); the file is in another encoding or damaged"
        )
    # After the garbled share: mojibake also breaks the punctuation prose is recognized by.
    require_prose(decoded.text)
    return ReportText(
        file_id=ids.file_id(decoded.text),
        encoding=decoded.encoding,
        original_text=decoded.text,
        normalized_text=normalized.text,
        issues=normalized.issues,
    )


def parse_file(data: bytes, hints: ExternalHints = ExternalHints()) -> ParsedFile:
    report = read_report(data)
    return ParsedFile(report, split_documents(report.normalized_text, hints))
