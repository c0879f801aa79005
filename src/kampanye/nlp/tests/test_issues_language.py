"""Issue detection from the editable lexicon, and the language check."""

from __future__ import annotations

import pytest

from kampanye.nlp import IssueDetector, IssueLexiconError, detect_language, load_issues


def test_the_shipped_lexicon_covers_the_campaign_issues():
    codes = {i.code for i in load_issues()}
    assert {
        "banjir",
        "macet",
        "kesehatan",
        "pendidikan",
        "pasar",
        "kerja",
        "korupsi",
        "sara",
    } <= codes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jakarta banjir lagi, macet parah di Sudirman", {"banjir", "macet"}),
        ("Kartu Jakarta Sehat bikin berobat gratis", {"kesehatan"}),
        ("harga sembako naik di pasar", {"pasar"}),
        ("IHSG di pasar modal naik", set()),
        ("KPK tangkap pejabat, korupsi lagi", {"korupsi"}),
        ("cuaca cerah hari ini", set()),
    ],
)
def test_issues_are_detected_per_text(text, expected):
    assert IssueDetector().detect_one(text) == expected


def test_a_team_lexicon_replaces_the_shipped_one_and_bad_lines_are_named(tmp_path):
    # given
    good = tmp_path / "isu.tsv"
    good.write_text('# isu kami\nair\tAir bersih\t"air bersih" OR pam\n', encoding="utf-8")
    bad = tmp_path / "rusak.tsv"
    bad.write_text("air\tAir bersih\t(pam OR\n", encoding="utf-8")
    # when / then
    assert IssueDetector(load_issues(good)).detect(["air bersih mati", "banjir"]) == [
        {"air"},
        set(),
    ]
    with pytest.raises(IssueLexiconError) as error:
        load_issues(bad)
    assert error.value.line == 1 and "kueri salah" in str(error.value)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("saya gak bisa datang karena macet banget", "id"),
        ("kerajaan tak boleh buat macam tu, awak pun tahu", "ms"),
        ("the governor is very good at this", "en"),
        ("12345 !!!", "und"),
    ],
)
def test_the_language_check_tells_indonesian_malay_and_english_apart(text, label):
    guess = detect_language(text)
    assert guess.label == label
    assert set(guess.scores) == {"id", "ms", "en"}
