"""Turn the bytes of a report file into text, or say clearly why they are not a report.

Encodings are detected, never assumed: BOMs first, then strict UTF-8, then of strict GB18030
(a superset of GBK and GB2312), Big5, Big5-HKSCS and UTF-16 the reading that looks most like
Chinese prose.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from parsers.normalize import to_simplified

# Magic numbers of formats people drop into a reports folder by mistake (PDF and Word files are
# read by parsers/extract.py before any decoding).
_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or XLSX)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"),
)

_CJK = re.compile(r"[\u4e00-\u9fff]")
# Control characters other than tab, newline, vertical tab, form feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
# Below this many Han characters a text cannot hold a report worth parsing.
MIN_HAN_CHARS = 200
MIN_HAN_SHARE = 0.3
# A report is written in sentences; a page of menus and links (a web page saved without
# its article) has Chinese text but no line that reads as prose.
MIN_PROSE_CHARS = 300
_PROSE_LINE = re.compile(r"[，。,；]")


class NotAReportError(ValueError):
    """The bytes are not a readable report; ``reason`` says why in one sentence."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str


def _plausibility(text: str) -> float:
    """Share of characters that ordinary Chinese prose is made of: common Han (in either script),
    ASCII, punctuation."""
    if not text:
        return 0.0
    common = 0
    sample = to_simplified(text[:5000])
    for ch in sample:
        if ch.isascii() or ch in "，。、；：？！“”‘’（）《》—…·%\u3000":
            common += 1
            continue
        try:
            # GB2312 rows 16-55 hold the 3755 most frequent Han characters.
            if 0xB0 <= ch.encode("gb2312")[0] <= 0xD7:
                common += 1
        except UnicodeEncodeError:
            pass
    return common / len(sample)


def decode_report_bytes(data: bytes) -> DecodedText:
    """Decode a report file. Raises NotAReportError for empty, binary or non-report content."""
    if not data.strip():
        raise NotAReportError("the file is empty")
    for signature, kind in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise NotAReportError(f"the file is {kind}, not text")

    text, encoding = _decode(data)
    control = len(_CONTROL.findall(text))
    if control > max(8, len(text) * 0.01):
        raise NotAReportError(f"the file is binary: {control} control characters after decoding as {encoding}")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return DecodedText(text=text, encoding=encoding)


def han_count(text: str) -> int:
    return len(text) - len(_CJK.sub("", text))  # counted without a list of every character


def require_chinese(text: str) -> None:
    """Raise NotAReportError unless Han characters make up enough of the text."""
    han = han_count(text)
    visible = sum(map(len, text.split()))
    if han < MIN_HAN_CHARS or han < MIN_HAN_SHARE * visible:
        raise NotAReportError(
            f"the text is not a Chinese report: {han} Han characters out of {visible} visible "
            f"(needs at least {MIN_HAN_CHARS} and {MIN_HAN_SHARE:.0%})"
        )


def require_prose(text: str) -> None:
    """Raise NotAReportError unless the text has lines that read as sentences."""
    prose = sum(len(line) for line in text.split("\n") if len(line.strip()) >= 20 and _PROSE_LINE.search(line))
    if prose < MIN_PROSE_CHARS:
        lines = sum(1 for line in text.split("\n") if line.strip())
        raise NotAReportError(
            f"the text holds no report prose: {lines} lines but only {prose} characters in lines that read as "
            f"sentences (needs {MIN_PROSE_CHARS}); it looks like a page of menus or links"
        )


# An HTML page names its encoding: <meta charset="gbk">, <meta http-equiv=… content="…; charset=big5">.
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?([A-Za-z0-9_-]{2,20})", re.IGNORECASE)
# A declared legacy Chinese encoding is read as its superset.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs"}


def _declared(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii").lower()
    try:
        codecs.lookup(name)
    except LookupError:
        return None
    return _SUPERSETS.get(name, name)


def _decode(data: bytes) -> tuple[str, str]:
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                raise NotAReportError(
                    f"the file starts with a {name} byte-order mark but is not valid {name}: {exc}"
                ) from exc
    declared = _declared(data)
    if declared:
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            pass  # the page lies about its encoding: detect it
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Without a BOM, GB18030, Big5 and UTF-16 can all decode the same bytes: keep the reading
    # that looks most like Chinese prose.
    candidates = []
    for order, name in enumerate(("gb18030", "big5", "big5hkscs", "utf-16-le", "utf-16-be")):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        # Of equally plausible readings the first listed wins (Big5-HKSCS extends Big5).
        candidates.append((_plausibility(text), -order, name, text))
    if not candidates:
        raise NotAReportError("the file is binary or in no supported encoding (UTF-8, UTF-16, GB18030/GBK, Big5)")
    score, _, name, text = max(candidates)
    if score < 0.5:
        raise NotAReportError(f"the file is binary or in an unsupported encoding (best guess {name} reads as garbage)")
    return text, name
