"""``kampanye nlp`` through call_command: JSON lines, evaluation, training, clear errors."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from kampanye.nlp import SentimentModel, default_model


def run(*args: str, stdin: str | None = None) -> str:
    out = io.StringIO()
    extra = {"stdin": io.StringIO(stdin)} if stdin is not None else {}
    call_command("nlp", *args, stdout=out, **extra)
    return out.getvalue()


def test_classify_writes_one_json_line_per_text(tmp_path):
    # given
    path = tmp_path / "teks.txt"
    path.write_text("makanannya enak sekali\npelayanan buruk, kecewa\n", encoding="utf-8")
    # when
    lines = [json.loads(line) for line in run("classify", str(path)).splitlines()]
    # then
    assert [r["label"] for r in lines] == ["positive", "negative"]
    assert lines[0]["text"] == "makanannya enak sekali"
    assert set(lines[0]["proba"]) == {"negative", "neutral", "positive"}
    assert lines[0]["model_version"] == default_model().version_


def test_classify_reads_a_named_csv_column_and_stdin(tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text('id,isi\n1,"enak, mantap"\n', encoding="utf-8")
    assert json.loads(run("classify", str(path), "--column", "isi"))["text"] == "enak, mantap"
    assert json.loads(run("classify", "-", stdin="jelek sekali\n"))["label"] == "negative"


def test_evaluate_reports_accuracy_macro_f1_and_the_confusion_matrix(tmp_path):
    # given a labelled file (Indonesian label spellings accepted)
    path = tmp_path / "label.csv"
    path.write_text(
        "text,label\nenak sekali,positif\njelek dan kecewa,negatif\nenak banget,negative\n",
        encoding="utf-8",
    )
    # when
    report = json.loads(run("evaluate", str(path), "--json"))
    # then the third text is a miss: true negative, predicted positive
    assert report["confusion"] == [[1, 0, 1], [0, 0, 0], [0, 0, 1]]
    assert (report["correct"], report["n"]) == (2, 3)
    assert "Matriks kebingungan" in run("evaluate", str(path))


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        ("text,label\nbagus,hebat\n", (), "baris 2: label 'hebat'"),
        ("isi,label\nbagus,positive\n", (), "kolom 'text' tidak ada"),
        ("text,label\n", (), "tidak berisi baris"),
    ],
)
def test_bad_files_are_one_line_errors(tmp_path, content, args, message):
    path = tmp_path / "x.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        run("evaluate", str(path), *args)


def test_a_missing_file_is_an_error_not_a_traceback(tmp_path):
    with pytest.raises(CommandError, match="tidak dapat"):
        run("classify", str(tmp_path / "tidak-ada.txt"))
    with pytest.raises(CommandError, match="tidak ada"):
        run("train", "--data", str(tmp_path))


@pytest.mark.slow
def test_train_adds_labelled_posts_and_reports_valid_macro_f1(tmp_path):
    # given a small SmSA-shaped folder and posts labelled in the app
    data = tmp_path / "smsa"
    data.mkdir()
    rows = ["enak sekali\tpositive", "jelek sekali\tnegative", "rapat besok\tneutral"] * 4
    (data / "train.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (data / "valid.tsv").write_text("\n".join(rows[:3]) + "\n", encoding="utf-8")
    extra = tmp_path / "posts.csv"
    extra.write_text("text,label\nfoke mengecewakan,negatif\n", encoding="utf-8")
    out = tmp_path / "model.npz"
    # when
    text = run(
        "train", "--data", str(data), "--extra", str(extra), "--out", str(out), "--grid", "1"
    )
    # then
    model = SentimentModel.load(out)
    assert model.version_.startswith("smsa+posts-lr-") and model.n_train_ == 13
    assert "macro-F1 valid 1.0000" in text
    assert json.loads(run("classify", "-", "--model", str(out), stdin="x\n"))["model_version"] == (
        model.version_
    )
