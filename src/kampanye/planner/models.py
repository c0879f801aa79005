"""What-if scenarios: a budget and volunteer-hours split across fronts, channels, areas and
segments for one contestant, and the simulator runs that price them.

A run's progress is kept as numerator and denominator (``steps_done`` of ``steps_total``),
never as a bare percentage; its result is the JSON of ``queries.result_json``'s shape.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kampanye.areas.models import Area, Segment
from kampanye.elections.models import Contestant, Election
from kampanye.ledger.models import Channel, Front


class Scenario(models.Model):
    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="scenarios", verbose_name=_("pemilihan")
    )
    contestant = models.ForeignKey(
        Contestant,
        on_delete=models.CASCADE,
        related_name="scenarios",
        verbose_name=_("pasangan calon yang direncanakan"),
    )
    name = models.CharField(_("nama"), max_length=200)
    description = models.TextField(_("keterangan"), blank=True)
    budget_idr = models.PositiveBigIntegerField(_("anggaran (Rp)"), default=0)
    volunteer_hours = models.PositiveIntegerField(_("jam relawan"), default=0)
    illustrative = models.BooleanField(_("ilustratif"), default=False)
    proposed_by_optimiser = models.BooleanField(_("diusulkan pengoptimal"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)

    class Meta:
        ordering = ["election", "name"]
        constraints = [
            models.UniqueConstraint(fields=["election", "name"], name="scenario_name_once")
        ]
        verbose_name = _("skenario")
        verbose_name_plural = _("skenario")

    def __str__(self) -> str:
        return self.name


class Allocation(models.Model):
    """One row of a scenario's plan: money and hours on one channel, maybe in one area and
    for one segment (empty: the whole region, every voter)."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="allocations")
    front = models.CharField(_("front"), max_length=10, choices=Front.choices)
    channel = models.CharField(_("saluran"), max_length=30, choices=Channel.choices)
    area = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("wilayah"),
    )
    segment = models.ForeignKey(
        Segment,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("segmen"),
    )
    budget_idr = models.PositiveBigIntegerField(_("anggaran (Rp)"), default=0)
    volunteer_hours = models.PositiveIntegerField(_("jam relawan"), default=0)

    class Meta:
        ordering = ["scenario", "front", "channel", "id"]
        verbose_name = _("alokasi")
        verbose_name_plural = _("alokasi")

    def __str__(self) -> str:
        return f"{self.scenario}: {self.channel} {self.area_id or '—'}"


class Run(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("menunggu")
        RUNNING = "running", _("berjalan")
        DONE = "done", _("selesai")
        FAILED = "failed", _("gagal")

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="runs")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    steps_done = models.PositiveIntegerField(_("langkah selesai"), default=0)
    steps_total = models.PositiveIntegerField(_("jumlah langkah"), default=1)
    seed = models.PositiveIntegerField(_("benih acak"), default=0)
    runs = models.PositiveIntegerField(_("putaran Monte Carlo"), default=200)
    engine = models.CharField(_("mesin"), max_length=10, default="serial")
    result = models.JSONField(_("hasil"), null=True, blank=True)
    error = models.TextField(_("pesan galat"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("diminta"), default=timezone.now)
    started_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("jalannya simulasi")
        verbose_name_plural = _("jalannya simulasi")

    def __str__(self) -> str:
        return f"{self.scenario} #{self.pk} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
