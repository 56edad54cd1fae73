"""Time and memory of `warehouse build` on N generated reports: full build, rebuild, one report added.

    python benchmarks/build_benchmark.py --count 200 2000 [--out docs/build_benchmark.md]

For each N it writes N reports with make_corpus.py into a fresh folder, runs the console
script `warehouse build` on a fresh warehouse and Dagster instance, then runs it again with
nothing changed, then adds one more generated report and runs it a third time. Peak memory
is the largest sum of resident memory over the build's whole process tree (the CLI, its
parse workers and dbt), sampled every 0.2 s with psutil; /usr/bin/time would report only
the largest single process.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from make_corpus import make_corpus  # noqa: E402

WAREHOUSE = str(Path(sys.prefix) / "bin" / "warehouse")


def tree_rss(process: psutil.Process) -> int:
    total = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            total += member.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


def timed_build(reports: Path, db: Path, env: dict, log: Path, *flags: str) -> tuple[float, int]:
    """Wall seconds and peak tree RSS of one `warehouse build`; raises if it fails."""
    start = time.monotonic()
    with log.open("w") as out:
        child = subprocess.Popen([WAREHOUSE, "build", "--reports-dir", str(reports), "--db", str(db), *flags],
                                 stdout=out, stderr=subprocess.STDOUT, env=env)
        watched, peak = psutil.Process(child.pid), 0
        while child.poll() is None:
            try:
                peak = max(peak, tree_rss(watched))
            except psutil.NoSuchProcess:
                break
            time.sleep(0.2)
    elapsed = time.monotonic() - start
    if child.returncode != 0:
        raise RuntimeError(f"build failed ({child.returncode}); see {log}")
    return elapsed, peak


def step_seconds(dagster_home: Path) -> dict[str, float]:
    """Seconds each step of the latest run took, from the Dagster instance the build wrote."""
    import dagster as dg

    with dg.DagsterInstance.from_config(str(dagster_home)) as instance:
        (run,) = instance.get_runs(limit=1)
        return {s.step_key: (s.end_time or 0) - (s.start_time or 0) for s in instance.get_run_step_stats(run.run_id)}


def measure(count: int, root: Path) -> dict:
    reports, extra = root / f"reports_{count}", root / f"extra_{count}"
    make_corpus(reports, count)
    (added,) = make_corpus(extra, 1, seed=count + 1)
    size = sum(p.stat().st_size for p in reports.iterdir())
    db = root / f"warehouse_{count}.duckdb"
    env = {**os.environ, "DAGSTER_HOME": str(root / f"dagster_{count}")}
    Path(env["DAGSTER_HOME"]).mkdir()
    home = Path(env["DAGSTER_HOME"])
    full, full_rss = timed_build(reports, db, env, root / f"full_{count}.log")
    full_steps = step_seconds(home)
    again, _ = timed_build(reports, db, env, root / f"again_{count}.log")
    added.rename(reports / added.name)
    plus_one, plus_one_rss = timed_build(reports, db, env, root / f"plus_one_{count}.log")
    plus_one_steps = step_seconds(home)
    return {
        "count": count, "megabytes": size / 1e6, "full": full, "full_steps": full_steps, "full_rss": full_rss,
        "again": again, "plus_one": plus_one, "plus_one_steps": plus_one_steps, "plus_one_rss": plus_one_rss,
    }


def table(rows: list[dict]) -> str:
    lines = ["| reports (MB) | full build | parse / dbt steps | peak RSS (tree) | rebuild, nothing changed | "
             "one report added | parse / dbt steps | peak RSS, one added |", "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        full, plus = r["full_steps"], r["plus_one_steps"]
        lines.append(
            f"| {r['count']:,} ({r['megabytes']:.0f}) | {r['full']:.0f} s | "
            f"{full.get('raw_reports', 0):.0f} s / {full.get('warehouse_dbt_models', 0):.0f} s | "
            f"{r['full_rss'] / 2**30:.2f} GB | {r['again']:.1f} s | {r['plus_one']:.1f} s | "
            f"{plus.get('raw_reports', 0):.1f} s / {plus.get('warehouse_dbt_models', 0):.1f} s | "
            f"{r['plus_one_rss'] / 2**30:.2f} GB |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--out", type=Path, help="also write the table to this markdown file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="build_benchmark_") as tmp:
        rows = []
        for count in args.count:
            rows.append(measure(count, Path(tmp)))
            print(table(rows[-1:]).splitlines()[-1], flush=True)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB"
    report = (f"Measured {date.today()} on {machine} with `python benchmarks/build_benchmark.py "
              f"--count {' '.join(map(str, args.count))}`:\n\n{table(rows)}\n")
    print("\n" + report)
    if args.out:
        args.out.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
