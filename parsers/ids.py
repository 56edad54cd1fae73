"""Every id the warehouse hands out, made in one place so that each is unique by construction.

A file's id hashes its decoded text (the same report in another encoding is the same file);
a document's id is its file's id and its place in the file; a measure's id is its
document's id and its span, with the item number when 均 or 分别 spreads one number over
several indicators. Data-quality findings hash their own columns in dbt (marts/dq_findings).
"""

from __future__ import annotations

import hashlib


def file_id(text: str) -> str:
    return "file_" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def document_id(file_id_: str, index: int) -> str:
    return f"{file_id_.replace('file_', 'doc_')}_{index + 1}"


def measure_id(document_id_: str, char_start: int, char_end: int, item: int) -> str:
    return f"{document_id_}:{char_start}-{char_end}" + (f".{item}" if item else "")
