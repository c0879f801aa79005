"""Volunteers (relawan), their communities and their consent.

Personal data under UU PDP No. 27/2022: the NIK is validated and only its mask is kept,
phone numbers are normalised to E.164, consent is recorded with purpose and date.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kampanye.areas.models import Area
from kampanye.elections.models import Contestant


class Community(models.Model):
    class Kind(models.TextChoices):
        PROFESSIONALS = "professionals", _("profesional")
        ACTIVISTS = "activists", _("aktivis")
        NEIGHBOURHOOD = "neighbourhood", _("warga / lingkungan")
        CAMPUS = "campus", _("kampus")
        DIASPORA = "diaspora", _("diaspora")
        RELIGIOUS = "religious", _("keagamaan")
        ARTS = "arts", _("seni dan budaya")
        OTHER = "other", _("lainnya")

    contestant = models.ForeignKey(Contestant, on_delete=models.CASCADE,
                                   related_name="communities")
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    founded_on = models.DateField(_("berdiri"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["contestant", "name"],
                                               name="community_once")]
        verbose_name = _("komunitas relawan")
        verbose_name_plural = _("komunitas relawan")

    def __str__(self) -> str:
        return self.name


class Volunteer(models.Model):
    contestant = models.ForeignKey(Contestant, on_delete=models.CASCADE,
                                   related_name="volunteers")
    user = models.OneToOneField(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="volunteer")
    name = models.CharField(_("nama"), max_length=200)
    phone_e164 = models.CharField(_("nomor HP"), max_length=20, blank=True)
    nik_masked = models.CharField(_("NIK (tersamar)"), max_length=16, blank=True)
    home_area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="volunteers")
    community = models.ForeignKey(Community, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="members")
    recruited_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="recruits")
    joined_on = models.DateField(_("bergabung"))
    illustrative = models.BooleanField(
        _("ilustratif"), default=False, help_text=_("made up for the demo, not a real person")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("relawan")
        verbose_name_plural = _("relawan")

    def __str__(self) -> str:
        return self.name


class Consent(models.Model):
    """What a person agreed to, when, and whether it was withdrawn."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("tujuan"), max_length=200)
    given_at = models.DateTimeField(_("diberikan"))
    withdrawn_at = models.DateTimeField(_("ditarik"), null=True, blank=True)
    text_version = models.CharField(_("versi naskah"), max_length=40)

    class Meta:
        ordering = ["volunteer", "given_at"]
        verbose_name = _("persetujuan")
        verbose_name_plural = _("persetujuan")
