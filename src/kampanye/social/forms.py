"""Forms of the social front: the dashboard filters and a contestant's query."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kampanye.elections.models import Contestant, Election
from kampanye.social.models import Platform


class DashboardFilter(forms.Form):
    pemilihan = forms.ModelChoiceField(
        Election.objects.all(), required=False, to_field_name="slug", label=_("Pemilihan")
    )
    paslon = forms.ModelMultipleChoiceField(
        Contestant.objects.all(), required=False, label=_("Pasangan calon")
    )
    dari = forms.DateField(
        required=False, label=_("Dari"), widget=forms.DateInput(attrs={"type": "date"})
    )
    sampai = forms.DateField(
        required=False, label=_("Sampai"), widget=forms.DateInput(attrs={"type": "date"})
    )
    platform = forms.MultipleChoiceField(
        choices=Platform.choices, required=False, label=_("Platform")
    )

    def clean(self):
        data = super().clean()
        if data.get("dari") and data.get("sampai") and data["dari"] > data["sampai"]:
            raise forms.ValidationError(_("Tanggal 'dari' harus sebelum 'sampai'."))
        return data


class QueryForm(forms.Form):
    text = forms.CharField(
        label=_("Kueri"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_('Contoh: jokowi OR "joko widodo" AND NOT solo'),
    )
