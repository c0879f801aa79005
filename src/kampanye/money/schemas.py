"""What the purse takes in, one schema per input, read by the pages, the API and the
imports alike. What needs the database (is the area known and in the user's scope, do the
touchpoints belong to the campaign, does this gift pass its donor's limit) is checked by
``kampanye.money.actions``.

Money is whole Rupiah: an ``int`` between 0 and ``MAX_IDR``; a float or a text with
decimals is refused, never rounded.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import pydantic
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import BeforeValidator, StrictInt, ValidationInfo, field_validator, model_validator

from kampanye.core.api import Code, Id, Text
from kampanye.ledger.models import Channel, Front, ImcElement
from kampanye.money.models import DonorType, ExpenseCategory, Form

MAX_IDR = 10**15  # a thousand trillion Rupiah: more than any campaign, less than BigInteger
MAX_LINES = 2000
MAX_TOUCHPOINTS = 500
MAX_RECEIPT_BYTES = 5_000_000
# what a receipt may be, told by its first bytes, never by its name
RECEIPT_MAGIC = {b"%PDF-": "pdf", b"\xff\xd8\xff": "jpg", b"\x89PNG\r\n\x1a\n": "png"}


def _trimmed(value: Any) -> Any:
    return " ".join(value.split()) if isinstance(value, str) else value


Trimmed = Annotated[Text, BeforeValidator(_trimmed)]
Rupiah = Annotated[StrictInt, Field(ge=0, le=MAX_IDR)]


class BudgetLineIn(Schema):
    starts_on: dt.date
    ends_on: dt.date
    front: Front
    channel: Channel | None = None
    imc_element: ImcElement | None = None
    area_code: Code = ""
    segment: Annotated[str, Field(max_length=50)] = ""
    amount_idr: Rupiah
    note: Annotated[Trimmed, Field(max_length=200)] = ""

    @model_validator(mode="after")
    def _period(self) -> BudgetLineIn:
        if self.ends_on < self.starts_on:
            raise ValueError(_("Tanggal akhir sebelum tanggal mulai."))
        return self


class BudgetIn(Schema):
    """A whole new version of a campaign's budget: every line, and why it changed."""

    note: Annotated[Trimmed, Field(max_length=300)] = ""
    lines: list[BudgetLineIn] = Field(max_length=MAX_LINES)


class ExpenseIn(Schema):
    reference: Annotated[Trimmed, Field(min_length=1, max_length=60)]
    spent_on: dt.date
    payee: Annotated[Trimmed, Field(min_length=2, max_length=200)]
    category: ExpenseCategory
    front: Front
    channel: Channel | None = None
    area_code: Code = ""
    form: Form = Form.MONEY
    amount_idr: Annotated[StrictInt, Field(ge=1, le=MAX_IDR)]
    valuation_basis: Annotated[Trimmed, Field(max_length=200, validate_default=True)] = ""
    touchpoint_ids: list[Id] = Field(default_factory=list, max_length=MAX_TOUCHPOINTS)

    @field_validator("valuation_basis")
    @classmethod
    def _in_kind_is_valued(cls, basis: str, info: ValidationInfo) -> str:
        return _valued(basis, info)


class DonorIn(Schema):
    """Who gave. ``identity`` is a NIK (a person) or an NPWP (a group or company); only its
    mask is kept. ``consent`` is the donor's agreement to their data being kept for the
    KPU reports (UU PDP), required for every donor but the candidates and parties."""

    kind: DonorType
    name: Annotated[Trimmed, Field(min_length=2, max_length=200)]
    identity: Annotated[str, Field(max_length=40)] = ""
    address: Annotated[Trimmed, Field(max_length=300)] = ""
    foreign: bool = False
    consent: bool = False


class DonationIn(Schema):
    """One gift. No ``donor`` and no ``donor_id``: an anonymous gift, which the law forbids
    using — it is stored flagged, its whole value to be handed to the state treasury."""

    reference: Annotated[Trimmed, Field(min_length=1, max_length=60)]
    received_on: dt.date
    form: Form = Form.MONEY
    amount_idr: Annotated[StrictInt, Field(ge=1, le=MAX_IDR)]
    valuation_basis: Annotated[Trimmed, Field(max_length=200, validate_default=True)] = ""
    donor: DonorIn | None = None
    donor_id: Id | None = None
    # a gift that breaks a rule is only stored once the treasurer has seen the warning
    accept_flagged: bool = False

    @field_validator("valuation_basis")
    @classmethod
    def _in_kind_is_valued(cls, basis: str, info: ValidationInfo) -> str:
        return _valued(basis, info)

    @model_validator(mode="after")
    def _one_donor(self) -> DonationIn:
        if self.donor is not None and self.donor_id is not None:
            raise ValueError(
                _("Isi penyumbang baru atau pilih penyumbang yang ada, bukan dua-duanya.")
            )
        return self


def _valued(basis: str, info: ValidationInfo) -> str:
    """Goods and services count at a fair market value, and say how it was reached."""
    if info.data.get("form", Form.MONEY) != Form.MONEY and not basis:
        raise ValueError(
            _("Barang atau jasa dicatat dengan nilai wajar: tulis dasar penilaiannya.")
        )
    return basis


def receipt_problem(name: str, data: bytes) -> str | None:
    """Why a receipt file is refused, or None: a PDF, JPEG or PNG of at most 5 MB."""
    if not data:
        return _("Berkas bukti kosong.")
    if len(data) > MAX_RECEIPT_BYTES:
        return _("Berkas bukti paling besar %(mb)d MB.") % {"mb": MAX_RECEIPT_BYTES // 1_000_000}
    if not any(data.startswith(magic) for magic in RECEIPT_MAGIC):
        return _("Bukti harus berupa PDF, JPEG atau PNG (%(name)s bukan).") % {"name": name[:80]}
    return None


def receipt_extension(data: bytes) -> str:
    return next(ext for magic, ext in RECEIPT_MAGIC.items() if data.startswith(magic))


def errors_of(err: pydantic.ValidationError) -> dict[str, list[str]]:
    """A schema's errors as ``{field: [messages]}``; an item of a list is named by its list
    and position (``lines.3.amount_idr``), a whole-entry rule by ``__all__``."""
    out: dict[str, list[str]] = {}
    for e in err.errors():
        loc = ".".join(str(p) for p in e["loc"]) or "__all__"
        message = str(e["msg"]).removeprefix("Value error, ")
        if message not in out.setdefault(loc, []):
            out[loc].append(message)
    return out
