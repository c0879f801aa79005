"""``kampanye social ingest``: the accounting summary and the exit status."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

FIXTURES = Path(__file__).parent / "fixtures"


def test_ingest_prints_the_accounting_and_exits_2_on_rejects(election):
    out = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command(
            "social",
            "ingest",
            str(FIXTURES / "generic_latin1.csv"),
            "--election",
            "jakarta-2012",
            stdout=out,
            stderr=StringIO(),
        )
    assert exit_.value.code == 2
    text = out.getvalue()
    assert "5 rekaman = 2 tersimpan + 1 duplikat + 2 ditolak" in text
    assert "rejects" in text


def test_a_clean_file_exits_normally_and_a_second_run_says_nothing_changed(election):
    out = StringIO()
    call_command("social", "ingest", str(FIXTURES / "feed.atom"), stdout=out, stderr=StringIO())
    call_command("social", "ingest", str(FIXTURES / "feed.atom"), stdout=out, stderr=StringIO())
    assert "1 rekaman = 1 tersimpan + 0 duplikat + 0 ditolak" in out.getvalue()
    assert "tidak ada yang berubah" in out.getvalue()


def test_resume_without_an_unfinished_import_and_unknown_files_are_plain_errors(election, tmp_path):
    with pytest.raises(CommandError, match="terhenti"):
        call_command(
            "social",
            "ingest",
            str(FIXTURES / "feed.atom"),
            "--resume",
            stdout=StringIO(),
            stderr=StringIO(),
        )
    odd = tmp_path / "aneh.txt"
    odd.write_text("apa ini\n")
    with pytest.raises(CommandError, match="tidak dikenali"):
        call_command("social", "ingest", str(odd), stdout=StringIO(), stderr=StringIO())
    with pytest.raises(CommandError, match="tidak ada"):
        call_command(
            "social", "ingest", str(tmp_path / "hilang.csv"), stdout=StringIO(), stderr=StringIO()
        )
