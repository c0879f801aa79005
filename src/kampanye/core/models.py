"""Roles and area scope, the append-only audit log and API tokens: the foundation.

Core imports no other app. A membership names its area and campaign by lazy reference
(``"areas.Area"``), so the foundation knows their tables, never their code."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MANAGER = "manager", _("manajer kampanye")
    COORDINATOR = "coordinator", _("koordinator wilayah")
    VOLUNTEER = "volunteer", _("relawan")
    MEDIA_OFFICER = "media_officer", _("petugas media center")
    DIGITAL_ANALYST = "digital_analyst", _("analis digital")
    RESEARCHER = "researcher", _("peneliti")
    TREASURER = "treasurer", _("bendahara")


class Membership(models.Model):
    """A user's role in the platform, limited to an area subtree when ``area`` is set."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)
    area = models.ForeignKey(
        "areas.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("empty: the whole election"),
    )
    contestant = models.ForeignKey(
        "elections.Contestant",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("the campaign the user works for"),
    )

    class Meta:
        verbose_name = _("keanggotaan")
        verbose_name_plural = _("keanggotaan")

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


class AuditEntry(models.Model):
    """One change to the data: who, when, what, before and after. Never updated or deleted."""

    at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField(_("pengguna"), max_length=150, blank=True)
    action = models.CharField(_("tindakan"), max_length=80)
    model = models.CharField(_("jenis data"), max_length=80)
    object_id = models.CharField(_("id"), max_length=80, blank=True)
    before = models.JSONField(_("sebelum"), null=True, blank=True)
    after = models.JSONField(_("sesudah"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("catatan audit")
        verbose_name_plural = _("catatan audit")

    def __str__(self) -> str:
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.model} {self.object_id}"
        )

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("The audit log is append-only.")


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its SHA-256 is stored. It stops working when
    revoked or when it expires (``KAMPANYE_TOKEN_DAYS`` after it was made; never when 0)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("nama"), max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("berlaku sampai"), null=True, blank=True)

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self) -> str:
        return f"{self.user} — {self.name}"

    @staticmethod
    def digest_of(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, user, name: str, *, days: int | None = None) -> tuple[ApiToken, str]:
        """A new token and its text (shown once). ``days`` of validity, by default
        ``KAMPANYE_TOKEN_DAYS``; 0 for a token that does not expire."""
        days = settings.KAMPANYE_TOKEN_DAYS if days is None else days
        expires = timezone.now() + dt.timedelta(days=days) if days else None
        raw = "kmp_" + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name, digest=cls.digest_of(raw), expires_at=expires
        )
        return token, raw

    @classmethod
    def live(cls, now: dt.datetime | None = None) -> models.QuerySet[ApiToken]:
        """Tokens that still open the API: not revoked, not expired, of an active user."""
        now = now or timezone.now()
        return cls.objects.filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now),
            revoked_at__isnull=True,
            user__is_active=True,
        )
