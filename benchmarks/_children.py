"""Run a benchmark's measuring part in a child process per database, each in a throw-away
data folder, and collect the JSON report it prints last."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile


def run_children(name: str, databases: list[str], postgres_url: str, args: list[str]) -> list:
    """``python -m benchmarks NAME --child ARGS`` once per database (``sqlite`` or
    ``postgres``); returns their reports in order."""
    reports = []
    for db in databases:
        with tempfile.TemporaryDirectory(prefix=f"kampanye-bench-{name}-") as folder:
            env = {**os.environ, "KAMPANYE_DATA_DIR": folder}
            env["DJANGO_SETTINGS_MODULE"] = "kampanye.settings"
            env.pop("DATABASE_URL", None)
            if db == "postgres":
                env["DATABASE_URL"] = postgres_url
            cmd = [sys.executable, "-m", "benchmarks", name, "--child", *args]
            out = subprocess.run(cmd, env=env, check=True, stdout=subprocess.PIPE, text=True)
            reports.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return reports
