"""Volunteers (relawan), their communities, teams, posko and consent.

Personal data under UU PDP No. 27/2022: the NIK is validated and only its mask is kept,
phone numbers are normalised to E.164, consent is recorded with purpose and date, and
``kampanye forget`` replaces a person's data with a placeholder (``forgotten_at``).
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

    contestant = models.ForeignKey(Contestant, on_delete=models.CASCADE, related_name="communities")
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    founded_on = models.DateField(_("berdiri"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["contestant", "name"], name="community_once")
        ]
        verbose_name = _("komunitas relawan")
        verbose_name_plural = _("komunitas relawan")

    def __str__(self) -> str:
        return self.name


class Skill(models.TextChoices):
    CANVASSING = "canvassing", _("blusukan dari pintu ke pintu")
    DESIGN = "design", _("desain dan konten")
    SOCIAL_MEDIA = "social_media", _("media sosial")
    LOGISTICS = "logistics", _("logistik")
    DRIVING = "driving", _("transportasi")
    EVENTS = "events", _("acara")
    WITNESS = "witness", _("saksi TPS")
    DATA = "data", _("data dan teknologi")
    LEGAL = "legal", _("hukum")
    HEALTH = "health", _("kesehatan")


class Availability(models.TextChoices):
    WEEKDAY = "weekday", _("hari kerja")
    EVENING = "evening", _("malam hari")
    WEEKEND = "weekend", _("akhir pekan")
    ANYTIME = "anytime", _("kapan saja")


class Volunteer(models.Model):
    contestant = models.ForeignKey(Contestant, on_delete=models.CASCADE, related_name="volunteers")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer",
    )
    name = models.CharField(_("nama"), max_length=200)
    phone_e164 = models.CharField(_("nomor HP"), max_length=20, blank=True, db_index=True)
    email = models.EmailField(_("surel"), blank=True)
    nik_masked = models.CharField(_("NIK (tersamar)"), max_length=16, blank=True)
    home_area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.PROTECT, related_name="volunteers"
    )
    community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    recruited_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="recruits"
    )
    referral_code = models.CharField(_("kode ajakan"), max_length=16, unique=True, null=True)
    skills = models.JSONField(_("keahlian"), default=list, blank=True)
    availability = models.JSONField(_("waktu luang"), default=list, blank=True)
    joined_on = models.DateField(_("bergabung"))
    forgotten_at = models.DateTimeField(
        _("data pribadi dihapus"), null=True, blank=True, help_text=_("kampanye forget")
    )
    illustrative = models.BooleanField(
        _("ilustratif"), default=False, help_text=_("made up for the demo, not a real person")
    )

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["contestant", "joined_on"], name="volunteer_joined")]
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

    def __str__(self) -> str:
        return f"{self.purpose} ({self.text_version})"


class TeamLevel(models.TextChoices):
    """The Indonesian chain of command, from city to field."""

    KORWIL = "korwil", _("korwil (koordinator wilayah)")
    KORCAM = "korcam", _("korcam (koordinator kecamatan)")
    KORDES = "kordes", _("kordes (koordinator kelurahan/desa)")
    KORLAP = "korlap", _("korlap (koordinator lapangan)")


# The team level that sits directly above each level.
PARENT_LEVEL: dict[str, TeamLevel] = {
    TeamLevel.KORCAM: TeamLevel.KORWIL,
    TeamLevel.KORDES: TeamLevel.KORCAM,
    TeamLevel.KORLAP: TeamLevel.KORDES,
}


class Team(models.Model):
    contestant = models.ForeignKey(Contestant, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("nama"), max_length=200)
    level = models.CharField(_("tingkat"), max_length=10, choices=TeamLevel.choices)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="teams")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    coordinator = models.ForeignKey(
        Volunteer, null=True, blank=True, on_delete=models.SET_NULL, related_name="leads"
    )
    members = models.ManyToManyField(Volunteer, blank=True, related_name="teams")

    class Meta:
        ordering = ["area__code", "level"]
        constraints = [
            models.UniqueConstraint(fields=["contestant", "level", "area"], name="team_once")
        ]
        verbose_name = _("tim")
        verbose_name_plural = _("tim")

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.name}"


class Posko(models.Model):
    """A campaign post: a place volunteers gather, with its opening hours."""

    contestant = models.ForeignKey(Contestant, on_delete=models.CASCADE, related_name="posko")
    name = models.CharField(_("nama"), max_length=200)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="posko")
    address = models.CharField(_("alamat"), max_length=300)
    latitude = models.FloatField(_("lintang"), null=True, blank=True)
    longitude = models.FloatField(_("bujur"), null=True, blank=True)
    days = models.CharField(_("hari buka"), max_length=100, default="Senin–Minggu")
    opens_at = models.TimeField(_("buka"))
    closes_at = models.TimeField(_("tutup"))
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="posko"
    )
    illustrative = models.BooleanField(_("ilustratif"), default=False)

    class Meta:
        ordering = ["area__code", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens_at__lt=models.F("closes_at")), name="posko_hours_order"
            )
        ]
        verbose_name = _("posko")
        verbose_name_plural = _("posko")

    def __str__(self) -> str:
        return self.name
