"""Political product pages: pairs, one pair's planks, themes and brand, editing a plank."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kampanye.elections.models import Contestant
from kampanye.elections.queries import current_election
from kampanye.product import actions, queries
from kampanye.product.models import Plank

VIEW = "kampanye.view_vocabulary"


class PlankForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Judul"), max_length=200)
    description = forms.CharField(
        label=gettext_lazy("Uraian"), widget=forms.Textarea, required=False
    )
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=Plank.Status.choices)
    changed_on = forms.DateField(
        label=gettext_lazy("Tanggal perubahan"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(
        label=gettext_lazy("Alasan perubahan (temuan, aspirasi …)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def index(request):
    election = current_election(request.GET.get("pemilihan"))
    rows = queries.product_overview(election) if election else []
    return render(request, "product/index.html", {"election": election, "rows": rows})


@login_required
@permission_required(VIEW, raise_exception=True)
def contestant(request, pk: int):
    c = get_object_or_404(Contestant.objects.select_related("election"), pk=pk)
    return render(
        request,
        "product/contestant.html",
        {
            "p": queries.contestant_product(c),
            "can_edit": request.user.has_perm("kampanye.edit_product"),
        },
    )


@login_required
@permission_required("kampanye.edit_product", raise_exception=True)
def plank_edit(request, pk: int):
    plank = get_object_or_404(Plank.objects.select_related("contestant"), pk=pk)
    if request.method == "POST":
        form = PlankForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            note, changed_on = data.pop("note"), data.pop("changed_on")
            try:
                actions.update_plank(request.user, plank, note=note, changed_on=changed_on, **data)
            except ValidationError as e:
                for field, errors in e.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Program disimpan."))
                return redirect("product:contestant", pk=plank.contestant_id)
    else:
        form = PlankForm(
            initial={"title": plank.title, "description": plank.description, "status": plank.status}
        )
    return render(
        request,
        "product/plank_form.html",
        {"plank": plank, "form": form},
        status=400 if form.errors else 200,
    )
