"""Forms of the ground pages. Field names match the actions' error keys."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pydantic
from django import forms
from django.core.exceptions import ValidationError
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from kampanye.areas.widgets import AreaPicker
from kampanye.ground.models import ActivityKind, Aspiration, Response
from kampanye.ground.schemas import (
    HOUSEHOLDS,
    MAX_NOTE,
    MAX_TITLE,
    ActivityIn,
    AnswerIn,
    Rejected,
    ReportIn,
    errors_of,
    read_report,
)
from kampanye.ledger.models import Initiator, Participation

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ActivityForm(forms.Form):
    """The activity page's form: its fields read the browser's input; ``ActivityIn`` checks
    what the activity says (``self.activity`` once valid)."""

    kind = forms.ChoiceField(label=_("Jenis"), choices=ActivityKind.choices)
    title = forms.CharField(
        label=_("Judul"), required=False, widget=forms.TextInput(attrs={"maxlength": MAX_TITLE})
    )
    area_code = forms.CharField(label=_("Wilayah"), max_length=40, widget=AreaPicker)
    starts_at = forms.DateTimeField(label=_("Mulai (WIB)"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Selesai (WIB)"), widget=DATETIME)
    initiated_by = forms.ChoiceField(
        label=_("Diprakarsai oleh"),
        choices=[(k, v) for k, v in Initiator.choices if k in ("candidate", "staff", "volunteer")],
    )
    initiator_id = forms.TypedChoiceField(
        label=_("Relawan pemrakarsa"), required=False, coerce=int, empty_value=None
    )
    participation_level = forms.TypedChoiceField(
        label=_("Tingkat partisipasi"), choices=Participation.choices, coerce=int
    )
    theme_ids = forms.TypedMultipleChoiceField(
        label=_("Tema yang dibawa"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    expected_reach = forms.IntegerField(
        label=_("Perkiraan jangkauan (orang)"),
        initial=0,
        widget=forms.NumberInput(attrs={"min": 0}),
    )
    cost_idr = forms.IntegerField(
        label=_("Biaya (Rp)"), initial=0, widget=forms.NumberInput(attrs={"min": 0})
    )

    def __init__(self, *args, contestant_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.contestant_id = contestant_id
        self.activity: ActivityIn | None = None

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.errors:  # a field the browser sent could not be read: nothing to check yet
            return data
        try:
            self.activity = ActivityIn.model_validate({**data, "contestant_id": self.contestant_id})
        except pydantic.ValidationError as err:
            raise ValidationError(errors_of(err)) from None
        return data


class ShiftForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Mulai (WIB)"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Selesai (WIB)"), widget=DATETIME)
    capacity = forms.IntegerField(label=_("Kuota relawan"), min_value=1, initial=10)


class AssignForm(forms.Form):
    volunteer = forms.TypedChoiceField(label=_("Relawan"), coerce=int)
    area_code = forms.CharField(
        label=_("Wilayah (kelurahan, RW atau RT)"), max_length=40, widget=AreaPicker
    )
    list_name = forms.CharField(
        label=_("Nama daftar (boleh kosong)"), max_length=200, required=False
    )
    lease_days = forms.IntegerField(
        label=_("Masa tugas (hari)"), min_value=1, max_value=90, initial=7
    )
    target_households = forms.IntegerField(label=_("Target rumah tangga"), min_value=0, initial=0)


class TriageForm(forms.Form):
    category = forms.ChoiceField(label=_("Kategori"), choices=Aspiration.Category.choices)
    priority = forms.TypedChoiceField(
        label=_("Prioritas"),
        coerce=int,
        choices=[(1, _("1 · tinggi")), (2, _("2 · sedang")), (3, _("3 · rendah"))],
    )


class AnswerForm(forms.Form):
    """The reply box; ``AnswerIn`` checks what is typed, as it does for the API."""

    answer = forms.CharField(
        label=_("Jawaban"), required=False, strip=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self) -> dict:
        data = super().clean()
        try:
            return AnswerIn.model_validate(data).model_dump()
        except pydantic.ValidationError as err:
            raise ValidationError(errors_of(err)) from None


class PlankLinkForm(forms.Form):
    plank = forms.TypedChoiceField(label=_("Program"), coerce=int, required=False, empty_value=None)


class ShareKitForm(forms.Form):
    title = forms.CharField(label=_("Judul"), max_length=200)
    message = forms.CharField(
        label=_("Pesan"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )
    target_url = forms.URLField(label=_("Tautan tujuan"), assume_scheme="https")


class _Listed(forms.MultipleChoiceField):
    """Picks shown as a list but not checked against it: the store checks the references."""

    def validate(self, value) -> None:
        pass


class ReportForm(forms.Form):
    """The field-report page. It only shows the report and where its errors are: what a
    report may say is checked once, by ``kampanye.ground.schemas.ReportIn`` (the page's
    script sends the same fields through the outbox to the API, which reads them with it)."""

    area_code = forms.CharField(label=_("Wilayah"), required=False, widget=forms.Select)
    response = forms.CharField(
        label=_("Tanggapan warga"),
        required=False,
        widget=forms.RadioSelect(choices=Response.choices),
    )
    households = forms.CharField(
        label=_("Rumah tangga"),
        required=False,
        initial=1,
        widget=forms.NumberInput(attrs={"min": HOUSEHOLDS[0], "max": HOUSEHOLDS[1]}),
    )
    themes = _Listed(
        label=_("Tema yang dibicarakan"), required=False, widget=forms.CheckboxSelectMultiple
    )
    aspiration_kind = forms.CharField(
        label=_("Aspirasi warga"),
        required=False,
        widget=forms.Select(choices=[("", _("tidak ada")), *Aspiration.Kind.choices]),
    )
    aspiration_category = forms.CharField(
        label=_("Kategori aspirasi"),
        required=False,
        widget=forms.Select(choices=[("", "—"), *Aspiration.Category.choices]),
    )
    aspiration_text = forms.CharField(
        label=_("Isi aspirasi"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    note = forms.CharField(
        label=_("Catatan (tanpa data pribadi)"),
        required=False,
        strip=False,
        widget=forms.TextInput(attrs={"maxlength": MAX_NOTE}),
    )

    def report(self, *, client_uuid: uuid.UUID, occurred_at: dt.datetime) -> ReportIn | Rejected:
        """The posted report, read by the schema."""
        data = self.data
        # The form is bound to request.POST, or left unbound (Django then gives it an empty
        # MultiValueDict): either way the data can list a field's several values.
        assert isinstance(data, MultiValueDict)
        aspiration = None
        if data.get("aspiration_kind"):
            aspiration = {
                "kind": data.get("aspiration_kind"),
                "category": data.get("aspiration_category", ""),
                "text": data.get("aspiration_text", ""),
            }
        return read_report(
            {
                "client_uuid": client_uuid,
                "occurred_at": occurred_at,
                "area_code": data.get("area_code", ""),
                "response": data.get("response", ""),
                "households": data.get("households") or 1,
                "themes": data.getlist("themes"),
                "note": data.get("note", ""),
                "aspiration": aspiration,
            }
        )

    def show_errors(self, errors: dict[str, list[str]]) -> None:
        """Put the schema's or the store's ``{field: [messages]}`` beside the fields."""
        self.is_valid()  # the fields check nothing; this only makes the form ready for errors
        for name, messages in errors.items():
            field = name.replace("aspiration.", "aspiration_")
            for message in messages:
                self.add_error(field if field in self.fields else None, message)
