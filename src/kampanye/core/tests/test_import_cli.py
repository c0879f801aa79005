"""``kampanye import``: summary, exit status and one clear line for unusable files."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kampanye.core.models import AuditEntry
from kampanye.core.tests.test_import_rows import vocabulary  # noqa: F401  (fixture)
from kampanye.elections.models import Result

FILES = Path(__file__).parent / "files"


def run(*args: str) -> str:
    out = StringIO()
    call_command("import", *args, stdout=out)
    return out.getvalue()


def test_clean_file_prints_the_accounting_and_exits_zero(vocabulary):  # noqa: F811
    # when
    output = run("results", str(FILES / "results_ok.csv"))
    # then
    assert output.splitlines()[0] == (
        "results dari results_ok.csv: 4 baris masuk = 4 baru + 0 diperbarui + 0 tetap + 0 ditolak."
    )
    assert Result.objects.count() == 4


def test_rejected_rows_exit_two_after_the_summary_and_first_errors(vocabulary):  # noqa: F811
    # given
    out = StringIO()
    # when
    with pytest.raises(CommandError) as error:
        call_command("import", "results", str(FILES / "results_bad.csv"), stdout=out)
    # then
    assert error.value.returncode == 2
    assert str(error.value) == "5 baris ditolak."
    output = out.getvalue()
    assert "6 baris masuk = 1 baru + 0 diperbarui + 0 tetap + 5 ditolak." in output
    assert '  baris 2, kolom "votes": "12a" bukan bilangan bulat' in output
    assert "Baris yang ditolak: " in output and "/rejects/results-" in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("results", "tidak-ada.csv"), "Berkas tidak-ada.csv tidak ditemukan."),
        (("results", str(FILES / "empty.csv")), "Berkas empty.csv kosong."),
        (
            ("results", str(FILES / "results_missing_column.csv")),
            "Kolom wajib tidak ada: votes (suara).",
        ),
        (
            ("results", str(FILES / "results_ok.csv"), "--election", "x"),
            "Pemilihan x tidak dikenal.",
        ),
        (
            ("results", str(FILES / "results_ok.csv"), "--user", "siapa"),
            "Pengguna siapa tidak ada.",
        ),
        (
            ("contestants", str(FILES / "results_ok.csv"), "--sheet", "a"),
            "Pilihan lembar (--sheet) hanya untuk berkas XLSX.",
        ),
    ],
)
def test_unusable_input_is_one_error_with_exit_status_one(vocabulary, args, message):  # noqa: F811
    with pytest.raises(CommandError) as error:
        run(*args)
    assert (str(error.value), error.value.returncode) == (message, 1)


def test_all_or_nothing_and_dry_run_say_nothing_was_stored(vocabulary):  # noqa: F811
    # when
    with pytest.raises(CommandError):
        run("results", str(FILES / "results_bad.csv"), "--all-or-nothing")
    output = run("results", str(FILES / "results_ok.csv"), "--dry-run")
    # then
    assert "Uji coba: tidak ada yang disimpan." in output
    assert not Result.objects.exists()


def test_user_option_is_recorded_in_the_audit(vocabulary, make_user):  # noqa: F811
    # given
    make_user("researcher", username="peneliti")
    # when
    run("results", str(FILES / "results_ok.csv"), "--user", "peneliti")
    # then
    assert AuditEntry.objects.get(action="import").username == "peneliti"


def test_help_names_the_kinds_and_options(capsys):
    with pytest.raises(SystemExit):
        call_command("import", "--help")
    text = capsys.readouterr().out
    for word in (
        "contestants",
        "areas",
        "results",
        "segments",
        "planks",
        "--all-or-nothing",
        "--dry-run",
        "--sheet",
        "--election",
        "--user",
    ):
        assert word in text
