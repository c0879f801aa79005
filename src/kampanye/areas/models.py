"""The wilayah tree by Kemendagri code, voter lists (DPT) and voter segments.

An area's code is its place in the tree: ``31`` (province) ⊃ ``31.74`` (kota) ⊃
``31.74.04`` (kecamatan) ⊃ ``31.74.04.1002`` (kelurahan). RW, RT and TPS are local
children of a kelurahan with codes such as ``31.74.04.1002.RW003``,
``31.74.04.1002.RW003.RT001`` and ``31.74.04.1002.TPS012``, so "this area and everything
under it" is always ``code = X OR code LIKE 'X.%'``.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kampanye.core.scope import subtree_q


class Level(models.IntegerChoices):
    PROVINCE = 1, _("provinsi")
    REGENCY = 2, _("kota/kabupaten")
    DISTRICT = 3, _("kecamatan")
    VILLAGE = 4, _("kelurahan/desa")
    RW = 5, _("RW")
    RT = 6, _("RT")
    TPS = 7, _("TPS")


class Area(models.Model):
    code = models.CharField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    level = models.PositiveSmallIntegerField(_("tingkat"), choices=Level.choices)
    kind = models.CharField(
        _("jenis"), max_length=30, blank=True, help_text=_("kota, kabupaten, kelurahan, desa …")
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    source = models.CharField(_("sumber"), max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @staticmethod
    def subtree_q(code: str, field: str = "code") -> Q:
        """Rows whose ``field`` (an area code) is ``code`` or lies under it."""
        return subtree_q(code, field)

    def contains(self, code: str | None) -> bool:
        if not code:
            return False
        return code == self.code or code.startswith(self.code + ".")


class DptCount(models.Model):
    """Registered voters (Daftar Pemilih Tetap) of one area, as of a date and list version."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="dpt_counts")
    voters = models.PositiveIntegerField(_("pemilih terdaftar"))
    as_of = models.DateField(_("per tanggal"))
    version = models.CharField(_("versi"), max_length=100, help_text=_("e.g. DPT final, DPS"))
    source = models.CharField(_("sumber"), max_length=300)

    class Meta:
        ordering = ["area__code", "-as_of"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "as_of", "version"], name="dpt_once_per_version"
            )
        ]
        verbose_name = _("jumlah DPT")
        verbose_name_plural = _("jumlah DPT")

    def __str__(self) -> str:
        return f"{self.area.code} {self.voters} ({self.version}, {self.as_of})"


class Segment(models.Model):
    """A group of voters (or a stakeholder group) the campaign targets."""

    class Kind(models.TextChoices):
        VOTERS = "voters", _("segmen pemilih")
        STAKEHOLDER = "stakeholder", _("kelompok pemangku kepentingan")

    slug = models.SlugField(unique=True)
    name = models.CharField(_("nama"), max_length=200)
    name_en = models.CharField(_("nama (Inggris)"), max_length=200, blank=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices, default=Kind.VOTERS)
    description = models.TextField(_("keterangan"), blank=True)
    source = models.CharField(_("sumber"), max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("segmen")
        verbose_name_plural = _("segmen")

    def __str__(self) -> str:
        return self.name


class SegmentSize(models.Model):
    """How many people of a segment live in an area: numerator and denominator, never a %."""

    segment = models.ForeignKey(Segment, on_delete=models.CASCADE, related_name="sizes")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="segment_sizes")
    people = models.PositiveIntegerField(_("jumlah orang"))
    of_people = models.PositiveIntegerField(
        _("dari jumlah"), help_text=_("the population the count is part of (e.g. DPT)")
    )
    as_of = models.DateField(_("per tanggal"))
    estimated = models.BooleanField(_("perkiraan"), default=True)
    source = models.CharField(_("sumber"), max_length=300)

    class Meta:
        ordering = ["area__code", "segment__name"]
        constraints = [
            models.UniqueConstraint(fields=["segment", "area", "as_of"], name="segment_size_once"),
            models.CheckConstraint(
                condition=Q(people__lte=models.F("of_people")), name="segment_within_total"
            ),
        ]
        verbose_name = _("ukuran segmen")
        verbose_name_plural = _("ukuran segmen")

    def __str__(self) -> str:
        return f"{self.segment} @ {self.area.code}: {self.people}/{self.of_people}"
