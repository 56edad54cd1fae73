"""Score the parser against hand-checked facts, and the warehouse against hand-checked pairs.

    python evaluation/evaluate.py [--verbose] [--no-pairs]

Four sets of facts, reported separately:
- seed tuning (expected_facts.csv) and seed held-out (holdout_facts.csv): sentences of the
  four seeds. A snippet names a sentence, and the sentence's every number is annotated, so
  a parsed measure in that sentence that matches no fact is a false positive.
- corpus development (corpus_facts.csv) and corpus held-out (corpus_holdout_facts.csv):
  real reports of evaluation/corpus/ that the rules were not written for. A snippet is an
  exact span of the normalized text; every number inside it is annotated, so a parsed
  measure overlapping a snippet that matches no fact is a false positive. The development
  set was annotated before the rules were changed for it; the held-out set is never used
  to change a rule.

A fact matches a parsed measure of the same kind with the same value in the same canonical
unit (through the dbt unit seed: 3.6亿吨 is 36000万吨). Comparator, year, horizon start,
measure type and indicator are then scored as attribute accuracy. Decreases are negative
(下降3% is -3). Qualitative targets (no number) are not scored.

corpus_pairs.csv lists target-actual pairs that consecutive reports of one region allow
(a target for year Y in report Y, its outcome in report Y+1). The pair rate is the share of
them that marts.completion_rates holds, from a warehouse built of evaluation/corpus/.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from parsers.documents import hints_from_file_name  # noqa: E402
from parsers.reports import parse_file  # noqa: E402
from parsers.statements import KINDS, Measure, extract_measures  # noqa: E402
from parsers.units import UNIT_TABLE  # noqa: E402

HERE = Path(__file__).resolve().parent
SEEDS = REPO / "seeds"
CORPUS = HERE / "corpus"
EXPECTED = HERE / "expected_facts.csv"
# Seed sentences annotated after the rules were written and never used to tune them.
HOLDOUT = HERE / "holdout_facts.csv"
CORPUS_FACTS = HERE / "corpus_facts.csv"
CORPUS_HOLDOUT = HERE / "corpus_holdout_facts.csv"
CORPUS_PAIRS = HERE / "corpus_pairs.csv"
# Reports in neither shared folder, with every target-actual pair their consecutive years allow.
UNSEEN = HERE / "unseen"
UNSEEN_PAIRS = HERE / "unseen_pairs.csv"


@dataclass(frozen=True)
class FactSet:
    title: str
    path: Path
    folder: Path
    scope: str  # 'sentence': the snippet names a sentence; 'span': the snippet is the scope


SEED_TUNING = FactSet("Seed tuning set", EXPECTED, SEEDS, "sentence")
SEED_HOLDOUT = FactSet("Seed held-out set", HOLDOUT, SEEDS, "sentence")
CORPUS_DEVELOPMENT = FactSet("Corpus development set", CORPUS_FACTS, CORPUS, "span")
CORPUS_HELD_OUT = FactSet("Corpus held-out set", CORPUS_HOLDOUT, CORPUS, "span")
FACT_SETS = (SEED_TUNING, SEED_HOLDOUT, CORPUS_DEVELOPMENT, CORPUS_HELD_OUT)


@dataclass(frozen=True)
class Expected:
    file: str
    snippet: str
    kind: str
    indicator: str
    value: float
    value_high: float | None
    unit: str
    comparator: str
    year: int | None
    year_from: int | None
    measure_type: str


def _optional_float(text: str | None) -> float | None:
    return float(text) if text else None


def _optional_int(text: str | None) -> int | None:
    return int(text) if text else None


def load_expected(path: Path) -> list[Expected]:
    with path.open(encoding="utf-8") as handle:
        return [
            Expected(r["file"], r["snippet"], r["kind"], r["indicator"], float(r["value"]),
                     _optional_float(r.get("value_high")), r["unit"], r["comparator"], _optional_int(r["year"]),
                     _optional_int(r.get("year_from")), r["measure_type"])
            for r in csv.DictReader(handle)
        ]


@lru_cache(maxsize=1)
def _conversions() -> dict[str, tuple[str, float]]:
    with UNIT_TABLE.open(encoding="utf-8") as handle:
        return {r["unit_raw"]: (r["unit"], float(r["factor"])) for r in csv.DictReader(handle)}


def canonical(value: float, unit: str) -> tuple[float, str]:
    """(value, unit) in the warehouse's canonical unit; unknown units stay as written."""
    target, factor = _conversions().get(unit, (unit, 1.0))
    return value * factor, target


def written_step(value: float, unit: str) -> float:
    """One unit of the annotated value's last digit, in the canonical unit: the marts keep a value
    to the digits it was written with (5900亩 is 393.33 公顷), so a made value agrees within it."""
    written = f"{value:.10g}"
    decimals = len(written.split(".")[1]) if "." in written else 0
    return 10 ** -decimals * _conversions().get(unit, (unit, 1.0))[1]


@dataclass(frozen=True)
class ParsedDocument:
    text: str
    measures: list[Measure]


@lru_cache(maxsize=None)
def parsed_documents(folder: Path, file_name: str) -> tuple[ParsedDocument, ...]:
    parsed = parse_file((folder / file_name).read_bytes(), hints_from_file_name(file_name))
    documents = []
    for doc in parsed.documents:
        text = parsed.document_text(doc)
        # Facts are written numbers: a derived increase (由309家增至334家) is no number in the text.
        measures = [m for m in extract_measures(text, doc)
                    if m.measure_type != "qualitative" and m.source_kind != "derived"]
        documents.append(ParsedDocument(text, measures))
    return tuple(documents)


def _same_fact(expected: Expected, measure: Measure) -> bool:
    if measure.kind != expected.kind or measure.value is None:
        return False
    want_value, want_unit = canonical(expected.value, expected.unit)
    got_value, got_unit = canonical(measure.value, measure.unit_raw)
    return got_unit == want_unit and math.isclose(got_value, want_value, rel_tol=1e-9, abs_tol=1e-9)


def _indicator_ok(expected: Expected, measure: Measure) -> bool:
    if not expected.indicator:
        return True
    return expected.indicator in measure.indicator or (bool(measure.indicator) and measure.indicator in expected.indicator)


class SnippetError(ValueError):
    """An annotation whose snippet is missing from, or ambiguous in, its report."""


def _snippet_span(documents: tuple[ParsedDocument, ...], fact: Expected) -> tuple[int, int, int]:
    """(document index, start, end) of the snippet: it must occur exactly once in the file."""
    hits = [(k, doc.text.find(fact.snippet)) for k, doc in enumerate(documents)]
    hits = [(k, pos) for k, pos in hits if pos >= 0]
    count = sum(documents[k].text.count(fact.snippet) for k, _ in hits)
    if count != 1:
        raise SnippetError(f"{fact.file}: snippet {fact.snippet!r} occurs {count} times in the normalized text")
    k, pos = hits[0]
    return k, pos, pos + len(fact.snippet)


def _scope(fact_set: FactSet, documents: tuple[ParsedDocument, ...], fact: Expected) -> list[tuple[int, Measure]]:
    """The parsed measures a fact's snippet covers, each with its document index."""
    if fact_set.scope == "sentence":
        return [(k, m) for k, doc in enumerate(documents) for m in doc.measures if fact.snippet in m.sentence]
    k, start, end = _snippet_span(documents, fact)
    return [(k, m) for m in documents[k].measures if m.char_start < end and m.char_end > start]


ATTRIBUTES = ("comparator", "value_high", "year", "year_from", "measure_type", "indicator")


def evaluate(fact_set: FactSet, verbose: bool = False) -> dict[str, dict[str, float]]:
    expected = load_expected(fact_set.path)
    by_file: dict[str, list[Expected]] = defaultdict(list)
    for fact in expected:
        by_file[fact.file].append(fact)

    found, wanted, produced, correct, attributes = Counter(), Counter(), Counter(), Counter(), Counter()
    misses, extras, wrong_attributes, broken = [], [], [], []
    for file_name, facts in sorted(by_file.items()):
        documents = parsed_documents(fact_set.folder, file_name)
        scopes: dict[Expected, list[tuple[int, Measure]]] = {}
        for fact in facts:
            try:
                scopes[fact] = _scope(fact_set, documents, fact)
            except SnippetError as exc:
                broken.append(str(exc))
                scopes[fact] = []
            if fact_set.scope == "sentence" and not scopes[fact]:
                broken.append(f"{file_name}: no parsed sentence holds the snippet {fact.snippet!r}")
        in_scope = list(dict.fromkeys(pair for scope in scopes.values() for pair in scope))
        unused = list(in_scope)
        for fact in facts:
            wanted[fact.kind] += 1
            match = next((pair for pair in unused if pair in scopes[fact] and _same_fact(fact, pair[1])), None)
            if match is None:
                misses.append((fact, [m for _, m in scopes[fact]]))
                continue
            unused.remove(match)
            measure = match[1]
            found[fact.kind] += 1
            checks = {
                "comparator": measure.comparator == fact.comparator,
                "value_high": fact.value_high is None or (
                    measure.value_high is not None and math.isclose(measure.value_high, fact.value_high)),
                "year": fact.year is None or measure.year == fact.year,
                "year_from": fact.year_from is None or getattr(measure, "year_from", None) == fact.year_from,
                "measure_type": measure.measure_type == fact.measure_type,
                "indicator": _indicator_ok(fact, measure),
            }
            attributes["matched"] += 1
            for name, ok in checks.items():
                attributes[name] += ok
                if not ok:
                    wrong_attributes.append((name, fact, measure))
        for _, measure in in_scope:
            produced[measure.kind] += 1
        for pair in unused:
            extras.append((file_name, pair[1]))
        for pair in in_scope:
            if pair not in unused:
                correct[pair[1].kind] += 1

    if verbose:
        for message in broken:
            print(f"  annotation: {message}")
        for fact, candidates in misses:
            got = ", ".join(f"{m.kind} {m.value:g}{m.unit_raw}" for m in candidates if m.value is not None) or "nothing"
            print(f"  missed {fact.kind} {fact.value:g}{fact.unit} [{fact.indicator}] in {fact.file}: "
                  f"{fact.snippet[:40]!r}; parsed: {got}")
        for file_name, m in extras:
            print(f"  unexpected {m.kind} {m.value:g}{m.unit_raw} [{m.indicator}] in {file_name}: {m.sentence[:40]!r}")
        for name, fact, m in wrong_attributes:
            want = {"comparator": fact.comparator, "value_high": fact.value_high, "year": fact.year,
                    "year_from": fact.year_from, "measure_type": fact.measure_type, "indicator": fact.indicator}[name]
            got = getattr(m, name, None)
            print(f"  {name}: expected {want!r}, parsed {got!r} ({fact.value:g}{fact.unit} in {fact.file}: "
                  f"{fact.snippet[:30]!r})")

    results: dict[str, dict[str, float]] = {}
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
    results["all"] = {
        "recall": total_found / total_wanted,
        "precision": total_correct / total_produced if total_produced else float("nan"),
    }
    print(f"{'all':<16}{total_wanted:>9}{total_found:>7}{results['all']['recall']:>8.1%}"
          f"{total_produced:>8}{results['all']['precision']:>11.1%}")
    matched = attributes["matched"] or 1
    results["attributes"] = {name: attributes[name] / matched for name in ATTRIBUTES}
    print("attribute accuracy on matched facts: " + ", ".join(
        f"{name} {attributes[name] / matched:.1%}" for name in ATTRIBUTES))
    if broken:
        print(f"{len(broken)} annotation(s) could not be located (counted as missed); --verbose lists them")
    results["broken_annotations"] = {"count": len(broken)}
    return results


# --- target-actual pairs across consecutive reports ---------------------------------------


@dataclass(frozen=True)
class PairSet:
    title: str
    path: Path
    folder: Path
    # Exhaustive: every target of a listed target report that the next report answers is
    # listed, so a pair the warehouse makes for any other target of that report is wrong.
    exhaustive: bool


CORPUS_PAIR_SET = PairSet("Corpus pairs", CORPUS_PAIRS, CORPUS, exhaustive=False)
UNSEEN_PAIR_SET = PairSet("Unseen pairs", UNSEEN_PAIRS, UNSEEN, exhaustive=True)
PAIR_SETS = (CORPUS_PAIR_SET, UNSEEN_PAIR_SET)


@dataclass(frozen=True)
class ExpectedPair:
    set: str
    target_file: str
    target_snippet: str
    target_value: float
    unit: str
    actual_file: str
    actual_snippet: str
    actual_value: float | None  # None: an ambiguous answer, neither required nor wrong


def load_pairs(path: Path = CORPUS_PAIRS) -> list[ExpectedPair]:
    with path.open(encoding="utf-8") as handle:
        return [
            ExpectedPair(r["set"], r["target_file"], r["target_snippet"], float(r["target_value"]), r["unit"],
                         r["actual_file"], r["actual_snippet"], _optional_float(r["actual_value"]))
            for r in csv.DictReader(handle)
        ]


def build_warehouse(folder: Path, db: Path) -> None:
    """`warehouse build` of a report folder into db, as a user would run it."""
    warehouse = Path(sys.prefix) / "bin" / "warehouse"
    result = subprocess.run(
        [str(warehouse), "build", "--reports-dir", str(folder), "--db", str(db)],
        capture_output=True, text=True, timeout=1800,
    )
    if result.returncode != 0:
        raise SystemExit(f"building the warehouse of {folder} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")


def _span_in(con, file_name: str, snippet: str) -> tuple[str, int, int] | None:
    rows = con.execute(
        "select document_id, strpos(normalized_text, ?) - 1 from marts.documents "
        "where file_name = ? and strpos(normalized_text, ?) > 0",
        [snippet, file_name, snippet],
    ).fetchall()
    if len(rows) != 1:
        return None
    document_id, start = rows[0]
    return document_id, start, start + len(snippet)


def _overlaps(span: tuple[str, int, int] | None, document_id: str, start: int, end: int) -> bool:
    return span is not None and span[0] == document_id and start < span[2] and end > span[1]


def evaluate_pairs(db: Path, pair_set: PairSet, verbose: bool = False) -> dict[str, dict[str, float]]:
    """Share of the annotated pairs that marts.completion_rates holds, per set; for an
    exhaustive set also the share of the warehouse's pairs of the listed reports that are right."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    wanted, found, wrong, made, right = Counter(), Counter(), Counter(), Counter(), Counter()
    try:
        made_pairs = con.execute(
            """
            select t.document_id, t.char_start, t.char_end, t.value, a.document_id, a.char_start, a.char_end,
                r.actual_value, t.statement, r.unit
            from marts.completion_rates as r
            inner join marts.targets as t on t.target_id = r.target_id
            left join marts.actuals as a on a.actual_id = r.actual_id
            """
        ).fetchall()
        annotated = []
        for pair in load_pairs(pair_set.path):
            target_span = _span_in(con, pair.target_file, pair.target_snippet)
            actual_span = _span_in(con, pair.actual_file, pair.actual_snippet)
            target_value, _ = canonical(pair.target_value, pair.unit)
            actual_value = None if pair.actual_value is None else canonical(pair.actual_value, pair.unit)[0]
            target_step = written_step(pair.target_value, pair.unit)
            actual_step = None if pair.actual_value is None else written_step(pair.actual_value, pair.unit)
            annotated.append((pair, target_span, actual_span, target_value, actual_value, target_step, actual_step))
            if actual_value is None:
                continue
            wanted[pair.set] += 1
            outcome = "snippet not found" if not (target_span and actual_span) else "target not paired"
            for t_doc, t_start, t_end, t_value, a_doc, a_start, a_end, value, *_ in made_pairs:
                if not (_overlaps(target_span, t_doc, t_start, t_end) and abs(t_value - target_value) <= target_step):
                    continue
                if _overlaps(actual_span, a_doc, a_start, a_end) and abs(value - actual_value) <= actual_step:
                    outcome = "found"
                    break
                outcome = f"paired with another actual ({value:g})"
            if outcome == "found":
                found[pair.set] += 1
            else:
                wrong[pair.set] += outcome.startswith("paired")
                if verbose:
                    print(f"  pair {pair.set}: {outcome}: {pair.target_value:g}{pair.unit} in {pair.target_file} "
                          f"{pair.target_snippet[:30]!r} -> {pair.actual_value:g} in {pair.actual_file}")
        if pair_set.exhaustive:
            target_documents = {}
            for pair, target_span, *_ in annotated:
                if target_span:
                    target_documents[target_span[0]] = pair.set
            for t_doc, t_start, t_end, t_value, a_doc, a_start, a_end, value, statement, unit in made_pairs:
                if t_doc not in target_documents:
                    continue
                verdict = "wrong"
                for pair, target_span, actual_span, target_value, actual_value, target_step, actual_step in annotated:
                    if _overlaps(target_span, t_doc, t_start, t_end) and abs(t_value - target_value) <= target_step:
                        if actual_value is None:
                            verdict = "ambiguous"
                        elif _overlaps(actual_span, a_doc, a_start, a_end) and abs(value - actual_value) <= actual_step:
                            verdict = "right"
                        break
                if verdict == "ambiguous":
                    continue
                made[target_documents[t_doc]] += 1
                right[target_documents[t_doc]] += verdict == "right"
                if verdict == "wrong" and verbose:
                    print(f"  made {target_documents[t_doc]}: wrong pair {t_value:g} -> {value:g} {unit}: {statement[:50]!r}")
    finally:
        con.close()
    results = {}
    print(f"{'set':<14}{'pairs':>7}{'found':>7}{'recall':>8}{'wrong':>7}" + (f"{'made':>7}{'precision':>11}" if pair_set.exhaustive else ""))
    for name in sorted(wanted):
        rate = found[name] / wanted[name]
        results[name] = {"rate": rate, "wrong": wrong[name]}
        line = f"{name:<14}{wanted[name]:>7}{found[name]:>7}{rate:>8.1%}{wrong[name]:>7}"
        if pair_set.exhaustive:
            precision = right[name] / made[name] if made[name] else 1.0
            results[name]["precision"] = precision
            line += f"{made[name]:>7}{precision:>11.1%}"
        print(line)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", action="store_true", help="list misses, unexpected measures and wrong attributes")
    parser.add_argument("--no-pairs", action="store_true", help="skip building the corpus warehouse for the pair rate")
    args = parser.parse_args()
    for fact_set in FACT_SETS:
        print(f"\n{fact_set.title}: {fact_set.path.name}")
        evaluate(fact_set, args.verbose)
    if not args.no_pairs:
        os.environ.pop("WAREHOUSE_DB", None)
        for pair_set in PAIR_SETS:
            print(f"\n{pair_set.title}, target-actual pairs across consecutive reports: {pair_set.path.name}")
            with tempfile.TemporaryDirectory() as tmp:
                db = Path(tmp) / "warehouse.duckdb"
                build_warehouse(pair_set.folder, db)
                evaluate_pairs(db, pair_set, args.verbose)


if __name__ == "__main__":
    main()
