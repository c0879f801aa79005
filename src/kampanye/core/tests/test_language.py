"""``KAMPANYE_LANGUAGE`` chooses the language the command line answers in."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def _kampanye(tmp_path, language: str | None, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KAMPANYE_")}
    env["KAMPANYE_DATA_DIR"] = str(tmp_path / "data")
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if language is not None:
        env["KAMPANYE_LANGUAGE"] = language
    return subprocess.run(
        [sys.executable, "-m", "kampanye", *args],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("language", "said"),
    [
        (None, "tidak ditemukan"),
        ("id", "tidak ditemukan"),
        ("en", "not found"),
        (" EN ", "not found"),
    ],
)
def test_the_command_line_answers_in_the_language_chosen(tmp_path, language, said):
    # given: a file that is not there (``kampanye nlp`` runs without Django, so an import)
    missing = tmp_path / "calon.csv"
    # when
    done = _kampanye(tmp_path, language, "import", "contestants", str(missing))
    # then: a clear error in that language, no traceback
    assert done.returncode != 0
    assert said in done.stderr and "calon.csv" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_unknown_language_is_named_by_the_checks(tmp_path):
    # when
    done = _kampanye(tmp_path, "fr", "check")
    # then
    assert done.returncode != 0
    assert "kampanye.E003" in done.stderr and "'fr'" in done.stderr
    assert "Traceback" not in done.stderr
