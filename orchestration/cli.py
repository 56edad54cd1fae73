"""`warehouse`: build the warehouse from a reports folder (the refresh job, run in-process), and read
what it holds: status, explain, export, report."""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(name="warehouse", help="The warehouse of Chinese government targets and their completion.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)

DB_HELP = "the warehouse file (default: $WAREHOUSE_DB, else its line in .env, else data/warehouse.duckdb)"
Db = Annotated[Path | None, typer.Option("--db", help=DB_HELP, show_default=False)]


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
          wait_seconds: float = 0, max_file_mb: float | None = None, verbose: bool = False) -> int:
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
        return _stopped(f"the reports folder {reports_dir} does not exist (--reports-dir or REPORTS_DIR)")
    unwritable = _unwritable(db)
    if unwritable:
        return _stopped(f"{unwritable}. Nothing was changed; make it writable, or pass --db another file")
    try:
        read_folder_manifest(reports_dir)
    except ManifestError as error:
        if not ignore_manifest_errors:
            return _stopped(f"{error}. Nothing was changed; fix it, or pass --ignore-manifest-errors "
                            "to build with file-name hints")
        print(f"Ignoring the manifest: {error}; file-name hints are used.", file=sys.stderr, flush=True)
    # Run config replaces a resource's whole config: the folder comes along.
    reports = {"folder": str(reports_dir), "ignore_manifest_errors": ignore_manifest_errors,
               "max_file_mb": DEFAULT_MAX_FILE_MB if max_file_mb is None else max_file_mb}
    try:
        with build_lock(db, wait_seconds):
            if not list_report_files(reports_dir):
                print(f"WARNING: the reports folder {reports_dir} holds no report files; the warehouse built from it "
                      "holds none (a file removed from the folder leaves the warehouse).", file=sys.stderr, flush=True)
            return _build_locked(reports, db, verbose)
    except AnotherBuildError as error:
        print(f"BUILD NOT STARTED: {error}; pass --wait SECONDS to wait for it.", file=sys.stderr)
        return 3


def _stopped(reason: str) -> int:
    print(f"BUILD STOPPED: {reason}.", file=sys.stderr)
    return 2


def _unwritable(db: Path) -> str | None:
    """Why the build could not write the warehouse file, its lock and its snapshot, if it could not."""
    if db.exists() and not os.access(db, os.W_OK):
        return f"{db} is read-only"
    folder = db.parent
    while not folder.exists():
        folder = folder.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"the folder {folder} is read-only: the build writes {db.name}, its lock and published/ there"
    return None


def build_log_path(db: Path) -> Path:
    """Where a build without --verbose writes Dagster's and dbt's lines: beside the warehouse file."""
    return db.with_name(db.stem + ".build.log")


def _build_locked(reports: dict, db: Path, verbose: bool) -> int:
    # SIGTERM (a scheduler, `kill`) stops a build as Ctrl-C does, also while it waits for the pool.
    signal.signal(signal.SIGTERM, signal.default_int_handler)

    import dagster as dg
    import duckdb

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
    log = build_log_path(db)
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
            run = dict(
                instance=instance,
                raise_on_error=False,
                run_id=str(uuid.uuid4()),
                tags={**run_tags(), **refresh.tags()},
                run_config={
                    "loggers": {"console": {"config": {"log_level": "INFO"}}},
                    "resources": {"reports": {"config": reports}},
                },
            )
            if verbose:
                result = job.execute_in_process(**run)
            else:
                result = _execute_with_progress(job, run, log)
    except KeyboardInterrupt:
        print("Build stopped: interrupted.", file=sys.stderr)
        return 130
    except (WarehouseLockedError, dg.Failure) as error:
        print(f"BUILD FAILED: {getattr(error, 'description', None) or error}", file=sys.stderr)
        return 1
    except duckdb.Error as error:
        print(f"BUILD FAILED: {db} cannot be opened: {str(error).splitlines()[0]}", file=sys.stderr)
        return 1
    failed_checks = [evaluation for evaluation in result.get_asset_check_evaluations() if not evaluation.passed]
    blocking = [e for e in failed_checks if e.severity == dg.AssetCheckSeverity.ERROR]
    if result.success and not blocking:
        _print_summary(published_dir_for(db), failed_checks)
        print(f"Build succeeded. BI tools read {published_dir_for(db)}.")
        return 0
    _print_failed_checks(failed_checks)
    for event in result.all_events:
        if event.is_step_failure and event.step_failure_data.error is not None:
            print(f"  {event.step_key}: {event.step_failure_data.error.message.strip().splitlines()[0]}",
                  file=sys.stderr)
    failed_steps = [event.step_key for event in result.all_events if event.is_step_failure]
    where = "" if verbose else f"; the whole log is in {log}"
    print(f"BUILD FAILED: failed steps {failed_steps or 'none'}, blocking checks failed: {len(blocking)}; "
          f"the published marts in {published_dir_for(db)} are unchanged{where}", file=sys.stderr)
    return 1


def _execute_with_progress(job, run: dict, log: Path):
    """The run with a bar per stage on stderr; Dagster's and dbt's lines go to `log`, and the log's
    warnings and errors are printed above the bars."""
    from rich.console import Console

    from orchestration import progress

    checks = len(job.asset_layer.asset_graph.asset_check_keys)
    shown = progress.BuildProgress(Console(file=sys.stderr, highlight=False), checks)
    run["instance"].add_event_listener(run["run_id"], shown.on_event)
    with (log.open("w", encoding="utf-8") as lines, shown, progress.listening(shown),
          contextlib.redirect_stdout(lines), contextlib.redirect_stderr(lines)):
        return job.execute_in_process(**run)


def _print_summary(published: Path, failed_checks: list) -> None:
    """What the published warehouse now holds (as `warehouse status`), and the checks that warned."""
    from orchestration.answers import status
    from orchestration.resources import PUBLISHED_DB_NAME

    print()
    status(published / PUBLISHED_DB_NAME, _console())
    _print_failed_checks(failed_checks)


def _print_failed_checks(failed_checks: list) -> None:
    print(f"Checks failed: {len(failed_checks)}")
    for evaluation in failed_checks:
        print(f"  - {evaluation.asset_key.to_user_string()}:{evaluation.check_name} ({evaluation.severity.value})")


def _console():
    from rich.console import Console

    return Console(highlight=False, markup=False, soft_wrap=True)


def read_published(command: str, db: Path | None, act) -> int:
    """A command that reads the snapshot BI tools read, never the working file: act(snapshot, console)."""
    from orchestration import answers
    from orchestration.resources import PUBLISHED_DB_NAME, configured_path, published_dir_for

    snapshot = published_dir_for(configured_path("WAREHOUSE_DB", db)) / PUBLISHED_DB_NAME
    try:
        act(snapshot, _console())
    except (answers.NotPublishedError, answers.UnknownIdError) as error:
        print(f"{command.upper()}: {error.args[0]}", file=sys.stderr)
        return 2
    return 0


@app.command("build")
def build_command(
    reports_dir: Annotated[Path | None, typer.Option(
        help="folder of report files (default: $REPORTS_DIR, else its line in .env, else seeds/)",
        show_default=False)] = None,
    db: Db = None,
    ignore_manifest_errors: Annotated[bool, typer.Option(
        help="build with file-name hints when manifest.csv is malformed (default: stop, exit 2)")] = False,
    wait: Annotated[float, typer.Option(
        metavar="SECONDS", help="wait up to SECONDS for another build of the same file to end (default: exit 3 "
        "at once)")] = 0,
    max_file_mb: Annotated[float | None, typer.Option(
        metavar="MB", help="reject files larger than MB megabytes unread (default: 20)", show_default=False)] = None,
    verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", help="print Dagster's and dbt's log lines instead of a progress bar per stage "
        "(without it they go to <db>.build.log beside the warehouse file)")] = False,
) -> None:
    """Load the reports folder and build every table and check, then publish the marts."""
    raise typer.Exit(build(reports_dir, db, ignore_manifest_errors, wait, max_file_mb, verbose))


@app.command("status")
def status_command(db: Db = None) -> None:
    """What the published warehouse holds, and which files were rejected and why."""
    from orchestration.answers import status

    raise typer.Exit(read_published("status", db, status))


@app.command("explain")
def explain_command(
    figure_id: Annotated[str | None, typer.Argument(
        metavar="ID", help="a target_id, actual_id or finding_id of the marts", show_default=False)] = None,
    region: Annotated[str | None, typer.Option(
        help="with --year and --indicator instead of an id: the region's name (临安区)", show_default=False)] = None,
    year: Annotated[int | None, typer.Option(help="the year the target is for", show_default=False)] = None,
    indicator: Annotated[str | None, typer.Option(
        help="words of the indicator's name (地区生产总值)", show_default=False)] = None,
    db: Db = None,
) -> None:
    """Where a target, an actual or a finding comes from, and how it was paired."""
    from orchestration.answers import explain

    if (figure_id is None) == (None in (region, year, indicator)):
        raise typer.BadParameter("explain takes an id, or --region, --year and --indicator together")
    raise typer.Exit(read_published("explain", db, lambda snapshot, console: explain(
        snapshot, console, figure_id, region=region, year=year, indicator=indicator)))


class ExportFormat(str, Enum):
    csv = "csv"
    parquet = "parquet"
    xlsx = "xlsx"
    dta = "dta"


@app.command("export")
def export_command(
    file_format: Annotated[ExportFormat, typer.Option(
        "--format", help="csv (UTF-8 with BOM, a file per mart), parquet (a file per mart), xlsx (one workbook, "
        "a sheet per mart), dta (Stata 14+, a file per mart, labelled)", show_default=False)],
    out: Annotated[Path, typer.Option(help="folder to write the files into", show_default=False)],
    region: Annotated[str | None, typer.Option(
        help="only rows of this region (tables with a region column)", show_default=False)] = None,
    year: Annotated[int | None, typer.Option(
        help="only rows of this year (year, or plan_year for targets)", show_default=False)] = None,
    db: Db = None,
) -> None:
    """The published marts as files for Excel, R or Stata."""
    from orchestration.exports import export

    def write(snapshot: Path, console) -> None:
        filtering = region is not None or year is not None
        for item in export(snapshot, out, file_format.value, region, year):
            note = "" if item.filtered or not filtering else "  (whole table: no region or year column)"
            console.print(f"{item.table:<18} {item.rows:>7} rows  {item.path}{note}")

    raise typer.Exit(read_published("export", db, write))


@app.command("report")
def report_command(
    out: Annotated[Path, typer.Option(help="where to write it")] = Path("data/report.html"),
    db: Db = None,
) -> None:
    """One self-contained HTML page of charts and tables, each figure linked to its sentence."""
    from orchestration.report import write_report

    def write(snapshot: Path, console) -> None:
        shown = write_report(snapshot, out)
        console.print(f"Wrote {out}: {shown['charts']} charts, {shown['pairs']} targets with their actuals, "
                      f"{shown['findings']} findings, each linked to its sentence.")

    raise typer.Exit(read_published("report", db, write))


@app.command("postgres")
def postgres_command(
    dsn: Annotated[str, typer.Option(help="libpq connection string of the database to serve from "
                                          "(host=… port=5432 dbname=warehouse user=…)", show_default=False)],
    db: Db = None,
) -> None:
    """Serve the marts from PostgreSQL: copy the built warehouse's raw tables there and dbt build every model."""
    from orchestration.resources import configured_path
    from orchestration.serving import ServingError, serve_on_postgres

    try:
        copied = serve_on_postgres(configured_path("WAREHOUSE_DB", db), dsn)
    except ServingError as error:
        print(f"POSTGRES: {error}", file=sys.stderr)
        raise typer.Exit(1)
    print(f"Copied {sum(copied.values())} raw rows ({len(copied)} tables) and built the models: "
          "BI tools read schema marts of that database.")


def main(argv: list[str] | None = None) -> int:
    """The console script, and the tests' way in: the command's exit code (2 for a usage error)."""
    try:
        app(args=argv, prog_name="warehouse")
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
