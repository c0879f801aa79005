"""What the media front takes in, one schema per input, read alike by its pages, its JSON
API, its imports and the demo.

What needs the database or the user (is the outlet known, is the contact the user's
campaign's, is the area in scope) is checked by ``kampanye.media.actions``. Errors are data:
``check`` answers the schema or raises ``ValidationError({field: [messages]})``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from typing import Annotated, Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

import pydantic
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import BeforeValidator, field_validator
from pydantic_core import PydanticCustomError

from kampanye.core.api import Code, Id, Text
from kampanye.media.models import (
    Agenda,
    ContactRole,
    ItemType,
    NewsHook,
    OutletType,
    PressEvent,
    Reach,
    Tone,
)

MAX_FOLLOW_UPS = 20
MAX_MENTIONS = 20
FIRST_DAY = dt.date(1990, 1, 1)  # older than any outlet's online archive: a typo


def _trimmed(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


Trimmed = Annotated[Text, BeforeValidator(_trimmed)]
Name = Annotated[Trimmed, Field(min_length=2, max_length=200)]
Note = Annotated[Trimmed, Field(max_length=4000)]


def _a_day(value: dt.date) -> dt.date:
    if value < FIRST_DAY or value > dt.date.today() + dt.timedelta(days=366):
        raise ValueError(_("tanggal di luar jangkauan yang masuk akal"))
    return value


Day = Annotated[dt.date, pydantic.AfterValidator(_a_day)]


class OutletIn(Schema):
    name: Name
    kind: OutletType
    reach: Reach
    area_code: Code = ""
    owner: Annotated[Trimmed, Field(max_length=120)] = ""
    audience: Annotated[int, Field(ge=0, le=2_000_000_000)] | None = None
    audience_basis: Annotated[Trimmed, Field(max_length=200)] = ""
    audience_as_of: Day | None = None
    ad_rate_idr: Annotated[int, Field(ge=0, le=10**13)] | None = None

    @pydantic.model_validator(mode="after")
    def _basis_with_figure(self) -> OutletIn:
        if self.audience is not None and not self.audience_basis:
            raise pydantic.ValidationError.from_exception_data(
                "OutletIn",
                [
                    {
                        "type": PydanticCustomError(
                            "media", _("angka khalayak harus disertai dasarnya")
                        ),
                        "loc": ("audience_basis",),
                        "input": "",
                    }
                ],
            )
        return self


class ContactIn(Schema):
    name: Name
    role: ContactRole
    outlet_id: Id
    desk: Annotated[Trimmed, Field(max_length=100)] = ""
    beat: Annotated[Trimmed, Field(max_length=100)] = ""
    past_outlets: Annotated[Trimmed, Field(max_length=300)] = ""
    phone: Annotated[Trimmed, Field(max_length=30)] = ""
    email: Annotated[Trimmed, Field(max_length=200)] = ""
    area_code: Code = ""
    consent: bool = Field(default=False, validate_default=True)

    @field_validator("consent")
    @classmethod
    def _consent_given(cls, value: bool) -> bool:
        if not value:
            raise ValueError(_("kontak harus menyetujui datanya disimpan (UU PDP)"))
        return value


class FollowUpIn(Schema):
    text: Annotated[Trimmed, Field(min_length=3, max_length=300)]
    due_on: Day
    owner_id: Id | None = None


class MeetingIn(Schema):
    held_on: Day
    contact_ids: list[Id] = Field(min_length=1, max_length=50)
    agenda: list[Agenda] = Field(min_length=1, max_length=4)
    notes: Note = ""
    expectations: Note = ""
    plank_id: Id | None = None
    follow_ups: list[FollowUpIn] = Field(default_factory=list, max_length=MAX_FOLLOW_UPS)


class PressEventIn(Schema):
    kind: PressEvent.Kind
    title: Annotated[Trimmed, Field(min_length=3, max_length=200)]
    held_on: Day
    hooks: list[NewsHook] = Field(default_factory=list, max_length=5)
    area_code: Code = ""
    cost_idr: Annotated[int, Field(ge=0, le=10**13)] = 0


class MentionIn(Schema):
    contestant_id: Id
    tone: Tone | None = None  # None: the sentiment model guesses


class CoverageIn(Schema):
    outlet_id: Id
    published_on: Day
    title: Annotated[Trimmed, Field(min_length=3, max_length=300)]
    url: Annotated[Trimmed, Field(max_length=500)] = ""
    text: Annotated[Trimmed, Field(max_length=20000)] = ""
    kind: ItemType = ItemType.HARD_NEWS
    paid: bool = False
    cost_idr: Annotated[int, Field(ge=0, le=10**13)] = 0
    event_id: Id | None = None
    mentions: list[MentionIn] = Field(min_length=1, max_length=MAX_MENTIONS)

    @field_validator("url")
    @classmethod
    def _http(cls, value: str) -> str:
        if value and urlsplit(value).scheme not in ("http", "https"):
            raise ValueError(_("URL harus diawali http:// atau https://"))
        return value

    @field_validator("cost_idr")
    @classmethod
    def _cost_only_when_paid(cls, value: int, info: pydantic.ValidationInfo) -> int:
        if value and not info.data.get("paid"):
            raise ValueError(_("biaya hanya untuk liputan berbayar"))
        return value

    @field_validator("mentions")
    @classmethod
    def _each_once(cls, value: list[MentionIn]) -> list[MentionIn]:
        ids = [m.contestant_id for m in value]
        if len(set(ids)) != len(ids):
            raise ValueError(_("pasangan calon yang sama disebut dua kali"))
        return value


S = TypeVar("S", bound=Schema)


def check(schema: type[S], data: Mapping[str, Any] | S) -> S:
    """``data`` as ``schema``, or ``ValidationError({field: [messages]})``."""
    if isinstance(data, schema):
        return data
    try:
        return schema.model_validate(data)
    except pydantic.ValidationError as err:
        raise ValidationError(errors_of(err)) from None


def errors_of(err: pydantic.ValidationError) -> dict[str, list[str]]:
    """``{field: [messages]}``; a nested field is ``outer.inner``, a list item its list's."""
    out: dict[str, list[str]] = {}
    for e in err.errors():
        loc = ".".join(str(p) for p in e["loc"] if not isinstance(p, int)) or "__all__"
        message = e["msg"].removeprefix("Value error, ")
        if message not in out.setdefault(loc, []):
            out[loc].append(message)
    return out


# -- keys -------------------------------------------------------------------------------

_TRACKING = re.compile(r"^(utm_|fbclid|gclid|ref$|src$|amp$)")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def story_of(title: str) -> str:
    """A title reduced to its words (accents, case and punctuation gone): re-published or
    lightly re-punctuated copies of one story share it."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    return _NON_WORD.sub(" ", plain).strip()[:300]


def normalise_url(url: str) -> str:
    """The URL an item is known by: no scheme, ``www.``, ``m.``/``amp.``, fragment,
    tracking parameters or trailing slash."""
    parts = urlsplit(url.strip())
    host = re.sub(r"^(www|m|amp)\.", "", parts.netloc.lower())
    query = "&".join(
        q for q in sorted(parts.query.split("&")) if q and not _TRACKING.match(q.split("=")[0])
    )
    path = re.sub(r"/(amp/?)?$", "", parts.path)
    return urlunsplit(("", host, path, query, "")).lstrip("/")


def coverage_key(outlet_id: int, published_on: dt.date, title: str, url: str) -> str:
    if url:
        return "url:" + normalise_url(url)[:290]
    return f"item:{outlet_id}:{published_on.isoformat()}:{story_of(title)}"[:300]
