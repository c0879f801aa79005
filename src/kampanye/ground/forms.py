"""Forms of the ground pages. Field names match the actions' error keys."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kampanye.ground.models import ActivityKind, Aspiration, Response
from kampanye.ledger.models import Initiator, Participation

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis"), choices=ActivityKind.choices)
    title = forms.CharField(label=_("Judul"), max_length=200)
    area_code = forms.CharField(label=_("Kode wilayah"), max_length=40)
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
        label=_("Perkiraan jangkauan (orang)"), min_value=0, initial=0
    )
    cost_idr = forms.IntegerField(label=_("Biaya (Rp)"), min_value=0, initial=0)


class ShiftForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Mulai (WIB)"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Selesai (WIB)"), widget=DATETIME)
    capacity = forms.IntegerField(label=_("Kuota relawan"), min_value=1, initial=10)


class AssignForm(forms.Form):
    volunteer = forms.TypedChoiceField(label=_("Relawan"), coerce=int)
    area_code = forms.CharField(label=_("Kode wilayah (kelurahan, RW atau RT)"), max_length=40)
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
    answer = forms.CharField(label=_("Jawaban"), widget=forms.Textarea(attrs={"rows": 2}))


class PlankLinkForm(forms.Form):
    plank = forms.TypedChoiceField(label=_("Program"), coerce=int, required=False, empty_value=None)


class ShareKitForm(forms.Form):
    title = forms.CharField(label=_("Judul"), max_length=200)
    message = forms.CharField(
        label=_("Pesan"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )
    target_url = forms.URLField(label=_("Tautan tujuan"), assume_scheme="https")


class ReportForm(forms.Form):
    """The field-report form; the page's script sends it through the outbox instead."""

    area_code = forms.ChoiceField(label=_("Wilayah"))
    response = forms.ChoiceField(
        label=_("Tanggapan warga"), choices=Response.choices, widget=forms.RadioSelect
    )
    households = forms.IntegerField(label=_("Rumah tangga"), min_value=1, max_value=50, initial=1)
    themes = forms.MultipleChoiceField(
        label=_("Tema yang dibicarakan"), required=False, widget=forms.CheckboxSelectMultiple
    )
    aspiration_kind = forms.ChoiceField(
        label=_("Aspirasi warga"),
        required=False,
        choices=[("", _("tidak ada")), *list(Aspiration.Kind.choices)],
    )
    aspiration_category = forms.ChoiceField(
        label=_("Kategori aspirasi"),
        required=False,
        choices=[("", "—"), *list(Aspiration.Category.choices)],
    )
    aspiration_text = forms.CharField(
        label=_("Isi aspirasi"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    note = forms.CharField(label=_("Catatan (tanpa data pribadi)"), required=False, max_length=500)
