"""What the ground front takes in, one schema per input. The field report is read by the
HTML form, the JSON API and the phone's offline outbox alike; an activity by its page and
the demo; an aspiration's answer by the triage page and the API.

Every limit on what a report may say lives here, once. What needs the database or the
reporter (is the area known and in scope, is the theme the campaign's, may this volunteer
correct that report) is checked by ``kampanye.ground.reports`` when it stores the report.

Errors are data: ``read_report`` answers either a ``ReportIn`` or a ``Rejected`` carrying
``{field: [messages]}``, so one bad report in a batch never holds back the others.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any

import pydantic
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import AwareDatetime, BeforeValidator, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from kampanye.core.api import Code, Id, Text
from kampanye.ground.models import ActivityKind, Aspiration, Response
from kampanye.ledger.models import Initiator, Participation

MAX_BATCH = 500
HOUSEHOLDS = (1, 50)
MAX_THEMES = 20
MAX_NOTE = 500
ASPIRATION_TEXT = (3, 2000)
MAX_PHOTO_BYTES = 2_000_000
# base64 of MAX_PHOTO_BYTES, plus room for a data: URL prefix
MAX_PHOTO_TEXT = 2_800_000
# Indonesia's bounding box, generously: a location outside it is a typo or a GPS glitch.
LAT_RANGE = (-11.5, 6.5)
LON_RANGE = (94.0, 141.5)


def photo_bytes(text: str) -> bytes | None:
    """The image in a (data: URL or plain) base64 text; None unless a JPEG or PNG that fits."""
    raw = text.split(",", 1)[-1]
    try:
        data = base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError):
        return None
    if len(data) > MAX_PHOTO_BYTES:
        return None
    if data.startswith(b"\xff\xd8\xff") or data.startswith(b"\x89PNG\r\n\x1a\n"):
        return data
    return None


def _trimmed(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


# text a person typed: spaces around it are not part of it
Trimmed = Annotated[Text, BeforeValidator(_trimmed)]


def _invalid(message: str) -> PydanticCustomError:
    # the message is ours and already translated: ``errors_of`` keeps it as it is
    return PydanticCustomError("ground", message)


class AspirationIn(Schema):
    """What a resident asked for or complained about, heard during the visit."""

    kind: Aspiration.Kind
    category: Aspiration.Category
    text: Annotated[Trimmed, Field(min_length=ASPIRATION_TEXT[0], max_length=ASPIRATION_TEXT[1])]


class ReportIn(Schema):
    """One field report, as the phone files it (``client_uuid`` made on the phone)."""

    client_uuid: uuid.UUID
    occurred_at: AwareDatetime
    area_code: Code
    response: Response
    households: Annotated[int, Field(ge=HOUSEHOLDS[0], le=HOUSEHOLDS[1])] = 1
    themes: list[Code] = Field(default_factory=list, max_length=MAX_THEMES)
    activity_id: Id | None = None
    assignment_id: Id | None = None
    latitude: Annotated[float, Field(ge=LAT_RANGE[0], le=LAT_RANGE[1])] | None = None
    # checked even when left out: a latitude alone is refused
    longitude: Annotated[float, Field(ge=LON_RANGE[0], le=LON_RANGE[1])] | None = Field(
        default=None,
        validate_default=True,  # by keyword, so that type checkers see a default
    )
    note: Annotated[Trimmed, Field(max_length=MAX_NOTE)] = ""
    photo_base64: Annotated[str, Field(max_length=MAX_PHOTO_TEXT)] = ""
    supersedes: uuid.UUID | None = None
    aspiration: AspirationIn | None = None

    @field_validator("longitude")
    @classmethod
    def _both_or_neither(cls, value: float | None, info: ValidationInfo) -> float | None:
        if (value is None) != (info.data.get("latitude") is None) and "latitude" in info.data:
            raise _invalid(_("Lintang dan bujur harus diisi berdua."))
        return value

    @field_validator("photo_base64")
    @classmethod
    def _an_image(cls, value: str) -> str:
        if value and photo_bytes(value) is None:
            raise _invalid(
                _("Foto harus JPEG atau PNG, paling besar %(mb)d MB.")
                % {"mb": MAX_PHOTO_BYTES // 1_000_000}
            )
        return value

    @field_validator("aspiration")
    @classmethod
    def _someone_home(cls, value: AspirationIn | None, info: ValidationInfo) -> Any:
        if value is not None and info.data.get("response") == Response.NOT_HOME:
            raise _invalid(_("Aspirasi tidak bisa dicatat bila warga tidak di rumah."))
        return value


MAX_ANSWER = 4000
MAX_TITLE = 200


class ActivityIn(Schema):
    """An activity a campaign plans (the activities page; the demo)."""

    contestant_id: int
    kind: ActivityKind
    title: Annotated[Trimmed, Field(min_length=1, max_length=MAX_TITLE)]
    area_code: Code
    starts_at: dt.datetime
    ends_at: dt.datetime
    initiated_by: Initiator = Initiator.STAFF
    # checked even when left out: a volunteer-led activity names its volunteer
    initiator_id: Id | None = Field(None, validate_default=True)
    participation_level: Participation = Participation.INFORMED
    segment_id: Id | None = None
    theme_ids: list[Id] = Field(default_factory=list)
    expected_reach: Annotated[int, Field(ge=0)] = 0
    cost_idr: Annotated[int, Field(ge=0)] = 0
    illustrative: bool = False

    @field_validator("ends_at")
    @classmethod
    def _after_start(cls, value: dt.datetime, info: ValidationInfo) -> dt.datetime:
        starts = info.data.get("starts_at")
        if starts is not None and value < starts:
            raise _invalid(_("Waktu selesai harus setelah waktu mulai."))
        return value

    @field_validator("initiator_id")
    @classmethod
    def _named(cls, value: int | None, info: ValidationInfo) -> int | None:
        if value is None and info.data.get("initiated_by") == Initiator.VOLUNTEER:
            raise _invalid(_("Sebutkan relawan yang memprakarsai kegiatan ini."))
        return value


class AnswerIn(Schema):
    """The campaign's reply to an aspiration (the triage page's form and the API)."""

    answer: Annotated[Trimmed, Field(min_length=1, max_length=MAX_ANSWER)]


@dataclass(frozen=True)
class Rejected:
    """A report that failed the schema: answered ``rejected`` with these errors."""

    client_uuid: uuid.UUID
    errors: dict[str, list[str]]


def _message(loc: str, error: Mapping[str, Any]) -> str:
    """Our words for the schema's limits; pydantic's own message for anything else."""
    if error["type"] == "ground":
        return str(error["msg"])
    words = {
        "occurred_at": lambda: _("Waktu kontak harus tanggal dan jam dengan zona waktu."),
        "response": lambda: (
            _("Tanggapan harus salah satu dari: %(x)s.") % {"x": ", ".join(Response.values)}
        ),
        "households": lambda: (
            _("Jumlah rumah tangga %(lo)d sampai %(hi)d.")
            % {"lo": HOUSEHOLDS[0], "hi": HOUSEHOLDS[1]}
        ),
        "themes": lambda: (
            _("Paling banyak %(n)d tema, masing-masing kode pendek.") % {"n": MAX_THEMES}
        ),
        "latitude": lambda: _("Lokasi berada di luar Indonesia."),
        "longitude": lambda: _("Lokasi berada di luar Indonesia."),
        "note": lambda: _("Catatan paling panjang %(n)d karakter.") % {"n": MAX_NOTE},
        "kind": lambda: _("Jenis kegiatan tidak dikenal."),
        "title": lambda: _("Judul wajib diisi, paling panjang %(n)d karakter.") % {"n": MAX_TITLE},
        "initiated_by": lambda: _("Pemrakarsa tidak dikenal."),
        "participation_level": lambda: _("Tingkat partisipasi harus 1, 2, 3 atau 4."),
        "expected_reach": lambda: _("Biaya dan jangkauan tidak boleh negatif."),
        "cost_idr": lambda: _("Biaya dan jangkauan tidak boleh negatif."),
        "answer": lambda: (
            _("Jawaban wajib diisi, paling panjang %(n)d karakter.") % {"n": MAX_ANSWER}
        ),
        "aspiration.kind": lambda: _("Jenis aspirasi harus permintaan atau keluhan."),
        "aspiration.category": lambda: _("Kategori aspirasi tidak dikenal."),
        "aspiration.text": lambda: (
            _("Isi aspirasi %(lo)d sampai %(hi)d karakter.")
            % {"lo": ASPIRATION_TEXT[0], "hi": ASPIRATION_TEXT[1]}
        ),
    }
    word = words.get(loc) or words.get(loc.split(".")[0])
    return word() if word else str(error["msg"])


def errors_of(err: pydantic.ValidationError) -> dict[str, list[str]]:
    """A schema's errors as ``{field: [messages]}``; a nested field is ``outer.inner``
    (``aspiration.text``), an item of a list is named by its list (``themes``)."""
    out: dict[str, list[str]] = {}
    for e in err.errors():
        names = [str(p) for p in e["loc"] if not isinstance(p, int)]
        loc = ".".join(names) or "__all__"
        message = _message(loc, e)
        if message not in out.setdefault(loc, []):
            out[loc].append(message)
    return out


def read_report(data: Mapping[str, Any] | ReportIn) -> ReportIn | Rejected:
    """Check one report against the schema. Raises ``pydantic.ValidationError`` only when
    its ``client_uuid`` is missing or unreadable, since no answer could name it."""
    if isinstance(data, ReportIn):
        return data
    try:
        return ReportIn.model_validate(data)
    except pydantic.ValidationError as err:
        client_uuid = _uuid_of(data)
        if client_uuid is None:
            raise
        return Rejected(client_uuid, errors_of(err))


def _uuid_of(data: Mapping[str, Any]) -> uuid.UUID | None:
    value = data.get("client_uuid") if isinstance(data, Mapping) else None
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value)) if isinstance(value, str) else None
    except ValueError:
        return None
