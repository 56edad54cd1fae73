"""Normalize report text: one script, one punctuation style, PDF damage repaired.

Every offset the parser stores points into the text this module returns. Damage that
cannot be repaired (mojibake, U+FFFD) is kept in the text and reported as a TextIssue,
so it can become a data-quality finding; junk that is removed is reported too.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache

import opencc

from parsers.units import UNIT_PATTERN

HAN = r"\u3400-\u4dbf\u4e00-\u9fff"
# Chinese punctuation in its canonical full-width form.
CN_PUNCT = "，。、；：？！“”‘’（）《》【】—…·"

_PINYIN_VOWELS = "aeiouüāáǎàōóǒòēéěèīíǐìūúǔùǖǘǚǜ"
# A pinyin gloss written after a character by a web page: 區(qū), 產(chǎn), 說(shuō).
PINYIN_GLOSS = re.compile(
    rf"(?<=[{HAN}])\((?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?[{_PINYIN_VOWELS}]+(?:ng|n|r)?\)"
)
# OCR output of a PDF sometimes carries LaTeX fragments: $\cap \cap S$.
_LATEX_JUNK = re.compile(r"\$[^$\n]{0,80}?\\[a-zA-Z]+[^$\n]{0,80}?\$")

_FULL_TO_HALF = {chr(0xFF10 + i): str(i) for i in range(10)}
_FULL_TO_HALF.update({chr(0xFF21 + i): chr(0x41 + i) for i in range(26)})
_FULL_TO_HALF.update({chr(0xFF41 + i): chr(0x61 + i) for i in range(26)})
_FULL_TO_HALF.update({"％": "%", "＋": "+", "－": "-", "．": ".", "／": "/", "～": "~", "＜": "<", "＞": ">", "＝": "=",
                      "\u3000": " ", "\xa0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " "})
_FULL_TO_HALF_TABLE = str.maketrans(_FULL_TO_HALF)
# Half-width punctuation used in Chinese prose; a comma or colon between two digits
# is a thousands separator or a ratio and stays.
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"}
_HALF_PUNCT = re.compile(r"[,;:()!?]")

# Numbers a transcription damaged: 1 9 9 7年 and 7 4 7 7 2亿元 (a space after every digit),
# 19·5% (a middle dot for the decimal point), 33，212万吨 (a full-width comma between
# thousands), 一九八○年 (a white circle for the numeral zero).
_SPACED_DIGITS = re.compile(r"(?<![\d.%])[\d.]{1,2}(?: [\d.%]{1,2}){2,}(?![\d.%])")
_SPACED_DIGIT_PAIR = re.compile(rf"(?<=[{HAN}])(\d) (\d)(?=[{HAN}%])|(?<=\d)( )(?=%)")
# A middle dot between digits is a decimal point only before a unit: “1·5”讲话 is a date.
_DOT_DECIMAL = re.compile(rf"(?<=\d)·(?=\d+(?:{UNIT_PATTERN}))")
_THOUSANDS = re.compile(r"(?<![\d.])\d{1,3}(?:，\d{3})+(?![\d.])")
_CN_DIGIT = "一二三四五六七八九〇○"
_CIRCLE_ZERO = re.compile(rf"(?<=[{_CN_DIGIT}])○|○(?=[{_CN_DIGIT}])")

_SPACE_NEAR_HAN = re.compile(rf"(?<=[{HAN}{CN_PUNCT}\d%])[ ]+(?=[{HAN}{CN_PUNCT}])|(?<=[{HAN}{CN_PUNCT}])[ ]+(?=[\d%])")
_TERMINAL = tuple("。！？；：”’）】》…")
_SENTENCE_END = tuple("。！？：…")
_CLOSING = "”’）】》"
HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|第[一二三四五六七八九十]+[章部分节]|\d{1,2}[.、．](?!\d)"
    r"|\d{4}年(?:工作回顾|主要工作|工作安排|.{0,12}(?:目标|任务)))"
)
_SHORT_LINE = 25
# A line opening with a bullet starts an item of its own.
_BULLETS = tuple("■□●○◆◇▲△★☆▪•※➢►")
_HEADING_MAX = 60
# Text wrapped to a measure: at least this many lines of 15 characters or more, and this share of
# them within _WRAP_SLACK columns of the most common width (a line ends early when its last
# character or a closing sign does not fit, and full-width signs are half-width by then).
_MIN_WRAPPED_LINES = 10
_WRAPPED_SHARE = 0.4
_WRAP_SLACK = 6
# A line this long is a text that lost its line breaks (a web page's one-line export): the
# longest paragraph of the seeds and the corpus has 1,481 characters, the longest sentence 489.
_LONG_LINE = 4000
_LONG_SENTENCE = 1500
_SENTENCE = re.compile(r"[^。！？]*[。！？]+|[^。！？]+$")
# An inline heading: a chapter number or a year's part (2021年主要工作和成效) at a sentence start,
# ending at the last word within reach that closes a heading (一、2023年工作回顾过去一年…).
_INLINE_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|(?:\d{4}|今|明|过去[一五])年|“十[一二三四五六七八九]五”)"
    r"[^，。；：！？“”]{0,30}(?:回顾|总结|成效|成绩|成就|情况|安排|建议|部署|展望|重点工作|主要任务|目标任务|总体要求|主要目标|预期目标)"
)


# A text with more of it garbled than this decoded wrongly (Big5 read as GBK) or is no text at
# all: it is rejected, never loaded. The most damaged seed or corpus text has 0.12 % garbled.
QUARANTINE_SHARE = 0.05
GARBLED_KINDS = ("mojibake", "replacement_char")


@dataclass(frozen=True)
class TextIssue:
    """Damage found in a text: kind is mojibake, replacement_char, ocr_junk or no_line_breaks."""

    kind: str
    start: int
    end: int
    detail: str


@dataclass(frozen=True)
class NormalizedText:
    text: str
    issues: list[TextIssue] = field(default_factory=list)


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _t2s().convert(text)


def traditional_residue(text: str) -> int:
    """How many characters Traditional-to-Simplified conversion would still change."""
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        return sum(1 for a, b in zip(text, converted) if a != b)
    return sum(1 for ch in text if _t2s().convert(ch) != ch)


def strip_pinyin_glosses(text: str) -> str:
    return PINYIN_GLOSS.sub("", text)


def unify_width(text: str) -> str:
    """Full-width digits and letters to ASCII; half-width prose punctuation to full-width."""
    text = text.translate(_FULL_TO_HALF_TABLE)

    def to_full(match: re.Match[str]) -> str:
        ch = match.group()
        i = match.start()
        before = text[i - 1] if i > 0 else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if ch in ",:" and before.isdigit() and after.isdigit():
            return ch
        return _HALF_TO_FULL[ch]

    text = _HALF_PUNCT.sub(to_full, text)
    return _pair_ascii_quotes(text)


def _pair_ascii_quotes(text: str) -> str:
    """Straight double quotes in Chinese prose open and close alternately within a line."""
    out = []
    for line in text.split("\n"):
        if '"' in line:
            parts = line.split('"')
            line = parts[0] + "".join(("“" if k % 2 == 0 else "”") + part for k, part in enumerate(parts[1:]))
        out.append(line)
    return "\n".join(out)


def _is_heading(line: str) -> bool:
    return bool(HEADING.match(line.lstrip()))


# Characters set one column wide: all but East Asian Width W and F (Hangul Jamo, CJK signs, kana,
# CJK ideographs, Yi, Hangul, compatibility ideographs, vertical and small forms, full-width forms).
_NARROW = re.compile("[^\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
                   "\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6"
                   "\U00020000-\U0003fffd]")


def columns(line: str) -> int:
    """How wide a line is set: a Chinese character or full-width sign takes two columns."""
    return 2 * len(line) - len(_NARROW.findall(line))  # the narrow ones are few


def wrap_width(lines: list[str]) -> int | None:
    """The width, in columns, a typesetter wrapped the text's paragraphs at (a PDF's text layer),
    or None when its lines are paragraphs. Lines filled to the measure are the most common
    length; a digit or Latin letter is half a character, so widths are compared in columns."""
    widths = sorted(columns(line.strip()) for line in lines if not line.startswith("\t") and len(line.strip()) >= 15)
    if len(widths) < _MIN_WRAPPED_LINES:
        return None
    best, start = (0, 0), 0
    for end, width in enumerate(widths):  # the window of _WRAP_SLACK columns holding the most lines
        while widths[start] < width - _WRAP_SLACK:
            start += 1
        best = max(best, (end - start + 1, width))
    filled, width = best
    return width if filled >= _WRAPPED_SHARE * len(widths) else None


def join_broken_lines(text: str) -> str:
    """Rejoin lines a PDF broke inside a sentence, keeping paragraph and table structure.

    A tab-indented line is a table cell; an untabbed line after a cell continues that
    cell. A prose line continues onto the next one when it neither ends a sentence nor
    is a heading or a short title line; in text wrapped to a measure, a line filled to the
    measure continues even when it opens like a heading (14、扶贫济困：发放各类救助金…).
    """
    # Strip only spaces: a lone tab is an empty table cell and must survive.
    lines = [line.rstrip(" ") for line in text.split("\n")]
    measure = wrap_width(lines)
    out: list[str] = []
    previous_blank = False
    for line in lines:
        if not line.strip(" "):
            previous_blank = True
            continue
        if out:
            last = out[-1]
            if last.startswith("\t") and not line.startswith("\t"):
                out[-1] = last + line.strip()
                previous_blank = False
                continue
            if not last.startswith("\t") and not line.startswith("\t") and _continues(last, line, measure):
                out[-1] = last + line.strip()
                previous_blank = False
                continue
            if previous_blank and not last.startswith("\t"):
                out.append("")
        out.append(line)
        previous_blank = False
    return "\n".join(out) + "\n"


def restore_line_breaks(text: str) -> tuple[str, list[TextIssue], list[int]]:
    """Break a line too long to be a paragraph at its sentence ends, and after an inline chapter
    heading, so that sections and paragraphs exist again; a run too long to be a sentence is cut
    at a comma (or hard). Returns the text, an issue per repaired line, and where line breaks went
    in (offsets into the given text)."""
    out: list[str] = []
    issues: list[TextIssue] = []
    inserted: list[int] = []
    at = 0  # offset of the line in the given text
    out_at = 0  # and in the returned one
    for line in text.split("\n"):
        if len(line) <= _LONG_LINE:
            out.append(line)
            at += len(line) + 1
            out_at += len(line) + 1
            continue
        pieces: list[str] = []
        headings = cuts = 0
        for sentence in _SENTENCE.findall(line):
            heading = _INLINE_HEADING.match(sentence)
            if heading and heading.end() < len(sentence):
                pieces.append(heading.group())
                sentence = sentence[heading.end() :]
                headings += 1
            while len(sentence) > _LONG_SENTENCE:
                cut = sentence.rfind("，", 0, _LONG_SENTENCE) + 1 or _LONG_SENTENCE
                pieces.append(sentence[:cut])
                sentence = sentence[cut:]
                cuts += 1
            pieces.append(sentence)
        position = at
        for piece in pieces[:-1]:
            position += len(piece)
            inserted.append(position)
        repaired = "\n".join(pieces)
        detail = f"a line of {len(line):,} characters broken into {len(pieces):,} at sentence ends"
        if headings:
            detail += f", after {headings} inline heading(s)"
        if cuts:
            detail += f"; {cuts} run(s) of over {_LONG_SENTENCE:,} characters without a sentence end cut"
        issues.append(TextIssue("no_line_breaks", out_at, out_at, detail))
        out.append(repaired)
        at += len(line) + 1
        out_at += len(repaired) + 1
    return "\n".join(out), issues, inserted


def _shifted(issues: list[TextIssue], inserted: list[int]) -> list[TextIssue]:
    """Issues found before restore_line_breaks, moved past the line breaks it put in."""
    return [replace(i, start=i.start + bisect_right(inserted, i.start), end=i.end + bisect_right(inserted, i.end - 1))
            for i in issues] if inserted else issues


def _continues(last: str, line: str, measure: int | None) -> bool:
    stripped = last.strip()
    head = line.strip()
    if measure and columns(stripped) >= measure - _WRAP_SLACK:
        # A full line ending in a semicolon or a closing quote or bracket goes on: a paragraph ends
        # at a sentence end, and an item of a list starts with its number (the heading rule below).
        closed = stripped.rstrip(_CLOSING)
        return not (closed.endswith(_SENTENCE_END)
                    or _is_heading(head) or head.startswith(("——", *_BULLETS)))
    if stripped.endswith(_TERMINAL):
        return False
    # A heading stands alone; a long paragraph that merely opens with "2." does not, nor does a
    # paragraph opening with its heading sentence that a PDF broke (（三）城区环境成绩单。启动…).
    if _is_heading(stripped) and len(stripped) <= _HEADING_MAX and "。" not in stripped:
        return False
    if len(stripped) < _SHORT_LINE and not stripped.endswith(("，", "、")) and "。" not in stripped:
        return False
    return not (_is_heading(head) or head.startswith(("——", "（", *_BULLETS)))


def _find_damage(text: str) -> list[TextIssue]:
    """Mojibake: runs dense in characters that normal Simplified text does not use."""
    issues: list[TextIssue] = []
    for m in re.finditer("\ufffd+", text):
        issues.append(TextIssue("replacement_char", m.start(), m.end(), f"{m.end() - m.start()} U+FFFD character(s)"))
    suspicious = [m.start() for m in _suspicious_character().finditer(text)]
    run_start = None
    count = 0
    last = -100
    for i in suspicious:
        if i - last > 6:
            if run_start is not None and count >= 3:
                issues.append(_mojibake_issue(text, run_start, last + 1, count))
            run_start, count = i, 0
        count += 1
        last = i
    if run_start is not None and count >= 3:
        issues.append(_mojibake_issue(text, run_start, last + 1, count))
    return sorted(issues, key=lambda issue: issue.start)


def _mojibake_issue(text: str, start: int, end: int, count: int) -> TextIssue:
    return TextIssue("mojibake", start, end, f"{count} garbled characters: {text[start:end]!r}")


@lru_cache(maxsize=1)
def _suspicious_character() -> re.Pattern[str]:
    """A character normal Simplified text does not use: neither ASCII, Chinese punctuation nor
    whitespace, and outside GB2312 (the private use area included: never in a published report)."""
    gb2312 = []
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                gb2312.append(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    usual = "".join(sorted(set(gb2312) | set(CN_PUNCT)))
    return re.compile(rf"[^\x00-\x7f\s{re.escape(usual)}]")


def _remove_junk(text: str) -> tuple[str, list[TextIssue]]:
    """Drop OCR junk; a line left empty by it goes too. Offsets are in the returned text."""
    issues: list[TextIssue] = []
    out: list[str] = []
    out_len = 0
    for line in text.split("\n"):
        kept = _LATEX_JUNK.split(line)
        junk = _LATEX_JUNK.findall(line)
        if not junk:
            out.append(line)
            out_len += len(line) + 1
            continue
        cleaned = "".join(kept)
        anchor = out_len + len(kept[0])
        issues.extend(TextIssue("ocr_junk", anchor, anchor, f"removed OCR junk {j!r}") for j in junk)
        if cleaned.strip():
            out.append(cleaned)
            out_len += len(cleaned) + 1
    return "\n".join(out), issues


def repair_numbers(text: str) -> str:
    """Undo damage that splits or disguises numbers; see the patterns above for examples."""
    text = _SPACED_DIGITS.sub(lambda m: m.group().replace(" ", ""), text)
    text = _SPACED_DIGIT_PAIR.sub(lambda m: (m.group(1) or "") + (m.group(2) or ""), text)
    text = _DOT_DECIMAL.sub(".", text)
    text = _THOUSANDS.sub(lambda m: m.group().replace("，", ","), text)
    return _CIRCLE_ZERO.sub("〇", text)


def garbled_share(length: int, issues: list[TextIssue]) -> float:
    """The share of a text of `length` characters that its mojibake and U+FFFD issues cover."""
    return sum(i.end - i.start for i in issues if i.kind in GARBLED_KINDS) / length if length else 0.0


def normalize_text(raw: str) -> NormalizedText:
    text = raw.lstrip("\ufeff")
    text = strip_pinyin_glosses(text)
    text = unify_width(text)
    text = to_simplified(text)
    text = _SPACE_NEAR_HAN.sub("", text)
    # Lines first: a number a line break cut (化肥1，/230万吨) is whole only once they are joined.
    text = join_broken_lines(text)
    text = repair_numbers(text)
    text, junk = _remove_junk(text)
    text, unbroken, inserted = restore_line_breaks(text)
    issues = _find_damage(text) + _shifted(junk, inserted) + unbroken
    return NormalizedText(text=text, issues=sorted(issues, key=lambda issue: issue.start))
