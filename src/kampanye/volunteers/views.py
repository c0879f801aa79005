"""Volunteer pages: public sign-up with consent and referral, the list, the referral tree,
teams and posko. A volunteer's own home page is the ground front's (``ground:home``)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kampanye.areas.models import Area
from kampanye.core.charts import figure_json
from kampanye.core.scope import in_scope
from kampanye.core.throttle import rate_limited
from kampanye.elections.models import Contestant
from kampanye.volunteers import queries
from kampanye.volunteers.actions import (
    CONSENT_TEXTS,
    CONSENT_VERSION,
    SignUpIn,
    create_posko,
    create_team,
    sign_up_in_public,
)
from kampanye.volunteers.forms import PoskoForm, SignUpForm, TeamForm
from kampanye.volunteers.models import Volunteer

VIEW = "kampanye.view_volunteers"

# Lists stop here and say so: the newest volunteers (a search finds the others), the
# largest referral trees.
LIST_LIMIT = 50  # volunteers a page
TREE_LIMIT = 50


@rate_limited("signup")
def signup(request, contestant_id: int):
    """The public sign-up page (mobile first). ``?ref=CODE`` fills in who invited."""
    contestant = get_object_or_404(Contestant, pk=contestant_id)
    initial = {"referral_code": request.GET.get("ref", "")}
    form = SignUpForm(request.POST or None, initial=initial, contestant_id=contestant.pk)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                sign_up_in_public(
                    SignUpIn(
                        contestant_id=contestant.pk,
                        consent_version=CONSENT_VERSION,
                        **form.cleaned_data,
                    ),
                    site=request.build_absolute_uri("/"),
                )
            except ValidationError as err:
                for name, msgs in err.message_dict.items():
                    for msg in msgs:
                        form.add_error(name if name in form.fields else None, msg)
            else:
                return redirect("volunteers:received", contestant_id=contestant.pk)
        status = 400
    return render(
        request,
        "volunteers/signup.html",
        {
            "form": form,
            "contestant": contestant,
            "consent_text": CONSENT_TEXTS[CONSENT_VERSION],
            "consent_version": CONSENT_VERSION,
        },
        status=status,
    )


def received(request, contestant_id: int):
    """After a sign-up, the same page whoever signed up: the form tells no one whether a
    number is registered. The volunteer's referral link goes to their own e-mail."""
    contestant = get_object_or_404(Contestant, pk=contestant_id)
    return render(request, "volunteers/welcome.html", {"contestant": contestant})


def referral(request, code: str):
    volunteer = get_object_or_404(Volunteer, referral_code=code.upper())
    url = reverse("volunteers:signup", args=[volunteer.contestant_id])
    return redirect(f"{url}?ref={volunteer.referral_code}")


@login_required
def index(request):
    if not request.user.has_perm(VIEW):
        if request.user.has_perm("kampanye.file_field_report"):  # a volunteer: their own page
            return redirect("ground:home")
        raise PermissionDenied
    contestant = queries.campaign_of(request.user)
    if contestant is None:
        return render(request, "volunteers/index.html", {"contestant": None})
    cid = contestant.pk
    qs = queries.volunteers_in_scope(request.user, cid)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(name__icontains=q)
    page = Paginator(qs.order_by("-joined_on", "name"), LIST_LIMIT).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "volunteers/index.html",
        {
            "contestant": contestant,
            "volunteers": page.object_list,
            "page": page,
            "params": urlencode({"q": q}) if q else "",
            "total": page.paginator.count,
            "q": q,
        },
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def referrals(request):
    contestant = queries.campaign_of(request.user)
    cid = contestant.pk if contestant else 0
    growth = queries.growth_by_week(request.user, cid)
    figure = figure_json(
        [
            {
                "type": "scatter",
                "mode": "lines",
                "name": _("jumlah relawan"),
                "x": [g.week.isoformat() for g in growth],
                "y": [g.total for g in growth],
            },
            {
                "type": "bar",
                "name": _("bergabung lewat ajakan"),
                "x": [g.week.isoformat() for g in growth],
                "y": [g.referred for g in growth],
            },
            {
                "type": "bar",
                "name": _("bergabung sendiri"),
                "x": [g.week.isoformat() for g in growth],
                "y": [g.joined - g.referred for g in growth],
            },
        ],
        {"barmode": "stack", "yaxis": {"title": _("relawan")}},
    )
    roots = sorted(queries.referral_tree(request.user, cid), key=lambda n: -n.size)
    return render(
        request,
        "volunteers/referrals.html",
        {
            "charts": True,
            "figure": figure,
            "roots": roots[:TREE_LIMIT],
            "roots_left_out": max(0, len(roots) - TREE_LIMIT),
            "growth": growth,
        },
    )


def _area_in_scope(request, form, code: str):
    area = Area.objects.filter(code=code).first()
    if area is None:
        form.add_error("area_code", _("Kode wilayah %(c)s tidak dikenal.") % {"c": code})
    elif not in_scope(request.user, area.code):
        form.add_error("area_code", _("Wilayah ini di luar cakupan Anda."))
        area = None
    return area


def _save_team_or_posko(request, contestant, team_form, posko_form) -> bool:
    """Handle one of the two forms; True when something was saved."""
    form = team_form if request.POST.get("what") == "team" else posko_form
    if not form.is_valid():
        return False
    d = form.cleaned_data
    area = _area_in_scope(request, form, d["area_code"])
    if area is None:
        return False
    try:
        if form is team_form:
            parent = (
                queries.teams_in_scope(request.user, contestant.pk).filter(pk=d["parent"]).first()
                if d["parent"]
                else None
            )
            create_team(
                contestant=contestant,
                name=d["name"],
                level=d["level"],
                area=area,
                parent=parent,
                by=request.user,
            )
        else:
            create_posko(
                contestant=contestant,
                name=d["name"],
                area=area,
                address=d["address"],
                days=d["days"],
                opens_at=d["opens_at"],
                closes_at=d["closes_at"],
                by=request.user,
            )
    except ValidationError as err:
        for name, msgs in err.message_dict.items():
            for msg in msgs:
                form.add_error(name if name in form.fields else None, msg)
        return False
    return True


@login_required
@permission_required(VIEW, raise_exception=True)
def teams(request):
    contestant = queries.campaign_of(request.user)
    cid = contestant.pk if contestant else 0
    in_scope_teams = queries.teams_in_scope(request.user, cid)
    posting = request.method == "POST"
    what = request.POST.get("what")
    team_form = TeamForm(request.POST if posting and what == "team" else None)
    team_form.fields["parent"].choices = [("", "—")] + [(t.pk, str(t)) for t in in_scope_teams]
    posko_form = PoskoForm(request.POST if posting and what == "posko" else None)
    status = 200
    if posting:
        if not request.user.has_perm("kampanye.manage_volunteers") or contestant is None:
            raise PermissionDenied
        if _save_team_or_posko(request, contestant, team_form, posko_form):
            return redirect("volunteers:teams")
        status = 400
    return render(
        request,
        "volunteers/teams.html",
        {
            "teams": in_scope_teams,
            "posko": queries.posko_in_scope(request.user, cid),
            "team_form": team_form,
            "posko_form": posko_form,
        },
        status=status,
    )
