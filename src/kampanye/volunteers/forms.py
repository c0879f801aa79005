"""Forms of the volunteer pages. Field names match the actions' error keys."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kampanye.areas.widgets import AreaPicker
from kampanye.volunteers.actions import mask_nik, normalise_phone
from kampanye.volunteers.models import Availability, Community, Skill, TeamLevel


class SignUpForm(forms.Form):
    name = forms.CharField(label=_("Nama lengkap"), max_length=200)
    phone = forms.CharField(
        label=_("Nomor HP / WhatsApp"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(label=_("Surel (boleh kosong)"), required=False)
    nik = forms.CharField(
        label=_("NIK (boleh kosong; hanya disimpan tersamar)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    home_area_code = forms.CharField(
        label=_("Kode wilayah tempat tinggal (kelurahan)"),
        max_length=40,
        required=False,
        help_text=_("contoh: 31.75.01.1001"),
    )
    community_id = forms.TypedChoiceField(
        label=_("Komunitas"), required=False, coerce=int, empty_value=None
    )
    skills = forms.MultipleChoiceField(
        label=_("Keahlian"),
        choices=Skill.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    availability = forms.MultipleChoiceField(
        label=_("Waktu luang"),
        choices=Availability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    referral_code = forms.CharField(label=_("Kode ajakan"), max_length=16, required=False)
    consent = forms.BooleanField(
        label=_("Saya menyetujui naskah persetujuan di atas."),
        required=True,
        error_messages={"required": _("Persetujuan wajib dicentang untuk mendaftar.")},
    )

    def __init__(self, *args, contestant_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        community = self.fields["community_id"]
        assert isinstance(community, forms.ChoiceField)
        community.choices = [("", "—")] + [
            (c.pk, f"{c.name} ({c.get_kind_display()})")
            for c in Community.objects.filter(contestant_id=contestant_id)
        ]

    def clean_phone(self) -> str:
        try:
            return normalise_phone(self.cleaned_data["phone"])
        except ValidationError as err:
            raise ValidationError(err.message_dict["phone"]) from err

    def clean_nik(self) -> str:
        raw = self.cleaned_data["nik"].strip()
        if raw:
            try:
                mask_nik(raw)  # validate only; the action keeps the mask
            except ValidationError as err:
                raise ValidationError(err.message_dict["nik"]) from err
        return raw


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Nama tim"), max_length=200)
    level = forms.ChoiceField(label=_("Tingkat"), choices=TeamLevel.choices)
    area_code = forms.CharField(label=_("Wilayah"), max_length=40, widget=AreaPicker)
    parent = forms.TypedChoiceField(
        label=_("Tim induk"), coerce=int, required=False, empty_value=None
    )


class PoskoForm(forms.Form):
    name = forms.CharField(label=_("Nama posko"), max_length=200)
    area_code = forms.CharField(label=_("Wilayah"), max_length=40, widget=AreaPicker)
    address = forms.CharField(label=_("Alamat"), max_length=300)
    days = forms.CharField(label=_("Hari buka"), max_length=100, initial="Senin–Minggu")
    opens_at = forms.TimeField(label=_("Buka"), widget=forms.TimeInput(attrs={"type": "time"}))
    closes_at = forms.TimeField(label=_("Tutup"), widget=forms.TimeInput(attrs={"type": "time"}))
