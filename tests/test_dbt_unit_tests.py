"""The dbt unit tests (fixed rows in, expected rows out, in the yml of each model folder) pass on the
seed warehouse. They check the SQL, so they run here rather than in every build."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from orchestration.resources import DBT_PROJECT_DIR

pytestmark = pytest.mark.e2e


def test_every_dbt_unit_test_passes(built, tmp_path):
    _, db, _ = built
    result = subprocess.run(
        [str(Path(sys.prefix) / "bin" / "dbt"), "test", "--select", "test_type:unit", "--target-path", str(tmp_path),
         "--vars", json.dumps({"warehouse_db": str(db)})],
        cwd=DBT_PROJECT_DIR, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    results = json.loads((tmp_path / "run_results.json").read_text())["results"]
    assert len(results) >= 8 and {r["status"] for r in results} == {"pass"}
    assert all(r["unique_id"].startswith("unit_test.") for r in results)
