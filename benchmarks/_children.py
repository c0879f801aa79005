"""Run a benchmark's measuring part in a child process per database, each in a throw-away
data folder (or a kept one), and collect the JSON report it prints last."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from contextlib import nullcontext
from pathlib import Path


def run_children(
    name: str,
    databases: list[str],
    postgres_url: str,
    args: list[str],
    data_dir: Path | None = None,
) -> list:
    """``python -m benchmarks NAME --child ARGS`` once per database (``sqlite`` or
    ``postgres``); returns their reports in order. ``data_dir``: the data folder to use and
    keep (SQLite's file stays there) instead of a temporary one."""
    reports = []
    for db in databases:
        if data_dir is None:
            place = tempfile.TemporaryDirectory(prefix=f"kampanye-bench-{name}-")
        else:
            data_dir.mkdir(parents=True, exist_ok=True)
            place = nullcontext(str(data_dir))
        with place as folder:
            env = {**os.environ, "KAMPANYE_DATA_DIR": folder}
            env["DJANGO_SETTINGS_MODULE"] = "kampanye.settings"
            env.pop("DATABASE_URL", None)
            if db == "postgres":
                env["DATABASE_URL"] = postgres_url
            cmd = [sys.executable, "-m", "benchmarks", name, "--child", *args]
            out = subprocess.run(cmd, env=env, check=True, stdout=subprocess.PIPE, text=True)
            reports.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return reports
