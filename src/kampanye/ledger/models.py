"""The touchpoint ledger: one row per contact between a campaign and voters on any front.

Fronts write it only through ``kampanye.ledger.actions``; strategy and the planner read it
through ``kampanye.ledger.queries``.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kampanye.areas.models import Area, Segment
from kampanye.elections.models import Contestant
from kampanye.product.models import Theme


class Front(models.TextChoices):
    GROUND = "ground", _("darat")
    AIR = "air", _("udara")
    ONLINE = "online", _("online")


class Channel(models.TextChoices):
    DOOR_TO_DOOR = "door_to_door", _("dari pintu ke pintu")
    MARKET_VISIT = "market_visit", _("kunjungan pasar")
    KAMPUNG_VISIT = "kampung_visit", _("kunjungan kampung")
    COMMUNITY_MEETING = "community_meeting", _("pertemuan warga")
    RALLY = "rally", _("kampanye terbuka")
    EVENT = "event", _("acara")
    PHONE = "phone", _("telepon")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")
    TV = "tv", _("televisi")
    RADIO = "radio", _("radio")
    PRINT = "print", _("media cetak")
    OUTDOOR = "outdoor", _("baliho / luar ruang")
    ONLINE_NEWS = "online_news", _("berita online")
    X = "x", _("X / Twitter")
    FACEBOOK = "facebook", _("Facebook")
    INSTAGRAM = "instagram", _("Instagram")
    TIKTOK = "tiktok", _("TikTok")
    YOUTUBE = "youtube", _("YouTube")
    WEBSITE = "website", _("situs web")


class ImcElement(models.TextChoices):
    ADVERTISING = "advertising", _("iklan")
    SALES_PROMOTION = "sales_promotion", _("promosi")
    DIRECT_MARKETING = "direct_marketing", _("pemasaran langsung")
    PUBLICITY_PR = "publicity_pr", _("publisitas & humas")
    PERSONAL_SELLING = "personal_selling", _("komunikasi tatap muka")
    PACKAGING = "packaging", _("kemasan")
    EVENTS_SPONSORSHIP = "events_sponsorship", _("acara & sponsor")
    CUSTOMER_SERVICE = "customer_service", _("layanan warga")


class MediaType(models.TextChoices):
    PAID = "paid", _("berbayar")
    EARNED = "earned", _("diperoleh (earned)")
    OWNED = "owned", _("milik sendiri")
    SHARED = "shared", _("dibagikan (shared)")


class Initiator(models.TextChoices):
    CANDIDATE = "candidate", _("kandidat")
    STAFF = "staff", _("tim/staf")
    VOLUNTEER = "volunteer", _("relawan")
    MEDIA = "media", _("media")
    PUBLIC = "public", _("publik")


class Participation(models.IntegerChoices):
    INFORMED = 1, _("1 · diberi informasi")
    CONSULTED = 2, _("2 · diajak berpendapat")
    COLLABORATING = 3, _("3 · bekerja sama")
    LEADING = 4, _("4 · memimpin")


class Touchpoint(models.Model):
    """One contact between a campaign and voters, or a daily aggregate of contacts of one kind.

    Written only through ``kampanye.ledger.actions.record_touchpoint``, idempotently on
    ``source`` (the app and id of the record it came from).
    """

    occurred_on = models.DateField(_("tanggal"))
    front = models.CharField(_("front"), max_length=10, choices=Front.choices)
    channel = models.CharField(_("kanal"), max_length=30, choices=Channel.choices)
    imc_element = models.CharField(_("unsur IMC"), max_length=30, choices=ImcElement.choices)
    contestant = models.ForeignKey(Contestant, on_delete=models.PROTECT, related_name="touchpoints")
    area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.PROTECT, related_name="touchpoints"
    )
    area_code = models.CharField(
        max_length=40, blank=True, db_index=False, help_text="copy of area.code for subtree filters"
    )
    segment = models.ForeignKey(
        Segment, null=True, blank=True, on_delete=models.PROTECT, related_name="touchpoints"
    )
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="touchpoints"
    )
    count = models.PositiveIntegerField(_("jumlah kontak"), default=1)
    reach = models.PositiveBigIntegerField(_("jangkauan (orang)"), default=0)
    reach_basis = models.CharField(_("dasar perkiraan jangkauan"), max_length=200, blank=True)
    cost_idr = models.BigIntegerField(_("biaya (Rp)"), default=0)
    media_type = models.CharField(_("jenis media"), max_length=10, choices=MediaType.choices)
    initiated_by = models.CharField(_("diprakarsai oleh"), max_length=10, choices=Initiator.choices)
    participation_level = models.PositiveSmallIntegerField(
        _("tingkat partisipasi"), choices=Participation.choices, null=True, blank=True
    )
    tone = models.FloatField(_("nada (−1…1)"), null=True, blank=True)
    source = models.CharField(_("sumber"), max_length=200, unique=True)
    illustrative = models.BooleanField(_("ilustratif"), default=False)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        indexes = [
            models.Index(fields=["contestant", "occurred_on"], name="tp_contestant_day"),
            models.Index(fields=["occurred_on", "front", "channel"], name="tp_day_front"),
            # covering the ledger page's groupings, so area queries never read the table
            models.Index(
                fields=[
                    "area_code",
                    "occurred_on",
                    "front",
                    "channel",
                    "contestant",
                    "illustrative",
                    "count",
                    "reach",
                    "cost_idr",
                ],
                name="tp_area_cover",
            ),
            # PostgreSQL only (elsewhere a plain index): LIKE 'X.%' on area_code served by an
            # index under any collation, covering the same columns.
            models.Index(
                fields=["area_code"],
                name="tp_area_prefix_pg",
                opclasses=["varchar_pattern_ops"],
                include=[
                    "occurred_on",
                    "front",
                    "channel",
                    "contestant",
                    "illustrative",
                    "count",
                    "reach",
                    "cost_idr",
                ],
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(tone__isnull=True)
                | (models.Q(tone__gte=-1) & models.Q(tone__lte=1)),
                name="tone_between_minus_one_and_one",
            ),
            models.CheckConstraint(condition=models.Q(cost_idr__gte=0), name="cost_not_negative"),
        ]
        verbose_name = _("titik kontak")
        verbose_name_plural = _("titik kontak")

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.front}/{self.channel} ×{self.count} ({self.source})"


_SUMS = ["illustrative", "count", "reach", "cost_idr", "rows"]
_KEY_BY_CHANNEL = ["front", "channel", "contestant", "occurred_on", "kota"]
_KEY_BY_DAY = ["occurred_on", "front", "channel", "contestant", "kota"]
_KEY_BY_KOTA = ["kota", "occurred_on", "front", "channel", "contestant"]


class TouchpointRollup(models.Model):
    """Daily sums of the ledger by contestant, channel and kota: what the ledger page reads.

    Kept by ``record_touchpoint(s)`` in the same transaction as the touchpoints, so a GROUP BY
    over a million touchpoints becomes one over tens of thousands of narrow rows (see
    docs/benchmarks.md). ``kota`` is the first five characters of ``area_code`` ("31.74"),
    empty for province-wide rows. ``kampanye.ledger.actions.rebuild_ledger_rollup`` recomputes
    it from the ledger.
    """

    occurred_on = models.DateField()
    contestant = models.ForeignKey(Contestant, on_delete=models.CASCADE, related_name="+")
    front = models.CharField(max_length=10, choices=Front.choices)
    channel = models.CharField(max_length=30, choices=Channel.choices)
    kota = models.CharField(max_length=5, blank=True)
    illustrative = models.BooleanField(default=False)
    count = models.BigIntegerField(default=0)
    reach = models.BigIntegerField(default=0)
    cost_idr = models.BigIntegerField(default=0)
    rows = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["occurred_on", "contestant", "front", "channel", "kota", "illustrative"],
                name="rollup_once",
            )
        ]
        # Covering indexes: each grouping the ledger page runs reads one index in order,
        # with no sort and no table lookups (docs/benchmarks.md).
        indexes = [
            models.Index(fields=[*_KEY_BY_CHANNEL, *_SUMS], name="rollup_by_channel"),
            models.Index(fields=[*_KEY_BY_DAY, *_SUMS], name="rollup_by_day"),
            models.Index(fields=[*_KEY_BY_KOTA, *_SUMS], name="rollup_by_kota"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.contestant_id} {self.channel} {self.kota}"
