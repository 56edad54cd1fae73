"""Write N distinct, realistic report files by varying real ones: region, years and figures.

    python benchmarks/make_corpus.py OUT_DIR --count 2000 [--seed 7]

Each file is a real report (a seed, or one of evaluation/corpus/) with its region replaced
by a real district or county of the gazetteer, its years shifted, and its Arabic figures
scaled by a random factor with their decimals kept. Messy features survive because the
text is otherwise the original's: Traditional characters and pinyin glosses, PDF damage,
completion tables, Chinese numerals. The same seed gives the same files, all of distinct text.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from parsers.decoding import NotAReportError, decode_report_bytes  # noqa: E402
from parsers.documents import hints_from_file_name, split_region_chain  # noqa: E402
from parsers.regions import Region, _regions  # noqa: E402

SOURCES = sorted(REPO.glob("seeds/*.txt")) + sorted((REPO / "evaluation" / "corpus").rglob("*.txt"))
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?=年)")
_FIGURE = re.compile(r"(?<![\d.])(\d{2,}(?:\.\d+)?)(?=[万亿]?(?:元|亩|公顷|吨|家|个|人|名|%|平方米|公里|项|套|张))")


def _counties() -> list[Region]:
    return [r for r in _regions() if r.level in ("county", "district") and len(r.parents) == 2]


def _scaled(match: re.Match[str], rng: random.Random) -> str:
    text = match.group(1)
    decimals = len(text.split(".")[1]) if "." in text else 0
    value = float(text) * rng.uniform(0.8, 1.2)
    return f"{value:.{decimals}f}" if decimals else str(max(1, round(value)))


def vary(text: str, old_names: list[str], new: Region, year_shift: int, rng: random.Random) -> str:
    for old, replacement in zip(reversed(old_names), [new.name, *reversed(new.parents)]):
        text = text.replace(old, replacement)
    text = _YEAR.sub(lambda m: str(int(m.group(1)) + year_shift), text)
    return _FIGURE.sub(lambda m: _scaled(m, rng), text)


def make_corpus(out: Path, count: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    counties = _counties()
    texts = {}
    for source in SOURCES:
        try:
            texts[source] = decode_report_bytes(source.read_bytes()).text
        except NotAReportError:
            continue  # a corpus file that is not a report (a saved page of menus)
    sources = list(texts)
    out.mkdir(parents=True, exist_ok=True)
    written, seen = [], set()
    for k in range(count):
        source = rng.choice(sources)
        text = texts[source]
        hint = hints_from_file_name(source.name)
        old_names = split_region_chain(hint.region) if hint.region and hint.region != "全国" else []
        region = rng.choice(counties)
        shift = rng.randint(-3, 3)
        year = (hint.year or 2023) + shift
        varied = vary(text, old_names, region, shift, rng)
        if hashlib.sha1(varied.encode()).digest() in seen:
            # A national text written in Chinese numerals may come out the same twice: a print
            # mark keeps every file a report of its own, as the warehouse counts distinct texts.
            varied = f"（印发稿第{k + 1}号）\n{varied}"
        seen.add(hashlib.sha1(varied.encode()).digest())
        path = out / f"{region.parents[-1]}{region.name}_{year}_{k:05d}_{source.stem.split('_')[-1]}.txt"
        path.write_text(varied, encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    files = make_corpus(args.out, args.count, args.seed)
    print(f"wrote {len(files)} reports to {args.out}")


if __name__ == "__main__":
    main()
