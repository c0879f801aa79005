"""The purse: budget versions and lines, expenses, donors and donations, in integer Rupiah.

Money is never a float: every amount is a ``BigIntegerField`` of whole Rupiah. In-kind
expenses and gifts (goods, services) carry their fair market value and how it was valued.
Donors are personal data under UU PDP No. 27/2022: only a mask of their NIK/NPWP is kept,
with a keyed digest of the full number so gifts under different name spellings add up.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kampanye.areas.models import Area, Segment
from kampanye.elections.models import Contestant
from kampanye.ledger.models import Channel, Front, ImcElement, Touchpoint


class Form(models.TextChoices):
    """How value changed hands: money, or in kind at a fair market price."""

    MONEY = "money", _("uang")
    GOODS = "goods", _("barang")
    SERVICES = "services", _("jasa")


class FundAccount(models.Model):
    """A campaign's fund rules and account: which legal regime limits its gifts, its
    spending cap where the region sets one, and when its campaign ends (for deadlines)."""

    contestant = models.OneToOneField(
        Contestant, on_delete=models.CASCADE, related_name="fund_account"
    )
    regime = models.CharField(_("aturan dana kampanye"), max_length=40)
    spending_cap_idr = models.BigIntegerField(_("batas pengeluaran (Rp)"), null=True, blank=True)
    campaign_ends_on = models.DateField(_("akhir masa kampanye"), null=True, blank=True)
    bank = models.CharField(_("bank RKDK"), max_length=100, blank=True)
    account_masked = models.CharField(_("nomor rekening (tersamar)"), max_length=40, blank=True)
    opening_balance_idr = models.BigIntegerField(_("saldo awal (Rp)"), default=0)

    class Meta:
        verbose_name = _("rekening dana kampanye")
        verbose_name_plural = _("rekening dana kampanye")

    def __str__(self) -> str:
        return f"{self.contestant} — {self.regime}"


class BudgetVersion(models.Model):
    """One saved state of a campaign's budget; a change makes a new version, never an edit,
    so who changed what is the difference between two versions and their authors."""

    contestant = models.ForeignKey(Contestant, on_delete=models.CASCADE, related_name="budgets")
    number = models.PositiveIntegerField(_("versi"))
    note = models.CharField(_("catatan perubahan"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    illustrative = models.BooleanField(_("ilustratif"), default=False)

    class Meta:
        ordering = ["contestant", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["contestant", "number"], name="budget_version_once")
        ]
        verbose_name = _("versi anggaran")
        verbose_name_plural = _("versi anggaran")

    def __str__(self) -> str:
        return f"{self.contestant} v{self.number}"


class BudgetLine(models.Model):
    version = models.ForeignKey(BudgetVersion, on_delete=models.CASCADE, related_name="lines")
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("sampai"))
    front = models.CharField(_("front"), max_length=10, choices=Front.choices)
    channel = models.CharField(_("kanal"), max_length=30, choices=Channel.choices, blank=True)
    imc_element = models.CharField(
        _("unsur IMC"), max_length=30, choices=ImcElement.choices, blank=True
    )
    area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    segment = models.ForeignKey(
        Segment, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    amount_idr = models.BigIntegerField(_("jumlah (Rp)"))
    note = models.CharField(_("keterangan"), max_length=200, blank=True)

    class Meta:
        ordering = ["starts_on", "front", "channel", "id"]
        verbose_name = _("baris anggaran")
        verbose_name_plural = _("baris anggaran")

    def __str__(self) -> str:
        return f"{self.front}/{self.channel} {self.starts_on}: {self.amount_idr}"


class ExpenseCategory(models.TextChoices):
    """Spending heads close to the KPU's report of receipts and expenditure (LPPDK)."""

    MEETINGS = "meetings", _("pertemuan terbatas / tatap muka")
    MATERIALS = "materials", _("bahan kampanye")
    PROPS = "props", _("alat peraga kampanye")
    ADVERTISING = "advertising", _("iklan media massa")
    RALLY = "rally", _("rapat umum")
    EVENTS = "events", _("kegiatan lain")
    TRANSPORT = "transport", _("transportasi dan logistik")
    OFFICE = "office", _("operasional dan sekretariat")
    OTHER = "other", _("lainnya")


class Expense(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("menunggu persetujuan")
        APPROVED = "approved", _("disetujui")
        REJECTED = "rejected", _("ditolak")

    contestant = models.ForeignKey(Contestant, on_delete=models.PROTECT, related_name="expenses")
    reference = models.CharField(_("nomor bukti"), max_length=60)
    spent_on = models.DateField(_("tanggal"))
    payee = models.CharField(_("penerima pembayaran"), max_length=200)
    category = models.CharField(_("kategori"), max_length=20, choices=ExpenseCategory.choices)
    front = models.CharField(_("front"), max_length=10, choices=Front.choices)
    channel = models.CharField(_("kanal"), max_length=30, choices=Channel.choices, blank=True)
    area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    area_code = models.CharField(max_length=40, blank=True, help_text="copy of area.code")
    form = models.CharField(_("bentuk"), max_length=10, choices=Form.choices, default=Form.MONEY)
    amount_idr = models.BigIntegerField(_("jumlah / nilai wajar (Rp)"))
    valuation_basis = models.CharField(
        _("dasar penilaian (barang/jasa)"), max_length=200, blank=True
    )
    receipt = models.FileField(_("bukti"), upload_to="money/receipts/", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    touchpoints = models.ManyToManyField(
        Touchpoint, blank=True, related_name="money_expenses", verbose_name=_("titik kontak")
    )
    illustrative = models.BooleanField(_("ilustratif"), default=False)

    class Meta:
        ordering = ["-spent_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["contestant", "reference"], name="expense_ref_once")
        ]
        indexes = [models.Index(fields=["contestant", "status", "spent_on"], name="exp_day")]
        verbose_name = _("pengeluaran")
        verbose_name_plural = _("pengeluaran")

    def __str__(self) -> str:
        return f"{self.reference} {self.payee} Rp{self.amount_idr}"


class DonorType(models.TextChoices):
    CANDIDATE = "candidate", _("pasangan calon")
    PARTY = "party", _("partai politik / gabungan")
    INDIVIDUAL = "individual", _("perseorangan")
    GROUP = "group", _("kelompok")
    COMPANY = "company", _("badan hukum swasta")


class Donor(models.Model):
    """Who gave: personal data. ``name_key`` and ``id_digest`` match the same donor across
    spellings of the name, so the limit applies to the person, not to the spelling."""

    contestant = models.ForeignKey(Contestant, on_delete=models.CASCADE, related_name="donors")
    kind = models.CharField(_("jenis penyumbang"), max_length=12, choices=DonorType.choices)
    name = models.CharField(_("nama"), max_length=200)
    name_key = models.CharField(max_length=200, db_index=True)
    id_masked = models.CharField(_("NIK/NPWP (tersamar)"), max_length=32, blank=True)
    id_digest = models.CharField(max_length=64, blank=True, db_index=True)
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    is_foreign = models.BooleanField(_("pihak asing"), default=False)
    consent_purpose = models.CharField(_("tujuan persetujuan"), max_length=200, blank=True)
    consent_at = models.DateTimeField(_("persetujuan diberikan"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    forgotten_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("penyumbang")
        verbose_name_plural = _("penyumbang")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class Donation(models.Model):
    class Flag(models.TextChoices):
        OVER_LIMIT = "over_limit", _("melewati batas sumbangan")
        ANONYMOUS = "anonymous", _("penyumbang tidak jelas identitasnya")
        FOREIGN = "foreign", _("pihak asing")
        NO_LIMIT_SOURCED = "no_limit", _("batas untuk jenis ini belum bersumber")

    contestant = models.ForeignKey(Contestant, on_delete=models.PROTECT, related_name="donations")
    reference = models.CharField(_("nomor bukti"), max_length=60)
    donor = models.ForeignKey(
        Donor, null=True, blank=True, on_delete=models.PROTECT, related_name="donations"
    )
    received_on = models.DateField(_("tanggal diterima"))
    form = models.CharField(_("bentuk"), max_length=10, choices=Form.choices, default=Form.MONEY)
    amount_idr = models.BigIntegerField(_("jumlah / nilai wajar (Rp)"))
    valuation_basis = models.CharField(
        _("dasar penilaian (barang/jasa)"), max_length=200, blank=True
    )
    flags = models.JSONField(_("tanda"), default=list, blank=True)
    excess_idr = models.BigIntegerField(_("kelebihan / tidak boleh dipakai (Rp)"), default=0)
    excess_due_on = models.DateField(_("batas penyerahan ke kas negara"), null=True, blank=True)
    handed_over_on = models.DateField(_("diserahkan ke kas negara"), null=True, blank=True)
    handed_over_ref = models.CharField(_("bukti setor kas negara"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    illustrative = models.BooleanField(_("ilustratif"), default=False)

    class Meta:
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["contestant", "reference"], name="donation_ref_once")
        ]
        indexes = [models.Index(fields=["donor", "received_on"], name="don_donor_day")]
        verbose_name = _("sumbangan")
        verbose_name_plural = _("sumbangan")

    def __str__(self) -> str:
        return f"{self.reference} Rp{self.amount_idr}"
