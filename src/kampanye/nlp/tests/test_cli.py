"""``kampanye nlp`` and ``kampanye --version`` answer without Django or scikit-learn."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from kampanye import __version__
from kampanye.nlp import default_model
from kampanye.nlp._cli import main


def _run(*args: str, stdin: str = "") -> tuple[int, str, str]:
    result = subprocess.run(
        [sys.executable, "-m", "kampanye", *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode, result.stdout, result.stderr


def test_version_prints_kampanyes_version():
    assert _run("--version")[:2] == (0, f"kampanye {__version__}\n")


def test_classify_reads_stdin_in_batches_and_loads_neither_django_nor_sklearn():
    # given a script that runs the command and then lists what it imported
    script = (
        "import sys, io; sys.stdin = io.StringIO('enak banget\\nburuk sekali\\n');"
        "from kampanye.nlp._cli import main; main(['classify', '--batch', '1']);"
        "print(sorted(m for m in ('django', 'sklearn', 'scipy') if m in sys.modules))"
    )
    # when
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    # then
    *records, imported = result.stdout.splitlines()
    assert imported == "[]"
    assert [json.loads(r)["label"] for r in records] == ["positive", "negative"]


def test_classify_writes_one_json_line_per_text(capsys):
    # when
    status = main(["classify", "-t", "pelayanan ramah, puas", "-t", ""])
    # then
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert status == 0
    assert [line["text"] for line in lines] == ["pelayanan ramah, puas", ""]
    assert lines[0]["label"] == "positive"
    assert lines[0]["model_version"] == default_model().version_
    assert set(lines[0]) == {"text", "label", "proba", "sure", "model_version"}


def test_a_missing_file_is_one_line_not_a_traceback(capsys, tmp_path):
    status = main(["classify", str(tmp_path / "tidak-ada.txt")])
    err = capsys.readouterr().err
    assert status == 1
    assert err.startswith("kampanye nlp: berkas") and "Traceback" not in err


def test_evaluate_prints_scores_and_a_bad_label_names_its_line(capsys, tmp_path):
    # given
    good = tmp_path / "ok.csv"
    good.write_text("text,label\nenak sekali,positif\nburuk,negatif\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("text,label\nenak,hebat\n", encoding="utf-8")
    # when
    assert main(["evaluate", str(good), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    status = main(["evaluate", str(bad)])
    # then
    assert payload["accuracy"] == 1.0
    assert status == 1
    assert "bad.csv, baris 2: label 'hebat'" in capsys.readouterr().err


@pytest.mark.parametrize("args", [["classify", "--model", "/tidak/ada.npz", "-t", "x"]])
def test_an_unreadable_model_is_a_clear_error(args, capsys):
    assert main(args, stdin=io.StringIO()) == 1
    assert "tidak dapat dibaca" in capsys.readouterr().err
