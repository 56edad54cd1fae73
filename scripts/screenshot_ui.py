"""Screenshots of the Dagster UI on the shared instance, for the README: start `dagster dev` on a free
port, wait for it, and let headless Chromium (Debian's `chromium`) capture the asset graph.

    make warehouse && .venv/bin/python scripts/screenshot_ui.py [--out docs/img]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "asset_graph.png": "/asset-groups",
    "asset_catalog.png": "/assets",
    "run_history.png": "/runs",
    # One report's partition of raw/documents, with what its materialization recorded.
    "report_partitions.png": "/assets/raw/documents?view=partitions&partition="
                             + urllib.parse.quote("余杭区_2022_政府工作报告.txt"),
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(1)
    raise SystemExit(f"dagster dev did not answer at {url} within {seconds:.0f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "docs" / "img")
    args = parser.parse_args()
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        raise SystemExit("Chromium is not installed: apt-get install -y chromium fonts-noto-cjk")

    from orchestration.instance import prepare_home

    prepare_home()
    port = _free_port()
    dagster = Path(sys.prefix) / "bin" / "dagster"
    server = subprocess.Popen(
        [str(dagster), "dev", "-w", "workspace.yaml", "-p", str(port)],
        cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        # The code location parses the dbt project with the `dbt` it finds on PATH.
        env={**os.environ, "PATH": f"{dagster.parent}{os.pathsep}{os.environ.get('PATH', '')}"},
    )
    try:
        _wait_for(f"http://127.0.0.1:{port}/server_info", 120)
        # The first visit of an instance opens a newsletter dialog over the page; mark it seen.
        urllib.request.urlopen(urllib.request.Request(
            f"http://127.0.0.1:{port}/graphql", data=b'{"query": "mutation { setNuxSeen }"}',
            headers={"Content-Type": "application/json"}), timeout=30).read()
        args.out.mkdir(parents=True, exist_ok=True)
        for name, path in PAGES.items():
            subprocess.run(
                [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                 "--window-size=1600,1000", "--virtual-time-budget=20000",
                 f"--screenshot={args.out / name}", f"http://127.0.0.1:{port}{path}"],
                check=True, capture_output=True, timeout=180,
            )
            print(f"wrote {args.out / name}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    return 0


if __name__ == "__main__":
    sys.exit(main())
