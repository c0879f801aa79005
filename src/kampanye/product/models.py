"""The political product: planks (policies), themes (messages) and brand attributes.

A plank keeps the date it was drafted and every change after it (``PlankChange``), so the
strategy module can tell whether market intelligence came before the product changed.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kampanye.areas.models import Segment
from kampanye.elections.models import Contestant


class Plank(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("rancangan")
        ADOPTED = "adopted", _("ditetapkan")
        DROPPED = "dropped", _("dibatalkan")
        DELIVERED = "delivered", _("terlaksana")

    contestant = models.ForeignKey(Contestant, on_delete=models.CASCADE, related_name="planks")
    slug = models.SlugField()
    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(_("uraian"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    drafted_on = models.DateField(_("dirancang"))
    changed_on = models.DateField(_("terakhir diubah"), null=True, blank=True)
    segments = models.ManyToManyField(Segment, blank=True, related_name="planks")
    source = models.CharField(_("sumber"), max_length=300, blank=True)

    class Meta:
        ordering = ["contestant__ballot_no", "drafted_on", "title"]
        constraints = [models.UniqueConstraint(fields=["contestant", "slug"], name="plank_once")]
        verbose_name = _("program")
        verbose_name_plural = _("program")

    def __str__(self) -> str:
        return self.title


class PlankChange(models.Model):
    plank = models.ForeignKey(Plank, on_delete=models.CASCADE, related_name="changes")
    changed_on = models.DateField(_("tanggal"))
    note = models.TextField(_("perubahan"))

    class Meta:
        ordering = ["plank", "changed_on"]

    def __str__(self) -> str:
        return f"{self.plank} ({self.changed_on})"


class Theme(models.Model):
    """A message the campaign carries on every front (the IMC's one integrated message)."""

    contestant = models.ForeignKey(Contestant, on_delete=models.CASCADE, related_name="themes")
    slug = models.SlugField()
    name = models.CharField(_("tema"), max_length=200)
    message = models.TextField(_("pesan"), blank=True)
    core = models.BooleanField(_("tema inti"), default=False)
    planks = models.ManyToManyField(Plank, blank=True, related_name="themes")

    class Meta:
        ordering = ["contestant__ballot_no", "-core", "name"]
        constraints = [models.UniqueConstraint(fields=["contestant", "slug"], name="theme_once")]
        verbose_name = _("tema pesan")
        verbose_name_plural = _("tema pesan")

    def __str__(self) -> str:
        return self.name


class BrandAttribute(models.Model):
    """A trait of the candidate's personal brand (e.g. 'merakyat', 'bersih', 'pekerja')."""

    contestant = models.ForeignKey(
        Contestant, on_delete=models.CASCADE, related_name="brand_attributes"
    )
    name = models.CharField(_("atribut"), max_length=100)
    description = models.TextField(_("uraian"), blank=True)
    evidence = models.TextField(_("bukti"), blank=True)

    class Meta:
        ordering = ["contestant__ballot_no", "name"]
        constraints = [
            models.UniqueConstraint(fields=["contestant", "name"], name="brand_attribute_once")
        ]
        verbose_name = _("atribut merek")
        verbose_name_plural = _("atribut merek")

    def __str__(self) -> str:
        return self.name
