"""What every parser yields, and the reading of encodings and time stamps (no Django)."""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

WIB = ZoneInfo("Asia/Jakarta")
UTC = dt.UTC

PLATFORMS = ("x", "facebook", "instagram", "tiktok", "youtube", "online_news")


class RawPost(NamedTuple):
    """One post as read from a file, before it meets the database. ``created_at`` is UTC.
    (A named tuple: a million of them are made per million posts, so they must be cheap.)"""

    line: int
    platform: str
    external_id: str
    text: str
    created_at: dt.datetime
    author_id: str = ""
    author_handle: str = ""
    reply_to: str = ""
    repost_of: str = ""
    quote_of: str = ""
    urls: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    followers: int = 0
    likes: int = 0
    shares: int = 0
    comments: int = 0
    views: int = 0
    title: str = ""
    url: str = ""
    is_synthetic: bool = False


class Rejected(NamedTuple):
    """A record that could not be read: its line (or record number) and why, in words."""

    line: int
    reason: str
    raw: str = ""


Item = RawPost | Rejected


class RowError(ValueError):
    """Raised inside a parser for one bad record; the parser turns it into ``Rejected``."""


def detect_encoding(path: Path, chunk: int = 1 << 20) -> str:
    """``utf-8-sig`` with a BOM, ``utf-8`` when the whole file decodes, else ``latin-1``."""
    with path.open("rb") as handle:
        head = handle.read(3)
        if head == codecs.BOM_UTF8:
            return "utf-8-sig"
        decoder = codecs.getincrementaldecoder("utf-8")()
        data = head
        try:
            while True:
                decoder.decode(data)
                data = handle.read(chunk)
                if not data:
                    decoder.decode(b"", final=True)
                    return "utf-8"
        except UnicodeDecodeError:
            return "latin-1"


def open_text(path: Path):
    return path.open(encoding=detect_encoding(path), newline="")


def read_header(reader, required: tuple[str, ...]) -> list[str]:
    """The header row's names (stripped); ``RowError`` when a required one is missing."""
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        header = []
    missing = [c for c in required if c not in header]
    if missing:
        raise RowError(f"kolom wajib tidak ada: {', '.join(missing)}")
    return header


_ZONES = {
    "UTC": 0, "GMT": 0, "Z": 0, "WIB": 7, "WITA": 8, "WIT": 9,
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
    "CET": 1, "CEST": 2, "BST": 1, "SGT": 8, "JST": 9,
}  # fmt: skip
_ZONE_SUFFIX = re.compile(r"\s+([A-Z]{1,4})$")
_NAIVE_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
)


def parse_time(value: str | int | float | None) -> dt.datetime:
    """A time stamp in UTC from the forms exports use.

    Accepted: ISO 8601 with ``Z`` or an offset; Twitter v1 (``Wed Jul 11 08:15:00 +0000
    2012``); RFC 822 (RSS); Unix seconds or milliseconds; ``YYYY-MM-DD HH:MM[:SS]`` or
    ``DD/MM/YYYY HH:MM`` followed by a zone abbreviation (``WIB``, ``UTC``, ``EDT`` …) or by
    nothing, which is read as WIB (Jakarta time). Raises ``RowError`` otherwise.
    """
    if value.__class__ is str and len(value) > 18:  # the common forms, without regexes
        if value[:4].isdigit():
            stamp = _iso_fast(value)
            if stamp is not None:
                return stamp
        elif len(value) == 30:
            stamp = _twitter_fast(value)
            if stamp is not None:
                return stamp
    if value is None or (isinstance(value, str) and not value.strip()):
        raise RowError("waktu kosong")
    if isinstance(value, int | float) or re.fullmatch(r"\d{9,13}(\.\d+)?", str(value).strip()):
        seconds = float(value)
        if seconds > 1e11:  # milliseconds
            seconds /= 1000
        return dt.datetime.fromtimestamp(seconds, tz=UTC)
    text = str(value).strip()
    zone: dt.tzinfo | None = None
    suffix = _ZONE_SUFFIX.search(text)
    if suffix and suffix.group(1) in _ZONES:
        zone = dt.timezone(dt.timedelta(hours=_ZONES[suffix.group(1)]))
        if suffix.group(1) == "WIB":
            zone = WIB
        text = text[: suffix.start()]
    try:
        stamp = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        stamp = None
    if stamp is None:
        with contextlib.suppress(ValueError):  # Twitter v1.1
            stamp = dt.datetime.strptime(text, "%a %b %d %H:%M:%S %z %Y")
    if stamp is None:
        try:
            stamp = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            stamp = None
    if stamp is None:
        for fmt in _NAIVE_FORMATS:
            try:
                stamp = dt.datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
    if stamp is None:
        raise RowError(f"waktu '{value}' tidak dikenali")
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=zone or WIB)
    return stamp.astimezone(UTC)


def _iso_fast(value: str) -> dt.datetime | None:
    """``parse_time`` of ``YYYY-MM-DD HH:MM:SS WIB`` and of ISO 8601 without spaces (the
    forms exports write most), without the general path's regular expressions; None for
    anything else, which then takes the general path (giving the same result)."""
    if value.endswith(" WIB") and len(value) == 23:
        text = value[:19]
    elif "T" in value and " " not in value:
        text = value.replace("Z", "+00:00")
    else:
        return None
    try:
        stamp = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return _to_utc(stamp)


_DAYS = frozenset(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"))
_MONTHS = {
    m: f"{i:02d}"
    for i, m in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}


def _twitter_fast(value: str) -> dt.datetime | None:
    """``parse_time`` of exactly ``Wed Jul 11 08:15:00 +0000 2012`` (Twitter v1.1), read by
    ``fromisoformat`` instead of ``strptime``; None for anything else (or anything the two
    might read differently), which then takes the general path."""
    parts = value.split(" ")
    if len(parts) != 6:
        return None
    day, month, date, clock, offset, year = parts
    digits = date + clock[:2] + clock[3:5] + clock[6:] + offset[1:] + year
    if (
        day not in _DAYS
        or month not in _MONTHS
        or len(date) != 2
        or len(clock) != 8
        or len(offset) != 5
        or len(year) != 4
        or clock[2] != ":"
        or clock[5] != ":"
        or offset[0] not in "+-"
        or offset[3] not in "012345"  # strptime's %z takes minutes up to 59 only
        or not (digits.isascii() and digits.isdigit())
    ):
        return None
    try:
        stamp = dt.datetime.fromisoformat(f"{year}-{_MONTHS[month]}-{date}T{clock}{offset}")
    except ValueError:
        return None
    return _to_utc(stamp)


# Jakarta has kept UTC+7 since 1964, so from 1970 on a WIB wall time is the instant seven
# hours earlier: adding timedeltas to an aware base gives what ``replace(tzinfo=WIB)
# .astimezone(UTC)`` gives, without ``replace`` (slow when called with a keyword).
_NAIVE_EPOCH = dt.datetime(1970, 1, 1)
_UTC_EPOCH = dt.datetime(1970, 1, 1, tzinfo=UTC)
_WIB_EPOCH = _UTC_EPOCH - dt.timedelta(hours=7)


def _to_utc(stamp: dt.datetime) -> dt.datetime:
    """``stamp`` in UTC, a naive one read as WIB."""
    tz = stamp.tzinfo
    if tz is None:
        if 1970 <= stamp.year < 9999:
            return _WIB_EPOCH + (stamp - _NAIVE_EPOCH)
        return stamp.replace(tzinfo=WIB).astimezone(UTC)
    if tz is UTC:
        return stamp
    if 1970 <= stamp.year < 9999:
        return _UTC_EPOCH + (stamp - _UTC_EPOCH)
    return stamp.astimezone(UTC)


def to_int(value: object, name: str) -> int:
    """A non-negative count; empty is 0; ``1,234`` and ``1.234`` (Indonesian) are 1234."""
    if value.__class__ is str and value.isdigit() and len(value) <= 12:  # the common case
        return int(value)  # type: ignore[call-overload]
    if value.__class__ is int and 0 <= value < 10**12:  # JSON counts (not bool, not float)
        return value  # type: ignore[return-value]
    if value is None:
        return 0
    text = str(value).strip().replace(",", "").replace(".", "").replace(" ", "")
    if not text:
        return 0
    if not text.isdigit():
        raise RowError(f"{name}: '{value}' bukan bilangan bulat tidak negatif")
    if len(text) > 12:
        raise RowError(f"{name}: '{value}' terlalu besar")
    return int(text)


_HASHTAG = re.compile(r"#(\w+)")
_URL = re.compile(r"https?://\S+")


def hashtags_in(text: str) -> tuple[str, ...]:
    if "#" not in text:
        return ()
    found = _HASHTAG.findall(text)
    if len(found) < 2:
        return (found[0].lower(),) if found else ()
    return tuple(dict.fromkeys([h.lower() for h in found]))


def urls_in(text: str) -> tuple[str, ...]:
    if "://" not in text:
        return ()
    return tuple(dict.fromkeys([u.rstrip(".,)") for u in _URL.findall(text)]))


class CountMemo(dict[str, int]):
    """``to_int(value, name)`` by ``memo[value]``: counts repeat, so most rows cost one
    dictionary look-up; values that raise are not kept, and at most ``limit`` are."""

    def __init__(self, name: str, limit: int = 1 << 16) -> None:
        super().__init__()
        self.name = name
        self.limit = limit

    def __missing__(self, value: str) -> int:
        number = to_int(value, self.name)
        if len(self) < self.limit:
            self[value] = number
        return number


def split_list(value: str | None) -> tuple[str, ...]:
    """``a|b``, ``a;b``, ``a,b`` or ``a b`` as a tuple (hashtags lose their ``#``)."""
    if not value:
        return ()
    parts = re.split(r"[|;,\s]+", value.strip())
    return tuple(dict.fromkeys(p.lstrip("#") for p in parts if p.strip("#")))


def _raw(record: object) -> str:
    if isinstance(record, dict | list):
        return json.dumps(record, ensure_ascii=False, default=str)[:500]
    if isinstance(record, ET.Element):
        return ET.tostring(record, encoding="unicode")[:500]
    return str(record)[:500]


def guarded(items: Iterator[tuple[int, object]], build) -> Iterator[Item]:
    """Turn ``(line, record)`` into RawPost via ``build``, or Rejected when it raises RowError."""
    for line, record in items:
        try:
            yield build(line, record)
        except RowError as err:
            yield Rejected(line, str(err), raw=_raw(record))
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            yield Rejected(line, f"rekaman tidak sesuai format: {err}", raw=_raw(record))
