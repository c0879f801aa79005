"""The file parsers (plain Python): every format, bad records, encodings and time zones."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kampanye.social.ingest import (
    RawPost,
    Rejected,
    RowError,
    detect_encoding,
    detect_format,
    normalize_url,
    parse,
    parse_time,
    title_hash,
)

FIXTURES = Path(__file__).parent / "fixtures"
UTC = dt.UTC


def _read(name: str) -> tuple[list[RawPost], list[Rejected]]:
    items = list(parse(FIXTURES / name))
    return (
        [i for i in items if isinstance(i, RawPost)],
        [i for i in items if isinstance(i, Rejected)],
    )


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("x_v1.jsonl", "x-v1"),
        ("x_v2.json", "x-v2"),
        ("crowdtangle.csv", "crowdtangle"),
        ("tiktok.json", "tiktok"),
        ("youtube.json", "youtube"),
        ("feed.rss", "rss"),
        ("feed.atom", "rss"),
        ("news.csv", "news-csv"),
        ("generic_latin1.csv", "generic"),
    ],
)
def test_the_format_of_each_fixture_is_recognised(name, fmt):
    assert detect_format(FIXTURES / name) == fmt


def test_x_v1_reads_tweets_and_rejects_bad_lines_with_their_line():
    # when
    posts, rejects = _read("x_v1.jsonl")
    # then
    assert [p.external_id for p in posts] == ["1001", "1002"]
    first = posts[0]
    assert first.created_at == dt.datetime(2012, 7, 11, 8, 15, tzinfo=UTC)
    assert (first.author_handle, first.followers, first.likes, first.shares) == (
        "warga1",
        120,
        5,
        2,
    )
    assert first.hashtags == ("jakartabaru",) and first.urls == ("https://kompas.com/a",)
    assert posts[1].repost_of == "999"
    assert [(r.line, r.reason.split(" ")[0]) for r in rejects] == [
        (3, "JSON"),
        (4, "waktu"),
        (6, "id_str"),
    ]


def test_x_v2_joins_authors_and_reads_references():
    posts, rejects = _read("x_v2.json")
    assert posts[0].author_handle == "fokenara" and posts[0].followers == 9000
    assert (posts[0].likes, posts[0].shares, posts[0].comments, posts[0].views) == (10, 4, 4, 500)
    assert posts[0].quote_of == "1999" and posts[1].reply_to == "2001"
    assert posts[1].created_at == dt.datetime(2012, 7, 10, 11, 0, tzinfo=UTC)
    assert [r.line for r in rejects] == [3]


def test_crowdtangle_with_bom_sums_reactions_and_converts_edt():
    posts, rejects = _read("crowdtangle.csv")
    assert detect_encoding(FIXTURES / "crowdtangle.csv") == "utf-8-sig"
    fb, ig = posts
    assert (fb.platform, ig.platform) == ("facebook", "instagram")
    assert fb.likes == 10 + 4 + 1 and fb.followers == 2000
    assert fb.created_at == dt.datetime(2012, 7, 1, 14, 0, tzinfo=UTC)  # 10:00 EDT
    assert ig.created_at == dt.datetime(2012, 7, 2, 1, 0, tzinfo=UTC)  # 08:00 WIB
    assert [(r.line, r.reason) for r in rejects] == [
        (4, "Likes: 'banyak' bukan bilangan bulat tidak negatif")
    ]


def test_tiktok_and_youtube_comments():
    tiktok, t_rejects = _read("tiktok.json")
    assert [p.external_id for p in tiktok] == ["t1", "t2"]
    assert tiktok[0].created_at == tiktok[1].created_at  # seconds and milliseconds
    assert tiktok[0].likes == 12 and tiktok[0].quote_of == "v9"
    youtube, y_rejects = _read("youtube.json")
    assert [p.external_id for p in youtube] == ["c1", "c1.r1"]
    assert youtube[1].reply_to == "c1"
    assert [r.line for r in t_rejects] == [3] and [r.line for r in y_rejects] == [3]


def test_rss_and_atom_items_become_news_with_normalised_urls():
    rss, rejects = _read("feed.rss")
    assert [p.external_id for p in rss] == ["kompas.com/a/1", "kompas.com/a/2"]
    assert rss[0].text == "Jokowi blusukan ke Marunda. Calon gubernur meninjau banjir."
    assert rss[0].created_at == dt.datetime(2012, 7, 10, 2, 0, tzinfo=UTC)
    assert [(r.line, r.reason) for r in rejects] == [(3, "waktu kosong")]
    atom, _ = _read("feed.atom")
    assert atom[0].external_id == "news.detik.com/b/1" and atom[0].author_handle == "Detik"


def test_news_csv_and_a_day_first_date_read_as_wib():
    posts, rejects = _read("news.csv")
    assert posts[0].external_id == posts[1].external_id == "tempo.co/x/1"
    assert posts[0].created_at == dt.datetime(2012, 7, 11, 9, 0, tzinfo=UTC)
    assert [(r.line, r.reason) for r in rejects] == [(4, "url kosong")]


def test_generic_latin1_file_is_decoded_and_bad_rows_rejected():
    posts, rejects = _read("generic_latin1.csv")
    assert detect_encoding(FIXTURES / "generic_latin1.csv") == "latin-1"
    assert posts[0].text == "Café bareng Jokowi, mantap" and posts[0].author_handle == "café"
    assert posts[0].hashtags == ("jokowi", "jakartabaru")
    assert posts[1].reply_to == "m1"
    assert [(r.line, r.reason) for r in rejects] == [
        (4, "followers: '-5' bukan bilangan bulat tidak negatif"),
        (6, "jumlah kolom tidak sesuai header"),
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2012-07-11T08:15:00Z", dt.datetime(2012, 7, 11, 8, 15, tzinfo=UTC)),
        ("2012-07-11T15:15:00+07:00", dt.datetime(2012, 7, 11, 8, 15, tzinfo=UTC)),
        ("Wed Jul 11 08:15:00 +0000 2012", dt.datetime(2012, 7, 11, 8, 15, tzinfo=UTC)),
        ("Wed, 11 Jul 2012 08:15:00 GMT", dt.datetime(2012, 7, 11, 8, 15, tzinfo=UTC)),
        ("2012-07-11 15:15:00", dt.datetime(2012, 7, 11, 8, 15, tzinfo=UTC)),
        ("2012-07-11 16:15:00 WITA", dt.datetime(2012, 7, 11, 8, 15, tzinfo=UTC)),
        ("2012-07-11 04:15:00 EDT", dt.datetime(2012, 7, 11, 8, 15, tzinfo=UTC)),
        ("11/07/2012 15:15", dt.datetime(2012, 7, 11, 8, 15, tzinfo=UTC)),
        (1341994500, dt.datetime(2012, 7, 11, 8, 15, tzinfo=UTC)),
        ("1341994500000", dt.datetime(2012, 7, 11, 8, 15, tzinfo=UTC)),
    ],
)
def test_time_stamps_in_several_forms_and_zones_become_utc(value, expected):
    assert parse_time(value) == expected


@given(
    st.datetimes(
        min_value=dt.datetime(1990, 1, 1),
        max_value=dt.datetime(2090, 1, 1),
        timezones=st.sampled_from(
            [UTC, dt.timezone(dt.timedelta(hours=7)), dt.timezone(dt.timedelta(hours=-5))]
        ),
    )
)
def test_any_iso_time_stamp_round_trips(stamp):
    assert parse_time(stamp.isoformat()) == stamp


@given(st.text(max_size=30))
def test_a_time_stamp_is_read_or_refused_in_words_never_a_crash(text):
    try:
        parse_time(text)
    except RowError as err:
        assert str(err)


def test_url_normalisation_and_title_hash_for_news_dedupe():
    assert normalize_url("https://www.Kompas.com/a/1/?utm_source=x&b=2#top") == "kompas.com/a/1?b=2"
    assert normalize_url("http://kompas.com/a/1?b=2") == "kompas.com/a/1?b=2"
    assert title_hash("Jokowi Unggul!") == title_hash("jokowi  unggul") != title_hash("Foke")


@given(
    st.lists(
        st.tuples(
            st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40),
            st.integers(0, 10**9),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_any_text_and_count_round_trip_through_the_generic_csv(tmp_path_factory, rows):
    # given: a generic CSV written by the csv module (quotes, commas, unicode in the text)
    import csv

    path = tmp_path_factory.mktemp("g") / "posts.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["message_id", "text", "timestamp", "likes"])
        for i, (text, likes) in enumerate(rows):
            writer.writerow([f"m{i}", text, "2012-07-11 15:15:00", likes])
    # when
    items = list(parse(path, "generic"))
    # then: one post per row, in order, text and count unchanged
    assert [(p.text, p.likes) for p in items] == rows
    assert all(isinstance(p, RawPost) for p in items)
