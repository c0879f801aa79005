"""Market intelligence: surveys (questionnaires, respondents, versioned weights), focus
groups, the method of published polls, and dated findings the political product cites.

Respondents and focus-group participants carry no name, NIK or phone: a survey keeps
personal data only when it declares why (``personal_data_purpose``, UU PDP No. 27/2022).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("pilihan tunggal")
    MULTIPLE = "multiple", _("pilihan ganda")
    LIKERT = "likert", _("skala Likert")
    NUMBER = "number", _("angka")
    TEXT = "text", _("jawaban terbuka")


class Mode(models.TextChoices):
    FACE_TO_FACE = "face_to_face", _("tatap muka")
    PHONE = "phone", _("telepon")
    ONLINE = "online", _("daring")
    MIXED = "mixed", _("campuran")


class Survey(models.Model):
    slug = models.SlugField(unique=True)
    title = models.CharField(_("judul"), max_length=200)
    election = models.ForeignKey(
        "elections.Election", null=True, blank=True, on_delete=models.SET_NULL
    )
    fielded_from = models.DateField(_("awal lapangan"), null=True, blank=True)
    fielded_to = models.DateField(_("akhir lapangan"), null=True, blank=True)
    mode = models.CharField(
        _("moda"), max_length=20, choices=Mode.choices, default=Mode.FACE_TO_FACE
    )
    frame = models.CharField(_("kerangka sampel"), max_length=200, blank=True)
    sampled = models.PositiveIntegerField(_("jumlah yang disampel"), null=True, blank=True)
    personal_data_purpose = models.TextField(
        _("tujuan data pribadi"),
        blank=True,
        help_text=_("Kosong: responden tidak menyimpan nama, NIK atau nomor telepon."),
    )
    illustrative = models.BooleanField(_("ilustratif"), default=False)
    source = models.CharField(_("sumber"), max_length=300, blank=True)

    class Meta:
        ordering = ["-fielded_to", "title"]
        verbose_name = _("survei")
        verbose_name_plural = _("survei")

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    name = models.SlugField(_("nama (XLSForm)"), max_length=60)
    label = models.CharField(_("pertanyaan"), max_length=400)
    kind = models.CharField(_("jenis"), max_length=10, choices=QuestionKind.choices)
    choices = models.JSONField(_("pilihan"), default=list, blank=True)  # [[code, label], …]
    block = models.CharField(_("blok"), max_length=30, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["survey", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["survey", "name"], name="question_once")]

    def __str__(self) -> str:
        return self.name

    @property
    def codes(self) -> list[str]:
        return [str(code) for code, _label in self.choices]

    def choice_label(self, code: str) -> str:
        return next((str(lbl) for c, lbl in self.choices if str(c) == code), code)


class Respondent(models.Model):
    """One completed interview. ``answers`` maps a question's name to a choice code, a list
    of codes (multiple choice), a number or a text."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="respondents")
    uuid = models.CharField(max_length=100)
    submitted_at = models.DateTimeField(_("dikirim"), null=True, blank=True)
    area = models.ForeignKey("areas.Area", null=True, blank=True, on_delete=models.SET_NULL)
    answers = models.JSONField(default=dict)
    personal = models.JSONField(default=dict, blank=True)  # only with a declared purpose

    class Meta:
        ordering = ["survey", "pk"]
        constraints = [models.UniqueConstraint(fields=["survey", "uuid"], name="respondent_once")]

    def __str__(self) -> str:
        return self.uuid


class WeightSet(models.Model):
    """One version of a survey's weights: the margins it was raked to and how it went."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="weight_sets")
    version = models.PositiveIntegerField()
    margins = models.JSONField()  # [{"question": name, "targets": {code: share}, "source": …}]
    trim = models.JSONField(null=True, blank=True)  # [lower, upper] × mean weight
    converged = models.BooleanField()
    iterations = models.PositiveIntegerField()
    max_error = models.FloatField()
    design_effect = models.FloatField()
    effective_n = models.FloatField()
    respondents = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["survey", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "version"], name="weight_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.survey.slug} v{self.version}"


class Weight(models.Model):
    weight_set = models.ForeignKey(WeightSet, on_delete=models.CASCADE, related_name="weights")
    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE)
    value = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["weight_set", "respondent"], name="weight_once")
        ]

    def __str__(self) -> str:
        return f"{self.respondent_id}: {self.value:.3f}"


class FocusGroup(models.Model):
    title = models.CharField(_("judul"), max_length=200)
    held_on = models.DateField(_("tanggal"))
    area = models.ForeignKey("areas.Area", null=True, blank=True, on_delete=models.SET_NULL)
    segment = models.ForeignKey("areas.Segment", null=True, blank=True, on_delete=models.SET_NULL)
    election = models.ForeignKey(
        "elections.Election", null=True, blank=True, on_delete=models.SET_NULL
    )
    illustrative = models.BooleanField(_("ilustratif"), default=False)

    class Meta:
        ordering = ["-held_on", "title"]
        constraints = [
            models.UniqueConstraint(fields=["title", "held_on"], name="focus_group_once")
        ]
        verbose_name = _("diskusi kelompok terarah")
        verbose_name_plural = _("diskusi kelompok terarah")

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on})"


class Participant(models.Model):
    """A focus-group participant, known only by a code (P1, P2 …) and who they stand for."""

    focus_group = models.ForeignKey(
        FocusGroup, on_delete=models.CASCADE, related_name="participants"
    )
    code = models.CharField(_("kode"), max_length=10)
    sex = models.CharField(_("jenis kelamin"), max_length=10, blank=True)
    age_band = models.CharField(_("kelompok umur"), max_length=10, blank=True)
    segment = models.ForeignKey("areas.Segment", null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["focus_group", "code"]
        constraints = [
            models.UniqueConstraint(fields=["focus_group", "code"], name="participant_once")
        ]

    def __str__(self) -> str:
        return self.code


class Theme(models.TextChoices):
    NEED = "need", _("kebutuhan")
    EXPECTATION = "expectation", _("harapan")
    DEMAND = "demand", _("tuntutan")
    PERCEPTION = "perception", _("persepsi kandidat")


class Source(models.TextChoices):
    SURVEY = "survey", _("survei")
    FOCUS_GROUP = "focus_group", _("FGD")
    POLLS = "polls", _("survei publik")
    MEDIA = "media", _("harapan redaksi")
    BLUSUKAN = "blusukan", _("aspirasi blusukan")


class Confidence(models.TextChoices):
    LOW = "low", _("rendah")
    MEDIUM = "medium", _("sedang")
    HIGH = "high", _("tinggi")


class Finding(models.Model):
    """A dated piece of intelligence a plank of the political product can cite."""

    found_on = models.DateField(_("tanggal"))
    source = models.CharField(_("sumber"), max_length=20, choices=Source.choices)
    theme = models.CharField(_("tema"), max_length=20, choices=Theme.choices, blank=True)
    title = models.CharField(_("judul"), max_length=200)
    summary = models.TextField(_("ringkasan"), blank=True)
    confidence = models.CharField(_("keyakinan"), max_length=10, choices=Confidence.choices)
    contestant = models.ForeignKey(
        "elections.Contestant", null=True, blank=True, on_delete=models.SET_NULL
    )
    segment = models.ForeignKey("areas.Segment", null=True, blank=True, on_delete=models.SET_NULL)
    survey = models.ForeignKey(
        Survey, null=True, blank=True, on_delete=models.CASCADE, related_name="findings"
    )
    focus_group = models.ForeignKey(
        FocusGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="findings"
    )
    illustrative = models.BooleanField(_("ilustratif"), default=False)

    class Meta:
        ordering = ["found_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["found_on", "source", "title"], name="finding_once")
        ]
        verbose_name = _("temuan")
        verbose_name_plural = _("temuan")

    def __str__(self) -> str:
        return f"{self.found_on} {self.title}"


class Quote(models.Model):
    """A participant's words supporting a finding (no name: the participant's code)."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="quotes")
    participant = models.ForeignKey(Participant, null=True, blank=True, on_delete=models.SET_NULL)
    text = models.TextField(_("kutipan"))

    def __str__(self) -> str:
        return self.text[:60]


class PollMethod(models.Model):
    """How a published poll was done, where its publisher said so: the facts behind the
    tracker's warnings (voter-list frame with low contact, turnout assumed too high)."""

    poll = models.OneToOneField("elections.Poll", on_delete=models.CASCADE, related_name="method")
    mode = models.CharField(_("moda"), max_length=20, choices=Mode.choices, blank=True)
    frame = models.CharField(_("kerangka sampel"), max_length=100, blank=True)
    sampled = models.PositiveIntegerField(_("disampel"), null=True, blank=True)
    reached = models.PositiveIntegerField(_("berhasil diwawancarai"), null=True, blank=True)
    assumed_turnout_per_1000 = models.PositiveIntegerField(
        _("partisipasi yang diasumsikan (per 1000)"), null=True, blank=True
    )
    source = models.CharField(_("sumber"), max_length=300)

    def __str__(self) -> str:
        return f"{self.poll}"

    @property
    def contact_rate(self) -> float | None:
        if self.sampled and self.reached is not None:
            return self.reached / self.sampled
        return None
