"""`warehouse build`: run the refresh job in-process on the files that changed and print what the warehouse holds."""

from __future__ import annotations

import argparse
import fcntl
import os
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

MART_SCHEMA = "marts"


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="warehouse", description="Build the government-targets warehouse.")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="Load the reports folder and build every table and check.")
    build.add_argument("--reports-dir", type=Path, help="folder of report files (default: $REPORTS_DIR, else its line in .env, else seeds/)")
    build.add_argument("--ignore-manifest-errors", action="store_true",
                       help="build with file-name hints when manifest.csv is malformed (default: stop, exit 2)")
    build.add_argument("--wait", type=float, default=0, metavar="SECONDS",
                       help="wait up to SECONDS for another build of the same file to end (default: exit 3 at once)")
    build.add_argument("--max-file-mb", type=float, metavar="MB",
                       help="reject files larger than MB megabytes unread (default: 20)")
    build.add_argument("--db", type=Path, help="DuckDB file to write (default: $WAREHOUSE_DB, else its line in .env, else data/warehouse.duckdb)")
    status = commands.add_parser("status", help="What the published warehouse holds, and which files were rejected and why.")
    explain = commands.add_parser("explain", help="Where a target, an actual or a finding comes from, and how it was paired.")
    explain.add_argument("id", nargs="?", help="a target_id, actual_id or finding_id of the marts")
    explain.add_argument("--region", help="with --year and --indicator instead of an id: the region's name (临安区)")
    explain.add_argument("--year", type=int, help="the year the target is for")
    explain.add_argument("--indicator", help="words of the indicator's name (地区生产总值)")
    export = commands.add_parser("export", help="The published marts as files for Excel, R or Stata.")
    export.add_argument("--format", required=True, choices=("csv", "parquet", "xlsx", "dta"),
                        help="csv (UTF-8 with BOM, a file per mart), parquet (a file per mart), "
                             "xlsx (one workbook, a sheet per mart), dta (Stata 14+, a file per mart, labelled)")
    export.add_argument("--out", type=Path, required=True, help="folder to write the files into")
    export.add_argument("--region", help="only rows of this region (tables with a region column)")
    export.add_argument("--year", type=int, help="only rows of this year (year, or plan_year for targets)")
    report = commands.add_parser("report", help="One self-contained HTML page of charts and tables, each figure linked to its sentence.")
    report.add_argument("--out", type=Path, default=Path("data/report.html"), help="where to write it (default: data/report.html)")
    for reader in (status, explain, export, report):
        reader.add_argument("--db", type=Path, help="the warehouse whose published snapshot to read "
                            "(default: $WAREHOUSE_DB, else its line in .env, else data/warehouse.duckdb)")
    args = parser.parse_args(argv)
    if args.command == "explain" and (args.id is None) == (None in (args.region, args.year, args.indicator)):
        parser.error("explain takes an id, or --region, --year and --indicator together")
    return args


class AnotherBuildError(RuntimeError):
    """Another build holds the warehouse file's build lock."""


@contextmanager
def build_lock(db: Path, wait_seconds: float = 0) -> Iterator[None]:
    """One build per warehouse file: an exclusive lock on `<db>.lock`, which holds the holder's PID
    and start time. The system releases it when the holder exits, however it exits."""
    db.parent.mkdir(parents=True, exist_ok=True)
    handle = db.with_name(db.name + ".lock").open("a+", encoding="utf-8")
    deadline = time.monotonic() + wait_seconds
    try:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    raise AnotherBuildError(f"another build ({handle.read().strip() or 'unknown'}) is writing {db}")
                time.sleep(0.5)
        handle.seek(0)
        handle.truncate()
        handle.write(f"PID {os.getpid()}, started {time.strftime('%H:%M')}")
        handle.flush()
        yield
    finally:
        handle.close()  # closing releases the lock


def build(reports_dir: Path | None = None, db: Path | None = None, ignore_manifest_errors: bool = False,
          wait_seconds: float = 0, max_file_mb: float | None = None) -> int:
    """Run the `build_warehouse` job once on the shared Dagster instance. Returns the process exit code:
    0 built, 1 a step or a blocking check failed, 2 the configuration is wrong (nothing was changed),
    3 another build is writing the same file."""
    from orchestration.partitions import ManifestError, list_report_files, read_folder_manifest
    from orchestration.resources import DEFAULT_MAX_FILE_MB, configured_path

    # The resources read these variables (dg.EnvVar): this process's build uses the flags' paths.
    reports_dir = configured_path("REPORTS_DIR", reports_dir)
    db = configured_path("WAREHOUSE_DB", db)
    os.environ.update(REPORTS_DIR=str(reports_dir), WAREHOUSE_DB=str(db))
    if not reports_dir.is_dir():
        print(f"BUILD STOPPED: the reports folder {reports_dir} does not exist (--reports-dir or REPORTS_DIR).",
              file=sys.stderr)
        return 2
    try:
        read_folder_manifest(reports_dir)
    except ManifestError as error:
        if not ignore_manifest_errors:
            print(f"BUILD STOPPED: {error}. Nothing was changed; fix it, or pass --ignore-manifest-errors "
                  "to build with file-name hints.", file=sys.stderr)
            return 2
        print(f"Ignoring the manifest: {error}; file-name hints are used.", file=sys.stderr, flush=True)
    # Run config replaces a resource's whole config: the folder comes along.
    reports = {"folder": str(reports_dir), "ignore_manifest_errors": ignore_manifest_errors,
               "max_file_mb": DEFAULT_MAX_FILE_MB if max_file_mb is None else max_file_mb}
    try:
        with build_lock(db, wait_seconds):
            if not list_report_files(reports_dir):
                print(f"WARNING: the reports folder {reports_dir} holds no report files; the warehouse built from it "
                      "holds none (a file removed from the folder leaves the warehouse).", file=sys.stderr, flush=True)
            return _build_locked(reports, db)
    except AnotherBuildError as error:
        print(f"BUILD NOT STARTED: {error}; pass --wait SECONDS to wait for it.", file=sys.stderr)
        return 3


def _build_locked(reports: dict, db: Path) -> int:
    # SIGTERM (a scheduler, `kill`) stops a build as Ctrl-C does, also while it waits for the pool.
    signal.signal(signal.SIGTERM, signal.default_int_handler)

    import dagster as dg

    from orchestration.resources import prepare_dbt_manifest

    prepare_dbt_manifest()  # the definitions load it

    from orchestration.assets.raw import stale_partition_keys
    from orchestration.automation import build_warehouse_job, plan_refresh, unpartitioned_selection
    from orchestration.definitions import defs
    from orchestration.instance import prepare_home, recover_abandoned_runs, run_tags, wait_for_other_builds
    from orchestration.partitions import REPORT_FILES, report_files_by_key
    from orchestration.resources import (
        DuckDBWarehouse,
        ReportsFolder,
        WarehouseLockedError,
        published_dir_for,
    )

    home = prepare_home()
    print(f"Building {db} from {reports['folder']} (Dagster instance {home})", flush=True)
    job = defs.resolve_job_def(build_warehouse_job.name)
    try:
        with dg.DagsterInstance.get() as instance:
            for line in recover_abandoned_runs(instance):
                print(f"Recovered: {line}", flush=True)
            wait_for_other_builds(instance, say=lambda line: print(line, flush=True))
            refresh = plan_refresh(
                instance.get_dynamic_partitions(REPORT_FILES.name),
                report_files_by_key(Path(reports["folder"])),
                stale_partition_keys(DuckDBWarehouse(database=str(db)), ReportsFolder(**reports)),
            )
            refresh.apply(instance)
            print(f"Reports: {refresh.describe()}", flush=True)
            if not refresh.first:
                assets, checks = unpartitioned_selection(job)
                job = job.get_subset(asset_selection=assets, asset_check_selection=checks)
            result = job.execute_in_process(
                instance=instance,
                raise_on_error=False,
                tags={**run_tags(), **refresh.tags()},
                run_config={
                    "loggers": {"console": {"config": {"log_level": "INFO"}}},
                    "resources": {"reports": {"config": reports}},
                },
            )
    except KeyboardInterrupt:
        print("Build stopped: interrupted.", file=sys.stderr)
        return 130
    except (WarehouseLockedError, dg.Failure) as error:
        print(f"BUILD FAILED: {getattr(error, 'description', None) or error}", file=sys.stderr)
        return 1
    failed_checks = [
        evaluation
        for evaluation in result.get_asset_check_evaluations()
        if not evaluation.passed
    ]
    _print_summary(db, failed_checks)
    failed_steps = [event.step_key for event in result.all_events if event.is_step_failure]
    blocking = [e for e in failed_checks if e.severity == dg.AssetCheckSeverity.ERROR]
    if not result.success or blocking:
        for event in result.all_events:
            if event.is_step_failure and event.step_failure_data.error is not None:
                print(f"  {event.step_key}: {event.step_failure_data.error.message.strip()}", file=sys.stderr)
        print(f"BUILD FAILED: failed steps {failed_steps or 'none'}, blocking checks failed: {len(blocking)}; "
              f"the published marts in {published_dir_for(db)} are unchanged",
              file=sys.stderr)
        return 1
    print(f"Build succeeded. BI tools read {published_dir_for(db)}.")
    return 0


def _print_summary(db_path: Path, failed_checks: list) -> None:
    import duckdb

    if not db_path.exists():
        print("No warehouse file was written.")
        return
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        if not con.execute("select count(*) from duckdb_tables() where schema_name = 'raw'").fetchone()[0]:
            print("The warehouse file holds no tables yet.")
            return
        def count(sql: str) -> int:
            return con.execute(sql).fetchone()[0]

        print("\nSummary")
        print(f"  files loaded        {count('select count(*) from raw.files')}")
        print(f"  files rejected      {count('select count(*) from raw.rejected_files')}")
        rejected = con.execute("select display_name, stage, reason from raw.rejected_files order by file_name")
        for name, stage, reason in rejected.fetchall():
            print(f"    - {name} ({stage}): {reason}")
        print(f"  text issues         {count('select count(*) from raw.text_issues')}")
        print(f"  documents           {count('select count(*) from raw.documents')}")
        print(f"  measures            {count('select count(*) from raw.measures')}")
        by_kind = con.execute("select kind, count(*) from raw.measures group by kind order by kind").fetchall()
        print("    " + ", ".join(f"{kind} {n}" for kind, n in by_kind))
        print(f"  completion rows     {count('select count(*) from raw.table_rows')}")
        marts = con.execute(
            "select table_name from information_schema.tables where table_schema = ? order by table_name",
            [MART_SCHEMA],
        ).fetchall()
        for (table,) in marts:
            print(f"  {MART_SCHEMA}.{table:<18} {count(f'select count(*) from {MART_SCHEMA}.{table}')} rows")
    finally:
        con.close()
    print(f"  failed checks       {len(failed_checks)}")
    for evaluation in failed_checks:
        print(f"    - {evaluation.asset_key.to_user_string()}:{evaluation.check_name} ({evaluation.severity.value})")


def read_published(command: str, db: Path | None, act) -> int:
    """A command that reads the snapshot BI tools read, never the working file: act(snapshot, console)."""
    from rich.console import Console

    from orchestration import answers
    from orchestration.resources import PUBLISHED_DB_NAME, configured_path, published_dir_for

    snapshot = published_dir_for(configured_path("WAREHOUSE_DB", db)) / PUBLISHED_DB_NAME
    try:
        act(snapshot, Console(highlight=False, markup=False, soft_wrap=True))
    except (answers.NotPublishedError, answers.UnknownIdError) as error:
        print(f"{command.upper()}: {error.args[0]}", file=sys.stderr)
        return 2
    return 0


def _export(args: argparse.Namespace, snapshot: Path, console) -> None:
    from orchestration.exports import export

    filtering = args.region is not None or args.year is not None
    for item in export(snapshot, args.out, args.format, args.region, args.year):
        note = "" if item.filtered or not filtering else "  (whole table: no region or year column)"
        console.print(f"{item.table:<18} {item.rows:>7} rows  {item.path}{note}")


def _report(args: argparse.Namespace, snapshot: Path, console) -> None:
    from orchestration.report import write_report

    shown = write_report(snapshot, args.out)
    console.print(f"Wrote {args.out}: {shown['charts']} charts, {shown['pairs']} targets with their actuals, "
                  f"{shown['findings']} findings, each linked to its sentence.")


def _explain(args: argparse.Namespace, snapshot: Path, console) -> None:
    from orchestration.answers import explain

    explain(snapshot, console, args.id, region=args.region, year=args.year, indicator=args.indicator)


def _status(args: argparse.Namespace, snapshot: Path, console) -> None:
    from orchestration.answers import status

    status(snapshot, console)


READERS = {"status": _status, "explain": _explain, "export": _export, "report": _report}


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    if args.command == "build":
        return build(args.reports_dir, args.db, args.ignore_manifest_errors, args.wait, args.max_file_mb)
    reader = READERS[args.command]
    return read_published(args.command, args.db, lambda snapshot, console: reader(args, snapshot, console))


if __name__ == "__main__":
    sys.exit(main())
