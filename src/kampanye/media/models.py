"""The air war: outlets and their owners, the people in them, the media centre's meetings and
press agenda, and the coverage it earned or bought.

Media contacts are personal data (UU PDP): their phone and e-mail are shown masked, kept
only with consent, erased by ``kampanye forget --media-contact ID`` and by retention.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kampanye.areas.models import Area
from kampanye.elections.models import Contestant


class OutletType(models.TextChoices):
    TV = "tv", _("televisi")
    RADIO = "radio", _("radio")
    PRINT = "print", _("media cetak")
    ONLINE = "online", _("berita online")


class Reach(models.TextChoices):
    NATIONAL = "national", _("nasional")
    LOCAL = "local", _("lokal")


class OwnerGroup(models.Model):
    """A media group (MNC, Emtek, Kompas Gramedia, …) and its owners' known political ties,
    as a note with its source and the date it describes."""

    name = models.CharField(_("nama"), max_length=120, unique=True)
    ties_note = models.TextField(_("catatan afiliasi politik pemilik"), blank=True)
    ties_source = models.CharField(_("sumber catatan"), max_length=300, blank=True)
    ties_as_of = models.DateField(_("catatan per tanggal"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("grup pemilik media")
        verbose_name_plural = _("grup pemilik media")

    def __str__(self) -> str:
        return self.name


class Outlet(models.Model):
    name = models.CharField(_("nama"), max_length=120, unique=True)
    kind = models.CharField(_("jenis"), max_length=10, choices=OutletType.choices)
    reach = models.CharField(_("jangkauan"), max_length=10, choices=Reach.choices)
    area = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("for a local outlet: the area it serves"),
    )
    owner = models.ForeignKey(
        OwnerGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="outlets"
    )
    audience = models.PositiveIntegerField(_("khalayak"), null=True, blank=True)
    audience_basis = models.CharField(
        _("dasar angka khalayak"), max_length=200, blank=True, help_text=_("who measured it, how")
    )
    audience_as_of = models.DateField(_("khalayak per tanggal"), null=True, blank=True)
    # the rate card for advertising value equivalence (AVE), which the dashboard shows only
    # when asked: the price of ad space/time of an item's size in this outlet
    ad_rate_idr = models.PositiveBigIntegerField(
        _("tarif iklan setara per item (Rp)"), null=True, blank=True
    )
    illustrative = models.BooleanField(
        _("ilustratif"), default=False, help_text=_("audience figure made up for the demo")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("media")
        verbose_name_plural = _("media")

    def __str__(self) -> str:
        return self.name


class ContactRole(models.TextChoices):
    CHIEF_EDITOR = "chief_editor", _("pemimpin redaksi")
    EDITOR = "editor", _("redaktur / editor senior")
    PRODUCER = "producer", _("produser")
    REPORTER = "reporter", _("wartawan")
    OTHER = "other", _("lainnya")


class MediaContact(models.Model):
    """A person at an outlet the campaign keeps a relationship with: personal data."""

    contestant = models.ForeignKey(
        Contestant, on_delete=models.CASCADE, related_name="media_contacts"
    )
    name = models.CharField(_("nama"), max_length=200)
    role = models.CharField(_("peran"), max_length=20, choices=ContactRole.choices)
    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="contacts")
    desk = models.CharField(_("desk"), max_length=100, blank=True)
    beat = models.CharField(_("liputan (beat)"), max_length=100, blank=True)
    past_outlets = models.CharField(_("riwayat media"), max_length=300, blank=True)
    phone_e164 = models.CharField(_("nomor HP"), max_length=20, blank=True, db_index=True)
    email = models.EmailField(_("surel"), blank=True)
    area = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("empty: province-wide (seen only by users without an area limit)"),
    )
    owned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("penanggung jawab hubungan"),
    )
    consent_given_at = models.DateTimeField(_("persetujuan diberikan"))
    consent_withdrawn_at = models.DateTimeField(_("persetujuan ditarik"), null=True, blank=True)
    added_on = models.DateField(_("dicatat"))
    forgotten_at = models.DateTimeField(_("data pribadi dihapus"), null=True, blank=True)
    illustrative = models.BooleanField(
        _("ilustratif"), default=False, help_text=_("made up for the demo, not a real person")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("kontak media")
        verbose_name_plural = _("kontak media")

    def __str__(self) -> str:
        return self.name

    # Pages show these; the full number and address are for the person who calls.
    @property
    def phone_masked(self) -> str:
        p = self.phone_e164
        return f"{p[:6]}{'*' * (len(p) - 9)}{p[-3:]}" if len(p) > 9 else ""

    @property
    def email_masked(self) -> str:
        user, _at, domain = self.email.partition("@")
        return f"{user[:1]}***@{domain}" if domain else ""


class Agenda(models.TextChoices):
    """The four purposes of meeting editors in the paper's account of Jakarta 2012."""

    PERSONAL = "personal", _("kontak personal")
    IDEAS = "ideas", _("bertukar gagasan")
    EXPECTATIONS = "expectations", _("menyerap harapan")
    COOPERATION = "cooperation", _("kerja sama strategis")


class Meeting(models.Model):
    contestant = models.ForeignKey(Contestant, on_delete=models.CASCADE, related_name="+")
    held_on = models.DateField(_("tanggal"))
    contacts = models.ManyToManyField(MediaContact, related_name="meetings")
    agenda = models.JSONField(_("agenda"), default=list)
    notes = models.TextField(_("catatan"), blank=True)
    expectations = models.TextField(
        _("harapan redaksi terhadap kandidat"), blank=True, help_text=_("what editors expect")
    )
    plank = models.ForeignKey(
        "product.Plank",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("program terkait"),
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    illustrative = models.BooleanField(_("ilustratif"), default=False)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("pertemuan redaksi")
        verbose_name_plural = _("pertemuan redaksi")

    def __str__(self) -> str:
        return f"{self.held_on} · {self.notes[:40]}"


class FollowUp(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="follow_ups")
    text = models.CharField(_("tindak lanjut"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField(_("tenggat"))
    done_on = models.DateField(_("selesai"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")

    def __str__(self) -> str:
        return self.text


class NewsHook(models.TextChoices):
    """What makes an event news (the paper: blusukan, the checked shirt, the bajaj)."""

    VISUAL = "visual", _("gambar kuat")
    HUMAN = "human", _("sisi manusiawi")
    NOVELTY = "novelty", _("hal baru / tak biasa")
    CONFLICT = "conflict", _("kontras / konflik")
    POLICY = "policy", _("program / kebijakan")


class PressEvent(models.Model):
    """A press release, press conference or candidate event shaped for the news."""

    class Kind(models.TextChoices):
        RELEASE = "release", _("siaran pers")
        CONFERENCE = "conference", _("konferensi pers")
        CANDIDATE_EVENT = "candidate_event", _("acara kandidat")

    contestant = models.ForeignKey(Contestant, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("judul"), max_length=200)
    held_on = models.DateField(_("tanggal"))
    hooks = models.JSONField(_("nilai berita"), default=list)
    area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cost_idr = models.PositiveBigIntegerField(_("biaya (Rp)"), default=0)
    illustrative = models.BooleanField(_("ilustratif"), default=False)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("agenda media")
        verbose_name_plural = _("agenda media")

    def __str__(self) -> str:
        return self.title


class ItemType(models.TextChoices):
    HARD_NEWS = "hard_news", _("berita langsung")
    SOFT_NEWS = "soft_news", _("berita ringan")
    FEATURE = "feature", _("feature")
    TALK_SHOW = "talk_show", _("talk show")
    OPINION = "opinion", _("opini")
    EDITORIAL = "editorial", _("tajuk rencana")
    ADVERTORIAL = "advertorial", _("advertorial / iklan")


class Tone(models.IntegerChoices):
    NEGATIVE = -1, _("negatif")
    NEUTRAL = 0, _("netral")
    POSITIVE = 1, _("positif")


class CoverageItem(models.Model):
    """One placement: an item in one outlet. ``key`` makes logging and import idempotent
    (the normalised URL, else outlet, date and normalised title)."""

    key = models.CharField(max_length=300, unique=True)
    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="items")
    published_on = models.DateField(_("tanggal terbit"), db_index=True)
    title = models.CharField(_("judul"), max_length=300)
    story = models.CharField(
        _("cerita"), max_length=300, db_index=True, help_text=_("normalised title")
    )
    url = models.URLField(_("URL"), max_length=500, blank=True)
    kind = models.CharField(_("jenis liputan"), max_length=20, choices=ItemType.choices)
    paid = models.BooleanField(_("berbayar"), default=False)
    cost_idr = models.PositiveBigIntegerField(_("biaya (Rp)"), default=0)
    event = models.ForeignKey(
        PressEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    illustrative = models.BooleanField(_("ilustratif"), default=False)

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("liputan")
        verbose_name_plural = _("liputan")

    def __str__(self) -> str:
        return self.title


class Mention(models.Model):
    """A contestant named in an item, with the tone toward them: the model's guess and,
    when a person corrected it, theirs (kept, and exportable as training data)."""

    item = models.ForeignKey(CoverageItem, on_delete=models.CASCADE, related_name="mentions")
    contestant = models.ForeignKey(Contestant, on_delete=models.CASCADE, related_name="+")
    tone = models.SmallIntegerField(_("nada"), choices=Tone.choices)
    model_tone = models.SmallIntegerField(_("nada menurut model"), null=True, blank=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "contestant"], name="media_mention_once"),
        ]
        indexes = [models.Index(fields=["contestant", "tone"], name="media_mention_tone")]
        verbose_name = _("sebutan")
        verbose_name_plural = _("sebutan")

    def __str__(self) -> str:
        return f"{self.contestant} · {self.get_tone_display()}"
