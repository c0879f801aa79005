"""Parsers of social-media and news exports: plain Python, no Django (Dask workers can run them).

>>> from kampanye.social.ingest import parse
>>> for item in parse("tweets.jsonl", "x-v1"):   # RawPost or Rejected, each with its line
...     ...
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from kampanye.social.ingest._common import (
    PLATFORMS,
    WIB,
    Item,
    RawPost,
    Rejected,
    RowError,
    detect_encoding,
    parse_time,
)
from kampanye.social.ingest._generic import parse_generic
from kampanye.social.ingest._json import parse_tiktok, parse_x_v1, parse_x_v2, parse_youtube
from kampanye.social.ingest._tables import (
    GENERIC_COLUMNS,
    GENERIC_OPTIONAL,
    normalize_url,
    parse_crowdtangle,
    parse_news_csv,
    parse_rss,
    title_hash,
)

PARSERS: dict[str, Callable[[Path], Iterator[Item]]] = {
    "x-v1": parse_x_v1,
    "x-v2": parse_x_v2,
    "crowdtangle": parse_crowdtangle,
    "tiktok": parse_tiktok,
    "youtube": parse_youtube,
    "rss": parse_rss,
    "news-csv": parse_news_csv,
    "generic": parse_generic,
}
FORMATS = ("auto", *PARSERS)


class UnknownFormat(ValueError):
    """The format of a file could not be recognised; name it with ``--format``."""


def detect_format(path: str | Path) -> str:
    """Guess the format from the extension and the first kilobytes of the file."""
    path = Path(path)
    with path.open(encoding=detect_encoding(path), errors="replace") as handle:
        head = handle.read(65536)
    start = head.lstrip()
    suffix = path.suffix.lower()
    if suffix in {".xml", ".rss", ".atom"} or start.startswith("<"):
        return "rss"
    if suffix in {".json", ".jsonl", ".ndjson", ".js"} or start[:1] in "[{w":
        if start.startswith("window.YTD"):
            return "x-v1"
        sample = start[:4000]
        if '"data"' in sample and ('"author_id"' in sample or '"edit_history' in sample):
            return "x-v2"
        if '"id_str"' in sample or '"screen_name"' in sample or '"full_text"' in sample:
            return "x-v1"
        if '"aweme_id"' in sample or '"digg_count"' in sample:
            return "tiktok"
        if "youtube#" in sample or '"votes"' in sample or '"videoId"' in sample:
            return "youtube"
        raise UnknownFormat(f"{path.name}: format JSON tidak dikenali; pilih --format")
    header = start.splitlines()[0] if start else ""
    if "Post Created" in header and "URL" in header:
        return "crowdtangle"
    if "message_id" in header:
        return "generic"
    if "url" in header and "title" in header:
        return "news-csv"
    raise UnknownFormat(f"{path.name}: format berkas tidak dikenali; pilih --format")


def parse(path: str | Path, fmt: str = "auto") -> Iterator[Item]:
    """RawPost or Rejected for every record of ``path``, in file order."""
    path = Path(path)
    if fmt == "auto":
        fmt = detect_format(path)
    if fmt not in PARSERS:
        raise UnknownFormat(f"format '{fmt}' tidak dikenal ({', '.join(FORMATS)})")
    return PARSERS[fmt](path)


__all__ = [
    "FORMATS",
    "GENERIC_COLUMNS",
    "GENERIC_OPTIONAL",
    "PARSERS",
    "PLATFORMS",
    "WIB",
    "Item",
    "RawPost",
    "Rejected",
    "RowError",
    "UnknownFormat",
    "detect_encoding",
    "detect_format",
    "normalize_url",
    "parse",
    "parse_time",
    "title_hash",
]
