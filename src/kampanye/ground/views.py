"""Pages of the ground front: the field-report PWA, a volunteer's own page, the dashboard,
activities and shifts, assignments, aspirations triage, share kits."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kampanye.areas.models import Area, Level
from kampanye.core import clock
from kampanye.core.charts import figure_json
from kampanye.core.scope import scope_filter
from kampanye.core.throttle import rate_limited
from kampanye.ground import actions, queries
from kampanye.ground.forms import (
    ActivityForm,
    AnswerForm,
    AssignForm,
    PlankLinkForm,
    ReportForm,
    ShareKitForm,
    ShiftForm,
    TriageForm,
)
from kampanye.ground.models import Activity, Aspiration, Assignment, ShareKit, Shift
from kampanye.ground.reports import sync_contacts
from kampanye.ledger.models import Participation
from kampanye.product.models import Plank, Theme
from kampanye.volunteers.models import Volunteer
from kampanye.volunteers.queries import campaign_of, volunteers_in_scope

VIEW = "kampanye.view_volunteers"
MANAGE = "kampanye.manage_volunteers"
REPORT = "kampanye.file_field_report"


def _errors_to_form(form, err: ValidationError) -> None:
    for name, msgs in err.message_dict.items():
        for msg in msgs:
            form.add_error(name if name in form.fields else None, msg)


def _cid(request) -> int:
    contestant = campaign_of(request.user)
    return contestant.pk if contestant else 0


# ---- the field-report page (PWA) --------------------------------------------------------


# Longer choice lists are cut here, with a search to narrow them and a note of how many
# were left out: a select of thousands is unusable on a phone.
AREA_CHOICES = 800
VOLUNTEER_CHOICES = 500


def _search(request, name: str) -> str:
    return request.GET.get(name, "").strip()[:60]


def _volunteer_choices(request, cid: int) -> tuple[list[tuple[int, str]], int]:
    """Volunteers in scope to pick from, narrowed by ``?relawan=``; and how many were left out."""
    qs = volunteers_in_scope(request.user, cid)
    search = _search(request, "relawan")
    if search:
        qs = qs.filter(name__icontains=search)
    shown, left_out = queries.first_of(qs.order_by("name", "pk"), VOLUNTEER_CHOICES)
    return [(v.pk, v.name) for v in shown], left_out


def _report_areas(
    user, volunteer: Volunteer | None, search: str = ""
) -> tuple[list[tuple[str, str]], int]:
    """The areas a reporter picks from (their assignments and home first, then villages, RWs
    and RTs in scope, narrowed by ``search``), and how many of those were left out."""
    codes: list[tuple[str, str]] = []
    if volunteer is not None:
        for a in volunteer.assignments.filter(status=Assignment.Status.OPEN).select_related("area"):
            codes.append((a.area_code, f"★ {a.area.name} ({a.area_code})"))
        home = volunteer.home_area  # None without a query when there is no home area
        if home is not None:
            codes.append((home.code, f"{home.name} ({home.code})"))
    qs = scope_filter(
        Area.objects.filter(level__gte=Level.VILLAGE, level__lte=Level.RT), user, "code"
    )
    if search:
        qs = qs.filter(Q(code__startswith=search) | Q(name__icontains=search))
    shown, left_out = queries.first_of(qs.order_by("code"), AREA_CHOICES)
    codes += [(a.code, f"{a.name} ({a.code})") for a in shown]
    first: dict[str, str] = {}  # an area listed twice keeps its first label
    for code, label in codes:
        first.setdefault(code, label)
    return list(first.items()), left_out


@login_required
@permission_required(REPORT, raise_exception=True)
def report(request):
    """File field reports. With its script the form goes through the phone's outbox (works
    offline); without it, the form posts here and is stored at once. Both are read by the
    one schema, ``ReportIn``."""
    volunteer = Volunteer.objects.filter(user=request.user).select_related("home_area").first()
    cid = volunteer.contestant_id if volunteer else _cid(request)
    search = _search(request, "wilayah")
    form = ReportForm(request.POST or None)
    areas, left_out = _report_areas(request.user, volunteer, search)
    form.fields["area_code"].widget.choices = areas
    form.fields["themes"].choices = list(
        Theme.objects.filter(contestant_id=cid).values_list("slug", "name")
    )
    status = 200
    if request.method == "POST":
        item = form.report(client_uuid=uuid.uuid4(), occurred_at=clock.now())
        [result] = sync_contacts(request.user, [item])
        if result.status == "accepted":
            messages.success(request, _("Laporan tersimpan. Terima kasih!"))
            return redirect("ground:report")
        form.show_errors(result.errors)
        status = 400
    context = {
        "form": form,
        "volunteer": volunteer,
        "search": search,
        "left_out": left_out,
        "sent_today": queries.reports_of(volunteer).today if volunteer else 0,
        "as_of": clock.as_of(),
    }
    return render(request, "ground/report.html", context, status=status)


@never_cache
def service_worker(request):
    """The service worker, served under /darat/ so it may control the report page."""
    path = finders.find("ground/sw.js")
    if path is None:  # pragma: no cover
        raise Http404
    response = HttpResponse(Path(path).read_bytes(), content_type="text/javascript")
    response["Service-Worker-Allowed"] = "/darat/"
    return response


# ---- a volunteer's own page -------------------------------------------------------------


@login_required
@permission_required(REPORT, raise_exception=True)
def home(request):
    """A volunteer's own page: assignments, shifts, share kits, the referral link."""
    volunteer = Volunteer.objects.filter(user=request.user).first()
    context = {"volunteer": volunteer}
    if volunteer is not None:
        context.update(
            assignments=queries.assignment_progress(
                request.user, volunteer.contestant_id, volunteer=volunteer
            ),
            shifts=queries.shifts_of(volunteer),
            link=request.build_absolute_uri(
                reverse("volunteers:referral", args=[volunteer.referral_code])
            )
            if volunteer.referral_code
            else "",
            recruits=volunteer.recruits.count(),
            reports=queries.reports_of(volunteer),
        )
    return render(request, "ground/home.html", context)


@login_required
@permission_required(REPORT, raise_exception=True)
def my_reports(request):
    """A volunteer's own reports: those the server holds, and (by its script) those still
    waiting on the phone or refused, each with its state."""
    volunteer = Volunteer.objects.filter(user=request.user).first()
    reports = queries.reports_of(volunteer, request.GET.get("page")) if volunteer else None
    context = {"volunteer": volunteer, "reports": reports}
    return render(request, "ground/my_reports.html", context)


# ---- dashboard --------------------------------------------------------------------------


@login_required
def dashboard(request):
    if not request.user.has_perm(VIEW):
        if request.user.has_perm(REPORT):  # a volunteer: their own page instead
            return redirect("ground:home")
        raise PermissionDenied
    d = queries.dashboard(request.user, _cid(request))
    return render(
        request,
        "ground/dashboard.html",
        {
            "charts": True,
            "figures": _dashboard_charts(d),
            "coverage": d.coverage,
            "dpt_missing": d.dpt_missing,
            "leaders": d.leaders,
            "funnel": d.funnel,
            "retention": d.retention,
            "replies": d.replies,
            "clicks_volunteer": d.clicks_by_volunteer,
            "clicks_area": d.clicks_by_area,
        },
    )


def _dashboard_charts(d: queries.Dashboard) -> dict[str, str]:
    """The dashboard's figures drawn as Plotly charts (no figure is computed here)."""
    weeks = [w.week.isoformat() for w in d.weeks]
    names = [c.name for c in d.coverage]
    # categories and participation levels by their words, not their codes
    categories = dict(Aspiration.Category.choices)
    levels = dict(Participation.choices)
    return {
        "coverage": figure_json(
            [
                {
                    "type": "bar",
                    "name": _("rumah tangga dijangkau"),
                    "x": names,
                    "y": [c.households for c in d.coverage],
                },
                {"type": "bar", "name": _("DPT"), "x": names, "y": [c.dpt for c in d.coverage]},
            ],
            {"barmode": "group"},
        ),
        "activity": figure_json(
            [
                {
                    "type": "scatter",
                    "mode": "lines+markers",
                    "name": _("relawan aktif"),
                    "x": weeks,
                    "y": [w.active_volunteers for w in d.weeks],
                },
                {
                    "type": "bar",
                    "name": _("laporan"),
                    "yaxis": "y2",
                    "x": weeks,
                    "y": [w.contacts for w in d.weeks],
                    "opacity": 0.4,
                },
            ],
            {"yaxis2": {"overlaying": "y", "side": "right"}},
        ),
        "aspirations": figure_json(
            [
                {
                    "type": "bar",
                    "x": [str(categories.get(c, c)) for c in d.aspirations],
                    "y": list(d.aspirations.values()),
                }
            ],
            {"xaxis": {"automargin": True}},
        ),
        "participation": figure_json(
            [
                {
                    "type": "bar",
                    "x": [str(levels.get(level, level)) for level in d.participation],
                    "y": list(d.participation.values()),
                }
            ],
            {"xaxis": {"title": _("tingkat partisipasi")}},
        ),
    }


@login_required
@permission_required(VIEW, raise_exception=True)
def funnel(request):
    """The funnel cards (signed up → active → leading) the volunteers list loads by HTMX."""
    return render(
        request, "ground/_funnel.html", {"funnel": queries.funnel(request.user, _cid(request))}
    )


# ---- activities and shifts --------------------------------------------------------------


def _activity_form(request, cid: int) -> tuple[ActivityForm, int]:
    form = ActivityForm(request.POST or None, contestant_id=cid)
    volunteers, left_out = _volunteer_choices(request, cid)
    initiator, themes = form.fields["initiator_id"], form.fields["theme_ids"]
    assert isinstance(initiator, forms.ChoiceField) and isinstance(themes, forms.ChoiceField)
    initiator.choices = [("", "—"), *volunteers]
    themes.choices = list(Theme.objects.filter(contestant_id=cid).values_list("pk", "name"))
    return form, left_out


@login_required
@permission_required(REPORT, raise_exception=True)
def activities(request):
    cid = _cid(request)
    form, left_out = _activity_form(request, cid)
    status = 200
    if request.method == "POST":
        if not request.user.has_perm(MANAGE):
            raise PermissionDenied
        if form.is_valid():
            try:
                activity = actions.plan_activity(form.activity, by=request.user)
            except ValidationError as err:
                _errors_to_form(form, err)
            else:
                messages.success(request, _("Kegiatan disimpan."))
                return redirect("ground:activity", pk=activity.pk)
        status = 400
    return render(
        request,
        "ground/activities.html",
        {
            "form": form,
            "activities": queries.activities_in_scope(request.user, cid)[:100],
            "shifts": queries.open_shifts(request.user, cid)[:50],
            "search": _search(request, "relawan"),
            "left_out": left_out,
        },
        status=status,
    )


def _activity_in_scope(request, pk: int) -> Activity:
    qs = queries.activities_in_scope(request.user, _cid(request))
    return get_object_or_404(qs, pk=pk)


@login_required
@permission_required(REPORT, raise_exception=True)
def activity(request, pk: int):
    act = _activity_in_scope(request, pk)
    form = ShiftForm(request.POST or None)
    status, links = 200, None
    if request.method == "POST":
        if not request.user.has_perm(MANAGE):
            raise PermissionDenied
        if request.POST.get("remind"):
            shift = get_object_or_404(Shift, pk=request.POST["remind"], activity=act)
            links = actions.remind_shift(shift, by=request.user)
            form = ShiftForm()
        elif form.is_valid():
            try:
                actions.add_shift(act, by=request.user, **form.cleaned_data)
            except ValidationError as err:
                _errors_to_form(form, err)
            else:
                return redirect("ground:activity", pk=act.pk)
            status = 400
        else:
            status = 400
    return render(
        request,
        "ground/activity.html",
        {
            "activity": act,
            "form": form,
            "links": links,
            "shifts": queries.open_shifts(request.user, act.contestant_id).filter(activity=act),
            "volunteer": Volunteer.objects.filter(user=request.user).first(),
        },
        status=status,
    )


@login_required
@permission_required(REPORT, raise_exception=True)
@require_POST
def join_shift(request, pk: int):
    shift = get_object_or_404(Shift, pk=pk)
    _activity_in_scope(request, shift.activity_id)
    volunteer = Volunteer.objects.filter(user=request.user).first()
    if volunteer is None:
        raise PermissionDenied
    try:
        actions.sign_up_for_shift(shift, volunteer, by=request.user)
        messages.success(request, _("Anda terdaftar di giliran ini."))
    except ValidationError as err:
        messages.error(request, " ".join(m for ms in err.message_dict.values() for m in ms))
    return redirect("ground:activity", pk=shift.activity_id)


# ---- assignments ------------------------------------------------------------------------


@login_required
@permission_required(VIEW, raise_exception=True)
def assignments(request):
    cid = _cid(request)
    form = AssignForm(request.POST or None)
    in_scope = volunteers_in_scope(request.user, cid)
    form.fields["volunteer"].choices, left_out = _volunteer_choices(request, cid)
    status = 200
    if request.method == "POST":
        if not request.user.has_perm(MANAGE):
            raise PermissionDenied
        if request.POST.get("expire"):
            n = actions.return_expired_assignments(by=request.user)
            messages.success(request, _("%(n)d penugasan dikembalikan.") % {"n": n})
            return redirect("ground:assignments")
        if form.is_valid():
            d = dict(form.cleaned_data)
            volunteer = get_object_or_404(in_scope, pk=d.pop("volunteer"))
            try:
                actions.assign_area(volunteer=volunteer, by=request.user, **d)
            except ValidationError as err:
                _errors_to_form(form, err)
            else:
                messages.success(request, _("Penugasan disimpan."))
                return redirect("ground:assignments")
        status = 400
    return render(
        request,
        "ground/assignments.html",
        {
            "form": form,
            "rows": queries.assignment_progress(request.user, cid),
            "search": _search(request, "relawan"),
            "left_out": left_out,
        },
        status=status,
    )


# ---- aspirations ------------------------------------------------------------------------


@login_required
@permission_required(VIEW, raise_exception=True)
def aspirations(request):
    cid = _cid(request)
    status = request.GET.get("status", "")
    qs = queries.aspirations_in_scope(request.user, cid)
    if status:
        qs = qs.filter(status=status)
    planks = list(Plank.objects.filter(contestant_id=cid).values_list("pk", "title"))
    return render(
        request,
        "ground/aspirations.html",
        {
            "aspirations": qs.order_by("priority", "-heard_at")[:100],
            "status": status,
            "planks": planks,
            "replies": queries.reply_times(request.user, cid),
            "categories": TriageForm.base_fields["category"].choices,
        },
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
@require_POST
def aspiration_update(request, pk: int, op: str):
    aspiration = get_object_or_404(queries.aspirations_in_scope(request.user, _cid(request)), pk=pk)
    forms_by_op = {"triage": TriageForm, "answer": AnswerForm, "plank": PlankLinkForm}
    if op not in forms_by_op:
        raise Http404
    form = forms_by_op[op](request.POST)
    if op == "plank":
        plank_field = form.fields["plank"]
        assert isinstance(plank_field, forms.ChoiceField)
        plank_field.choices = [
            ("", "—"),
            *list(
                Plank.objects.filter(contestant_id=aspiration.contestant_id).values_list(
                    "pk", "title"
                )
            ),
        ]
    if not form.is_valid():
        text = "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())  # type: ignore[arg-type]  # ErrorList yields str (its __getitem__ turns each ValidationError into text); django-stubs type __iter__ wider
        messages.error(request, text)
        return redirect("ground:aspirations")
    try:
        d = form.cleaned_data
        if op == "triage":
            actions.triage_aspiration(aspiration, by=request.user, **d)
        elif op == "answer":
            actions.answer_aspiration(aspiration, d["answer"], by=request.user)
        else:
            plank = Plank.objects.filter(pk=d["plank"]).first() if d["plank"] else None
            actions.link_aspiration_to_plank(aspiration, plank, by=request.user)
    except ValidationError as err:
        messages.error(request, " ".join(m for ms in err.message_dict.values() for m in ms))
    else:
        messages.success(request, _("Aspirasi diperbarui."))
    return redirect("ground:aspirations")


# ---- share kits -------------------------------------------------------------------------


@login_required
@permission_required(REPORT, raise_exception=True)
def share(request):
    volunteer = Volunteer.objects.filter(user=request.user).first()
    cid = volunteer.contestant_id if volunteer else _cid(request)
    form = ShareKitForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not request.user.has_perm(MANAGE):
            raise PermissionDenied
        if form.is_valid():
            try:
                actions.create_share_kit(contestant_id=cid, by=request.user, **form.cleaned_data)
            except ValidationError as err:
                _errors_to_form(form, err)
            else:
                return redirect("ground:share")
        status = 400
    kits = queries.active_share_kits(cid)
    codes = queries.share_codes_of(volunteer, kits) if volunteer is not None else {}
    rows = []
    for kit in kits:
        row = {"kit": kit, "link": "", "whatsapp": "", "can_link": volunteer is not None}
        if kit.pk in codes:
            url = request.build_absolute_uri(reverse("ground:click", args=[codes[kit.pk]]))
            row["link"] = url
            row["whatsapp"] = "https://wa.me/?text=" + quote(f"{kit.message} {url}")
        rows.append(row)
    return render(
        request,
        "ground/share.html",
        {
            "kits": rows,
            "form": form,
            "can_manage": request.user.has_perm(MANAGE),
        },
        status=status,
    )


@login_required
@permission_required(REPORT, raise_exception=True)
@require_POST
def make_share_link(request, pk: int):
    """Make the volunteer's own tracking link for a kit (a write, so only on POST)."""
    volunteer = Volunteer.objects.filter(user=request.user).first()
    if volunteer is None:
        raise PermissionDenied
    kit = get_object_or_404(
        ShareKit.objects.filter(contestant_id=volunteer.contestant_id, active=True), pk=pk
    )
    actions.share_link_for(kit, volunteer)
    return redirect(f"{reverse('ground:share')}#kit-{kit.pk}")


# Crawlers that fetch a shared link to draw its preview card: they are not people clicking.
# (``bot\b`` covers Twitterbot, TelegramBot, Slackbot, Googlebot …; ``preview`` Skype and Bing)
_LINK_PREVIEW = re.compile(
    r"whatsapp|facebookexternalhit|line/|kakaotalk|bot\b|crawler|spider|preview", re.IGNORECASE
)


@rate_limited("click", methods=("GET", "HEAD"), times=10)
def share_click(request, code: str):
    """A public tracking link: count the click (not a link preview's fetch), send the
    visitor on."""
    agent = request.headers.get("User-Agent", "")
    if request.method == "HEAD" or not agent or _LINK_PREVIEW.search(agent):
        target = queries.share_target(code)
    else:
        target = actions.record_click(code)
    if target is None:
        raise Http404
    return redirect(target)
