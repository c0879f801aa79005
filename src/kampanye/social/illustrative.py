"""Illustrative social data for the demo: synthetic posts loaded through the real ingest path."""

from __future__ import annotations

import tempfile
from pathlib import Path

from kampanye.elections.models import Election
from kampanye.social.actions import ingest_file
from kampanye.social.models import IngestJob
from kampanye.social.synthetic import write_csv


def build_illustrative_social(election: Election, n: int = 5000, seed: int = 2012) -> IngestJob:
    """Write ``n`` synthetic posts (``is_synthetic``) as a generic CSV and ingest it; the daily
    rollups reach the ledger as illustrative touchpoints. Running it again changes nothing."""
    with tempfile.TemporaryDirectory(prefix="kampanye-social-") as folder:
        path = write_csv(Path(folder) / f"sintetis-{seed}-{n}.csv", n=n, seed=seed)
        return ingest_file(path, "generic", election=election)


def build_coordinated_social(election: Election, seed: int = 2012) -> IngestJob:
    """Planted coordinated accounts (``synthetic.coordinated_posts``) for the buzzer watch's
    demo, ingested like any file. Running it again changes nothing."""
    from kampanye.social.synthetic import write_coordinated_csv

    with tempfile.TemporaryDirectory(prefix="kampanye-social-") as folder:
        path = write_coordinated_csv(Path(folder) / f"serentak-{seed}.csv", seed=seed)
        return ingest_file(path, "generic", election=election)
