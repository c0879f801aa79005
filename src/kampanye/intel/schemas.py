"""What the intel app takes in, one schema per input, shared by the pages, the API and the
demo. Errors are data: ``errors_of`` turns a schema's complaints into ``{field: message}``."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import pydantic
from ninja import Field, Schema
from pydantic import model_validator

from kampanye.core.api import Code, Id, Text
from kampanye.intel.blocks import BLOCKS
from kampanye.intel.models import Confidence, Mode, QuestionKind, Source, Theme

Slug = Annotated[str, Field(min_length=1, max_length=50, pattern=r"^[a-z0-9-]+$")]
Name = Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[A-Za-z][A-Za-z0-9_]*$")]
BlockName = Annotated[str, Field(pattern="^(" + "|".join(BLOCKS) + ")$")]


class QuestionIn(Schema):
    name: Name
    label: Annotated[Text, Field(min_length=1, max_length=400)]
    kind: QuestionKind
    choices: list[tuple[Code, Annotated[Text, Field(max_length=200)]]] = Field(
        default_factory=list, max_length=200
    )
    block: Annotated[str, Field(max_length=30)] = ""

    @model_validator(mode="after")
    def _choices_fit_the_kind(self) -> QuestionIn:
        needs = self.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.LIKERT)
        if needs and not self.choices:
            raise ValueError("pertanyaan pilihan perlu daftar pilihan")
        codes = [c for c, _ in self.choices]
        if len(set(codes)) != len(codes):
            raise ValueError("kode pilihan tidak boleh kembar")
        return self


class SurveyIn(Schema):
    slug: Slug
    title: Annotated[Text, Field(min_length=1, max_length=200)]
    election: Slug | None = None
    fielded_from: dt.date | None = None
    fielded_to: dt.date | None = None
    mode: Mode = Mode.FACE_TO_FACE
    frame: Annotated[Text, Field(max_length=200)] = ""
    sampled: Annotated[int, Field(ge=1, le=10_000_000)] | None = None
    personal_data_purpose: Annotated[Text, Field(max_length=2000)] = ""
    blocks: list[BlockName] = Field(default_factory=list)
    questions: list[QuestionIn] = Field(default_factory=list, max_length=500)
    illustrative: bool = False
    source: Annotated[Text, Field(max_length=300)] = ""

    @model_validator(mode="after")
    def _dates_in_order(self) -> SurveyIn:
        if self.fielded_from and self.fielded_to and self.fielded_to < self.fielded_from:
            raise ValueError("akhir lapangan sebelum awalnya")
        return self


class MarginIn(Schema):
    """Population shares of one question's answers (or of the respondents' wilayah)."""

    question: Name
    targets: dict[Code, Annotated[float, Field(ge=0)]]
    source: Annotated[Text, Field(max_length=300)] = ""


class WeightingIn(Schema):
    margins: list[MarginIn] = Field(min_length=1, max_length=20)
    trim: tuple[Annotated[float, Field(gt=0, le=1)], Annotated[float, Field(ge=1)]] | None = None


class FindingIn(Schema):
    found_on: dt.date
    source: Source
    title: Annotated[Text, Field(min_length=3, max_length=200)]
    summary: Annotated[Text, Field(max_length=4000)] = ""
    theme: Theme | Literal[""] = ""
    confidence: Confidence = Confidence.MEDIUM
    contestant_id: Id | None = None
    segment: Slug | None = None
    survey: Slug | None = None
    focus_group_id: Id | None = None
    quotes: list[
        tuple[Annotated[str, Field(max_length=10)], Annotated[Text, Field(max_length=2000)]]
    ] = Field(default_factory=list, max_length=50)  # (participant code or "", words)
    illustrative: bool = False


class ParticipantIn(Schema):
    code: Annotated[str, Field(min_length=1, max_length=10, pattern=r"^[A-Za-z0-9-]+$")]
    sex: Literal["", "l", "p"] = ""
    age_band: Annotated[str, Field(max_length=10)] = ""
    segment: Slug | None = None


class FocusGroupIn(Schema):
    title: Annotated[Text, Field(min_length=3, max_length=200)]
    held_on: dt.date
    area: Code = ""
    segment: Slug | None = None
    election: Slug | None = None
    participants: list[ParticipantIn] = Field(default_factory=list, max_length=30)
    illustrative: bool = False


def errors_of(err: pydantic.ValidationError) -> dict[str, str]:
    """``{field: message}``; a nested field is named ``outer.inner``."""
    out: dict[str, str] = {}
    for e in err.errors():
        loc = ".".join(str(p) for p in e["loc"] if not isinstance(p, int)) or "__all__"
        out.setdefault(loc, str(e["msg"]).removeprefix("Value error, "))
    return out
