"""JSON exports: X/Twitter API v1.1 and v2, TikTok comments, YouTube comments (no Django)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kampanye.social.ingest._common import (
    Item,
    RawPost,
    Rejected,
    RowError,
    guarded,
    hashtags_in,
    open_text,
    parse_time,
    to_int,
    urls_in,
)


def _records(path: Path) -> Iterator[tuple[int, Any] | Rejected]:
    """Top-level records of a JSON file: an array (record numbers), an object, or JSON lines.

    Twitter archives (``window.YTD.tweets.part0 = [...]``) are read too. In JSON lines a
    record's number is its line; a line that is not JSON is Rejected.
    """
    with open_text(path) as handle:
        text = handle.read()
    stripped = text.lstrip()
    if stripped.startswith("window.YTD"):
        stripped = stripped[stripped.index("=") + 1 :].lstrip()
    try:
        whole = json.loads(stripped) if stripped else []
    except json.JSONDecodeError:
        whole = None
    if whole is not None:
        if isinstance(whole, list):
            yield from enumerate(whole, start=1)
        else:
            yield 1, whole
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as err:
            yield Rejected(number, f"JSON tidak sah (kolom {err.colno}): {err.msg}", line[:500])


def _flatten(path: Path, unwrap) -> Iterator[tuple[int, Any] | Rejected]:
    """Records after ``unwrap`` (a record → list of posts); posts are numbered from 1 in order
    when the file holds pages, so every post has its own number."""
    counter = 0
    for rec in _records(path):
        if isinstance(rec, Rejected):
            yield rec
            continue
        number, obj = rec
        parts = unwrap(obj)
        if parts is None:
            counter = max(counter + 1, number)
            yield counter, obj
        else:
            for part in parts:
                counter += 1
                yield counter, part


def _pass_rejects(stream, build) -> Iterator[Item]:
    pending: list[tuple[int, Any]] = []
    for rec in stream:
        if isinstance(rec, Rejected):
            yield from guarded(iter(pending), build)
            pending.clear()
            yield rec
        else:
            pending.append(rec)
            if len(pending) >= 1000:
                yield from guarded(iter(pending), build)
                pending.clear()
    yield from guarded(iter(pending), build)


# --- X / Twitter v1.1 ---------------------------------------------------------------------


def _x_v1(line: int, t: dict[str, Any]) -> RawPost:
    if "tweet" in t and isinstance(t["tweet"], dict):  # archive
        t = t["tweet"]
    tid = str(t.get("id_str") or t.get("id") or "")
    if not tid:
        raise RowError("id_str kosong")
    text = t.get("full_text") or t.get("text") or ""
    ext = t.get("extended_tweet") or {}
    text = ext.get("full_text") or text
    user = t.get("user") or {}
    entities = t.get("entities") or {}
    tags = tuple(h["text"].lower() for h in entities.get("hashtags", [])) or hashtags_in(text)
    urls = tuple(u.get("expanded_url") or u["url"] for u in entities.get("urls", []))
    retweeted = t.get("retweeted_status") or {}
    return RawPost(
        line=line,
        platform="x",
        external_id=tid,
        text=text,
        created_at=parse_time(t.get("created_at")),
        author_id=str(user.get("id_str") or user.get("id") or ""),
        author_handle=user.get("screen_name", ""),
        reply_to=str(t.get("in_reply_to_status_id_str") or ""),
        repost_of=str(retweeted.get("id_str") or ""),
        quote_of=str(t.get("quoted_status_id_str") or ""),
        urls=urls or urls_in(text),
        hashtags=tags,
        followers=to_int(user.get("followers_count"), "followers_count"),
        likes=to_int(t.get("favorite_count"), "favorite_count"),
        shares=to_int(t.get("retweet_count"), "retweet_count")
        + to_int(t.get("quote_count"), "quote_count"),
        comments=to_int(t.get("reply_count"), "reply_count"),
    )


def parse_x_v1(path: Path) -> Iterator[Item]:
    return _pass_rejects(_flatten(path, lambda o: None), _x_v1)


# --- X / Twitter v2 -----------------------------------------------------------------------


def parse_x_v2(path: Path) -> Iterator[Item]:
    """API v2 responses: ``{"data": [...], "includes": {"users": [...]}}``, one or one a line."""
    users: dict[str, dict[str, Any]] = {}

    def unwrap(page: Any) -> list[Any] | None:
        if isinstance(page, dict) and isinstance(page.get("data"), list):
            for u in (page.get("includes") or {}).get("users", []):
                users[str(u.get("id"))] = u
            return page["data"]
        return None

    def build(line: int, t: dict[str, Any]) -> RawPost:
        if not t.get("id"):
            raise RowError("id kosong")
        refs = {r.get("type"): str(r.get("id")) for r in t.get("referenced_tweets") or []}
        metrics = t.get("public_metrics") or {}
        entities = t.get("entities") or {}
        user = users.get(str(t.get("author_id")), {})
        text = t.get("text") or ""
        tags = tuple(h["tag"].lower() for h in entities.get("hashtags", [])) or hashtags_in(text)
        return RawPost(
            line=line,
            platform="x",
            external_id=str(t["id"]),
            text=text,
            created_at=parse_time(t.get("created_at")),
            author_id=str(t.get("author_id") or ""),
            author_handle=user.get("username", ""),
            reply_to=refs.get("replied_to", ""),
            repost_of=refs.get("retweeted", ""),
            quote_of=refs.get("quoted", ""),
            urls=tuple(u.get("expanded_url") or u["url"] for u in entities.get("urls", []))
            or urls_in(text),
            hashtags=tags,
            followers=to_int((user.get("public_metrics") or {}).get("followers_count"), "fol"),
            likes=to_int(metrics.get("like_count"), "like_count"),
            shares=to_int(metrics.get("retweet_count"), "retweet_count")
            + to_int(metrics.get("quote_count"), "quote_count"),
            comments=to_int(metrics.get("reply_count"), "reply_count"),
            views=to_int(metrics.get("impression_count"), "impression_count"),
        )

    return _pass_rejects(_flatten(path, unwrap), build)


# --- TikTok comments ----------------------------------------------------------------------


def _tiktok(line: int, c: dict[str, Any]) -> RawPost:
    cid = str(c.get("cid") or c.get("comment_id") or "")
    if not cid:
        raise RowError("cid kosong")
    user = c.get("user") or {}
    text = c.get("text") or ""
    return RawPost(
        line=line,
        platform="tiktok",
        external_id=cid,
        text=text,
        created_at=parse_time(c.get("create_time") or c.get("createTime")),
        author_id=str(user.get("uid") or c.get("uid") or ""),
        author_handle=user.get("unique_id") or c.get("unique_id") or "",
        reply_to=str(c.get("reply_id") or "").strip("0") and str(c.get("reply_id")),
        quote_of=str(c.get("aweme_id") or ""),
        hashtags=hashtags_in(text),
        urls=urls_in(text),
        followers=to_int(user.get("follower_count"), "follower_count"),
        likes=to_int(c.get("digg_count"), "digg_count"),
        comments=to_int(c.get("reply_comment_total"), "reply_comment_total"),
    )


def parse_tiktok(path: Path) -> Iterator[Item]:
    """TikTok comment JSON (the web API's ``{"comments": [...]}`` pages, a list, or lines)."""

    def unwrap(o: Any) -> list[Any] | None:
        return o["comments"] if isinstance(o, dict) and "comments" in o else None

    return _pass_rejects(_flatten(path, unwrap), _tiktok)


# --- YouTube comments ---------------------------------------------------------------------


def _youtube_items(o: Any) -> list[Any] | None:
    if isinstance(o, dict) and isinstance(o.get("items"), list):
        out: list[Any] = []
        for item in o["items"]:
            out.append(item)
            out.extend((item.get("replies") or {}).get("comments", []))
        return out
    return None


def _youtube(line: int, c: dict[str, Any]) -> RawPost:
    if "snippet" in c:  # YouTube Data API: commentThread or comment
        sn = c["snippet"]
        top = sn.get("topLevelComment")
        cid = str(c.get("id") or "")
        if top:
            cid, sn = str(top.get("id") or cid), top["snippet"]
        if not cid:
            raise RowError("id kosong")
        text = sn.get("textOriginal") or sn.get("textDisplay") or ""
        return RawPost(
            line=line,
            platform="youtube",
            external_id=cid,
            text=text,
            created_at=parse_time(sn.get("publishedAt")),
            author_id=str((sn.get("authorChannelId") or {}).get("value", "")),
            author_handle=sn.get("authorDisplayName", ""),
            reply_to=str(sn.get("parentId") or ""),
            quote_of=str(sn.get("videoId") or ""),
            hashtags=hashtags_in(text),
            urls=urls_in(text),
            likes=to_int(sn.get("likeCount"), "likeCount"),
            comments=to_int(c.get("snippet", {}).get("totalReplyCount"), "totalReplyCount"),
        )
    cid = str(c.get("cid") or "")  # youtube-comment-downloader lines
    if not cid:
        raise RowError("cid kosong")
    text = c.get("text") or ""
    return RawPost(
        line=line,
        platform="youtube",
        external_id=cid,
        text=text,
        created_at=parse_time(c.get("time_parsed") or c.get("timestamp")),
        author_id=str(c.get("channel") or ""),
        author_handle=c.get("author", ""),
        reply_to=cid.split(".")[0] if c.get("reply") and "." in cid else "",
        hashtags=hashtags_in(text),
        urls=urls_in(text),
        likes=to_int(c.get("votes"), "votes"),
        comments=to_int(c.get("replies"), "replies"),
    )


def parse_youtube(path: Path) -> Iterator[Item]:
    """YouTube Data API ``commentThreads`` pages, or youtube-comment-downloader JSON lines."""
    return _pass_rejects(_flatten(path, _youtube_items), _youtube)
