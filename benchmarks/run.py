"""The benchmark table of docs/benchmarks.md: parse speed against a plain scan and two peers, the
peers' recall of the evaluation facts, and full builds, one report added and BI queries at N reports.

    python benchmarks/run.py [--counts 10 200 2000] [--out docs/benchmarks.md]

Everything is measured in one run on one machine, so the ratios hold even where the machine is
shared and noisy. The reports are benchmarks/make_corpus.py's (real reports with other regions,
years and figures). The peers are Microsoft Recognizers-Text (`recognizers-text-suite`, Chinese
number-with-unit, currency and percentage models, in its own virtualenv under
benchmarks/.peers/, made on the first run: it pins an emoji older than ours) and JioNLP's money
extraction (`jionlp`, a dependency of ours already). Peers are slow, so they run on the texts of
the first N only; throughput is MB/s, comparable across sizes.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import duckdb
import psutil

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_parser import full_parse, is_report, plain_scan  # noqa: E402
from build_benchmark import measure  # noqa: E402
from make_corpus import make_corpus  # noqa: E402

from evaluation.evaluate import FACT_SETS, _scope, load_expected, parsed_documents, written_step  # noqa: E402

PEER_NAMES = {"recognizers": "Recognizers-Text", "jionlp": "JioNLP (money only)"}
PEERS_DIR = REPO / "benchmarks" / ".peers"
RECOGNIZERS_PYTHON = PEERS_DIR / "recognizers" / "bin" / "python"
_MULTIPLIERS = (("百万", 1e6), ("万", 1e4), ("亿", 1e8), ("千", 1e3))
BI_QUERIES = {
    "one region's pairs": "select indicator, year, target_value, actual_value, is_met from marts.completion_rates "
                          "where region = ? order by indicator, year",
    "one indicator over the years": "select region, year, target_value, actual_value, completion_rate "
                                    "from marts.completion_rates where indicator = '地区生产总值' order by region, year",
    "met / missed per region and year": "select region, year, count(*) filter (where is_met) as met, "
                                        "count(*) filter (where not is_met) as missed from marts.completion_rates "
                                        "group by region, year order by region, year",
}


def ensure_recognizers() -> Path:
    if not RECOGNIZERS_PYTHON.exists():
        subprocess.run([sys.executable, "-m", "venv", str(RECOGNIZERS_PYTHON.parent.parent)], check=True)
        subprocess.run([str(RECOGNIZERS_PYTHON), "-m", "pip", "install", "--quiet", "recognizers-text-suite==1.0.2a2",
                        "emoji<1"], check=True)
    return RECOGNIZERS_PYTHON


def run_peer(peer: str, texts: list[str]) -> dict:
    python = str(ensure_recognizers()) if peer == "recognizers" else sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        source, out = Path(tmp) / "texts.json", Path(tmp) / "found.json"
        source.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
        subprocess.run([python, str(REPO / "benchmarks" / "peer_extract.py"), peer, str(source), str(out)],
                       check=True, capture_output=True)
        return json.loads(out.read_text(encoding="utf-8"))


def timed(function, files: list[tuple[str, bytes]]) -> float:
    start = time.perf_counter()
    function(files)
    return time.perf_counter() - start


def _split_unit(unit: str) -> tuple[float, str]:
    for prefix, factor in _MULTIPLIERS:
        if unit.startswith(prefix) and len(unit) > len(prefix):
            return factor, unit[len(prefix):]
    return 1.0, unit


def peer_finds(fact, snippet: str, found: list[dict]) -> bool:
    """A peer's figure is the fact when its value, with 万/亿 multiplied out, is the fact's and the
    unit's word (元, 人, %, 亩…) is in its span or right after it."""
    factor, word = _split_unit(fact.unit)
    value, tolerance = fact.value * factor, max(written_step(fact.value, fact.unit) * factor, 1e-9)
    return any(abs(item["value"] - value) <= tolerance / 2 + 1e-9 * abs(value)
               and word in snippet[item["start"]:item["end"] + len(word)] for item in found)


def recall(text_limit: int | None = None) -> list[dict]:
    """Facts of each evaluation set found with the right number, unit and value: ours (in the
    fact's scope of the parsed document) and each peer's (on the fact's snippet)."""
    rows = []
    for fact_set in FACT_SETS:
        facts = load_expected(fact_set.path)
        ours = 0
        for fact in facts:
            documents = parsed_documents(fact_set.folder, fact.file)
            ours += any(m.value is not None and m.unit_raw == fact.unit
                        and abs(m.value - fact.value) <= written_step(fact.value, fact.unit) / 2 + 1e-9
                        for _, m in _scope(fact_set, documents, fact))
        row = {"set": fact_set.title, "facts": len(facts), "ours": ours}
        snippets = [fact.snippet for fact in facts]
        for peer in PEER_NAMES:
            found = run_peer(peer, snippets)["found"]
            row[peer] = sum(peer_finds(fact, snippet, items) for fact, snippet, items in zip(facts, snippets, found))
        row["money facts"] = sum("元" in fact.unit for fact in facts)
        rows.append(row)
    return rows


def bi_latency(snapshot: Path) -> dict[str, float]:
    con = duckdb.connect(str(snapshot), read_only=True)
    try:
        region = con.execute("select region from marts.completion_rates group by region order by count(*) desc "
                             "limit 1").fetchone()
        latencies = {}
        for name, sql in BI_QUERIES.items():
            params = [region[0] if region else ""] if "?" in sql else []
            times = []
            for _ in range(20):
                start = time.perf_counter()
                con.execute(sql, params).fetchall()
                times.append(time.perf_counter() - start)
            latencies[name] = statistics.median(times) * 1000
        return latencies
    finally:
        con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[10, 200, 2000])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "benchmarks.md")
    args = parser.parse_args()
    speed, builds = [], []
    with tempfile.TemporaryDirectory(prefix="benchmarks_") as tmp:
        root = Path(tmp)
        for count in args.counts:
            paths = make_corpus(root / f"texts_{count}", count)
            # A file the build rejects (a copy of the corpus's page of menus) is not parsed either.
            files = [(path.name, path.read_bytes()) for path in paths if is_report(path.read_bytes())]
            megabytes = sum(len(data) for _, data in files) / 1e6
            full_parse(files[:2])  # jieba's dictionary, OpenCC, compiled patterns
            row = {"count": count, "megabytes": megabytes, "scan": timed(plain_scan, files),
                   "parse": timed(full_parse, files)}
            if count == args.counts[0]:
                texts = [data.decode("utf-8") for _, data in files]
                for peer in PEER_NAMES:
                    row[peer] = run_peer(peer, texts)["seconds"]
            speed.append(row)
            print(row, flush=True)
            (root / f"build_{count}").mkdir()
            built = measure(count, root / f"build_{count}")
            built["queries"] = bi_latency(root / f"build_{count}" / "published" / "warehouse.duckdb")
            builds.append(built)
            print({k: v for k, v in built.items() if not k.endswith("_steps")}, flush=True)
        found = recall()
    args.out.write_text(render(args, speed, builds, found), encoding="utf-8")
    print(args.out.read_text(encoding="utf-8"))


def render(args, speed: list[dict], builds: list[dict], found: list[dict]) -> str:
    machine = f"{platform.machine()}, {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB"
    lines = [
        "# Benchmarks", "",
        f"Measured {date.today()} on this shared machine ({machine}, Python {platform.python_version()}) "
        f"with `python benchmarks/run.py --counts {' '.join(map(str, args.counts))}`, in one run. "
        "Reports from `benchmarks/make_corpus.py`. Seconds are wall time; ratios are within the run.", "",
        "## Parse speed", "",
        "One process, files in turn: decode, normalize, split documents, extract every measure. The plain "
        "scan decodes the same bytes and runs one `findall` of numbers over them (files are read before timing). Peers ran on the texts "
        f"of the {args.counts[0]} reports (each in a process of its own, after a warm-up).", "",
        "| reports | MB | plain scan | ours | ours / scan | Recognizers-Text | JioNLP (money only) |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in speed:
        mb = row["megabytes"]
        peers = [f"{mb / row[p]:.3f} MB/s ({row[p] / row['parse']:.1f}x our time)" if p in row else "–"
                 for p in PEER_NAMES]
        lines.append(f"| {row['count']:,} | {mb:.1f} | {mb / row['scan']:.0f} MB/s | {mb / row['parse']:.2f} MB/s | "
                     f"{row['parse'] / row['scan']:.0f}x | {peers[0]} | {peers[1]} |")
    lines += ["", "## Facts found with the right number, unit and value", "",
              "Ours: a measure in the fact's scope of the parsed document with the fact's value (to its written "
              "digits) and unit. A peer: a figure of the fact's snippet whose value, 万 and 亿 multiplied out, is "
              "the fact's and whose span (or the character after it) holds the unit's word (元, 人, %, 亩). "
              "JioNLP extracts money only: its column counts among all facts, the money facts are beside it.", "",
              "| set | facts | ours | Recognizers-Text | JioNLP | money facts |", "|---|---|---|---|---|---|"]
    for row in found:
        pct = lambda n: f"{n} ({100 * n / row['facts']:.0f}%)"  # noqa: E731
        lines.append(f"| {row['set']} | {row['facts']} | {pct(row['ours'])} | {pct(row['recognizers'])} | "
                     f"{pct(row['jionlp'])} | {row['money facts']} |")
    lines += ["", "## Builds and BI queries", "",
              "`warehouse build` as a user runs it, on a fresh warehouse and Dagster instance; peak memory is the sum "
              "of resident memory over the build's process tree (CLI, parse workers, dbt). Then a rebuild with "
              "nothing changed, then one more report. BI queries: the median of 20 on an open read-only "
              "connection to the published snapshot.", "",
              "| reports (MB) | full build | peak RSS | rebuild, unchanged | +1 report | " + " | ".join(BI_QUERIES) + " |",
              "|---|---|---|---|---|" + "---|" * len(BI_QUERIES)]
    for r in builds:
        queries = " | ".join(f"{r['queries'][name]:.1f} ms" for name in BI_QUERIES)
        lines.append(f"| {r['count']:,} ({r['megabytes']:.0f}) | {r['full']:.0f} s | {r['full_rss'] / 2**30:.2f} GB | "
                     f"{r['again']:.1f} s | {r['plus_one']:.1f} s | {queries} |")
    largest = builds[-1]
    steps = largest["plus_one_steps"]
    lines += ["", f"Where the +1 report build's {largest['plus_one']:.1f} s went at {largest['count']:,} reports, by Dagster "
              "step: " + ", ".join(f"{key} {seconds:.1f} s" for key, seconds in sorted(steps.items(), key=lambda kv: -kv[1]))
              + f"; outside the steps (starting the CLI, loading the definitions, creating the run and logging its "
              f"events) {largest['plus_one'] - sum(steps.values()):.1f} s."]
    lines += ["", "## Goals (issue 14)", "", "| goal | figure | |", "|---|---|---|"]
    for goal, figure, met in goals(speed, builds):
        lines.append(f"| {goal} | {figure} | {'met' if met else 'missed'} |")
    lines += ["", "Where the time of a missed goal goes, from profiles, and what was changed or tried for it: "
              "[scaling.md](scaling.md#what-limits-each-step)."]
    return "\n".join(lines) + "\n"


def goals(speed: list[dict], builds: list[dict]) -> list[tuple[str, str, bool]]:
    """Each goal of the issue against the figure of this run that answers it."""
    ratios = [row["parse"] / row["scan"] for row in speed]
    peers = {name: speed[0][p] / speed[0]["parse"] for p, name in PEER_NAMES.items() if p in speed[0]}
    largest = builds[-1]
    slowest_query = max(max(b["queries"].values()) for b in builds)
    return [
        ("parse within 20x the plain scan", f"{min(ratios):.0f}x to {max(ratios):.0f}x", max(ratios) <= 20),
        *((f"parse faster than {peer}", f"{ratio:.1f}x our time", ratio > 1) for peer, ratio in peers.items()),
        (f"full build of {largest['count']:,} reports under 5 min", f"{largest['full']:.0f} s", largest["full"] < 300),
        (f"+1 report into {largest['count']:,} under 20 s", f"{largest['plus_one']:.1f} s", largest["plus_one"] < 20),
        (f"peak RSS under 2 GB at {largest['count']:,}", f"{largest['full_rss'] / 2**30:.2f} GB",
         largest["full_rss"] < 2 * 2**30),
        ("each BI query under 100 ms", f"slowest {slowest_query:.1f} ms", slowest_query < 100),
    ]


if __name__ == "__main__":
    main()
