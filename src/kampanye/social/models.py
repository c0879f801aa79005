"""The online war's listening half: accounts, posts, who they mention and in what tone,
the issues they raise, the queries that decide who is mentioned, and import jobs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kampanye.elections.models import Contestant, Election


class Platform(models.TextChoices):
    """The platforms a post comes from; values are the ledger's channel names."""

    X = "x", _("X / Twitter")
    FACEBOOK = "facebook", _("Facebook")
    INSTAGRAM = "instagram", _("Instagram")
    TIKTOK = "tiktok", _("TikTok")
    YOUTUBE = "youtube", _("YouTube")
    ONLINE_NEWS = "online_news", _("berita online")


class Source(models.Model):
    """An account on a platform; with ``contestant`` set, one of that campaign's own (owned)."""

    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    account = models.CharField(_("akun"), max_length=200, help_text=_("handle tanpa @"))
    name = models.CharField(_("nama"), max_length=200, blank=True)
    contestant = models.ForeignKey(
        Contestant,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("isi bila akun ini milik kampanye pasangan calon (media milik sendiri)"),
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["platform", "account"], name="source_once")]
        verbose_name = _("akun sumber")
        verbose_name_plural = _("akun sumber")

    def __str__(self) -> str:
        return f"{self.platform}:{self.account}"


class IngestJob(models.Model):
    """One import of one file: what it held and how far it got, so an import can resume."""

    class Status(models.TextChoices):
        RUNNING = "running", _("berjalan")
        DONE = "done", _("selesai")

    path = models.CharField(_("berkas"), max_length=500)
    file_hash = models.CharField(max_length=64)
    format = models.CharField(_("format"), max_length=20)
    election = models.ForeignKey(
        Election, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    line_reached = models.PositiveIntegerField(
        _("baris terakhir yang tersimpan"),
        default=0,
        help_text=_("nomor baris/rekaman terakhir dari batch terakhir yang sudah di-commit"),
    )
    records = models.PositiveIntegerField(_("rekaman dibaca"), default=0)
    stored = models.PositiveIntegerField(_("tersimpan"), default=0)
    duplicates = models.PositiveIntegerField(_("duplikat"), default=0)
    rejected = models.PositiveIntegerField(_("ditolak"), default=0)
    batches = models.PositiveIntegerField(default=0)
    reject_file = models.CharField(_("berkas penolakan"), max_length=500, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["file_hash", "format"], name="ingest_file_once")
        ]
        verbose_name = _("impor media sosial")
        verbose_name_plural = _("impor media sosial")

    def __str__(self) -> str:
        return f"{self.path} ({self.status})"


class Post(models.Model):
    """A post, comment or news article. ``created_at`` is UTC; ``day`` is its date in WIB."""

    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    external_id = models.CharField(_("id di platform"), max_length=300)
    election = models.ForeignKey(
        Election,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # post_election_day leads with it
    )
    author_id = models.CharField(max_length=100, blank=True)
    author_handle = models.CharField(_("akun"), max_length=200, blank=True)
    text = models.TextField(_("teks"))
    text_norm = models.TextField(_("teks ternormalisasi"), blank=True)
    created_at = models.DateTimeField(_("waktu"))
    day = models.DateField(_("tanggal (WIB)"))
    urls = models.JSONField(default=list, blank=True)
    hashtags = models.JSONField(default=list, blank=True)
    reply_to = models.CharField(max_length=100, blank=True)
    repost_of = models.CharField(max_length=100, blank=True)
    quote_of = models.CharField(max_length=100, blank=True)
    followers = models.PositiveBigIntegerField(_("pengikut"), default=0)
    likes = models.PositiveBigIntegerField(default=0)
    shares = models.PositiveBigIntegerField(default=0)
    comments = models.PositiveBigIntegerField(default=0)
    views = models.PositiveBigIntegerField(default=0)
    language = models.CharField(_("bahasa"), max_length=5, blank=True)
    title = models.CharField(_("judul"), max_length=500, blank=True)
    url_key = models.CharField(max_length=500, blank=True, help_text="normalised URL (news)")
    title_hash = models.CharField(max_length=16, blank=True)
    is_synthetic = models.BooleanField(_("sintetis"), default=False)
    job = models.ForeignKey(
        IngestJob, null=True, blank=True, on_delete=models.SET_NULL, related_name="posts"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["platform", "external_id"], name="post_once")
        ]
        indexes = [models.Index(fields=["election", "day"], name="post_election_day")]
        verbose_name = _("unggahan")
        verbose_name_plural = _("unggahan")

    def __str__(self) -> str:
        return f"{self.platform}:{self.external_id}"

    @property
    def engagement(self) -> int:
        return self.likes + self.shares + self.comments


class Sentiment(models.TextChoices):
    POSITIVE = "positive", _("positif")
    NEUTRAL = "neutral", _("netral")
    NEGATIVE = "negative", _("negatif")


class Mention(models.Model):
    """A post naming a contestant (by its ``ContestantQuery``), with the attributed sentiment.

    ``day``, ``platform``, ``reach`` (the author's followers) and ``engagement`` are copies of
    the post's, so the dashboard's sums read one table.
    """

    # mention_once (post, contestant) leads with these. No index by contestant and day: the
    # mentions of some days are found through their posts (``post_election_day``); such an
    # index, keyed out of file order, would be updated at a random page for nearly every
    # mention an import stores
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="mentions", db_index=False
    )
    contestant = models.ForeignKey(
        Contestant, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    day = models.DateField()
    platform = models.CharField(max_length=20, choices=Platform.choices)
    reach = models.PositiveBigIntegerField(default=0)
    engagement = models.PositiveBigIntegerField(default=0)
    label = models.CharField(_("sentimen"), max_length=10, choices=Sentiment.choices)
    p_positive = models.FloatField()
    p_neutral = models.FloatField()
    p_negative = models.FloatField()
    model_version = models.CharField(max_length=60)
    clauses = models.JSONField(
        default=list, blank=True, help_text="clause indices naming the contestant; [] = whole text"
    )
    query_version = models.PositiveIntegerField(default=1)
    is_synthetic = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "contestant"], name="mention_once")]
        verbose_name = _("penyebutan")
        verbose_name_plural = _("penyebutan")

    def __str__(self) -> str:
        return f"{self.post_id} → {self.contestant_id} ({self.label})"


class PostIssue(models.Model):
    """An issue (code of the nlp issue lexicon) a post raises."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="issues", db_index=False
    )  # issue_once (post, issue) leads with it
    issue = models.CharField(_("isu"), max_length=40)
    day = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "issue"], name="issue_once")]
        verbose_name = _("isu unggahan")
        verbose_name_plural = _("isu unggahan")

    def __str__(self) -> str:
        return f"{self.post_id}: {self.issue}"


class ContestantQuery(models.Model):
    """Who counts as a mention of a contestant, in the nlp query language. Versions are kept:
    the current query is the highest version."""

    contestant = models.ForeignKey(Contestant, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("kueri"))
    version = models.PositiveIntegerField(_("versi"), default=1)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["contestant", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["contestant", "version"], name="query_version_once")
        ]
        verbose_name = _("kueri pasangan calon")
        verbose_name_plural = _("kueri pasangan calon")

    def __str__(self) -> str:
        return f"{self.contestant} v{self.version}"


class Label(models.Model):
    """An analyst's reading of a post: the sentiment toward one mentioned contestant (or the
    post as a whole when ``contestant`` is empty) and optionally its issue. One per
    post × contestant × annotator; labelling again replaces it."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="labels")
    contestant = models.ForeignKey(
        Contestant, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    annotator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    label = models.CharField(_("sentimen"), max_length=10, choices=Sentiment.choices)
    issue = models.CharField(_("isu"), max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "contestant", "annotator"], name="label_once"),
            models.UniqueConstraint(
                fields=["post", "annotator"],
                condition=models.Q(contestant__isnull=True),
                name="label_once_whole_post",
            ),
        ]
        verbose_name = _("label unggahan")
        verbose_name_plural = _("label unggahan")

    def __str__(self) -> str:
        return f"{self.post_id}/{self.contestant_id}: {self.label} ({self.annotator_id})"


# --- the daily aggregates the dashboard reads (kept by ``social.aggregates``) -----------


def contestant_bit(ballot_no: int) -> int:
    """The bit of a contestant in ``cmask``."""
    return 1 << ballot_no


class MentionDay(models.Model):
    """Mentions per contestant × WIB day × platform: counts by label, reach and engagement."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    contestant = models.ForeignKey(Contestant, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    platform = models.CharField(max_length=20)
    mentions = models.PositiveIntegerField()
    positive = models.PositiveIntegerField()
    neutral = models.PositiveIntegerField()
    negative = models.PositiveIntegerField()
    reach = models.PositiveBigIntegerField()
    engagement = models.PositiveBigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["election", "day"], name="agg_mention_day")]
        verbose_name = _("agregat penyebutan harian")

    def __str__(self) -> str:
        return f"{self.day} {self.contestant_id} {self.platform}: {self.mentions}"


class RollupDay(models.Model):
    """Mentions per contestant × WIB day × platform × own account or not × synthetic or not:
    social's own daily counts, from which the ledger's daily touchpoints are written
    (``actions.roll_up``); the ledger is never read back to count."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    contestant = models.ForeignKey(  # deleting a contestant may scan this small table
        Contestant, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    day = models.DateField()
    platform = models.CharField(max_length=20)
    owned = models.BooleanField()  # posted by one of the contestant's own accounts
    synthetic = models.BooleanField()
    mentions = models.PositiveIntegerField()
    reach = models.PositiveBigIntegerField()
    positive = models.PositiveIntegerField()
    negative = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["election", "day"], name="agg_rollup_day")]
        verbose_name = _("agregat titik kontak harian")

    def __str__(self) -> str:
        return f"{self.day} {self.contestant_id} {self.platform}: {self.mentions}"


class PostDay(models.Model):
    """Distinct posts with mentions per WIB day × platform × set of contestants named."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    day = models.DateField()
    platform = models.CharField(max_length=20)
    cmask = models.BigIntegerField()
    posts = models.PositiveIntegerField()
    likes = models.PositiveBigIntegerField()
    shares = models.PositiveBigIntegerField()
    comments = models.PositiveBigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["election", "day"], name="agg_post_day")]
        verbose_name = _("agregat unggahan harian")

    def __str__(self) -> str:
        return f"{self.day} {self.platform} {self.cmask:b}: {self.posts}"


class IssueDay(models.Model):
    """Distinct posts raising an issue, per WIB day × platform × set of contestants."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    day = models.DateField()
    platform = models.CharField(max_length=20)
    cmask = models.BigIntegerField()
    issue = models.CharField(max_length=40)
    posts = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(
                fields=["election", "day", "platform", "cmask", "issue", "posts"],
                name="agg_issue_day",
            )
        ]
        verbose_name = _("agregat isu harian")

    def __str__(self) -> str:
        return f"{self.day} {self.issue}: {self.posts}"


class TopMention(models.Model):
    """The ``TOP_PER_CELL`` most engaging mentions of each contestant × WIB day × platform
    (ties: newest post first): the most engaging mentions of any union of such cells are
    among them, so the sample posts never read the raw mentions."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    contestant = models.ForeignKey(  # deleting a contestant may scan this small table
        Contestant, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    day = models.DateField()
    platform = models.CharField(max_length=20)
    mention = models.ForeignKey("social.Mention", on_delete=models.CASCADE, related_name="+")
    engagement = models.PositiveBigIntegerField()
    created_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(
                fields=["election", "-engagement", "-created_at"], name="agg_top_engagement"
            ),
            models.Index(
                fields=["election", "contestant", "-engagement", "-created_at"],
                name="agg_top_contestant",
            ),
            models.Index(fields=["election", "day"], name="agg_top_day"),
        ]
        verbose_name = _("penyebutan teratas harian")

    def __str__(self) -> str:
        return f"{self.day} {self.mention_id}: {self.engagement}"


AGGREGATES = (MentionDay, RollupDay, PostDay, IssueDay, TopMention)


from kampanye.social.columns import ColumnChunk  # noqa: E402, F401 (the dashboard's columns)
