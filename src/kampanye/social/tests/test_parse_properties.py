"""What the parsers promise, as properties rather than against a kept copy of older code.

A generic CSV is read row for row as ``csv.DictReader`` reads it: each row becomes a post, its
columns picked by name and its cells read by the documented helpers, or a rejection with its
line, reason and raw text, whatever the batch it falls in. The helpers read a moment written in
any supported form back as that moment, counts in any supported spelling as their number, and
refuse the rest in words. The other formats give the items they gave when their fixtures were
made (digests).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import random
import re
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kampanye.social.ingest import WIB, RawPost, Rejected, RowError, parse, parse_time
from kampanye.social.ingest._common import PLATFORMS, hashtags_in, split_list, to_int, urls_in
from kampanye.social.ingest._generic import parse_generic
from kampanye.social.synthetic import write_csv

FIXTURES = Path(__file__).parent / "fixtures"
UTC = dt.UTC

# --- the expected reading: csv.DictReader and the documented rules of each column -----------


def _dict_reader_rows(path: Path) -> tuple[list[str], list[tuple[int, dict | csv.Error]]]:
    """The header and each record with its first line, as ``csv.DictReader`` reads the file
    in the documented encoding (UTF-8 with or without BOM, else latin-1)."""
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    else:
        try:
            raw.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            encoding = "latin-1"
    rows: list[tuple[int, dict | csv.Error]] = []
    with path.open(encoding=encoding, newline="") as handle:
        reader = csv.DictReader(handle)
        reader.fieldnames = [h.strip() for h in reader.fieldnames or []]
        start = reader.reader.line_num + 1
        while True:
            try:
                rows.append((start, next(reader)))
            except StopIteration:
                return reader.fieldnames, rows
            except csv.Error as err:
                rows.append((start, err))
            start = reader.reader.line_num + 1


def _post(line: int, row: dict, platform: str) -> RawPost:
    """A clean row's post: each field from its column, through the helper the docs name; the
    first bad field (platform, message_id, timestamp, then the counts) raises."""
    pf = (row.get("platform") or platform).strip().lower()
    if pf not in PLATFORMS:
        raise RowError(f"platform '{pf}' tidak dikenal ({', '.join(PLATFORMS)})")
    external_id = (row.get("message_id") or "").strip()
    if not external_id:
        raise RowError("message_id kosong")
    text = row.get("text") or ""
    created = parse_time(row.get("timestamp"))
    counts = [to_int(row.get(c) or "", c) for c in ("followers", "likes", "shares", "comments")]
    tags = split_list(row.get("hashtags"))
    return RawPost(
        line,
        pf,
        external_id,
        text,
        created,
        author_id=(row.get("user_id") or "").strip(),
        author_handle=(row.get("username") or "").strip().lstrip("@"),
        reply_to=(row.get("reply_id") or "").strip(),
        repost_of=(row.get("repost_id") or "").strip(),
        quote_of=(row.get("quote_id") or "").strip(),
        urls=split_list(row.get("urls")) or urls_in(text),
        hashtags=tuple(h.lower() for h in tags) or hashtags_in(text),
        followers=counts[0],
        likes=counts[1],
        shares=counts[2],
        comments=counts[3],
        views=to_int(row.get("views") or "", "views"),
        title=row.get("title") or "",
        url=row.get("url") or "",
        is_synthetic=(row.get("is_synthetic") or "").strip().lower() in {"1", "true", "ya"},
    )


def _expected(path: Path, platform: str) -> list:
    header, rows = _dict_reader_rows(path)
    missing = [c for c in ("message_id", "text", "timestamp") if c not in header]
    if missing:
        reason = f"kolom wajib tidak ada: {', '.join(missing)}"
        return [Rejected(1, reason, reason)]
    out: list = []
    for line, row in rows:
        if isinstance(row, csv.Error):
            out.append(Rejected(line, f"CSV rusak: {row}", f"CSV rusak: {row}"))
        elif None in row or None in row.values():
            out.append(
                Rejected(
                    line, "jumlah kolom tidak sesuai header", "jumlah kolom tidak sesuai header"
                )
            )
        else:
            try:
                out.append(_post(line, row, platform))
            except RowError as err:
                out.append(Rejected(line, str(err), json.dumps(row, ensure_ascii=False)[:500]))
            except (KeyError, TypeError, ValueError, AttributeError) as err:  # e.g. int("²")
                reason = f"rekaman tidak sesuai format: {err}"
                out.append(Rejected(line, reason, json.dumps(row, ensure_ascii=False)[:500]))
    return out


def _exact(items) -> list:
    """Items with each time stamp's zone object spelled out (``==`` compares instants only)."""
    return [
        (item, item.created_at.tzinfo, item.created_at.fold)
        if isinstance(item, RawPost)
        else (item, type(item))
        for item in items
    ]


def _same(path: Path, platform: str = "x") -> None:
    got = list(parse_generic(path, platform))
    assert _exact(got) == _exact(_expected(path, platform))
    assert all(i.created_at.tzinfo is UTC for i in got if isinstance(i, RawPost))


# --- files broken in every way the parsers know -----------------------------------------------

_BAD_CELLS = {
    "followers": ["-1", "1.234", "1,5", "12a", "9999999999999", "99999999999", "²", " 12 ", ""],
    "likes": ["x", "٣", "1 000", "4294967296"],
    "views": ["", "0012", "1e3"],
    "timestamp": [
        "", "  ", "kemarin", "2012-13-01 00:00:00 WIB", "1960-01-01 00:00:00 WIB",
        "1341994500", "1341994500123", "2012-07-11T08:15:00Z", "2012-07-11T08:15:00+05:30",
        "2012-07-11T08:15:00", "Wed Jul 11 08:15:00 +0000 2012", "11/07/2012 08:15",
        "2012-07-11 08:15:00 EDT", "2012-07-11 08:15", "Wed, 11 Jul 2012 08:15:00 +0700",
        "2012-07-11T08:15+07 WIB", "9998-12-31 23:59:59 WIB", "1970-01-01 00:00:00 WIB",
        "1969-12-31 23:59:59 WIB", "2012-07-11 08:15:00 WITA", "٢٠١٢-07-11 08:15:00 WIB",
    ],
    "message_id": ["", "   ", " sint-x "],
    "platform": ["", " X ", "myspace", "FACEBOOK", "online_news"],
    "username": ["@@budi", " @ani ", ""],
    "is_synthetic": ["Ya", " true ", "0", "", "TRUE"],
    "hashtags": ["a|#B;c", "#", "  ", "#X, #x"],
    "urls": ["https://a.example/x,https://b.example", " ", "|"],
    "text": ["#Satu #satu http://x.example/a). #dua", "tanpa apa-apa", "", "baris\nbaru #t"],
}  # fmt: skip


def _spoiled(tmp: Path, seed: int, n: int = 400) -> str:
    """A synthetic generic CSV with cells, rows and lines broken on purpose."""
    rng = random.Random(seed)
    source = write_csv(tmp / f"clean-{seed}.csv", n=n, seed=seed)
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    out: list[list[str]] = []
    for row in body:
        roll = rng.random()
        if roll < 0.35:
            column = rng.choice(list(_BAD_CELLS))
            row[header.index(column)] = rng.choice(_BAD_CELLS[column])
        elif roll < 0.38:
            row = row[: rng.randrange(len(row))]
        elif roll < 0.40:
            row = [*row, "lebih"]
        elif roll < 0.42:
            out.append([])
        elif roll < 0.43:
            row[header.index("text")] += "\x00nul"
        out.append(row)
    return "".join(_line(r) for r in [header, *out])


def _line(row: list[str]) -> str:
    if not row:
        return "\r\n"
    cells = []
    for cell in row:
        if any(c in cell for c in ',"\n\r'):
            cell = '"' + cell.replace('"', '""') + '"'
        cells.append(cell)
    return ",".join(cells) + "\r\n"


@pytest.mark.parametrize("seed", [1, 2, 3, 2012])
def test_a_broken_synthetic_file_is_read_row_for_row_as_dict_reader_reads_it(tmp_path, seed):
    # given
    path = tmp_path / "broken.csv"
    path.write_text(_spoiled(tmp_path, seed), encoding="utf-8", newline="")
    # when / then
    _same(path)
    _same(path, platform="Facebook ")


@pytest.mark.parametrize("seed", [5, 6])
def test_clean_synthetic_files_give_the_same_posts(tmp_path, seed):
    # given
    path = write_csv(tmp_path / "clean.csv", n=1500, seed=seed)
    # when
    items = list(parse(path, "generic"))
    # then
    assert all(isinstance(i, RawPost) for i in items) and len(items) == 1500
    _same(path)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "latin-1"])
def test_bom_and_latin1_files_are_read_alike(tmp_path, encoding):
    # given: a broken file, with a BOM or in latin-1 (é as one byte)
    text = _spoiled(tmp_path, 7, n=200).replace("kampanye", "kampanyé")
    path = tmp_path / "enc.csv"
    path.write_bytes(text.encode(encoding, errors="replace"))
    # when / then
    _same(path)
    # then: the encoding changes no item
    utf8 = tmp_path / "utf8.csv"
    utf8.write_text(path.read_bytes().decode(encoding), encoding="utf-8")
    assert _exact(parse_generic(path)) == _exact(parse_generic(utf8))


@pytest.mark.parametrize(
    "header",
    [
        # repeated names: the last one wins (a blank text, a second likes, a padded platform)
        "message_id,text,timestamp,likes,text,likes, platform ,platform",
        # only the required columns
        "message_id,text,timestamp",
        # a required column missing, and an empty header
        "message_id,text",
        "",
    ],
)
def test_headers_with_repeated_absent_or_missing_names(tmp_path, header):
    # given
    width = len(header.split(",")) if header else 0
    rows = [
        ",".join(["sint-1", "#Satu ok", "2012-07-11 08:15:00 WIB", "3", "", "x9", "x", "tiktok"]),
        ",".join(["sint-2", "b", "2012-07-11 08:15:00 WIB", "1", "teks #dua", "4", "", "x"]),
        ",".join(["sint-3", "c", "2012-07-11 08:15:00 WIB", "1", "c", "5", "", "myspace"]),
    ]
    body = "\n".join(",".join(r.split(",")[:width]) for r in rows)
    path = tmp_path / "h.csv"
    path.write_text(f"{header}\n{body}\n\n", encoding="utf-8")
    # when / then
    _same(path)


def test_rows_too_long_for_the_csv_module_are_rejected_alike(tmp_path):
    # given: a cell longer than the csv module's field limit
    path = tmp_path / "long.csv"
    clean = write_csv(tmp_path / "c.csv", n=6, seed=1).read_text(encoding="utf-8").splitlines()
    clean[3] = clean[3].replace("sint-", "sint-" + "y" * 300, 1)
    path.write_text("\n".join(clean) + "\n", encoding="utf-8")
    previous = csv.field_size_limit(200)
    try:
        # when / then
        _same(path)
        assert any("CSV rusak" in str(i) for i in parse(path, "generic"))
    finally:
        csv.field_size_limit(previous)


_ANY = ["", " ", "a", "#T", "x y", '"q,"', "c\nd", "5", "-5", "1.5", "12a", "@h", "ya"]
_CELLS = {  # per column: cells the parser takes, then cells it rejects
    "message_id": (["m1", " m2 "], ["", "  "]),
    "timestamp": (["2012-07-11 08:15:00 WIB", "1341994500"], ["", "kemarin", "2012-13-01"]),
    "likes": (["", "0", "5", " 7 ", "1.234"], ["-5", "12a", "²", "99999999999999"]),
    "followers": (["", "3", "1,5", "99999999999"], ["x", "9999999999999"]),
    "platform": (["", "youtube", " X "], ["myspace"]),
    "hashtags": (["", " ", "#A|b", "#"], []),
    "urls": (["", "https://u.example/a.", " "], []),
    "username": (["", "@h", " @@h "], []),
    "reply_id": (["", " r1 ", "r2"], []),
    "text": (["", "#T #t x", "lihat https://u.example/b) #Dua", "c\nd"], []),
}  # fmt: skip
_NAMES = [*_CELLS, "text"]  # a repeated name: the last column wins


def _cell(name: str) -> st.SearchStrategy[str]:
    good, bad = _CELLS[name]
    return st.sampled_from(good * 6 + bad)  # mostly good, so rows get far


def _row_of(header: list[str]) -> st.SearchStrategy[list[str]]:
    full = st.tuples(*(_cell(n) for n in header)).map(list)
    junk = st.lists(st.sampled_from(_ANY), max_size=len(header) + 1)
    return st.integers(0, 4).flatmap(lambda k: junk if k == 0 else full)


@settings(max_examples=80)
@given(
    st.permutations(_NAMES).flatmap(
        lambda h: st.tuples(st.just(h), st.lists(_row_of(h), max_size=8))
    )
)
def test_any_small_generic_file_is_read_row_for_row_as_dict_reader_reads_it(
    tmp_path_factory, drawn
):
    # given: the required columns and some optional ones, in any order, rows of any width
    header, body = drawn
    path = tmp_path_factory.mktemp("gen") / "g.csv"
    path.write_text("".join(_line(r) for r in [header, *body]), encoding="utf-8", newline="")
    # when / then
    _same(path)


# --- the shared helpers -----------------------------------------------------------------------

# moments every supported form can write (epoch seconds need 9 to 13 digits: after 1973)
_MOMENTS = st.datetimes(
    min_value=dt.datetime(1973, 3, 4), max_value=dt.datetime(9998, 12, 30), timezones=st.just(UTC)
).map(lambda d: d.replace(microsecond=0))
_OFFSETS = st.integers(-14 * 60, 14 * 60).map(lambda m: dt.timezone(dt.timedelta(minutes=m)))


def _read(value):
    """What reading a time stamp gives: the moment with its zone and fold, or the error."""
    try:
        stamp = parse_time(value)
    except Exception as err:
        return (type(err), str(err))
    return (stamp, stamp.tzinfo, stamp.fold)


def _in_utc(moment: dt.datetime):
    return (moment, UTC, 0)


@settings(max_examples=300)
@given(_MOMENTS, _OFFSETS)
def test_a_moment_written_in_any_supported_form_reads_back_as_that_moment(moment, offset):
    # given: one moment, in the zone of an export, written in each form the docs list
    local = moment.astimezone(offset)
    jakarta = moment.astimezone(WIB).replace(tzinfo=None)
    minutes = moment.replace(second=0)
    written = {
        local.isoformat(): moment,
        moment.strftime("%Y-%m-%dT%H:%M:%SZ"): moment,
        local.strftime("%a %b %d %H:%M:%S %z %Y"): moment,
        format_datetime(local): moment,
        f"{jakarta:%Y-%m-%d %H:%M:%S} WIB": moment,
        f"{jakarta:%Y-%m-%d %H:%M:%S}": moment,  # no zone: Jakarta time
        f"{jakarta:%Y-%m-%dT%H:%M:%S}": moment,
        f"{jakarta:%d/%m/%Y %H:%M:%S}": moment,
        f"{jakarta:%d-%m-%Y %H:%M:%S}": moment,
        f"{jakarta:%d/%m/%Y %H:%M}": minutes,
        f"{jakarta:%Y-%m-%d %H:%M}": minutes,
        f"{moment:%Y-%m-%d %H:%M:%S} UTC": moment,
        f"{moment.astimezone(dt.timezone(dt.timedelta(hours=-4))):%Y-%m-%d %H:%M:%S} EDT": moment,
        f"{moment.astimezone(dt.timezone(dt.timedelta(hours=8))):%Y-%m-%d %H:%M:%S} WITA": moment,
        f"{moment.astimezone(dt.timezone(dt.timedelta(hours=9))):%Y-%m-%d %H:%M:%S} WIT": moment,
    }
    if moment.year < 2286:  # Unix time in at most 13 digits, milliseconds included
        written[str(int(moment.timestamp()))] = moment
        written[str(int(moment.timestamp()) * 1000)] = moment
    for value, expected in written.items():
        # when / then: the same instant, in UTC
        assert _read(value) == _in_utc(expected), value
        assert _read(f"  {value} ") == _in_utc(expected), value


@settings(max_examples=300)
@given(st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9998, 12, 30)))
def test_a_jakarta_wall_clock_time_is_read_by_the_zone_database_in_any_year(wall):
    # given: a wall-clock time labelled WIB, before 1970 too, when Jakarta's offset differed
    value = f"{wall.replace(microsecond=0).isoformat(sep=' ')} WIB"
    # when / then
    expected = wall.replace(microsecond=0, tzinfo=WIB).astimezone(UTC)
    assert _read(value) == _in_utc(expected)


@settings(max_examples=300)
@given(st.text(alphabet="0123456789-: TWIBZ+/.", max_size=26))
def test_a_time_stamp_is_a_utc_moment_or_refused_in_words(value):
    # when
    outcome = _read(value)
    # then
    if outcome[0] is RowError:
        assert outcome[1] == "waktu kosong" or outcome[1] == f"waktu '{value}' tidak dikenali"
    else:
        assert outcome[1] is UTC and outcome[2] == 0


_TWO = st.sampled_from(
    ["00", "01", "07", "11", "23", "24", "29", "30", "31", "59", "60", "61", "99"]
)


@settings(max_examples=300)
@given(
    st.sampled_from(["Wed", "Sun", "wed", "Xyz"]),
    st.sampled_from(["Jul", "Feb", "Dec", "jul", "Foo"]),
    _TWO,
    st.tuples(_TWO, _TWO, _TWO).map(":".join),
    st.tuples(st.sampled_from("+-"), _TWO, _TWO).map("".join),
    st.sampled_from(["2012", "1969", "0001", "9999", "0000", "२०१२"]),
)
def test_twitter_time_stamps_are_read_as_strptime_or_email_utils_read_them(
    day, month, date, clock, zone, year
):
    # given: the v1.1 form, with every part right or wrong
    value = f"{day} {month} {date} {clock} {zone} {year}"
    # when
    outcome = _read(value)
    # then: what the standard library makes of it, or a refusal when it makes nothing
    try:
        stamp = dt.datetime.strptime(value, "%a %b %d %H:%M:%S %z %Y")
    except ValueError:
        try:
            stamp = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            assert outcome == (RowError, f"waktu '{value}' tidak dikenali")
            return
        if stamp.tzinfo is None:
            stamp = stamp.replace(tzinfo=WIB)
    try:
        expected = stamp.astimezone(UTC)
    except OverflowError as err:
        assert outcome == (OverflowError, str(err))
    else:
        assert outcome == _in_utc(expected)


_DIGITS = st.integers(0, 10**12 - 1)


def _spelled(n: int, draw_sep: str, pad: str) -> str:
    return pad + f"{n:,}".replace(",", draw_sep) + pad


@given(_DIGITS, st.sampled_from([",", ".", " ", ""]), st.sampled_from(["", " ", "  "]))
def test_a_count_is_its_number_in_any_supported_spelling(n, sep, pad):
    # given: a count up to 12 digits, plain, with thousands separators, padded, or a JSON int
    # when / then: the number itself, past 32 bits too (no cap)
    assert to_int(_spelled(n, sep, pad), "likes") == n
    assert to_int(n, "likes") == n


@given(
    st.text(alphabet="0123456789 ,.-xe", min_size=1, max_size=14)
    | st.integers(-(10**13), -1)
    | st.booleans()
    | st.integers(10**12, 10**15)
)
def test_a_count_that_is_no_non_negative_number_is_refused_in_words(value):
    # given: a value with something besides digits and separators, or more than 12 digits
    digits = str(value).replace(",", "").replace(".", "").replace(" ", "")
    assume(digits and not (digits.isdigit() and len(digits) <= 12))
    # when
    with pytest.raises(RowError) as refused:
        to_int(value, "likes")
    # then
    assert str(refused.value) in (
        f"likes: '{value}' bukan bilangan bulat tidak negatif",
        f"likes: '{value}' terlalu besar",
    )


@pytest.mark.parametrize("value", [None, "", " ", " , . "])
def test_an_empty_count_is_zero(value):
    assert to_int(value, "likes") == 0


def test_jakarta_has_kept_utc_plus_seven_since_1970():
    # the cheap WIB reading rests on this
    day = dt.datetime(1970, 1, 1)
    while day.year < 2200:
        assert day.replace(tzinfo=WIB).utcoffset() == dt.timedelta(hours=7)
        day += dt.timedelta(days=97, hours=5)


@given(st.text(alphabet="ab #_ÉéİI:/.,)htps1", max_size=40))
def test_hashtags_and_urls_in_text_are_found_lower_cased_once_each_in_order(text):
    # then: a hashtag is # and word characters; a link runs to the next space, without a
    # closing mark
    tags = [h.lower() for h in re.findall(r"#(\w+)", text)]
    links = [u.rstrip(".,)") for u in re.findall(r"https?://\S+", text)]
    assert hashtags_in(text) == tuple(dict.fromkeys(tags))
    assert urls_in(text) == tuple(dict.fromkeys(links))


# --- the other parsers, against what they gave before ---------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt", "count", "digest"),
    [
        ("x_v1.jsonl", "x-v1", 5, "8ba51d0427e875c0"),
        ("x_v2.json", "x-v2", 3, "772440d3547ca383"),
        ("crowdtangle.csv", "crowdtangle", 3, "5b8fa47e3914a122"),
        ("tiktok.json", "tiktok", 3, "955445a6bd08dd66"),
        ("youtube.json", "youtube", 3, "68637f6d9ee46b8f"),
        ("feed.rss", "rss", 3, "841f3498a047c340"),
        ("feed.atom", "rss", 1, "1150b3584b5823d5"),
        ("news.csv", "news-csv", 3, "4577df4c695f6475"),
        ("generic_latin1.csv", "generic", 5, "8e9b927830151b32"),
    ],
)
def test_every_fixture_gives_the_items_it_gave_before(name, fmt, count, digest):
    # when
    items = list(parse(FIXTURES / name, fmt))
    # then: the digest of the items the parsers gave before they were made cheaper
    assert len(items) == count
    assert hashlib.sha256(repr(items).encode()).hexdigest()[:16] == digest
    if fmt == "generic":
        _same(FIXTURES / name)
