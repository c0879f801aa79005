"""Attribution, matching, clause splitting and language guessing do what their documentation
says, for any text: checked by properties and by the rule applied one text at a time, so the
batch paths may change as long as they keep the promise."""

from __future__ import annotations

import random
import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kampanye.nlp import QueryMatcher, attribute_sentiment, default_model, detect_language
from kampanye.nlp._attribution import CONTRAST_WORDS, split_clauses
from kampanye.nlp._language import _DISTINCT, _MARKERS

QUERIES = {
    1: 'foke OR "fauzi bowo" OR #fokenara',
    2: '(jokowi OR ahok OR "joko widodo") AND NOT solo',
    3: 'hnw OR "hidayat nur wahid"',
    4: "alex AND NOT (nono OR noerdin)",
}
NAMES = ["Foke", "Fauzi Bowo", "#FokeNara", "Jokowi", "Ahok", "Joko Widodo", "HNW", "alex"]
WORDS = ["bagus", "jelek", "banjir", "macet", "mantap", "kecewa", "solo", "nono", "gak", "yg"]
GLUE = [" ", ", ", ". ", "! ", " tapi ", " namun ", ", padahal ", "; ", "\n", "... ", " 😡 "]


def _texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts = [rng.choice(NAMES + WORDS) for _ in range(rng.randrange(1, 9))]
        text = parts[0]
        for part in parts[1:]:
            text += rng.choice(GLUE) + part
        out.append(text if rng.random() < 0.8 else f"  {text} ")
    return out


def _attribution_of(text, matcher, model) -> dict[Any, tuple[str, dict[str, Any], tuple[int, ...]]]:
    """The documented rule, one text at a time: a contestant the text names gets the mean
    probabilities of the clauses that name it, or the whole text's when no clause does."""
    names = [str(c) for c in model.classes_]
    clauses = split_clauses(text)
    out = {}
    for key in matcher.match_one(text):
        where = tuple(j for j, c in enumerate(clauses) if key in matcher.match_one(c))
        scored = [clauses[j] for j in where] or [text]
        mean = model.predict_proba(scored).mean(axis=0)
        out[key] = (names[int(mean.argmax())], dict(zip(names, mean.tolist(), strict=True)), where)
    return out


def test_attribution_of_a_batch_is_the_rule_applied_to_each_text_alone():
    # given
    texts = _texts(600, seed=2012)
    matcher, model = QueryMatcher(QUERIES), default_model()
    # when
    batch = attribute_sentiment(texts, matcher, model)
    with_hits = attribute_sentiment(texts, matcher, model, matcher.match(texts))
    # then
    assert with_hits == batch
    for text, found in zip(texts, batch, strict=True):
        expected = _attribution_of(text, matcher, model)
        assert found.keys() == expected.keys()
        for key, (label, proba, where) in expected.items():
            assert found[key].clauses == where
            assert found[key].proba == {n: round(p, 4) for n, p in proba.items()}
            assert found[key].label == label
    assert sum(len(r) for r in batch) > 200  # the texts do name contestants


def test_matching_remembers_verdicts_without_changing_them():
    # given
    texts = _texts(400, seed=7)
    matcher = QueryMatcher(QUERIES)
    # when
    first, again = matcher.match(texts), matcher.match(texts)
    # then: the same as a new matcher (nothing remembered) for each text on its own
    assert first == again == [QueryMatcher(QUERIES).match_one(t) for t in texts]
    assert any("solo" in t.lower() and "jokowi" in t.lower() and 2 not in h
               for t, h in zip(texts, first, strict=True))  # fmt: skip


PIECES = [*"ab ,.!?;\n\tſKıİ😡\u00a0", "tapi", "TAPI", "Tapi", "namun", "tp", "meski"]
_MARKS = ".!?;\n"
_CONTRAST = re.compile(r"(?:" + "|".join(CONTRAST_WORDS) + r")\b", re.IGNORECASE)


@settings(max_examples=300)
@given(st.lists(st.sampled_from(PIECES), max_size=14))
def test_clauses_are_the_text_cut_at_marks_and_before_contrast_words(pieces):
    # given
    text = "".join(pieces)
    # when
    clauses = split_clauses(text)
    # then: each clause is stripped and has more than marks (unless the piece it was cut from
    # held other blanks, such as a no-break space), and they follow in text order
    other_blanks = any(ch.isspace() and ch not in " \n\t" for ch in text)
    at, starts = 0, []
    for clause in clauses:
        assert clause == clause.strip() and (clause.strip(" .!?;,\n\t") or other_blanks)
        at = text.index(clause, at)
        starts.append(at)
        at += len(clause)
    # then: what falls between clauses is only spaces and marks
    ends = [s + len(c) for s, c in zip(starts, clauses, strict=True)]
    gaps = [text[e:s] for e, s in zip([0, *ends], [*starts, len(text)], strict=True)]
    assert all(ch.isspace() or ch in _MARKS + "," for gap in gaps for ch in gap)
    # then: inside a clause no mark is followed by more, no contrast word follows a space
    for clause in clauses:
        assert not any(ch in _MARKS for ch in clause.rstrip(_MARKS))
        assert not any(
            _CONTRAST.match(clause, k + 1) for k, ch in enumerate(clause) if ch.isspace()
        )
    # then: two clauses are cut apart by a mark or by a contrast word opening the second
    for k in range(1, len(clauses)):
        cut = gaps[k] + clauses[k - 1][-1:]
        assert any(ch in _MARKS for ch in cut) or _CONTRAST.match(clauses[k]), (text, clauses)


_LANGUAGE_WORDS = [*sorted(set().union(*_MARKERS.values())), "xyz", "123"]


@given(st.lists(st.sampled_from(_LANGUAGE_WORDS)), st.booleans())
def test_language_scores_are_the_share_of_marker_words_and_the_best_wins(words, shout):
    # given: a text of known words (distinct markers count twice), in any case
    text = " ".join(words)
    letters = [w for w in words if w.isalpha()]
    # when
    guess = detect_language(text.upper() if shout else text)
    # then
    for lang, score in guess.scores.items():
        hits = sum((w in _MARKERS[lang]) + (w in _DISTINCT[lang]) for w in letters)
        assert score == (round(hits / len(letters), 4) if letters else 0.0)
    best = max(guess.scores.values())
    if best == 0:
        assert guess.label == "und"
    else:
        assert guess.scores[guess.label] == best
        assert guess.label == "id" or guess.scores["id"] < best  # a tie goes to Indonesian
    # then: the same text twice over is the same language
    assert detect_language(f"{text} {text}") == detect_language(text)
