"""Every figure of the social dashboard, each from one function (tests pin them).

Definitions (docs/social.md):

* a *mention* is a post × contestant whose current ``ContestantQuery`` matches the post;
  a post naming two contestants counts once for each;
* *reach* of a mention is the author's followers when posting (an upper bound: audiences
  overlap); *engagement* (definition ``ENGAGEMENT_VERSION``) is likes + shares + comments;
* *net sentiment* = (positive − negative) / all mentions, in −1…1, always shown with n;
* *potential reach* = Σ followers over the distinct posts with mentions; *unique reach* =
  Σ over distinct accounts of their largest follower count; influencers by posts,
  engagement, followers, in-degree and PageRank in the repost / reply / quote / @mention
  network (``kampanye.social.influence``, re-exported here);
* a *spike* is a WIB day whose count exceeds mean + 3·sd (population sd) of the previous 7
  days and is at least ``SPIKE_MIN`` mentions; the first 7 days of a range are never spikes.

The dashboard's figures read the daily tables of ``kampanye.social.aggregates`` (kept by
``refresh_aggregates`` after every import), never the raw posts; the rows of a filter come
from ``kampanye.social.filters``. Each is meant to answer within 300 ms (p95) at ten million
posts; ``python -m benchmarks social_dashboard`` times them (docs/benchmarks.md).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import polars as pl
from django.db.models import Count, Exists, F, OuterRef, QuerySet, Sum
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from kampanye.elections.models import Contestant, Election
from kampanye.nlp import Node, Not, Term, parse_query, shipped_model_path
from kampanye.social import columns
from kampanye.social.filters import Filters, column_rows, contestants, in_period, post_days
from kampanye.social.models import (
    ContestantQuery,
    IssueDay,
    Mention,
    MentionDay,
    Post,
    PostDay,
    RollupDay,
    TopMention,
)
from kampanye.social.tally import TOP_PER_CELL

ENGAGEMENT_VERSION = "eng-v1: suka + bagikan + komentar"
SPIKE_WINDOW = 7
SPIKE_SD = 3.0
SPIKE_MIN = 5


def _mention_days(f: Filters) -> QuerySet[MentionDay]:
    qs = MentionDay.objects.filter(election=f.election)
    if f.contestants:
        qs = qs.filter(contestant_id__in=f.contestants)
    return in_period(qs, f)


# --- timeline and spikes -----------------------------------------------------------------


def detect_spikes(
    counts: list[int], window: int = SPIKE_WINDOW, k: float = SPIKE_SD, minimum: int = SPIKE_MIN
) -> list[bool]:
    """True where ``counts[i] > mean + k·sd`` of the ``window`` days before and ≥ ``minimum``.

    In integers, exactly: with S = Σx and Q = Σx² over the window of w days, n exceeds
    S/w + k·√(Q/w − (S/w)²) when wn − S > 0 and (wn − S)² > k²·(wQ − S²)."""
    out: list[bool] = []
    total = squares = 0
    for i, n in enumerate(counts):
        if i >= window:
            above = window * n - total
            out.append(
                n >= minimum
                and above > 0
                and above * above > k * k * (window * squares - total * total)
            )
            gone = counts[i - window]
            total, squares = total - gone, squares - gone * gone
        else:
            out.append(False)
        total, squares = total + n, squares + n * n
    return out


@dataclass
class Series:
    contestant: Contestant
    days: list[dt.date]
    counts: list[int]
    spikes: list[bool] = field(default_factory=list)


def timeline(f: Filters) -> list[Series]:
    """Mentions per WIB day per contestant, zero-filled over the range, spikes marked."""
    rows = _mention_days(f).values("contestant_id", "day").annotate(n=Sum("mentions")).order_by()
    return series_of(f, rows)


def series_of(f: Filters, rows) -> list[Series]:
    """Rows of (contestant_id, day, n) as one zero-filled series per contestant of the
    filters, over their days (or the rows' first to last day), spikes marked."""
    by: dict[int, dict[dt.date, int]] = {}
    for r in rows:
        by.setdefault(r["contestant_id"], {})[r["day"]] = r["n"]
    all_days = [d for per in by.values() for d in per]
    if not all_days:
        return []
    start, end = f.start or min(all_days), f.end or max(all_days)
    days = [start + dt.timedelta(i) for i in range((end - start).days + 1)]
    out = []
    for c in contestants(f):
        counts = [by.get(c.pk, {}).get(d, 0) for d in days]
        out.append(Series(c, days, counts, detect_spikes(counts)))
    return out


@lru_cache(maxsize=1)
def model_info() -> tuple[str, float | None]:
    """Version of the shipped sentiment model and its macro-F1 on the political tweets held
    out of its training (the check set nearest to social posts), read from its meta only,
    without loading the weights."""
    with np.load(shipped_model_path(), allow_pickle=False) as data:
        meta = json.loads(data["meta"].tobytes().decode("utf-8"))
    political = next(
        (c for c in meta.get("check", []) if c["check"] == "pilpres" and c.get("ours_macro_f1")),
        None,
    )
    return meta["version"], political["ours_macro_f1"] if political else None


# --- share of voice and sentiment --------------------------------------------------------


@dataclass(frozen=True)
class Share:
    contestant: Contestant
    mentions: int
    reach: int
    engagement: int
    positive: int
    neutral: int
    negative: int

    @property
    def net(self) -> float | None:
        """(positive − negative) / mentions; None without mentions."""
        return (self.positive - self.negative) / self.mentions if self.mentions else None


@dataclass(frozen=True)
class Voice:
    rows: list[Share]
    mentions: int
    reach: int
    engagement: int
    model_version: str
    model_macro_f1: float | None


def share_of_voice(f: Filters) -> Voice:
    """Per contestant: mentions, reach, engagement and sentiment counts, with the totals
    (the denominators of share of voice by mentions, reach and engagement)."""
    rows = (
        _mention_days(f)
        .values("contestant_id")
        .annotate(
            n=Sum("mentions"),
            reach=Sum("reach"),
            eng=Sum("engagement"),
            pos=Sum("positive"),
            neu=Sum("neutral"),
            neg=Sum("negative"),
        )
        .order_by()
    )
    return voice_of(f, rows)


def voice_of(f: Filters, rows) -> Voice:
    """Rows of (contestant_id, n, reach, eng, pos, neu, neg) as the share of voice of every
    contestant of the filters (zero where it has no row), with the totals."""
    agg = {r["contestant_id"]: r for r in rows}
    shares = []
    for c in contestants(f):
        r = agg.get(c.pk, {})
        shares.append(
            Share(
                c,
                r.get("n", 0),
                r.get("reach") or 0,
                r.get("eng") or 0,
                r.get("pos", 0),
                r.get("neu", 0),
                r.get("neg", 0),
            )
        )
    version, f1 = model_info()
    return Voice(
        shares,
        sum(r.mentions for r in shares),
        sum(r.reach for r in shares),
        sum(r.engagement for r in shares),
        version,
        f1,
    )


# --- engagement, hashtags, issues, news ----------------------------------------------------


def engagement_by_platform(f: Filters) -> list[dict]:
    """Distinct posts per platform: likes, shares, comments, engagement (ENGAGEMENT_VERSION)."""
    rows = (
        post_days(PostDay, f)
        .values("platform")
        .annotate(
            posts=Sum("posts"), likes=Sum("likes"), shares=Sum("shares"), comments=Sum("comments")
        )
    )
    out = []
    for r in rows.order_by("platform"):
        eng = r["likes"] + r["shares"] + r["comments"]
        out.append({**r, "engagement": eng, "definition": ENGAGEMENT_VERSION})
    return out


def top_hashtags(f: Filters, k: int = 10) -> list[tuple[str, int]]:
    """The ``k`` hashtags on most distinct posts (ties by name)."""
    sums = column_rows(f, columns.HASHTAG).group_by("tag").agg(pl.col("posts").sum())
    return sums.sort(["posts", "tag"], descending=[True, False]).head(k).collect().rows()


def top_issues(f: Filters, k: int = 10) -> list[tuple[str, int]]:
    """Issues by number of distinct posts raising them (among posts naming the contestants)."""
    rows = (
        post_days(IssueDay, f)
        .values("issue")
        .annotate(n=Sum("posts"))
        .order_by("-n", "issue")
        .values_list("issue", "n")[:k]
    )
    return list(rows)


def news_stories(f: Filters) -> dict[str, int]:
    """Online news items, distinct URLs (normalised) and distinct stories (items with the
    same title hash are one story; an item without a title is a story of its own)."""
    if f.platforms and "online_news" not in f.platforms:
        return {"items": 0, "urls": 0, "stories": 0}
    url, title = pl.col("url_key"), pl.col("title_hash")
    items, urls, titles, untitled = (
        column_rows(f, columns.NEWS)
        .select(
            pl.col("items").sum(),
            url.filter(url != "").n_unique().alias("urls"),
            title.filter(title != "").n_unique().alias("titles"),
            pl.col("items").filter(title == "").sum().alias("untitled"),
        )
        .collect()
        .row(0)
    )
    return {"items": items, "urls": urls, "stories": titles + untitled}


# --- reach and influencers (kampanye.social.influence) ----------------------------------

from kampanye.social.influence import (  # noqa: E402
    INFLUENCER_COLUMNS,
    RANKINGS,
    Influence,
    Influencer,
    Reach,
    influencer_rows,
    influencers,
    pagerank,
    reach,
)

__all__ = [
    "INFLUENCER_COLUMNS",
    "RANKINGS",
    "Influence",
    "Influencer",
    "Reach",
    "influencer_rows",
    "influencers",
    "pagerank",
    "reach",
]

# --- sample posts with matches highlighted -----------------------------------------------


def _terms(node: Node, negated: bool = False) -> list[str]:
    if isinstance(node, Term):
        return [] if negated else [node.text.lower()]
    if isinstance(node, Not):
        return _terms(node.child, not negated)
    return [t for child in node.children for t in _terms(child, negated)]


def highlight(text: str, terms: list[str]) -> SafeString:
    """``text`` escaped, each whole-word occurrence of a term in ``<mark>``."""
    if not terms:
        return mark_safe(html.escape(text))
    alternatives = sorted(
        {re.escape(t).replace(r"\ ", r"[\s\W]{1,2}") for t in terms}, key=len, reverse=True
    )
    pattern = re.compile(r"(?<!\w)(" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)
    parts, last = [], 0
    for m in pattern.finditer(text):
        parts.append(html.escape(text[last : m.start()]))
        parts.append(f"<mark>{html.escape(m.group(0))}</mark>")
        last = m.end()
    parts.append(html.escape(text[last:]))
    return mark_safe("".join(parts))


def sample_posts(f: Filters, n: int = 10) -> list[dict]:
    """The ``n`` most engaging posts naming the chosen contestants, matches highlighted."""
    terms: list[str] = []
    for q in (
        ContestantQuery.objects.filter(contestant__in=contestants(f))
        .order_by("contestant", "-version")
        .distinct()
    ):
        terms += _terms(parse_query(q.text))
    if n * 3 > TOP_PER_CELL:
        raise ValueError(f"sample_posts reads the top {TOP_PER_CELL} mentions per day")
    top = TopMention.objects.filter(election=f.election)
    if f.contestants:
        top = top.filter(contestant_id__in=f.contestants)
    top = in_period(top, f).order_by("-engagement", "-created_at")
    # the ids first: a join would meet every row of a long period with its post before the sort
    ids = list(top.values_list("mention_id", flat=True)[: n * 3])
    found = Mention.objects.select_related("post", "contestant").in_bulk(ids)
    picked = [found[i] for i in ids if i in found]
    out, seen = [], set()
    for m in picked:
        if m.post_id in seen:
            continue
        seen.add(m.post_id)
        out.append(
            {
                "post": m.post,
                "contestant": m.contestant,
                "label": m.label,
                "html": highlight(m.post.text, terms),
            }
        )
        if len(out) == n:
            break
    return out


# --- daily rollups for the ledger, and the CSV export ------------------------------------


@dataclass(frozen=True)
class RollupRow:
    contestant_id: int
    platform: str
    day: dt.date
    owned: bool
    synthetic: bool
    mentions: int
    reach: int
    balance: int  # positive − negative mentions: the ledger keeps it, as the tone

    @property
    def net(self) -> float:
        return self.balance / self.mentions if self.mentions else 0.0


def daily_rollup(election: Election, days=None) -> list[RollupRow]:
    """Mentions per contestant × platform × WIB day, split by owned account and synthetic,
    as social's daily counts hold them (``RollupDay``)."""
    qs = RollupDay.objects.filter(election=election)
    if days is not None:
        qs = qs.filter(day__in=sorted(set(days)))
    rows = qs.order_by("day", "contestant_id", "platform", "owned", "synthetic").values_list(
        "contestant_id", "platform", "day", "owned", "synthetic", "mentions", "reach",
        "positive", "negative",
    )  # fmt: skip
    return [
        RollupRow(cid, platform, day, owned, synthetic, n, reach, positive - negative)
        for cid, platform, day, owned, synthetic, n, reach, positive, negative in rows
    ]


EXPORT_COLUMNS = (
    "tanggal",
    "pasangan",
    "platform",
    "penyebutan",
    "jangkauan",
    "keterlibatan",
    "positif",
    "netral",
    "negatif",
)


def export_rows(f: Filters) -> list[tuple]:
    """The dashboard's aggregates by WIB day × contestant × platform, for the CSV export."""
    rows = (
        _mention_days(f)
        .values("day", "contestant__short", "platform")
        .annotate(
            n=Sum("mentions"),
            reach=Sum("reach"),
            eng=Sum("engagement"),
            pos=Sum("positive"),
            neu=Sum("neutral"),
            neg=Sum("negative"),
        )
        .order_by("day", "contestant__short", "platform")
    )
    return [
        (
            r["day"].isoformat(),
            r["contestant__short"],
            r["platform"],
            r["n"],
            r["reach"] or 0,
            r["eng"] or 0,
            r["pos"],
            r["neu"],
            r["neg"],
        )
        for r in rows
    ]


# --- labelling queue and agreement --------------------------------------------------------

LABELS_WANTED = 2  # annotators per post before the queue moves on


def label_queue(election: Election, user, n: int = 1) -> list[Post]:
    """The next posts for ``user`` to label: posts with mentions that ``user`` has not
    labelled, those still short of ``LABELS_WANTED`` annotators first, then the most
    uncertain (smallest margin between the two likeliest labels, over the post's mentions),
    then those with fewer annotators, then oldest id."""
    from django.db.models import Case, ExpressionWrapper, FloatField, IntegerField, Min, When
    from django.db.models.functions import Greatest, Least

    from kampanye.social.models import Label

    pos, neu, neg = F("mentions__p_positive"), F("mentions__p_neutral"), F("mentions__p_negative")
    margin = ExpressionWrapper(
        2 * Greatest(pos, neu, neg) + Least(pos, neu, neg) - (pos + neu + neg),
        output_field=FloatField(),
    )
    done = Label.objects.filter(post=OuterRef("pk"), annotator=user)
    qs = (
        Post.objects.filter(election=election, mentions__isnull=False)
        .exclude(Exists(done))
        .annotate(
            margin=Min(margin),
            annotators=Count("labels__annotator", distinct=True),
        )
        .annotate(
            full=Case(
                When(annotators__gte=LABELS_WANTED, then=1), default=0, output_field=IntegerField()
            )
        )
        .order_by("full", "margin", "annotators", "id")
    )
    return list(qs[:n])


def label_counts(election: Election) -> dict[str, int]:
    """Labels given per sentiment (all annotators), and posts labelled at least once."""
    from kampanye.social.models import Label

    qs = Label.objects.filter(post__election=election)
    counts = dict(qs.values_list("label").annotate(n=Count("id")).order_by())
    out = {s: counts.get(s, 0) for s in ("positive", "neutral", "negative")}
    out["posts"] = qs.values("post_id").distinct().count()
    out["labels"] = sum(counts.values())
    return out


@dataclass(frozen=True)
class Agreement:
    first: str
    second: str
    items: int
    agree: int
    kappa: float | None


def agreement(election: Election) -> list[Agreement]:
    """Per pair of annotators: items (post × contestant) both labelled, how many they agreed
    on, and Cohen's kappa (``labelling.cohen_kappa``)."""
    from kampanye.social.labelling import cohen_kappa
    from kampanye.social.models import Label

    by_user: dict[str, dict[tuple[int, int | None], str]] = {}
    rows = Label.objects.filter(post__election=election).values_list(
        "annotator__username", "post_id", "contestant_id", "label"
    )
    for user, post, contestant, label in rows:
        by_user.setdefault(user, {})[(post, contestant)] = label
    users = sorted(by_user)
    out = []
    for i, u in enumerate(users):
        for v in users[i + 1 :]:
            both = sorted(set(by_user[u]) & set(by_user[v]), key=lambda k: (k[0], k[1] or 0))
            kappa, agree, items = cohen_kappa(
                [by_user[u][k] for k in both], [by_user[v][k] for k in both]
            )
            out.append(Agreement(u, v, items, agree, kappa))
    return out


# --- buzzer watch: coordination networks --------------------------------------------------

KIND_NAMES = {
    "co_post": _("teks sama"),
    "co_similarity": _("teks hampir sama"),
    "co_repost": _("unggah ulang sama"),
    "co_hashtag": _("tagar sama"),
    "co_link": _("tautan sama"),
}


def kind_rows(counts: dict[str, int]) -> list[tuple[str, int]]:
    """(display name, count) per network kind, for pages."""
    return [(str(KIND_NAMES.get(k, k)), n) for k, n in counts.items()]


@dataclass(frozen=True)
class CoordinationParams:
    window: int | None = 60  # seconds; None = estimated from the data
    min_weight: int = 3
    kinds: tuple[str, ...] = ("co_post", "co_similarity", "co_repost")
    threshold: float = 0.8  # Jaccard for co_similarity
    review_score: float = 0.6  # account score from which "perlu ditinjau" is shown


@dataclass(frozen=True)
class Evidence:
    kind: str
    handle_a: str
    handle_b: str
    time_a: dt.datetime
    time_b: dt.datetime
    text_a: str
    text_b: str
    shared: str
    weight: int


@dataclass(frozen=True)
class AccountRow:
    handle: str
    platform: str
    signals: object  # coordination.AccountSignals
    review: bool


@dataclass
class ClusterRow:
    accounts: list[AccountRow]
    edges: int
    weight: int
    kinds: dict[str, int]
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def kind_rows(self) -> list[tuple[str, int]]:
        return kind_rows(self.kinds)


@dataclass
class CoordinationReport:
    posts: int
    accounts: int
    window: int
    window_estimated: bool
    edges: dict[str, int]
    clusters: list[ClusterRow]

    @property
    def edge_rows(self) -> list[tuple[str, int]]:
        return kind_rows(self.edges)


def coordination(
    f: Filters, p: CoordinationParams, evidence_per_kind: int = 3
) -> CoordinationReport:
    """Clusters of accounts acting together in the filtered posts (election, WIB dates,
    platforms; contestants are not a filter: coordination is about accounts), each with its
    evidence and every member's heuristics (``kampanye.social.coordination``)."""
    from kampanye.social import coordination as co

    qs = in_period(Post.objects.filter(election=f.election), f)
    rows = list(
        qs.exclude(author_id="", author_handle="")
        .order_by("id")
        .values_list(
            "platform",
            "author_id",
            "author_handle",
            "created_at",
            "text_norm",
            "text",
            "repost_of",
            "hashtags",
            "urls",
        )
    )
    account_of: dict[tuple[str, str], int] = {}
    handles: list[tuple[str, str]] = []
    for platform, author, handle, *_rest in rows:
        key = (platform, author or handle)
        if key not in account_of:
            account_of[key] = len(handles)
            handles.append((platform, handle or author))
    posts = co.Posts(
        account=np.array([account_of[(r[0], r[1] or r[2])] for r in rows], dtype=np.int64),
        time=np.array([int(r[3].timestamp()) for r in rows], dtype=np.int64),
        text=[r[4] or r[5].lower() for r in rows],
        repost=[f"{r[0]}:{r[6]}" if r[6] else "" for r in rows],
        hashtags=[r[7] or [] for r in rows],
        urls=[r[8] or [] for r in rows],
    )
    estimated = p.window is None
    window = co.estimate_window(posts) if estimated else int(p.window or 0)
    parts = co.network(posts, p.kinds, window, p.threshold) if rows else {}
    graph = co.combine(parts)
    signals = co.account_signals(posts) if rows else {}
    out: list[ClusterRow] = []
    for members in co.clusters(graph, len(handles), p.min_weight):
        inside = set(members.tolist())
        accounts = [
            AccountRow(handles[a][1], handles[a][0], signals[a], signals[a].score >= p.review_score)
            for a in sorted(inside, key=lambda a: -signals[a].score)
        ]
        row = ClusterRow(accounts, 0, 0, {})
        for kind, e in parts.items():
            mask = np.isin(e.a, members) & np.isin(e.b, members)
            if not mask.any():
                continue
            row.kinds[kind] = int(mask.sum())
            order = np.flatnonzero(mask)[np.argsort(-e.weight[mask], kind="stable")]
            for k in order[:evidence_per_kind]:
                i, j = int(e.post_a[k]), int(e.post_b[k])
                row.evidence.append(_evidence(kind, rows[i], rows[j], int(e.weight[k])))
        strong = np.isin(graph.a, members) & np.isin(graph.b, members)
        row.edges = int(strong.sum())
        row.weight = int(graph.weight[strong].sum())
        out.append(row)
    return CoordinationReport(
        len(rows), len(handles), window, estimated, {k: len(e) for k, e in parts.items()}, out
    )


def _evidence(kind: str, a: tuple, b: tuple, weight: int) -> Evidence:
    shared = ""
    if kind == "co_repost":
        shared = a[6]
    elif kind == "co_hashtag":
        shared = " ".join(sorted({h.lower() for h in a[7]} & {h.lower() for h in b[7]}))
    elif kind == "co_link":
        shared = " ".join(sorted(set(a[8]) & set(b[8])))
    return Evidence(
        str(KIND_NAMES.get(kind, kind)),
        a[2] or a[1],
        b[2] or b[1],
        a[3],
        b[3],
        a[5],
        b[5],
        shared,
        weight,
    )


def highlighted_text(post: Post) -> SafeString:
    """The post's text with the terms of its mentioned contestants' current queries marked."""
    current: dict[int, ContestantQuery] = {}
    for q in ContestantQuery.objects.filter(
        contestant_id__in=post.mentions.values("contestant_id")
    ).order_by("contestant_id", "-version"):
        current.setdefault(q.contestant_id, q)
    terms = [t for q in current.values() for t in _terms(parse_query(q.text))]
    return highlight(post.text, terms)
