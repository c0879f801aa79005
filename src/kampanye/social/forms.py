"""Forms of the social front: the dashboard filters and a contestant's query."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kampanye.areas.widgets import AreaPicker
from kampanye.core.periods import PeriodForm
from kampanye.elections.models import Contestant, Election
from kampanye.nlp import load_issues
from kampanye.social.models import Platform, Sentiment


class DashboardFilter(PeriodForm):
    field_order = [
        "pemilihan",
        "dari",
        "sampai",
        "paslon",
        "platform",
        "sentimen",
        "isu",
        "kata",
        "wilayah",
    ]

    pemilihan = forms.ModelChoiceField(
        Election.objects.all(),
        required=False,
        to_field_name="slug",
        label=_("Pemilihan"),
        empty_label=None,  # no "---------": the current election is chosen unless another is
    )
    paslon = forms.ModelMultipleChoiceField(
        Contestant.objects.all(),
        required=False,
        label=_("Pasangan calon"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("kosong: semua"),
    )
    platform = forms.MultipleChoiceField(
        choices=Platform.choices,
        required=False,
        label=_("Platform"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("kosong: semua"),
    )
    sentimen = forms.ChoiceField(
        choices=[("", _("semua")), *Sentiment.choices], required=False, label=_("Sentimen")
    )
    isu = forms.ChoiceField(choices=[], required=False, label=_("Isu"))
    kata = forms.CharField(
        required=False,
        max_length=100,
        label=_("Kata kunci"),
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("mis. banjir, KJP")}),
    )
    wilayah = forms.CharField(
        required=False,
        max_length=40,
        label=_("Wilayah yang disebut"),
        widget=AreaPicker,
        help_text=_("unggahan yang menyebut nama wilayah ini"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        isu = self.fields["isu"]
        assert isinstance(isu, forms.ChoiceField)
        isu.choices = [("", _("semua")), *((i.code, i.name) for i in load_issues())]


class QueryForm(forms.Form):
    text = forms.CharField(
        label=_("Kueri"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_('Contoh: jokowi OR "joko widodo" AND NOT solo'),
    )


KIND_CHOICES = [
    ("co_post", _("teks sama")),
    ("co_similarity", _("teks hampir sama")),
    ("co_repost", _("unggah ulang sama")),
    ("co_hashtag", _("tagar sama")),
    ("co_link", _("tautan sama")),
]


class CoordinationForm(PeriodForm):
    field_order = ["pemilihan", "dari", "sampai", "platform"]

    pemilihan = forms.ModelChoiceField(
        Election.objects.all(), required=False, to_field_name="slug", label=_("Pemilihan")
    )
    platform = forms.MultipleChoiceField(
        choices=Platform.choices, required=False, label=_("Platform")
    )
    jendela = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=86400,
        initial=60,
        label=_("Jendela waktu (detik)"),
        help_text=_("kosongkan untuk memperkirakan dari data"),
    )
    bobot_min = forms.IntegerField(
        min_value=1, initial=3, required=False, label=_("Bobot sisi minimum")
    )
    jenis = forms.MultipleChoiceField(
        choices=KIND_CHOICES,
        required=False,
        initial=["co_post", "co_similarity", "co_repost"],
        widget=forms.CheckboxSelectMultiple,
        label=_("Jenis jaringan"),
    )
    kemiripan = forms.FloatField(
        min_value=0.1, max_value=1.0, initial=0.8, required=False, label=_("Ambang kemiripan teks")
    )
    ambang = forms.FloatField(
        min_value=0.0,
        max_value=1.0,
        initial=0.6,
        required=False,
        label=_("Ambang skor akun untuk ditinjau"),
    )


class LabelForm(forms.Form):
    """One mentioned contestant's label (prefix = contestant id)."""

    label = forms.ChoiceField(
        choices=Sentiment.choices, widget=forms.RadioSelect, label=_("Sentimen")
    )
    issue = forms.ChoiceField(choices=[], required=False, label=_("Isu"))

    def __init__(self, *args, issues=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issue"].choices = [("", "—"), *issues]
