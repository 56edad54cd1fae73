"""What a number measures: a short noun phrase taken from the words before it.

A domain dictionary of indicator nouns (data/indicator_words.txt) is matched first and
also loaded into jieba, so that when no dictionary word fits, the phrase is cut at word
boundaries rather than mid-word.
"""

from __future__ import annotations

import csv
import logging
import re
from functools import lru_cache
from pathlib import Path

import jieba
import jieba.posseg

from parsers.qualifiers import DECREASE_WORDS, INCREASE_WORDS

_DICTIONARY = Path(__file__).resolve().parent / "data" / "indicator_words.txt"
MAX_INDICATOR_CHARS = 14

_OPENERS = _DICTIONARY.parent / "clause_openers.txt"
_FIXED_NAMES = _DICTIONARY.parent / "fixed_names.txt"


def _words_of(path: Path) -> list[str]:
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


# What opens a clause before the thing measured (data/clause_openers.txt), punctuation and
# link words, report-structure words and a year: 新增公共停车泊位2000个.
_LEADING = re.compile(
    r"^(?:[，、；：和及与并且]|——|-|把|使|要|将|据|初步核算|初步预计|初步|核算|预计（下同）|（下同）|\d{4}年|"
    + "|".join(re.escape(word) for word in sorted(_words_of(_OPENERS), key=len, reverse=True))
    + ")+"
)
# Words between the thing measured and its number: 增长5.5%、达到660亿元.
_TRAILING = re.compile(
    # Scope notes (同口径, 剔除不可比因素, 按可比价格计算) qualify the figure, they do not name it.
    # A year between the indicator and its number (从2015年2694亿元) dates the figure, it names nothing.
    r"(?:\d{4}年(?:末|底)?|同口径|(?:剔除|扣除|考虑)[^，。；]{0,10}因素|按可比价格计算|按可比口径|实际|仍然|高达|高速|确保|计划|"
    r"降至|降到|降|(?:的)?(?:宏观)?(?:调控|预期|既定|奋斗)?目标(?:定为|为|是)?|定为|从|由|分别|均|已达到|已达|已经|已|同比|比上年|较上年|年均|平均|累计|共计|总计|合计|共|达到|达|为|至|到|实现|突破|超过|超|逾|近|约|"
    r"增长|增加|提高|提升|下降|降低|减少|回落|上涨|增速|涨幅|控制在|稳定在|保持在|保持|在|了|完成|新增|不低于|"
    r"不少于|不超过|不高于|高于|低于|以上|以内|左右|面积|规模|数量|总量|总数|个数|金额|人数|户数)+$"
)
_GROWTH_WORDS = re.compile("|".join(DECREASE_WORDS + INCREASE_WORDS))
_SCOPE = re.compile(r"^(?:全年|全区|全市|全县|全省|全国|今年|去年)+")
_STOP_TOKENS = {"的", "了", "和", "与", "及", "或", "等", "其中", "以", "对", "在", "将", "把", "为"}
# Words that point back at the indicator named before them: 固定资产投资增长20%以上，总额1100亿元.
_BACK_REFERENCES = {"总额", "总量", "规模", "总数", "增速", "增幅", "涨幅", "增长", "全年", "总值", "金额"}


@lru_cache(maxsize=1)
def indicator_words() -> tuple[str, ...]:
    """Nouns that name what a number measures: the synonym table's names and synonyms, and the
    further nouns of data/indicator_words.txt (道路, 孵化器…), longest first."""
    words = set(_synonyms()) | set(_synonyms().values()) | set(_words_of(_DICTIONARY))
    return tuple(sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _word_set() -> tuple[frozenset[str], tuple[int, ...]]:
    """The indicator words as a set, and their lengths longest first: looking up the few
    substrings that end at one place is much faster than searching for every word."""
    words = indicator_words()
    return frozenset(words), tuple(sorted({len(word) for word in words}, reverse=True))


def word_ending_at(text: str, end: int) -> str:
    """The longest indicator word that ends at text[end]; '' when none does."""
    words, lengths = _word_set()
    for length in lengths:
        if length <= end and text[end - length : end] in words:
            return text[end - length : end]
    return ""


def last_word_end(text: str, lowest: int = 0) -> int:
    """Where the rightmost indicator word in text ends, if it ends after position lowest; 0 when none does."""
    for end in range(len(text), max(lowest, 0), -1):
        if word_ending_at(text, end):
            return end
    return 0


def names_indicator_word(text: str) -> bool:
    return last_word_end(text) > 0


@lru_cache(maxsize=1)
def _tokenizer() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    for word in (*indicator_words(), *_words_of(_FIXED_NAMES)):
        tokenizer.add_word(word, freq=200000)
    return tokenizer


@lru_cache(maxsize=65536)
def segment(text: str) -> tuple[str, ...]:
    """The words of text. Kept: the same short phrases (一个, 新增就业) come back in report after report."""
    return tuple(_tokenizer().lcut(text, HMM=False))


def is_growth_clause(clause: str) -> bool:
    """The words just before a number say it is a change: 增长5.5%, 同比下降3%."""
    return bool(_GROWTH_WORDS.search(clause[-8:]))


def clean_phrase(clause: str) -> str:
    """Strip clause-opening verbs and clause-closing link words from the text before a number."""
    phrase = clause.strip(" ，、；：“”\"（）()")
    for _ in range(3):
        stripped = _TRAILING.sub("", phrase)
        stripped = _LEADING.sub("", stripped)
        stripped = stripped.strip(" ，、；：“”\"（）()")
        if stripped == phrase:
            break
        phrase = stripped
    return phrase


def bare_verb(clause: str) -> str:
    """收储10宗: when only a verb stands before the number, the verb names what was done.

    Link and growth words alone (增长5.5%) name nothing: the number before them does.
    """
    words = clause.strip(" ，、；：和及与“”\"")
    if not words or _TRAILING.fullmatch(words) or _TRAILING.fullmatch(_SCOPE.sub("", words)) or len(words) > 6 \
            or words in _BACK_REFERENCES:
        return ""
    return words


# 战略性新兴产业增加值占GDP比重: a share names what it is a share of, however long.
SHARE_OF = re.compile(r"占[^占]{1,12}(?:比重|比例|份额)$")


def indicator_from_clause(clause: str) -> str:
    """The indicator measured by the number that follows clause; '' when the clause names none."""
    phrase = clean_phrase(clause)
    if not phrase or phrase in _BACK_REFERENCES:
        return ""
    share = SHARE_OF.search(phrase)
    if share and share.start() > 0:
        return _indicator_in(phrase[: share.start()]) + share.group()
    return _indicator_in(phrase)


def _indicator_in(phrase: str) -> str:
    # The rightmost dictionary word wins, and at one end the longest: in 规上工业增加值 the
    # whole word, not 工业增加值. Only a word ending near the number names it.
    end = last_word_end(phrase, lowest=len(phrase) - 5)
    if end:
        start = end - len(word_ending_at(phrase, end))
        # 众创空间及孵化器: two dictionary words joined by 及/和/与 name one category.
        joined = word_ending_at(phrase, start - 1) if phrase[start - 1 : start] in ("及", "和", "与") else ""
        if joined:
            start -= len(joined) + 1
        # Keep a short qualifier glued before the word: 公共停车泊位, 市级以上孵化器.
        head = phrase[:start]
        tokens = list(segment(head)) if head else []
        prefix = ""
        width = len(phrase) - start
        while tokens and len(prefix) + len(tokens[-1]) + width <= MAX_INDICATOR_CHARS \
                and tokens[-1] not in _STOP_TOKENS and not re.search(r"[，、；：]", tokens[-1]):
            prefix = tokens.pop() + prefix
        return (prefix + phrase[start:]).strip("“”")
    if len(phrase) <= MAX_INDICATOR_CHARS:
        return phrase
    tokens = list(segment(phrase))
    kept: list[str] = []
    while tokens and sum(map(len, kept)) + len(tokens[-1]) <= MAX_INDICATOR_CHARS:
        token = tokens.pop()
        if token in _STOP_TOKENS or re.search(r"[，、；：]", token):
            break
        kept.insert(0, token)
    # Quotes belong inside a name (专精特新“小巨人”企业), never at its edges.
    return "".join(kept).strip("“”") or phrase[-MAX_INDICATOR_CHARS:]


@lru_cache(maxsize=1)
def _verbs() -> frozenset[str]:
    return frozenset(_words_of(_OPENERS)) | frozenset(_words_of(_STATUS_WORDS))


@lru_cache(maxsize=1)
def _tagger() -> jieba.posseg.POSTokenizer:
    return jieba.posseg.POSTokenizer(_tokenizer())


def object_of(indicator: str) -> str:
    """The thing an action is done to, without the action: 保障性住房 of 建设筹集保障性住房.

    The words after the last verb (tagged so by jieba, or listed as an opener or a status word);
    '' when that leaves fewer than two characters.
    """
    words = [(w.word, w.flag) for w in _tagger().cut(indicator, HMM=False)]
    kept = ""
    for word, flag in reversed(words):
        if flag.startswith("v") or word in _verbs():
            break
        kept = word + kept
    return kept if len(kept) >= 2 else ""


def refers_back(clause: str) -> bool:
    """涨幅仍然高达21.7%, 总额1100亿元: the clause points at an indicator named before it."""
    tail = clause[-8:]
    return any(word in tail for word in _BACK_REFERENCES) and not indicator_from_clause(clause)


def indicator_named_in(text: str) -> str:
    """The indicator a stretch of clauses names last, by dictionary word only: for a number whose
    own clause names nothing (预计（下同）本区生产总值突破2000亿大关，达到2150亿元)."""
    for part in reversed(re.split(r"[，；：]", text)):
        phrase = clean_phrase(part)
        end = last_word_end(phrase)
        if end:
            # 本区生产总值突破2000亿大关: the phrase up to its last dictionary word names it.
            found = indicator_from_clause(phrase[:end])
            if found:
                return found
    return ""


_STATUS_WORDS = _DICTIONARY.parent / "status_words.txt"
_GENERIC_NOUNS = _DICTIONARY.parent / "generic_nouns.txt"
# Marks and link characters that two wordings of one indicator need not share; 等 unless it
# is part of a word (高等, 中等).
_KEY_NOISE = re.compile(r"[^\w%]|_|的|(?<![高中平同初均对优上次劣])等")


# Words that name the dimension measured rather than the thing: 装机容量 and 装机规模 are 装机.
_DIMENSION = r"容量|规模|面积|数量|总量|总额|金额"


@lru_cache(maxsize=1)
def _status_suffix() -> re.Pattern[str]:
    words = sorted(_words_of(_STATUS_WORDS), key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, words)) + "|" + _DIMENSION + ")+$")


@lru_cache(maxsize=1)
def _generic_nouns() -> frozenset[str]:
    return frozenset(_words_of(_GENERIC_NOUNS))


def indicator_key(indicator: str) -> str:
    """What an indicator names, for matching wordings across reports: 新增托育托位 and 托位,
    筹集建设保障性住房 and 筹集保障性住房, 立体绿化建设 and 立体绿化 come close.

    Marks, 的 and 等 go, then clause-opening verbs and scope (data/clause_openers.txt) and
    status words (data/status_words.txt: 开工, 投入使用); '' when what is left is too short
    or too general (data/generic_nouns.txt) to name one thing.
    """
    key = _KEY_NOISE.sub("", indicator)
    for _ in range(3):
        stripped = _status_suffix().sub("", _LEADING.sub("", _SCOPE.sub("", key)))
        if stripped == key:
            break
        key = stripped
    return "" if len(key) < 2 or key in _generic_nouns() else key


def key_modifier(key: str) -> str:
    """The words of a key before the generic noun it ends in (金融业 of 金融业增加值); the whole
    key when it ends in none. Two near wordings must share some of it, not just the noun."""
    for start in range(1, len(key)):  # the longest noun first
        if key[start:] in _generic_nouns():
            return key[:start]
    return key


_SYNONYM_TABLE = _DICTIONARY.parent / "indicator_synonyms.csv"
# Words that decorate an indicator's name without changing what it measures.
_DECORATION = re.compile(r"（[^）]*(?:）|$)|\([^)]*(?:\)|$)|总水平|^(?:全区|全市|全县|全省|全国|全社会(?=固定资产))")


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, str]:
    with _SYNONYM_TABLE.open(encoding="utf-8") as handle:
        return {row["synonym"]: row["indicator"] for row in csv.DictReader(handle)}


def canonical_indicator(phrase: str) -> str | None:
    """The synonym table's name for an indicator phrase, or None when the table lacks it.

    居民消费价格总水平涨幅 and 居民消费价格涨幅 are one indicator; 本地生产总值, 国内生产总值
    and GDP are 地区生产总值. Decorations (parentheses, 总水平, a leading 全区) are ignored.
    """
    if not phrase:
        return None
    table = _synonyms()
    for candidate in (phrase, _DECORATION.sub("", phrase)):
        if candidate in table:
            return table[candidate]
    return None


def split_coordinated(phrase: str) -> list[str]:
    """'城镇和农村居民人均可支配收入' -> ['城镇居民人均可支配收入', '农村居民人均可支配收入'].

    Short leading items borrow the tail of the last item; 城乡 stands for 城镇 and 农村.
    """
    if phrase.startswith("城乡") and not re.search("[和及与、]", phrase):
        tail = phrase[2:]
        return ["城镇" + tail, "农村" + tail]
    items = [item for item in re.split(r"和|及|与|、|以及", phrase) if item]
    if len(items) < 2:
        return [phrase]
    last = items[-1]
    expanded = []
    for item in items[:-1]:
        if len(item) <= 2 and len(last) > len(item) + 1:
            expanded.append(item + last[len(item):])
        else:
            expanded.append(item)
    return expanded + [last]
