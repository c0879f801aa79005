"""The normaliser: slang, elongation, URLs, handles, hashtags, emoji; idempotent on any text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kampanye.nlp import LexiconError, Normalizer, load_lexicon, normalize, tokenize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Gw gak suka bgt", "saya tidak suka banget"),
        ("yg udah blm dtg", "yang sudah belum dtg"),
        ("Bagus bangeeet!!!", "bagus banget !"),
        ("maaf saat tinggi", "maaf saat tinggi"),  # legitimate doubles stay
        ("hati2 di jalan", "hati-hati di jalan"),
        ("cek https://t.co/abc dan www.kpu.go.id", "cek <url> dan <url>"),
        ("kata @jokowi soal #JakartaBaru", "kata <user> soal jakartabaru"),
        ("mantap 👍🏽 wkwk 😂", "mantap <emoji_positif> haha <emoji_tawa>"),
        ("kecewa 😡", "kecewa <emoji_negatif>"),
        ("satu\ndua\r\ntiga", "satu dua tiga"),
        ("", ""),
    ],
)
def test_normalize_turns_social_text_into_standard_tokens(raw, expected):
    # when / then
    assert normalize(raw) == expected


def test_chains_in_the_lexicon_are_followed_and_a_team_lexicon_extends_it(tmp_path):
    # given a team lexicon whose value is itself slang in the shipped lexicon
    path = tmp_path / "tim.tsv"
    path.write_text("# tambahan tim\nfoke\tfauzi bowo\nmantul\tgak jelek\n", encoding="utf-8")
    # when
    normalizer = Normalizer(lexicon=path)
    # then the team's entries apply, and their slang is normalised too
    assert normalizer("Foke mantul") == "fauzi bowo tidak jelek"
    assert normalizer("yg") == "yang"


def test_a_malformed_lexicon_line_is_named():
    # given
    with pytest.raises(LexiconError) as error:
        load_lexicon_text("ok\toke\nrusak tanpa tab\n")
    # then
    assert error.value.line == 2


def load_lexicon_text(text: str) -> dict[str, str]:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.tsv"
        path.write_text(text, encoding="utf-8")
        return load_lexicon(path)


def test_tokenize_keeps_reduplication_and_placeholder_tokens():
    assert tokenize("Enak2 bgt @budi!") == ["enak-enak", "banget", "<user>", "!"]


def test_normalize_many_is_normalize_of_each_text():
    # given texts with empty ones, newlines and separators in them
    texts = ["a  b", "", "x\ny", " ", "Gw\tgak"]
    # when
    many = Normalizer().normalize_many(texts)
    # then
    assert many == [normalize(t) for t in texts] == ["a b", "", "x y", "", "saya tidak"]


social = st.text(
    alphabet=st.sampled_from(
        [*list("abgikntuwy2 .,!?@#-_\n\t"), "😂", "👍", "🏽", "é", "İ", "<", ">"]
    ),
    max_size=40,
)


@given(st.one_of(social, st.text(max_size=40)))
def test_normalize_is_idempotent_and_never_crashes(text):
    # when
    once = normalize(text)
    # then
    assert normalize(once) == once
    assert "\n" not in once and "  " not in once and once == once.strip()


@given(st.lists(st.one_of(social, st.text(max_size=20)), max_size=6))
def test_a_text_normalises_the_same_alone_or_in_a_batch(texts):
    assert Normalizer().normalize_many(texts) == [normalize(t) for t in texts]


pieces = st.lists(
    st.one_of(
        social.map(lambda t: t.replace(" ", "").replace("\n", "")),
        st.text(max_size=12).map(lambda t: t.replace(" ", "").replace("\n", "")),
        st.sampled_from(["bangeeet", "gaaak", "enak2", "@budi", "#foke", "yg", "www.kpu.go.id"]),
    ),
    max_size=30,
)


@given(pieces)
def test_unseen_pieces_normalised_together_equal_each_normalised_alone(batch):
    # given a fresh normaliser (nothing remembered)
    normalizer = Normalizer()
    unseen = {p.lower() for p in batch}
    # when all pieces are learnt at once
    normalizer._learn(set(unseen))
    # then each piece maps exactly as the one-piece path maps it
    assert {p: normalizer._memo[p] for p in unseen} == {p: normalizer._chunk(p) for p in unseen}


def test_a_batch_normalises_the_same_cold_and_warm():
    # given texts with elongations, handles, emoji and reduplications
    texts = ["Gw gak suka bangeeet 😡", "mantaaap @foke_nara #JakartaBaru", "hati2 ya!!", ""]
    normalizer = Normalizer()
    # when
    cold = normalizer.normalize_batch(texts)
    warm = normalizer.normalize_batch(texts)
    normalizer._memo.clear()
    cleared = normalizer.normalize_batch(texts)
    # then
    assert cold == warm == cleared
    assert normalizer.normalize_many(texts)[:3] == [
        "saya tidak suka banget <emoji_negatif>",
        "mantap <user> jakartabaru",
        "hati-hati ya !",
    ]
