"""The ledger benchmark runs end to end (small, so it stays a smoke test)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]


@pytest.mark.slow
def test_the_ledger_benchmark_runs_and_reports_every_query(tmp_path):
    out = tmp_path / "ledger.md"
    subprocess.run(
        [sys.executable, "-m", "benchmarks", "ledger", "--rows", "2000", "--runs", "1",
         "--markdown", str(out)],
        cwd=ROOT, check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    text = out.read_text()
    assert "2,000 touchpoints" in text
    assert text.count("\n| ") == 14  # header and 13 queries
    assert "Target (median < 200 ms)" in text
