import contextlib
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from orchestration.resources import prepare_dbt_manifest
from parsers.reports import read_report

prepare_dbt_manifest()  # the definitions load it

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
LINAN_REPORTS = "临安区_2023_区委全会报告与政府工作报告.txt"
LINAN_TABLE = "临安区_2023_政府工作报告重点工作完成情况表.txt"
YUHANG_REPORT = "余杭区_2022_政府工作报告.txt"
GONGSHU_REPORT = "拱墅区_2023_政府工作报告_下半部分.txt"
SEED_FILES = (LINAN_REPORTS, LINAN_TABLE, YUHANG_REPORT, GONGSHU_REPORT)


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    """Normalized text of every seed, by file name."""
    return {name: read_report((SEEDS_DIR / name).read_bytes()).normalized_text for name in SEED_FILES}


WAREHOUSE = str(Path(sys.prefix) / "bin" / "warehouse")


@pytest.fixture(scope="session", autouse=True)
def dagster_home(tmp_path_factory):
    """One persistent Dagster instance for the whole session, as a user's .dagster/ would be,
    kept out of the repository (the builds would otherwise write .dagster/ and .env there)."""
    home = tmp_path_factory.mktemp("dagster_home")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DAGSTER_HOME", str(home))
        yield home


def run_build(reports: Path, db: Path) -> subprocess.CompletedProcess:
    """The `warehouse build` console script, as a user runs it."""
    return subprocess.run(
        [WAREHOUSE, "build", "--reports-dir", str(reports), "--db", str(db)],
        capture_output=True, text=True, timeout=600,
    )


def build_in_process(reports: Path, db: Path, *flags: str) -> subprocess.CompletedProcess:
    """`warehouse build` called in this process: the same code path without paying for
    importing Dagster and loading the definitions again (about 6 s a build)."""
    from orchestration import cli

    out, err = io.StringIO(), io.StringIO()
    # The CLI writes the paths it builds into the environment; the next test gets its own back.
    with pytest.MonkeyPatch.context() as env, contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        env.delenv("REPORTS_DIR", raising=False)
        env.delenv("WAREHOUSE_DB", raising=False)
        code = cli.main(["build", "--reports-dir", str(reports), "--db", str(db), *flags])
    return subprocess.CompletedProcess(["warehouse", "build"], code, out.getvalue(), err.getvalue())


def count_in(output: str, label: str) -> int:
    """The count on a row of a Contents table that `warehouse status` and `warehouse build` print."""
    (count,) = re.findall(rf"^\s*{re.escape(label)}\s*│\s*(\d+)\s*$", output, flags=re.MULTILINE)
    return int(count)


def published(db: Path) -> Path:
    """The snapshot BI tools read, beside the working file."""
    return db.parent / "published" / "warehouse.duckdb"


def query(db: Path, sql: str, params=()):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """A warehouse built once from the real seeds: (reports folder, db path, first build's output)."""
    root = tmp_path_factory.mktemp("build")
    reports = root / "reports"
    shutil.copytree(SEEDS_DIR, reports)
    db = root / "warehouse.duckdb"
    first = run_build(reports, db)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    return reports, db, first
