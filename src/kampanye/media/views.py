"""Pages of the media centre: the coverage dashboard with the darling index, coverage,
outlets, contacts, meetings and the press agenda.

Each form posts its fields as they are; the one schema of ``kampanye.media.schemas`` reads
them inside the action, and its ``{field: [messages]}`` come back beside the form.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kampanye.core.charts import figure_json
from kampanye.elections.models import Contestant, Round
from kampanye.elections.queries import current_election
from kampanye.media import actions, queries
from kampanye.media.models import (
    Agenda,
    ContactRole,
    CoverageItem,
    FollowUp,
    ItemType,
    Mention,
    NewsHook,
    Outlet,
    OutletType,
    PressEvent,
    Reach,
    Tone,
)
from kampanye.product.models import Plank
from kampanye.volunteers.queries import campaign_of

USE = "kampanye.use_media_centre"
AMEC = gettext_lazy(
    "AMEC, Barcelona Principles: AVE bukan nilai komunikasi; ia hanya harga ruang/waktu iklan "
    "yang setara, tidak mengukur dampak. Item negatif dan berbayar tidak dihitung."
)


def _campaign(request) -> Contestant:
    contestant = campaign_of(request.user)
    if contestant is None:
        raise Http404(_("Belum ada pasangan calon."))
    return contestant


def _filters(request) -> tuple[queries.Filters, dict[str, Any]]:
    election = current_election(request.GET.get("pemilihan") or None)
    if election is None:
        raise Http404(_("Belum ada pemilihan."))
    rounds = list(Round.objects.filter(election=election).order_by("number"))
    chosen = request.GET.get("putaran", "")
    start = end = None
    for r in rounds:
        if str(r.number) == chosen:
            start, end = r.campaign_start, r.voting_day
    kind = request.GET.get("jenis", "")
    kind = kind if kind in OutletType.values else ""
    f = queries.Filters(election, start, end, kind)
    return f, {"rounds": rounds, "round": chosen, "kind": kind, "kinds": OutletType.choices}


def _csv(name: str, header: list[str], rows: list[list[Any]]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


def _share(x: float | None) -> float | None:
    return None if x is None else round(100 * x, 1)


@login_required
@permission_required(USE, raise_exception=True)
def dashboard(request):
    f, ctx = _filters(request)
    pairs = queries.pair_figures(f)
    trend = queries.darling_trend(f)
    owners = queries.by_owner_group(f)
    names = {p.contestant_id: p.short for p in pairs}
    export = request.GET.get("csv")
    show_ave = request.GET.get("ave") == "1"  # off unless asked for (AMEC)
    aves = queries.ave(f) if show_ave or export == "ave" else []
    if export == "ave":
        return _csv(
            "media-ave",
            ["pasangan", "ave_idr", "item_dengan_tarif", "item_tanpa_tarif", "catatan"],
            [[a.short, a.value_idr, a.with_rate, a.without_rate, str(AMEC)] for a in aves],
        )
    if export == "pasangan":
        return _csv(
            "media-pasangan",
            ["pasangan", "penempatan", "cerita", "earned", "berbayar", "positif", "netral",
             "negatif", "indeks_darling_pct", "share_of_voice_pct", "biaya_berbayar_idr",
             "jangkauan_berbayar"],
            [[p.short, p.placements, p.stories, p.earned, p.paid, p.positive, p.neutral,
              p.negative, _share(p.darling_index), _share(p.share_of_voice), p.cost_idr,
              p.paid_reach]
             for p in pairs],
        )  # fmt: skip
    if export == "tren":
        return _csv(
            "media-tren-darling",
            ["pekan", "pasangan", "penempatan", "earned_tidak_negatif", "indeks_darling_pct"],
            [[w.week, names[w.contestant_id], w.placements, w.earned_not_negative,
              _share(w.darling_index)] for w in trend],
        )  # fmt: skip
    if export == "pemilik":
        return _csv(
            "media-grup-pemilik",
            ["grup", "pasangan", "penempatan", "nada_bersih", "afiliasi_pemilik", "sumber"],
            [[o.owner, names[cid], n, round(tone, 3) if tone is not None else "",
              o.ties_note, o.ties_source]
             for o in owners for cid, (n, tone) in o.by_pair.items()],
        )  # fmt: skip
    return render(
        request,
        "media/dashboard.html",
        {
            **ctx,
            "charts": True,
            "election": f.election,
            "pairs": pairs,
            "shown": [p for p in pairs if p.placements],
            "owner_rows": [
                (o, [o.by_pair.get(p.contestant_id) for p in pairs if p.placements]) for o in owners
            ],
            "figures": _charts(pairs, trend, names),
            "trend_rows": [
                (p, [w for w in trend if w.contestant_id == p.contestant_id])
                for p in pairs
                if p.placements
            ],
            "query": request.GET.urlencode(),
            "show_ave": show_ave,
            "aves": aves,
            "amec": AMEC,
        },
    )


def _charts(pairs, trend, names) -> dict[str, str]:
    """The dashboard's figures as Plotly charts (every number comes from ``queries``)."""
    shown = [p for p in pairs if p.placements]
    x = [p.short for p in shown]
    lines = []
    for p in shown:
        points = [w for w in trend if w.contestant_id == p.contestant_id]
        lines.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": p.short,
                "line": {"color": p.color},
                "x": [w.week.isoformat() for w in points],
                "y": [_share(w.darling_index) for w in points],
                "text": [f"{w.earned_not_negative}/{w.placements}" for w in points],
            }
        )
    return {
        "darling": figure_json(
            [
                {"type": "bar", "name": _("indeks media darling (%)"), "x": x,
                 "y": [_share(p.darling_index) for p in shown]},
                {"type": "bar", "name": _("pembanding: share of voice (%)"), "x": x,
                 "y": [_share(p.share_of_voice) for p in shown], "opacity": 0.5},
            ],
            {"barmode": "group", "yaxis": {"range": [0, 100]}},
        ),
        "trend": figure_json(lines, {"yaxis": {"range": [0, 100], "title": "%"}}),
        "tone": figure_json(
            [
                {"type": "bar", "name": str(label), "x": x, "y": [getattr(p, attr) for p in shown],
                 "marker": {"color": color}}
                for label, attr, color in (
                    (Tone.NEGATIVE.label, "negative", "#d62728"),
                    (Tone.NEUTRAL.label, "neutral", "#aaaaaa"),
                    (Tone.POSITIVE.label, "positive", "#2ca02c"),
                )
            ],
            {"barmode": "stack"},
        ),
    }  # fmt: skip


# -- coverage ----------------------------------------------------------------------------


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@login_required
@permission_required(USE, raise_exception=True)
def coverage(request):
    """The items behind a figure (``?pasangan=ID&pekan=YYYY-MM-DD``) and logging one by hand."""
    f, ctx = _filters(request)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        data = {
            "outlet_id": request.POST.get("outlet_id"),
            "published_on": request.POST.get("published_on"),
            "title": request.POST.get("title", ""),
            "url": request.POST.get("url", ""),
            "kind": request.POST.get("kind") or ItemType.HARD_NEWS,
            "paid": request.POST.get("paid") == "on",
            "cost_idr": request.POST.get("cost_idr") or 0,
            "mentions": [
                {"contestant_id": cid, "tone": request.POST.get(f"tone_{cid}") or None}
                for cid in request.POST.getlist("contestants")
            ],
        }
        try:
            with transaction.atomic():
                item, _outcome = actions.record_coverage(data, by=request.user)
            messages.success(request, _("Liputan dicatat."))
            return redirect("media:item", pk=item.pk)
        except ValidationError as err:
            errors = err.message_dict
    pair = _int(request.GET.get("pasangan"))
    week = None
    with contextlib.suppress(ValueError):
        week = dt.date.fromisoformat(request.GET.get("pekan", ""))
    if pair is not None:
        items = queries.items_behind(f, pair, week)
    else:
        mentions = f.mentions().values("item_id")
        items = (
            CoverageItem.objects.filter(pk__in=mentions)
            .select_related("outlet")
            .prefetch_related("mentions__contestant")
        )
    return render(
        request,
        "media/coverage.html",
        {
            **ctx,
            "items": items[:200],
            "total": items.count(),
            "pair": Contestant.objects.filter(pk=pair).first() if pair else None,
            "week": week,
            "errors": errors,
            "form": request.POST,
            "outlets": Outlet.objects.all(),
            "contestants": Contestant.objects.filter(election=f.election).order_by("ballot_no"),
            "item_kinds": ItemType.choices,
            "tones": Tone.choices,
            "today": timezone.localdate(),
        },
    )


@login_required
@permission_required(USE, raise_exception=True)
def training(request):
    """People's tone corrections as ``text,label`` rows to retrain the sentiment model."""
    f, _ctx = _filters(request)
    rows = [list(r) for r in queries.training_rows(f.election)]
    return _csv("label-nada-media", ["text", "label"], rows)


@login_required
@permission_required(USE, raise_exception=True)
def item(request, pk: int):
    it = get_object_or_404(
        CoverageItem.objects.select_related("outlet", "outlet__owner", "event"), pk=pk
    )
    return render(
        request,
        "media/item.html",
        {
            "item": it,
            "mentions": it.mentions.select_related("contestant", "corrected_by"),
            "tones": Tone.choices,
            "syndicated": CoverageItem.objects.filter(story=it.story)
            .exclude(pk=it.pk)
            .select_related("outlet"),
        },
    )


@login_required
@permission_required(USE, raise_exception=True)
@require_POST
def correct_tone(request, pk: int):
    mention = get_object_or_404(Mention.objects.select_related("item"), pk=pk)
    try:
        with transaction.atomic():
            actions.correct_tone(mention, _int(request.POST.get("tone")) or 0, by=request.user)
        messages.success(request, _("Nada dikoreksi."))
    except ValidationError as err:
        messages.error(request, " ".join(err.messages))
    return redirect("media:item", pk=mention.item_id)


# -- outlets ------------------------------------------------------------------------------


@login_required
@permission_required(USE, raise_exception=True)
def outlets(request):
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        data = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken" and v != ""}
        try:
            with transaction.atomic():
                outlet = actions.save_outlet(data, by=request.user)
            return redirect("media:outlet", pk=outlet.pk)
        except ValidationError as err:
            errors = err.message_dict
    return render(
        request,
        "media/outlets.html",
        {
            "outlets": Outlet.objects.select_related("owner", "area"),
            "errors": errors,
            "form": request.POST,
            "kinds": OutletType.choices,
            "reaches": Reach.choices,
        },
    )


@login_required
@permission_required(USE, raise_exception=True)
def outlet(request, pk: int):
    o = get_object_or_404(Outlet.objects.select_related("owner", "area"), pk=pk)
    return render(
        request,
        "media/outlet.html",
        {
            "outlet": o,
            "items": o.items.prefetch_related("mentions__contestant")[:100],
            "contacts": queries.contacts_in_scope(request.user).filter(outlet=o),
            "by_pair": queries.outlet_pairs(o),
        },
    )


# -- contacts and meetings ---------------------------------------------------------------


@login_required
@permission_required(USE, raise_exception=True)
def contacts(request):
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        data = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
        data["consent"] = request.POST.get("consent") == "on"
        try:
            with transaction.atomic():
                c = actions.add_contact(data, contestant=_campaign(request), by=request.user)
            return redirect("media:contact", pk=c.pk)
        except ValidationError as err:
            errors = err.message_dict
    return render(
        request,
        "media/contacts.html",
        {
            "contacts": queries.contacts_in_scope(request.user),
            "errors": errors,
            "form": request.POST,
            "outlets": Outlet.objects.all(),
            "roles": ContactRole.choices,
        },
    )


@login_required
@permission_required(USE, raise_exception=True)
def contact(request, pk: int):
    c = get_object_or_404(queries.contacts_in_scope(request.user), pk=pk)
    return render(
        request,
        "media/contact.html",
        {
            "contact": c,
            "health": queries.contact_health(c, timezone.localdate()),
            "meetings": c.meetings.prefetch_related("follow_ups"),
            "agenda": dict(Agenda.choices),
        },
    )


@login_required
@permission_required(USE, raise_exception=True)
def meetings(request):
    campaign = _campaign(request)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        follow_up = request.POST.get("follow_up", "").strip()
        data = {
            "held_on": request.POST.get("held_on"),
            "contact_ids": request.POST.getlist("contacts"),
            "agenda": request.POST.getlist("agenda"),
            "notes": request.POST.get("notes", ""),
            "expectations": request.POST.get("expectations", ""),
            "plank_id": request.POST.get("plank_id") or None,
            "follow_ups": [
                {
                    "text": follow_up,
                    "due_on": request.POST.get("due_on"),
                    "owner_id": request.user.pk,
                }
            ]
            if follow_up
            else [],
        }
        try:
            with transaction.atomic():
                actions.log_meeting(data, contestant=campaign, by=request.user)
            messages.success(request, _("Pertemuan dicatat."))
            return redirect("media:meetings")
        except ValidationError as err:
            errors = err.message_dict
    visible = queries.meetings_in_scope(request.user)
    return render(
        request,
        "media/meetings.html",
        {
            "meetings": visible[:100],
            "agenda_counts": queries.agenda_counts(visible),
            "agenda": Agenda.choices,
            "agenda_names": dict(Agenda.choices),
            "contacts": queries.contacts_in_scope(request.user).filter(contestant=campaign),
            "planks": Plank.objects.filter(contestant=campaign),
            "errors": errors,
            "form": request.POST,
            "today": timezone.localdate(),
        },
    )


@login_required
@permission_required(USE, raise_exception=True)
@require_POST
def follow_up_done(request, pk: int):
    fu = get_object_or_404(
        FollowUp.objects.filter(meeting__in=queries.meetings_in_scope(request.user)), pk=pk
    )
    with transaction.atomic():
        actions.complete_follow_up(fu, by=request.user)
    return redirect("media:meetings")


@login_required
@permission_required(USE, raise_exception=True)
def events(request):
    campaign = _campaign(request)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        data = {
            "kind": request.POST.get("kind"),
            "title": request.POST.get("title", ""),
            "held_on": request.POST.get("held_on"),
            "hooks": request.POST.getlist("hooks"),
            "area_code": request.POST.get("area_code", ""),
            "cost_idr": request.POST.get("cost_idr") or 0,
        }
        try:
            with transaction.atomic():
                actions.add_press_event(data, contestant=campaign, by=request.user)
            return redirect("media:events")
        except ValidationError as err:
            errors = err.message_dict
    return render(
        request,
        "media/events.html",
        {
            "events": queries.events_with_coverage(campaign),
            "kinds": PressEvent.Kind.choices,
            "hooks": NewsHook.choices,
            "hook_names": dict(NewsHook.choices),
            "errors": errors,
            "form": request.POST,
        },
    )
