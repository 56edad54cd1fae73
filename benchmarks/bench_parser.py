"""Parse throughput on the seed reports, against a plain scan of the same bytes.

    python benchmarks/bench_parser.py [--repeat N] [--reports DIR]

Shared machines are noisy, so the figure that matters is the ratio measured in one run:
the full parse (decode, normalize, split, extract every measure) against a baseline that
only decodes the bytes and finds every digit run. Peak memory is measured with
tracemalloc in a separate pass, so its overhead does not slow the timed runs.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from parsers.decoding import NotAReportError  # noqa: E402
from parsers.documents import hints_from_file_name  # noqa: E402
from parsers.indicators import segment  # noqa: E402
from parsers.reports import parse_file, read_report  # noqa: E402
from parsers.statements import extract_measures  # noqa: E402

_DIGITS = re.compile(r"\d+(?:\.\d+)?")


def plain_scan(files: list[tuple[str, bytes]]) -> int:
    return sum(len(_DIGITS.findall(data.decode("utf-8", errors="replace"))) for _, data in files)


def full_parse(files: list[tuple[str, bytes]]) -> int:
    segment.cache_clear()  # each timed pass starts without the phrases a previous pass of the same files kept
    count = 0
    for name, data in files:
        parsed = parse_file(data, hints_from_file_name(name))
        for doc in parsed.documents:
            count += len(extract_measures(parsed.document_text(doc), doc))
    return count


def is_report(data: bytes) -> bool:
    try:
        read_report(data)
    except NotAReportError:
        return False  # a file the build rejects (not text, garbled, no prose) is not parsed either
    return True


def best_of(function, files, repeat: int) -> tuple[float, int, float]:
    times, result = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        result = function(files)
        times.append(time.perf_counter() - start)
    return min(times), result, statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--reports", type=Path, default=REPO / "seeds")
    args = parser.parse_args()
    files = [(p.name, p.read_bytes()) for p in sorted(args.reports.rglob("*.txt")) if is_report(p.read_bytes())]
    megabytes = sum(len(data) for _, data in files) / 1e6

    full_parse(files)  # warm caches: jieba dictionary, OpenCC, compiled patterns
    scan_best, digits, scan_median = best_of(plain_scan, files, args.repeat)
    parse_best, measures, parse_median = best_of(full_parse, files, args.repeat)

    tracemalloc.start()
    full_parse(files)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    print(f"input: {len(files)} files, {megabytes:.3f} MB, best of {args.repeat} runs")
    print(f"plain scan  (decode + digit runs): {megabytes / scan_best:8.2f} MB/s  ({digits} digit runs)")
    print(f"full parse  (normalize + meaning): {megabytes / parse_best:8.2f} MB/s  ({measures} measures)")
    print(f"median      plain {megabytes / scan_median:.2f} MB/s, parse {megabytes / parse_median:.2f} MB/s")
    print(f"ratio       full parse takes {parse_best / scan_best:.0f}x the plain scan's time")
    print(f"peak memory during one full parse: {peak / 1e6:.1f} MB ({peak / (megabytes * 1e6):.0f}x the input)")


if __name__ == "__main__":
    main()
