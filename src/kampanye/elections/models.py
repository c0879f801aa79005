"""Elections, their rounds, parties and contestants, results, turnout, polls and funds.

Shares are never stored: every figure keeps its numerator and denominator (votes and valid
votes, ballots and DPT), so 63.3 % and 64.6 % turnout can both be explained.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kampanye.areas.models import Area


class Election(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(_("nama"), max_length=200)
    office = models.CharField(_("jabatan"), max_length=100, help_text=_("e.g. Gubernur"))
    region = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="elections")
    source = models.CharField(_("sumber"), max_length=300, blank=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("pemilihan")
        verbose_name_plural = _("pemilihan")

    def __str__(self) -> str:
        return self.name


class Round(models.Model):
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("putaran"))
    voting_day = models.DateField(_("hari pemungutan suara"))
    campaign_start = models.DateField(_("awal kampanye"), null=True, blank=True)
    campaign_end = models.DateField(_("akhir kampanye"), null=True, blank=True)

    class Meta:
        ordering = ["election", "number"]
        constraints = [models.UniqueConstraint(fields=["election", "number"], name="round_once")]
        verbose_name = _("putaran")
        verbose_name_plural = _("putaran")

    def __str__(self) -> str:
        return f"{self.election} — putaran {self.number}"


class Party(models.Model):
    short = models.CharField(_("singkatan"), max_length=30, unique=True)
    name = models.CharField(_("nama"), max_length=200)

    class Meta:
        ordering = ["short"]
        verbose_name = _("partai")
        verbose_name_plural = _("partai")

    def __str__(self) -> str:
        return self.short


class Contestant(models.Model):
    """A candidate pair on the ballot (governor and vice governor)."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="contestants")
    ballot_no = models.PositiveSmallIntegerField(_("nomor urut"))
    name = models.CharField(_("pasangan"), max_length=200)
    short = models.CharField(_("nama singkat"), max_length=60)
    head = models.CharField(_("calon kepala daerah"), max_length=120)
    deputy = models.CharField(_("calon wakil"), max_length=120)
    backing = models.CharField(_("pengusung"), max_length=300, blank=True)
    parties = models.ManyToManyField(Party, blank=True, related_name="contestants")
    independent = models.BooleanField(_("perseorangan"), default=False)
    incumbent = models.BooleanField(_("petahana"), default=False)
    aliases = models.JSONField(_("alias"), default=list, blank=True)
    color = models.CharField(_("warna"), max_length=7, default="#888888")
    source = models.CharField(_("sumber"), max_length=300, blank=True)

    class Meta:
        ordering = ["election", "ballot_no"]
        constraints = [
            models.UniqueConstraint(fields=["election", "ballot_no"], name="ballot_no_once"),
            models.UniqueConstraint(fields=["election", "short"], name="short_once"),
        ]
        verbose_name = _("pasangan calon")
        verbose_name_plural = _("pasangan calon")

    def __str__(self) -> str:
        return f"{self.ballot_no}. {self.short}"


class Result(models.Model):
    """Votes for one contestant in one area in one round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="results")
    contestant = models.ForeignKey(Contestant, on_delete=models.CASCADE, related_name="results")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="results")
    votes = models.PositiveIntegerField(_("suara"))
    source = models.CharField(_("sumber"), max_length=300)

    class Meta:
        ordering = ["round", "area__code", "contestant__ballot_no"]
        constraints = [
            models.UniqueConstraint(fields=["round", "contestant", "area"], name="result_once")
        ]
        verbose_name = _("hasil")
        verbose_name_plural = _("hasil")

    def __str__(self) -> str:
        return f"{self.round.number} {self.area.code} {self.contestant.short}: {self.votes}"


class TurnoutBasis(models.TextChoices):
    DPT = "dpt", _("pemilih yang memberikan suara dibagi DPT")
    ALL_VOTERS = "all_voters", _("pemilih yang memberikan suara dibagi DPT dan pemilih tambahan")


class Turnout(models.Model):
    """DPT, ballots, valid and invalid votes of one area in one round (any may be unknown)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="turnouts")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="turnouts")
    dpt = models.PositiveIntegerField(_("DPT"), null=True, blank=True)
    dpt_as_of = models.DateField(_("DPT per tanggal"), null=True, blank=True)
    # voters outside the DPT who may still vote (DPTb, DPK, DPKTb): ballots may exceed the
    # DPT by at most these
    extra_voters = models.PositiveIntegerField(_("pemilih tambahan"), null=True, blank=True)
    ballots = models.PositiveIntegerField(_("surat suara digunakan"), null=True, blank=True)
    valid = models.PositiveIntegerField(_("suara sah"), null=True, blank=True)
    invalid = models.PositiveIntegerField(_("suara tidak sah"), null=True, blank=True)
    tps = models.PositiveIntegerField(_("jumlah TPS"), null=True, blank=True)
    # a published percentage, kept only where the counts behind it are not known; its basis
    # says over which voters it was taken
    turnout_percent = models.DecimalField(
        _("partisipasi (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    turnout_basis = models.CharField(
        _("dasar persentase"), max_length=20, choices=TurnoutBasis.choices, blank=True
    )
    source = models.CharField(_("sumber"), max_length=400)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["round", "area__code"]
        constraints = [models.UniqueConstraint(fields=["round", "area"], name="turnout_once")]
        verbose_name = _("partisipasi")
        verbose_name_plural = _("partisipasi")

    def __str__(self) -> str:
        return f"{self.round.number} {self.area.code}"


class Poll(models.Model):
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="polls")
    round_number = models.PositiveSmallIntegerField(_("putaran"))
    pollster = models.CharField(_("lembaga survei"), max_length=200)
    field_start = models.DateField(_("awal survei"), null=True, blank=True)
    field_end = models.DateField(_("akhir survei"), null=True, blank=True)
    released = models.DateField(_("dirilis"), null=True, blank=True)
    sample_size = models.PositiveIntegerField(_("jumlah sampel"), null=True, blank=True)
    moe_pct = models.DecimalField(
        _("margin of error (poin)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    source = models.CharField(_("sumber"), max_length=300)

    class Meta:
        ordering = ["election", "round_number", "released", "field_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "round_number", "pollster", "released", "field_end"],
                name="poll_once",
            )
        ]
        verbose_name = _("survei elektabilitas")
        verbose_name_plural = _("survei elektabilitas")

    def __str__(self) -> str:
        return f"{self.pollster} ({self.released or self.field_end})"

    @property
    def date(self):
        return self.released or self.field_end or self.field_start


class PollEstimate(models.Model):
    """One published figure of a poll: a contestant's share, or the undecided (no contestant).

    Published polls give percentages; the share is kept as published in hundredths of a
    percent (``per_10000``) over a denominator of 10,000, next to the poll's sample size.
    """

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="estimates")
    contestant = models.ForeignKey(
        Contestant, null=True, blank=True, on_delete=models.CASCADE, related_name="poll_estimates"
    )
    per_10000 = models.PositiveIntegerField(_("bagian per 10.000"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "contestant"], name="estimate_once")]

    def __str__(self) -> str:
        return f"{self.poll}: {self.contestant or 'belum memilih'} {self.per_10000}/10000"


class CampaignFund(models.Model):
    contestant = models.ForeignKey(Contestant, on_delete=models.CASCADE, related_name="funds")
    report = models.CharField(_("laporan"), max_length=200)
    reported_on = models.DateField(_("tanggal"))
    amount_idr = models.BigIntegerField(_("jumlah (Rp)"))
    source = models.CharField(_("sumber"), max_length=300)

    class Meta:
        ordering = ["reported_on", "contestant__ballot_no"]
        constraints = [
            models.UniqueConstraint(
                fields=["contestant", "report", "reported_on"], name="fund_report_once"
            )
        ]
        verbose_name = _("dana kampanye")
        verbose_name_plural = _("dana kampanye")

    def __str__(self) -> str:
        return f"{self.contestant.short} {self.report} ({self.reported_on})"


class RunoffTransfer(models.Model):
    """A survey's table of where round-1 voters of one contestant (or a pool) went."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="transfers")
    survey = models.CharField(_("survei"), max_length=100)
    field_dates = models.CharField(_("waktu survei"), max_length=100, blank=True)
    from_label = models.CharField(_("dari"), max_length=100)
    from_contestant = models.ForeignKey(
        Contestant, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    to_contestant = models.ForeignKey(
        Contestant,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("empty: undecided"),
    )
    per_100 = models.PositiveSmallIntegerField(_("per 100 pemilih"))
    source = models.CharField(_("sumber"), max_length=300)
    note = models.CharField(_("catatan"), max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["election", "survey", "from_label", "to_contestant"], name="transfer_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey}: {self.from_label} → {self.to_contestant or '?'}"
