"""The query language and the matcher: syntax errors, round trips, SBY ≠ Surabaya."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kampanye.nlp import (
    And,
    Not,
    Or,
    QueryMatcher,
    QuerySyntaxError,
    Term,
    format_query,
    parse_query,
)


def test_a_query_parses_with_not_tighter_than_and_tighter_than_or():
    # when
    node = parse_query('jokowi OR "Joko  Widodo" AND NOT solo OR #JokowiAhok OR @jokowi')
    # then
    assert node == Or(
        (
            Term("word", "jokowi"),
            And((Term("phrase", "joko widodo"), Not(Term("word", "solo")))),
            Term("hashtag", "#jokowiahok"),
            Term("handle", "@jokowi"),
        )
    )


@pytest.mark.parametrize(
    ("query", "position", "fragment"),
    [
        ("", 1, "kosong"),
        ("(jokowi OR ahok", 1, "tidak ditutup"),
        ("jokowi)", 7, "tanpa pasangan"),
        ("jokowi ahok", 8, "AND atau OR"),
        ('jokowi OR "joko', 11, "kutip"),
        ("jokowi AND", 11, "diharapkan istilah"),
        ("NOT", 4, "diharapkan istilah"),
        ("a OR # OR b", 6, "tagar"),
        ("jo#kowi", 1, "di awal"),
    ],
)
def test_syntax_errors_name_the_position(query, position, fragment):
    # when
    with pytest.raises(QuerySyntaxError) as error:
        parse_query(query)
    # then (positions are 1-based in the message)
    assert str(error.value).startswith(f"posisi {position}:")
    assert fragment in error.value.message


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=8)
terms = st.one_of(
    st.builds(Term, st.just("word"), words),
    st.builds(Term, st.just("phrase"), st.lists(words, min_size=1, max_size=3).map(" ".join)),
    st.builds(Term, st.just("hashtag"), words.map(lambda w: "#" + w)),
    st.builds(Term, st.just("handle"), words.map(lambda w: "@" + w)),
)


def _canonical(node):
    if isinstance(node, Term):
        return node
    if isinstance(node, Not):
        return Not(_canonical(node.child))
    children: list[object] = []
    for child in map(_canonical, node.children):
        children.extend(child.children if type(child) is type(node) else [child])
    return type(node)(tuple(children))


queries = st.recursive(
    terms,
    lambda inner: st.one_of(
        st.builds(Not, inner),
        st.lists(inner, min_size=2, max_size=3).map(lambda c: And(tuple(c))),
        st.lists(inner, min_size=2, max_size=3).map(lambda c: Or(tuple(c))),
    ),
    max_leaves=8,
)


@given(queries)
def test_a_printed_query_parses_back_to_itself(node):
    # given a query in canonical (flattened) form
    node = _canonical(node)
    # when / then
    assert parse_query(format_query(node)) == node


@given(st.lists(st.sampled_from([*'ab #@()"', "AND", "OR", "NOT", " "]), max_size=30).map("".join))
def test_any_string_parses_or_raises_a_syntax_error(text):
    try:
        node = parse_query(text)
    except QuerySyntaxError as error:
        assert 0 <= error.position <= len(text)
    else:
        assert parse_query(format_query(node)) == node


@given(st.text(max_size=30))
def test_arbitrary_unicode_never_crashes_the_parser(text):
    with contextlib.suppress(QuerySyntaxError):
        parse_query(text)


CONTESTANTS = {
    "jokowi": '(jokowi OR "joko widodo" OR #jokowiahok OR @jokowi) AND NOT (solo AND pemkot)',
    "foke": 'foke OR "fauzi bowo"',
    "sby": '(sby OR "susilo bambang") AND NOT (surabaya OR "kota sby")',
    "alex": "alex",
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jokowi lebih merakyat daripada Foke!", {"jokowi", "foke"}),
        ("SBY ke Surabaya", set()),
        ("macet parah di kota SBY", set()),
        ("SBY pidato di istana", {"sby"}),
        ("Alexander bukan calon", set()),  # whole words: alex ≠ alexander
        ("alex, calon", {"alex"}),
        ("dukung #JokowiAhok", {"jokowi"}),
        ("#jokowi menang", {"jokowi"}),  # a word also matches its hashtag
        ("pemkot Solo: Jokowi", set()),
        ("Joko  Widodo,\tgubernur", {"jokowi"}),
        ("joko, widodo", {"jokowi"}),
        ("@jokowi hebat", {"jokowi"}),
        ("jokowidodo", set()),
        ("", set()),
    ],
)
def test_the_matcher_finds_who_is_talked_about(text, expected):
    # given
    matcher = QueryMatcher(CONTESTANTS)
    # when / then
    assert matcher.match_one(text) == expected


def test_a_batch_matches_like_single_texts():
    # given
    matcher = QueryMatcher(CONTESTANTS)
    texts = ["jokowi", "SBY ke Surabaya", "foke\x00jokowi", "", "sby"]
    # when / then
    assert matcher.match(texts) == [matcher.match_one(t) for t in texts]
    assert matcher.match(texts)[2] == {"foke", "jokowi"}


def test_a_query_that_matches_empty_text_is_refused():
    with pytest.raises(ValueError, match="kosong"):
        QueryMatcher({"x": "NOT surabaya"})
