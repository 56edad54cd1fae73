"""One Dagster partition per report file: the key of each file, the folder's files by key, its manifest.

A key is the file's path relative to the reports folder, readable as it is, with the few
characters Dagster refuses or a terminal hides written as %XX of their bytes: '%' itself,
control and format characters, bytes that are not UTF-8 (os.fsdecode's surrogates), and the
third dot of '...' (Dagster's range separator). The encoding is reversible, so two files never
share a key. The raw tables store a file's name in this form (file_name), so that any name
fits a column and leads back to its file, beside the name as best decoded (display_name).
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path
from urllib.parse import unquote_to_bytes

import dagster as dg

from parsers.documents import ExternalHints, read_manifest

REPORT_FILES = dg.DynamicPartitionsDefinition(name="report_files")

# Files that describe the folder rather than hold a report.
_NOT_REPORTS = ("README", "manifest.csv")
MANIFEST = "manifest.csv"


def _escaped(char: str) -> str:
    if 0xDC80 <= ord(char) <= 0xDCFF:  # a byte os.fsdecode could not decode
        return f"%{ord(char) - 0xDC00:02X}"
    return "".join(f"%{byte:02X}" for byte in char.encode("utf-8"))


def partition_key(relative_path: str) -> str:
    """The partition key of a file, from its path relative to the reports folder (posix form)."""
    out: list[str] = []
    for char in relative_path:
        needs_escape = (
            char == "%"
            or 0xD800 <= ord(char) <= 0xDFFF
            or unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")
            or (char == "." and len(out) >= 2 and out[-1] == out[-2] == ".")
        )
        out.append(_escaped(char) if needs_escape else char)
    return "".join(out)


def display_name(relative_path: str) -> str:
    """A name as a reader wants it: bytes that are not UTF-8 read as GB18030 where they are
    (a name written on a Chinese Windows), else shown as U+FFFD."""
    raw = os.fsencode(relative_path)
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


def relative_path(key: str) -> str:
    """The relative path a partition key was made from."""
    return os.fsdecode(unquote_to_bytes(key))


class ManifestError(ValueError):
    """manifest.csv cannot be used; the message names the file, the line and the problem."""


def read_folder_manifest(folder: Path, ignore_errors: bool = False) -> dict[str, ExternalHints]:
    """The folder's manifest.csv rows by file name. A malformed manifest raises ManifestError, or
    with ignore_errors counts as absent (file-name hints are used)."""
    path = folder / MANIFEST
    if not path.exists():
        return {}
    data = path.read_bytes()
    try:
        return read_manifest(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problem = f"{path} line {line}: not UTF-8 (byte {data[exc.start]:#04x})"
    except ValueError as exc:
        problem = f"{path} {exc}"
    if ignore_errors:
        return {}
    raise ManifestError(problem)


def list_report_files(folder: Path) -> list[Path]:
    """The report files of a folder and its subfolders, hidden ones and notes left out."""
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
        and not path.name.startswith(_NOT_REPORTS)
    )


def report_files_by_key(folder: Path) -> dict[str, Path]:
    """Every report file of the folder by its partition key, in key order."""
    if not folder.is_dir():
        return {}
    return {partition_key(path.relative_to(folder).as_posix()): path for path in list_report_files(folder)}
