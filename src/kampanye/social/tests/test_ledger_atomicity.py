"""The ledger's promise on the online front: an import's daily touchpoints are written in
one transaction, and an import that fails after writing them keeps none of them and is not
marked done, so running the file again finishes the job and the ledger adds up."""

from __future__ import annotations

import pytest

from kampanye.ledger.models import Touchpoint
from kampanye.social import actions
from kampanye.social.models import IngestJob, Post
from kampanye.social.synthetic import write_csv


class AfterTheLedger(Exception):
    """Raised right after the ledger wrote the import's touchpoints."""


def rollup_touchpoints() -> list[tuple]:
    return sorted(
        Touchpoint.objects.filter(source__startswith=actions.ROLLUP_PREFIX).values_list(
            "source", "count", "reach", "tone"
        )
    )


def test_an_import_failing_after_the_ledger_keeps_no_touchpoint_and_resumes(
    election, tmp_path, monkeypatch
):
    # given a file of posts, and the ledger failing right after it wrote the import's rollup
    path = tmp_path / "posts.csv"
    write_csv(path, n=300, seed=7)
    real = actions.record_touchpoints
    written: list = []

    def write_then_fail(*args, **kwargs):
        written.append(real(*args, **kwargs))
        raise AfterTheLedger

    monkeypatch.setattr(actions, "record_touchpoints", write_then_fail)
    # when the file is imported
    with pytest.raises(AfterTheLedger):
        actions.ingest_file(path, election=election, batch_size=100)
    # then the touchpoints had been written, none is kept, and the job is not done
    assert written and written[0]["created"] > 0
    assert rollup_touchpoints() == []
    job = IngestJob.objects.get()
    assert job.status != IngestJob.Status.DONE
    assert Post.objects.count() == 300  # the posts' batches were committed, to resume from

    # when the same file is imported again with the ledger working
    monkeypatch.setattr(actions, "record_touchpoints", real)
    again = actions.ingest_file(path, election=election, batch_size=100)
    # then the job finishes, stores nothing twice, and the ledger is what a recount gives
    assert again.pk == job.pk and again.status == IngestJob.Status.DONE
    assert Post.objects.count() == 300
    finished = rollup_touchpoints()
    assert finished
    actions.roll_up(election)
    assert rollup_touchpoints() == finished
