"""From the bytes of one report file to a decoded, normalized, identified text."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from parsers.decoding import decode_report_bytes
from parsers.normalize import TextIssue, normalize_text


@dataclass(frozen=True)
class ReportText:
    document_id: str
    encoding: str
    original_text: str
    normalized_text: str
    issues: list[TextIssue]


def document_id_for(text: str) -> str:
    """Ids hash the decoded text, so the same report in another encoding is the same document."""
    return "doc_" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def read_report(data: bytes) -> ReportText:
    """Decode and normalize one report file. Raises parsers.decoding.NotAReportError."""
    decoded = decode_report_bytes(data)
    normalized = normalize_text(decoded.text)
    return ReportText(
        document_id=document_id_for(decoded.text.lstrip("\ufeff")),
        encoding=decoded.encoding,
        original_text=decoded.text,
        normalized_text=normalized.text,
        issues=normalized.issues,
    )
