"""Forms of the planner: a scenario and its allocation rows (a formset)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kampanye.areas.widgets import AreaPicker, SegmentPicker
from kampanye.elections.models import Contestant
from kampanye.ledger.models import Channel


class ScenarioForm(forms.Form):
    name = forms.CharField(label=_("Nama skenario"), max_length=200)
    contestant = forms.ModelChoiceField(
        label=_("Pasangan calon yang direncanakan"),
        queryset=Contestant.objects.none(),
        empty_label=None,
    )
    budget_idr = forms.IntegerField(label=_("Anggaran (Rp)"), min_value=0)
    volunteer_hours = forms.IntegerField(label=_("Jam relawan"), min_value=0)
    description = forms.CharField(
        label=_("Keterangan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, election=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if election is not None:
            contestant = self.fields["contestant"]
            assert isinstance(contestant, forms.ModelChoiceField)
            contestant.queryset = election.contestants.all()


class AllocationForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Saluran"), required=False, choices=[("", "—"), *Channel.choices]
    )
    area_code = forms.CharField(
        label=_("Wilayah"), required=False, max_length=40, widget=AreaPicker
    )
    segment_slug = forms.CharField(
        label=_("Segmen"), required=False, max_length=50, widget=SegmentPicker
    )
    budget_idr = forms.IntegerField(label=_("Anggaran (Rp)"), required=False, min_value=0)
    volunteer_hours = forms.IntegerField(label=_("Jam relawan"), required=False, min_value=0)


AllocationFormSet = forms.formset_factory(AllocationForm, extra=3)


class RunForm(forms.Form):
    runs = forms.IntegerField(
        label=_("Putaran Monte Carlo"), min_value=1, max_value=5000, initial=200
    )
    seed = forms.IntegerField(label=_("Benih acak"), min_value=0, initial=0)
    engine = forms.ChoiceField(
        label=_("Mesin"),
        required=False,
        initial="serial",
        choices=[("serial", _("di server ini")), ("dask", _("klaster Dask"))],
    )
