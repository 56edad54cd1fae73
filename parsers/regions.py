"""Chinese administrative divisions: which names are real regions, their level and parents.

The gazetteer is the data of a maintained package, jionlp's china_location (provinces,
cities and counties with their codes, as of its release), read from the installed
package's files; jionlp itself is not imported. Nothing here is typed by hand except the
national level, which the gazetteer does not list.
"""

from __future__ import annotations

import importlib.util
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

NATIONAL = "全国"
# unlisted: an area the gazetteer does not list that reports like a government (大鹏新区管委会).
REGION_LEVELS = ("national", "province", "city", "county", "district", "unlisted")


@dataclass(frozen=True)
class Region:
    name: str  # 南山区
    code: str | None  # 440305 (national: 000000); None for an unlisted area
    level: str  # one of REGION_LEVELS
    parents: tuple[str, ...]  # ('广东省', '深圳市')


_NATION = Region(NATIONAL, "000000", "national", ())
# Directly governed municipalities list themselves again as their own city: keep one.
_MUNICIPALITY_CODES = ("11", "12", "31", "50")


def _gazetteer_file() -> Path:
    spec = importlib.util.find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the gazetteer needs the jionlp package (pip install jionlp)")
    return Path(next(iter(spec.submodule_search_locations))) / "dictionary" / "china_location.zip"


# A province (no tab), city (one) or county (two) line of the gazetteer.
_DIVISION_LINE = re.compile(r"^\t{0,2}[^\t\n][^\n]*", re.MULTILINE)


def _county_level(name: str) -> str:
    return "district" if name.endswith("区") else "county"


@lru_cache(maxsize=1)
def _regions() -> tuple[Region, ...]:
    """Every province, city and county of the gazetteer (towns and villages are skipped)."""
    found: list[Region] = [_NATION]
    chain: dict[int, str | None] = {}  # the enclosing division at each depth
    with zipfile.ZipFile(_gazetteer_file()) as archive:
        text = archive.read("china_location.txt").decode("utf-8")
    # Towns and villages, three tabs deep and more, are most of the file: one regex skips them.
    for line in _DIVISION_LINE.findall(text):
        depth = len(line) - len(line.lstrip("\t"))
        fields = line.strip().split("\t")
        if len(fields) < 2:
            continue  # a few divisions (Taiwan's districts) come without a code
        name, code = fields[0], fields[1]
        chain = {d: n for d, n in chain.items() if d < depth}
        # 上海市 (city) under 上海市 (province) is the same place: it is not a parent again.
        chain[depth] = None if depth == 1 and code[:2] in _MUNICIPALITY_CODES else name
        if chain[depth] is None:
            continue
        level = ("province", "city", _county_level(name))[depth]
        parents = tuple(n for d, n in sorted(chain.items()) if d < depth and n)
        found.append(Region(name, code, level, parents))
    return tuple(found)


@lru_cache(maxsize=1)
def _by_name() -> dict[str, tuple[Region, ...]]:
    index: dict[str, list[Region]] = {}
    for region in _regions():
        index.setdefault(region.name, []).append(region)
    return {name: tuple(regions) for name, regions in index.items()}


@lru_cache(maxsize=1)
def _name_pattern() -> re.Pattern[str]:
    # Two-character county names (城区, 矿区, 郊区) are everyday words in reports: a region
    # needs at least three characters to be found in free text.
    names = sorted((n for n in _by_name() if len(n) >= 3), key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in names))


def lookup(name: str) -> tuple[Region, ...]:
    """Every region of that exact name (南山区 is in 深圳市 and in 鹤岗市)."""
    return _by_name().get(name, ())


def resolve(chain: list[str], context: str = "") -> Region | None:
    """The region a chain of names points at (['深圳市', '南山区'] or ['南山区']), or None.

    Among regions of the same name, the one whose parents the chain or the context names
    wins; then the one whose parents context names most often.
    """
    if not chain:
        return None
    candidates = lookup(chain[-1])
    if not candidates:
        return None
    named_parents = set(chain[:-1])
    fitting = [r for r in candidates if named_parents <= set(r.parents)]
    if not fitting:
        return None
    if len(fitting) == 1:
        return fitting[0]
    return max(fitting, key=lambda r: sum(context.count(p) for p in r.parents))


def chains_in(text: str) -> list[tuple[int, int, list[str]]]:
    """Runs of adjacent region names in text: (start, end, names), 深圳市南山区 -> [深圳市, 南山区]."""
    runs: list[tuple[int, int, list[str]]] = []
    for m in _name_pattern().finditer(text):
        if runs and runs[-1][1] == m.start():
            start, _, names = runs[-1]
            runs[-1] = (start, m.end(), names + [m.group()])
        else:
            runs.append((m.start(), m.end(), [m.group()]))
    return runs


def dominant_region(text: str) -> Region | None:
    """The county- or city-level region a text names most often (a table titled without one)."""
    counts: Counter[tuple[str, ...]] = Counter()
    for _, _, names in chains_in(text):
        counts[tuple(names)] += 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], -len(item[0])))
    for names, count in ranked:
        region = resolve(list(names), text)
        if region and region.level != "province" and count >= 3:
            return region
    return None


# What names a functional area that has a management committee but no place in the
# gazetteer: 大鹏新区, 两江新区, 苏州高新区, 经济技术开发区, 深汕特别合作区.
_UNLISTED_AREA = re.compile(r"[\u4e00-\u9fff]{2,10}?(?:新区|开发区|高新区|工业园区|合作区|管理区|示范区|试验区|实验区|保税区|自贸区|港区)")


def unlisted(name: str, context: str = "") -> Region | None:
    """An area the gazetteer lacks (大鹏新区), kept by its name; its parents are those of the
    gazetteer city its text names most, with that city. None when name is not such an area."""
    if not name:
        return None
    chain = chains_in(name)
    leading = chain[0][2] if chain and chain[0][0] == 0 else []
    rest = name[chain[0][1]:] if leading else name
    if not _UNLISTED_AREA.fullmatch(rest):
        return None
    cities: Counter[Region] = Counter()
    for _, _, names in chains_in(context):
        region = resolve(list(names), context)
        if region and region.level == "city":
            cities[region] += 1
    named = resolve(leading, context) if leading else None
    city = named or (cities.most_common(1)[0][0] if cities else None)
    parents = (*city.parents, city.name) if city else ()
    return Region(rest, None, "unlisted", parents)
