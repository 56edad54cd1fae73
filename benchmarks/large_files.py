"""Parse time and memory of one very large report file, against its size.

    python benchmarks/large_files.py [--sizes-mb 5 50] [--build] [--out docs/large_files.md]

Two shapes of file, each made of the seeds and the national reports of the corpus repeated up
to the size: a report of one line with every line break removed (a web page's one-line
export), and a report with its line breaks. Each parse runs in a fresh process
(orchestration.report_rows.parse_report_file, what a build's worker does), so that its
peak resident memory is its own, measured after it has parsed a seed to load what every
worker loads once (jieba's dictionary, the gazetteer); the goals are at most 2 s per MB and a peak of at most
10 times the file's size above the memory of the same process before it reads the file.
With --build, each file is also built alone into a fresh warehouse by `warehouse build`
(fresh Dagster instance), timed with the peak memory of its whole process tree.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from build_benchmark import timed_build  # noqa: E402

SOURCES = [*sorted((REPO / "seeds").glob("*.txt")), *sorted((REPO.parent / "shared/corpus/national").glob("*.txt"))]

# Run in the child: parse one file and print seconds, peak RSS before and after, and the outcome.
_CHILD = """
import json, resource, sys, time
from pathlib import Path
from orchestration.report_rows import FileToParse, parse_report_file
from parsers import parser_version
from parsers.documents import ExternalHints
path, warm_up = Path(sys.argv[1]), Path(sys.argv[2])
# Load what a worker loads once (dictionaries, gazetteer) before measuring.
parse_report_file(FileToParse(warm_up.name, warm_up, ExternalHints(), parser_version(), 10**12))
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
report = parse_report_file(FileToParse(path.name, path, ExternalHints(), parser_version(), 10**12))
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "rss_before_kb": before, "rss_peak_kb": peak, "reason": report.reason,
                  "measures": sum(report.measures_by_kind.values()),
                  "text_issues": len(report.tables.get("raw.text_issues", ()))}))
"""


def write_report(path: Path, megabytes: float, one_line: bool) -> int:
    text = "\n\n".join(source.read_text(encoding="utf-8") for source in SOURCES)
    if one_line:
        text = text.replace("\r", "").replace("\n", "")
    data = text.encode("utf-8")
    size = int(megabytes * 1_000_000)
    body = (data * (size // len(data) + 1))[:size].decode("utf-8", errors="ignore")
    path.write_text(body, encoding="utf-8")
    return path.stat().st_size


def measure(path: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", _CHILD, str(path), str(SOURCES[0])], cwd=REPO, capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _build_alone(path: Path, root: Path) -> tuple[float, int]:
    """Wall seconds and peak tree RSS of `warehouse build` of a folder holding only this file."""
    reports, home = root / "reports", root / "dagster"
    reports.mkdir(parents=True)
    home.mkdir()
    shutil.copy(path, reports / path.name)
    env = {**os.environ, "DAGSTER_HOME": str(home)}
    limit = str(path.stat().st_size / 1e6 + 1)
    try:
        return timed_build(reports, root / "warehouse.duckdb", env, root / "build.log", "--max-file-mb", limit)
    finally:
        shutil.rmtree(reports)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes-mb", type=float, nargs="+", default=[5, 50])
    parser.add_argument("--build", action="store_true", help="also time `warehouse build` of each file alone")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "large_files.md")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for megabytes in args.sizes_mb:
            for one_line in (True, False):
                path = Path(tmp) / f"report_{megabytes:g}mb_{'one_line' if one_line else 'lines'}.txt"
                size = write_report(path, megabytes, one_line)
                result = measure(path)
                build = _build_alone(path, Path(tmp) / path.stem) if args.build else None
                path.unlink()
                mb = size / 1e6
                grown = (result["rss_peak_kb"] - result["rss_before_kb"]) / 1024
                row = {"file": f"{megabytes:g} MB, {'one line' if one_line else 'with line breaks'}",
                       "seconds": result["seconds"], "s_per_mb": result["seconds"] / mb, "peak_mb": result["rss_peak_kb"] / 1024,
                       "grown_mb": grown, "grown_x_size": grown / mb, "measures": result["measures"],
                       "outcome": result["reason"] or "parsed", "build": build}
                rows.append(row)
                print(json.dumps(row), flush=True)
    lines = [
        f"# Large files: parse time and memory ({date.today().isoformat()})",
        "",
        f"Command: `python benchmarks/large_files.py --sizes-mb {' '.join(f'{s:g}' for s in args.sizes_mb)}"
        f"{' --build' if args.build else ''}`. "
        f"Machine: {platform.machine()}, {__import__('os').cpu_count()} cores, Python {platform.python_version()}.",
        "Goals: at most 2 s per MB; memory grown by the parse at most 10 times the file's size.",
        "",
        "| file | parse s | s per MB | peak RSS MB | grown by parse MB | grown / size | measures | outcome | build s | build peak MB |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    lines += [f"| {r['file']} | {r['seconds']:.1f} | {r['s_per_mb']:.2f} | {r['peak_mb']:.0f} | {r['grown_mb']:.0f} | "
              f"{r['grown_x_size']:.1f}x | {r['measures']:,} | {r['outcome']} | "
              + (f"{r['build'][0]:.0f} | {r['build'][1] / 2**20:.0f} |" if r["build"] else "| |") for r in rows]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
