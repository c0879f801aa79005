"""The ground front: activities and their shifts, assignments, contacts, aspirations, share kits.

Contacts are append-only: a correction is a new contact that ``supersedes`` the old one,
and "current" contacts are those nobody superseded. Each contact is keyed by the UUID the
phone made when the report was filed, so a report synced twice is stored once.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kampanye.areas.models import Area, Segment
from kampanye.elections.models import Contestant
from kampanye.ledger.models import Initiator, Participation
from kampanye.product.models import Plank, Theme
from kampanye.volunteers.models import Volunteer


class ActivityKind(models.TextChoices):
    BLUSUKAN = "blusukan", _("blusukan")
    DOOR_TO_DOOR = "door_to_door", _("dari pintu ke pintu")
    MARKET_VISIT = "market_visit", _("kunjungan pasar")
    KAMPUNG_VISIT = "kampung_visit", _("kunjungan kampung")
    COMMUNITY_MEETING = "community_meeting", _("pertemuan warga")
    RALLY = "rally", _("kampanye terbuka")
    EVENT = "event", _("acara")


class Activity(models.Model):
    contestant = models.ForeignKey(Contestant, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("jenis"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("judul"), max_length=200)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="activities")
    area_code = models.CharField(max_length=40, editable=False)
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    initiated_by = models.CharField(
        _("diprakarsai oleh"), max_length=10, choices=Initiator.choices, default=Initiator.STAFF
    )
    initiator = models.ForeignKey(
        Volunteer, null=True, blank=True, on_delete=models.SET_NULL, related_name="initiated"
    )
    participation_level = models.PositiveSmallIntegerField(
        _("tingkat partisipasi"), choices=Participation.choices, default=Participation.INFORMED
    )
    segment = models.ForeignKey(
        Segment, null=True, blank=True, on_delete=models.SET_NULL, related_name="activities"
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="activities")
    expected_reach = models.PositiveIntegerField(_("perkiraan jangkauan (orang)"), default=0)
    cost_idr = models.BigIntegerField(_("biaya (Rp)"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    illustrative = models.BooleanField(_("ilustratif"), default=False)

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_at__lte=models.F("ends_at")), name="activity_order"
            ),
            models.CheckConstraint(condition=models.Q(cost_idr__gte=0), name="activity_cost"),
        ]
        verbose_name = _("kegiatan")
        verbose_name_plural = _("kegiatan")

    def __str__(self) -> str:
        return self.title


class Shift(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="shifts")
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    capacity = models.PositiveIntegerField(_("kuota relawan"), default=10)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("giliran")
        verbose_name_plural = _("giliran")

    def __str__(self) -> str:
        return f"{self.activity} {timezone.localtime(self.starts_at):%d-%m %H.%M}"


class SignUp(models.Model):
    class Status(models.TextChoices):
        SIGNED_UP = "signed_up", _("terdaftar")
        ATTENDED = "attended", _("hadir")
        CANCELLED = "cancelled", _("batal")

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="signups")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="signups")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SIGNED_UP
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["shift", "volunteer"], name="signup_once")]
        verbose_name = _("pendaftaran giliran")
        verbose_name_plural = _("pendaftaran giliran")

    def __str__(self) -> str:
        return f"{self.volunteer} → {self.shift}"


class Assignment(models.Model):
    """An area (kelurahan, RW, RT) or a named list given to a volunteer until a lease ends."""

    class Status(models.TextChoices):
        OPEN = "open", _("berjalan")
        DONE = "done", _("selesai")
        RETURNED = "returned", _("dikembalikan")

    contestant = models.ForeignKey(Contestant, on_delete=models.CASCADE, related_name="assignments")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="assignments")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="assignments")
    area_code = models.CharField(max_length=40, editable=False)
    list_name = models.CharField(_("daftar"), max_length=200, blank=True)
    target_households = models.PositiveIntegerField(_("target rumah tangga"), default=0)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)
    lease_until = models.DateTimeField(_("batas waktu"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    illustrative = models.BooleanField(_("ilustratif"), default=False)

    class Meta:
        ordering = ["-assigned_at"]
        indexes = [models.Index(fields=["status", "lease_until"], name="assignment_lease")]
        verbose_name = _("penugasan")
        verbose_name_plural = _("penugasan")

    def __str__(self) -> str:
        return f"{self.area_code} → {self.volunteer}"


class Response(models.TextChoices):
    SUPPORTIVE = "supportive", _("mendukung")
    UNDECIDED = "undecided", _("belum menentukan")
    OPPOSED = "opposed", _("menolak")
    NOT_HOME = "not_home", _("tidak di rumah")


class Contact(models.Model):
    """One household reached (or not) on the ground. Append-only; holds no personal data."""

    client_uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    contestant = models.ForeignKey(Contestant, on_delete=models.CASCADE, related_name="contacts")
    volunteer = models.ForeignKey(
        Volunteer, null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts"
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts"
    )
    assignment = models.ForeignKey(
        Assignment, null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts"
    )
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="contacts")
    area_code = models.CharField(max_length=40, editable=False)
    occurred_at = models.DateTimeField(_("waktu kontak"))
    households = models.PositiveSmallIntegerField(_("rumah tangga"), default=1)
    response = models.CharField(_("tanggapan"), max_length=12, choices=Response.choices)
    themes = models.ManyToManyField(Theme, blank=True, related_name="contacts")
    latitude = models.FloatField(_("lintang"), null=True, blank=True)
    longitude = models.FloatField(_("bujur"), null=True, blank=True)
    photo = models.FileField(_("foto"), upload_to="ground/photos/", blank=True)
    note = models.CharField(_("catatan"), max_length=500, blank=True)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    received_at = models.DateTimeField(default=timezone.now)
    illustrative = models.BooleanField(_("ilustratif"), default=False)

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["contestant", "area_code"], name="contact_area"),
            models.Index(fields=["volunteer", "occurred_at"], name="contact_volunteer"),
        ]
        verbose_name = _("kontak lapangan")
        verbose_name_plural = _("kontak lapangan")

    def __str__(self) -> str:
        return str(self.client_uuid)

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("Contacts are append-only; file a correction instead.")
        super().save(*args, **kwargs)


class Aspiration(models.Model):
    """A voter's request or complaint heard on the ground, triaged, answered, maybe a plank."""

    class Kind(models.TextChoices):
        REQUEST = "request", _("permintaan")
        COMPLAINT = "complaint", _("keluhan")

    class Category(models.TextChoices):
        FLOOD = "flood", _("banjir")
        TRAFFIC = "traffic", _("kemacetan dan transportasi")
        HOUSING = "housing", _("perumahan dan kampung")
        HEALTH = "health", _("kesehatan")
        EDUCATION = "education", _("pendidikan")
        ECONOMY = "economy", _("ekonomi dan pasar")
        ADMINISTRATION = "administration", _("layanan administrasi")
        SECURITY = "security", _("keamanan")
        ENVIRONMENT = "environment", _("lingkungan dan sampah")
        OTHER = "other", _("lainnya")

    class Status(models.TextChoices):
        NEW = "new", _("baru")
        TRIAGED = "triaged", _("dipilah")
        ANSWERED = "answered", _("dijawab")
        CLOSED = "closed", _("ditutup")

    contact = models.OneToOneField(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="aspiration"
    )
    contestant = models.ForeignKey(Contestant, on_delete=models.CASCADE, related_name="aspirations")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="aspirations")
    area_code = models.CharField(max_length=40, editable=False)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    text = models.TextField(_("isi"), max_length=2000)
    heard_at = models.DateTimeField(_("didengar"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    priority = models.PositiveSmallIntegerField(_("prioritas"), default=2)
    triaged_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(_("jawaban"), blank=True)
    answered_at = models.DateTimeField(_("dijawab"), null=True, blank=True)
    plank = models.ForeignKey(
        Plank, null=True, blank=True, on_delete=models.SET_NULL, related_name="aspirations"
    )
    illustrative = models.BooleanField(_("ilustratif"), default=False)

    class Meta:
        ordering = ["-heard_at"]
        indexes = [models.Index(fields=["contestant", "status"], name="aspiration_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answered_at__isnull=True)
                | models.Q(answered_at__gte=models.F("heard_at")),
                name="answer_after_heard",
            )
        ]
        verbose_name = _("aspirasi warga")
        verbose_name_plural = _("aspirasi warga")

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.text[:60]}"

    @property
    def reply_days(self) -> float | None:
        if self.answered_at is None:
            return None
        return (self.answered_at - self.heard_at).total_seconds() / 86400


class ShareKit(models.Model):
    """A message and material volunteers share on WhatsApp, each through their own link."""

    contestant = models.ForeignKey(Contestant, on_delete=models.CASCADE, related_name="share_kits")
    title = models.CharField(_("judul"), max_length=200)
    message = models.TextField(_("pesan"), max_length=1000)
    target_url = models.URLField(_("tautan tujuan"))
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="share_kits"
    )
    made_by_volunteer = models.ForeignKey(
        Volunteer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="kits_made",
        help_text=_("diisi bila konten dibuat relawan (co-creation)"),
    )
    active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    illustrative = models.BooleanField(_("ilustratif"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("paket berbagi")
        verbose_name_plural = _("paket berbagi")

    def __str__(self) -> str:
        return self.title


class ShareLink(models.Model):
    kit = models.ForeignKey(ShareKit, on_delete=models.CASCADE, related_name="links")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="share_links")
    code = models.CharField(max_length=16, unique=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kit", "volunteer"], name="share_link_once")]

    def __str__(self) -> str:
        return self.code


class Click(models.Model):
    """One visit through a share link. No address or device is kept."""

    link = models.ForeignKey(ShareLink, on_delete=models.CASCADE, related_name="clicks")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["link", "at"], name="click_link_at")]

    def __str__(self) -> str:
        return f"{self.link} {self.at:%Y-%m-%d %H:%M}"
