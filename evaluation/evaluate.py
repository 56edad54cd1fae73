"""Compare the parser's output on the seed reports with the hand-checked facts.

    python evaluation/evaluate.py [--verbose]

Each row of expected_facts.csv names a sentence (by a snippet of its normalized text)
and one quantitative fact in it. Annotated sentences list every number they hold, so
precision is measured inside them: a parsed measure there that matches no expected fact
is a false positive. A match needs the same kind, value and unit; comparator, year,
measure type and indicator are then scored as attribute accuracy. Qualitative targets
(与经济增长同步: no number) are outside these files and are not scored.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from parsers.documents import hints_from_file_name  # noqa: E402
from parsers.reports import parse_file  # noqa: E402
from parsers.statements import KINDS, Measure, extract_measures  # noqa: E402

EXPECTED = Path(__file__).resolve().parent / "expected_facts.csv"
# Sentences annotated after the rules were written and never used to tune them.
HOLDOUT = Path(__file__).resolve().parent / "holdout_facts.csv"
SEEDS = REPO / "seeds"


@dataclass(frozen=True)
class Expected:
    file: str
    snippet: str
    kind: str
    indicator: str
    value: float
    unit: str
    comparator: str
    year: int | None
    measure_type: str


def load_expected(path: Path) -> list[Expected]:
    with path.open(encoding="utf-8") as handle:
        return [
            Expected(r["file"], r["snippet"], r["kind"], r["indicator"], float(r["value"]), r["unit"],
                     r["comparator"], int(r["year"]) if r["year"] else None, r["measure_type"])
            for r in csv.DictReader(handle)
        ]


def parsed_measures(file_name: str) -> list[Measure]:
    parsed = parse_file((SEEDS / file_name).read_bytes(), hints_from_file_name(file_name))
    return [
        m for doc in parsed.documents for m in extract_measures(parsed.document_text(doc), doc)
        if m.measure_type != "qualitative"
    ]


def _same_fact(expected: Expected, measure: Measure) -> bool:
    return (
        measure.kind == expected.kind
        and measure.unit_raw == expected.unit
        and math.isclose(measure.value, expected.value, rel_tol=1e-9)
    )


def _indicator_ok(expected: Expected, measure: Measure) -> bool:
    if not expected.indicator:
        return True
    return expected.indicator in measure.indicator or (bool(measure.indicator) and measure.indicator in expected.indicator)


def evaluate(path: Path, verbose: bool = False) -> dict[str, dict[str, float]]:
    expected = load_expected(path)
    by_file: dict[str, list[Expected]] = defaultdict(list)
    for fact in expected:
        by_file[fact.file].append(fact)

    found = Counter()       # expected facts matched, per kind
    wanted = Counter()      # expected facts, per kind
    produced = Counter()    # parsed measures inside annotated sentences, per kind
    correct = Counter()     # parsed measures that matched, per kind
    attributes = Counter()
    misses, extras = [], []
    for file_name, facts in sorted(by_file.items()):
        measures = parsed_measures(file_name)
        snippets = {f.snippet for f in facts}
        in_scope = [m for m in measures if any(s in m.sentence for s in snippets)]
        for snippet in snippets:
            if not any(snippet in m.sentence for m in measures):
                raise SystemExit(f"{file_name}: no parsed sentence holds the snippet {snippet!r}")
        unused = list(in_scope)
        for fact in facts:
            wanted[fact.kind] += 1
            match = next((m for m in unused if fact.snippet in m.sentence and _same_fact(fact, m)), None)
            if match is None:
                misses.append((fact, [m for m in in_scope if fact.snippet in m.sentence]))
                continue
            unused.remove(match)
            found[fact.kind] += 1
            attributes["matched"] += 1
            attributes["comparator"] += match.comparator == fact.comparator
            attributes["year"] += fact.year is None or match.year == fact.year
            attributes["measure_type"] += match.measure_type == fact.measure_type
            attributes["indicator"] += _indicator_ok(fact, match)
            if verbose and not _indicator_ok(fact, match):
                print(f"  indicator: expected {fact.indicator!r}, parsed {match.indicator!r} ({fact.value:g}{fact.unit})")
        for m in in_scope:
            produced[m.kind] += 1
        for m in unused:
            extras.append((file_name, m))
        for m in in_scope:
            if m not in unused:
                correct[m.kind] += 1

    if verbose:
        for fact, candidates in misses:
            got = ", ".join(f"{m.kind} {m.value:g}{m.unit_raw}" for m in candidates) or "nothing"
            print(f"  missed {fact.kind} {fact.value:g}{fact.unit} [{fact.indicator}] in {fact.snippet!r}; parsed: {got}")
        for file_name, m in extras:
            print(f"  unexpected {m.kind} {m.value:g}{m.unit_raw} [{m.indicator}] in {file_name}: {m.sentence[:40]!r}")

    results = {}
    print(f"{'kind':<16}{'expected':>9}{'found':>7}{'recall':>8}{'parsed':>8}{'precision':>11}")
    for kind in KINDS:
        if not wanted[kind] and not produced[kind]:
            continue
        recall = found[kind] / wanted[kind] if wanted[kind] else float("nan")
        precision = correct[kind] / produced[kind] if produced[kind] else float("nan")
        results[kind] = {"recall": recall, "precision": precision}
        print(f"{kind:<16}{wanted[kind]:>9}{found[kind]:>7}{recall:>8.1%}{produced[kind]:>8}{precision:>11.1%}")
    total_wanted, total_found = sum(wanted.values()), sum(found.values())
    total_produced, total_correct = sum(produced.values()), sum(correct.values())
    results["all"] = {"recall": total_found / total_wanted, "precision": total_correct / total_produced}
    print(f"{'all':<16}{total_wanted:>9}{total_found:>7}{total_found / total_wanted:>8.1%}"
          f"{total_produced:>8}{total_correct / total_produced:>11.1%}")
    matched = attributes["matched"] or 1
    print("attribute accuracy on matched facts: " + ", ".join(
        f"{name} {attributes[name] / matched:.1%}" for name in ("comparator", "year", "measure_type", "indicator")))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", action="store_true", help="list misses, unexpected measures and wrong indicators")
    verbose = parser.parse_args().verbose
    for title, path in (("Tuning set", EXPECTED), ("Held-out set", HOLDOUT)):
        print(f"\n{title}: {path.name}")
        evaluate(path, verbose)


if __name__ == "__main__":
    main()
