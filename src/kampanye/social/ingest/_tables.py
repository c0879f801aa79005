"""CSV exports (CrowdTangle, online news) and RSS/Atom files (the generic CSV: ``_generic``)."""

from __future__ import annotations

import csv
import hashlib
import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from kampanye.social.ingest._common import (
    Item,
    RawPost,
    Rejected,
    RowError,
    guarded,
    hashtags_in,
    open_text,
    parse_time,
    read_header,
    to_int,
    urls_in,
)

csv.field_size_limit(10_000_000)

GENERIC_COLUMNS = (
    "message_id", "user_id", "username", "repost_id", "reply_id", "quote_id", "text",
    "timestamp", "urls", "hashtags", "followers", "likes", "shares", "comments", "views",
)  # fmt: skip
GENERIC_OPTIONAL = ("platform", "is_synthetic", "title", "url")


def normalize_url(url: str) -> str:
    """A news URL reduced for de-duplication: no scheme, ``www.``, fragment, tracking
    parameters (``utm_*``, ``fbclid``, ``gclid``) or trailing slash; host lower case."""
    if not url:
        return ""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.").removeprefix("m.")
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith("utm_") and k.lower() not in {"fbclid", "gclid", "ref"}
    ]
    path = parts.path.rstrip("/") or ""
    return urlunsplit(("", host, path, urlencode(sorted(query)), "")).lstrip("/")


def title_hash(title: str) -> str:
    """First 16 hex of SHA-1 over the title lower-cased, punctuation dropped, spaces squeezed."""
    words = re.sub(r"[^\w]+", " ", title.lower()).split()
    return hashlib.sha1(" ".join(words).encode()).hexdigest()[:16] if words else ""


def _strip_html(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", text or ""))).strip()


def _rows(path: Path, required: tuple[str, ...] = ()) -> Iterator[tuple[int, Any]]:
    """CSV rows as dicts, each with the line it starts on (the header is line 1), as
    ``csv.DictReader`` reads them (blank lines skipped, the last of repeated column names
    wins); a row that cannot be read, or whose column count differs from the header's, comes
    as a ``RowError`` instead."""
    with open_text(path) as handle:
        reader = csv.reader(handle)
        header = read_header(reader, required)
        width = len(header)
        start = reader.line_num + 1
        while True:
            try:
                row = next(reader)
                while not row:
                    row = next(reader)
            except StopIteration:
                return
            except csv.Error as err:  # a NUL byte, an unclosed quote at the end …
                yield start, RowError(f"CSV rusak: {err}")
            else:
                if len(row) == width:
                    yield start, dict(zip(header, row, strict=True))
                else:
                    yield start, RowError("jumlah kolom tidak sesuai header")
            start = reader.line_num + 1


def _checked_rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, Any]]:
    """Rows, with a row whose column count is wrong passed on as a ``Rejected`` marker."""
    try:
        yield from _rows(path, required)
    except RowError as err:
        yield 1, err


def _run(path: Path, required: tuple[str, ...], build) -> Iterator[Item]:
    def checked(line: int, row: Any) -> RawPost:
        if isinstance(row, RowError):
            raise row
        return build(line, row)

    return guarded(_checked_rows(path, required), checked)


# --- the generic layout -------------------------------------------------------------------


# --- CrowdTangle (Facebook / Instagram) ---------------------------------------------------

_REACTIONS = ("Likes", "Love", "Wow", "Haha", "Sad", "Angry", "Care")


def parse_crowdtangle(path: Path) -> Iterator[Item]:
    """CrowdTangle historical-data CSV. Likes are all reactions summed; the post URL is its id."""

    def build(line: int, r: dict[str, str]) -> RawPost:
        url = (r.get("URL") or "").strip()
        if not url:
            raise RowError("URL kosong")
        platform = "instagram" if "instagram.com" in url else "facebook"
        text = " ".join(
            x for x in (r.get("Message"), r.get("Description"), r.get("Title")) if x
        ).strip()
        link = (r.get("Link") or r.get("Final Link") or "").strip()
        return RawPost(
            line=line,
            platform=platform,
            external_id=url,
            text=text,
            created_at=parse_time(r.get("Post Created")),
            author_id=(r.get("Facebook Id") or r.get("User Name") or "").strip(),
            author_handle=(
                r.get("User Name") or r.get("Page Name") or r.get("Account") or ""
            ).strip(),
            urls=((link,) if link else ()) + urls_in(text),
            hashtags=hashtags_in(text),
            followers=to_int(
                r.get("Followers at Posting") or r.get("Likes at Posting"), "Followers at Posting"
            ),
            likes=sum(to_int(r.get(k), k) for k in _REACTIONS),
            shares=to_int(r.get("Shares"), "Shares"),
            comments=to_int(r.get("Comments"), "Comments"),
            views=to_int(r.get("Post Views") or r.get("Views"), "Post Views"),
            url=url,
        )

    return _run(path, ("URL", "Post Created"), build)


# --- online news ---------------------------------------------------------------------------


def parse_news_csv(path: Path) -> Iterator[Item]:
    """Article CSV: ``url, title, content (or text), published (or timestamp), media, author``."""

    def build(line: int, r: dict[str, str]) -> RawPost:
        url = (r.get("url") or "").strip()
        title = (r.get("title") or "").strip()
        if not url:
            raise RowError("url kosong")
        body = _strip_html(r.get("content") or r.get("text") or "")
        text = f"{title}. {body}".strip(". ") if body else title
        return RawPost(
            line=line,
            platform="online_news",
            external_id=normalize_url(url),
            text=text,
            created_at=parse_time(r.get("published") or r.get("timestamp")),
            author_handle=(r.get("media") or urlsplit(url).netloc).strip(),
            author_id=(r.get("author") or "").strip(),
            urls=(url,),
            hashtags=hashtags_in(text),
            title=title,
            url=url,
        )

    return _run(path, ("url", "title"), build)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(el: ET.Element, *names: str) -> ET.Element | None:
    for c in el:
        if _local(c.tag) in names:
            return c
    return None


def parse_rss(path: Path) -> Iterator[Item]:
    """RSS 2.0 ``<item>`` or Atom ``<entry>`` elements, numbered from 1 in file order."""
    with open_text(path) as handle:
        data = handle.read()
    try:
        root = ET.fromstring(data.encode("utf-8"))
    except ET.ParseError as err:
        yield Rejected(err.position[0], f"XML tidak sah: {err}")
        return
    channel = _child(root, "channel")
    feed_title = ""
    if channel is not None and _child(channel, "title") is not None:
        feed_title = (_child(channel, "title").text or "").strip()  # type: ignore[union-attr]
    elif _child(root, "title") is not None:
        feed_title = (_child(root, "title").text or "").strip()  # type: ignore[union-attr]
    entries = [e for e in root.iter() if _local(e.tag) in {"item", "entry"}]

    def build(line: int, e: ET.Element) -> RawPost:
        def text_of(*names: str) -> str:
            c = _child(e, *names)
            return (c.text or "").strip() if c is not None else ""

        link_el = _child(e, "link")
        link = ""
        if link_el is not None:
            link = (link_el.get("href") or link_el.text or "").strip()
        guid = text_of("guid", "id") or link
        if not guid:
            raise RowError("item tanpa link atau guid")
        title = _strip_html(text_of("title"))
        body = _strip_html(text_of("description", "summary", "content", "encoded"))
        text = f"{title}. {body}" if body else title
        return RawPost(
            line=line,
            platform="online_news",
            external_id=normalize_url(link) or guid,
            text=text,
            created_at=parse_time(text_of("pubDate", "published", "updated", "date")),
            author_handle=feed_title or urlsplit(link).netloc,
            author_id=text_of("author", "creator"),
            urls=(link,) if link else (),
            hashtags=hashtags_in(text),
            title=title,
            url=link,
        )

    yield from guarded(enumerate(entries, start=1), build)
