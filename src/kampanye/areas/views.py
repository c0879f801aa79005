"""Area pages: the wilayah tree (expanded lazily with HTMX), one area, the segments."""

from __future__ import annotations

import re

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kampanye.areas import actions, queries
from kampanye.areas.models import Level
from kampanye.core.registry import registry

VIEW = "kampanye.view_vocabulary"


class LocalAreaForm(forms.Form):
    level = forms.TypedChoiceField(
        label=gettext_lazy("Tingkat"),
        coerce=int,
        choices=[(Level.RW.value, "RW"), (Level.RT.value, "RT"), (Level.TPS.value, "TPS")],
    )
    number = forms.IntegerField(label=gettext_lazy("Nomor"), min_value=1, max_value=999)
    name = forms.CharField(
        label=gettext_lazy("Nama (boleh kosong)"), max_length=200, required=False
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def tree(request):
    return render(request, "areas/tree.html", {"rows": queries.area_children(request.user)})


@login_required
@permission_required(VIEW, raise_exception=True)
def children(request, code: str):
    """The rows under one area: a fragment for HTMX, a page otherwise."""
    if not queries.visible(request.user, code):
        raise Http404
    rows = queries.area_children(request.user, code)
    if request.htmx:
        return render(request, "areas/_children.html", {"rows": rows})
    return redirect("areas:detail", code=code)


def _can_add(request, detail) -> bool:
    return (
        bool(detail.local_levels)
        and detail.in_scope
        and request.user.has_perm("kampanye.add_local_area")
    )


def _render_detail(request, d, form: LocalAreaForm | None):
    status = 400 if form is not None and form.errors else 200
    return render(request, "areas/detail.html", {"d": d, "form": form}, status=status)


def _form(d, data=None) -> LocalAreaForm:
    form = LocalAreaForm(data)
    level = form.fields["level"]
    assert isinstance(level, forms.ChoiceField)
    level.choices = d.local_levels
    return form


@login_required
@permission_required(VIEW, raise_exception=True)
def detail(request, code: str):
    d = queries.area_detail(request.user, code)
    if d is None:
        raise Http404
    return _render_detail(request, d, _form(d) if _can_add(request, d) else None)


@login_required
@require_POST
def add_local(request, code: str):
    d = queries.area_detail(request.user, code)
    if d is None:
        raise Http404
    if not _can_add(request, d):
        raise PermissionDenied
    form = _form(d, request.POST)
    if form.is_valid():
        try:
            area = actions.add_local_area(
                request.user,
                code,
                form.cleaned_data["level"],
                form.cleaned_data["number"],
                form.cleaned_data["name"],
            )
        except ValidationError as e:
            for fieldname, errors in e.message_dict.items():
                form.add_error(fieldname if fieldname in form.fields else None, errors)
        else:
            messages.success(
                request,
                _("%(name)s (%(code)s) ditambahkan.") % {"name": area.name, "code": area.code},
            )
            return redirect("areas:detail", code=code)
    return _render_detail(request, d, form)


@login_required
@permission_required(VIEW, raise_exception=True)
def segments(request):
    return render(request, "areas/segments.html", {"rows": queries.segment_list(request.user)})


@login_required
@permission_required(VIEW, raise_exception=True)
def map_page(request):
    """The map of kota, kecamatan and kelurahan, coloured by a figure each app offers."""
    series = registry.map_series(request.user)
    return render(
        request,
        "areas/map.html",
        {
            "series": [
                {
                    "key": s.key,
                    "label": str(s.label),
                    "unit": str(s.unit),
                    "color": s.color,
                    "values": {code: round(v, 2) for code, v in s.values.items()},
                }
                for s in series
            ],
            "chosen": request.GET.get("lapisan", series[0].key if series else ""),
            "level": request.GET.get("tingkat", "kota"),  # every figure is known per kota
            "levels": [
                ("kota", _("Kota/kabupaten")),
                ("kecamatan", _("Kecamatan")),
                ("kelurahan", _("Kelurahan")),
            ],
        },
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def search(request):
    """Kota, kecamatan and kelurahan by name or code: the options of an area picker."""
    # the picker sends what is typed under its field's own name (area_code, form-0-area_code …)
    typed = request.GET.get("q") or next(iter(request.GET.values()), "")
    found = queries.places(request.user, typed)
    return render(request, "areas/_places.html", {"places": found})


@login_required
@permission_required(VIEW, raise_exception=True)
def pick_on_map(request):
    """The area picker's map, a dialog HTMX adds to the page: a click on a kelurahan puts its
    code into the field named by ``untuk``."""
    target = request.GET.get("untuk", "")
    if not re.fullmatch(r"[\w-]{1,100}", target):
        raise Http404
    return render(request, "areas/_pick_on_map.html", {"target": target})
