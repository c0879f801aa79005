"""Pages of the social front: the listening dashboard, its CSV export and the queries."""

from __future__ import annotations

import csv
from functools import lru_cache
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.forms import ModelChoiceField
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from kampanye.core.charts import figure_json
from kampanye.core.tabular import csv_cells
from kampanye.elections.models import Contestant
from kampanye.elections.queries import contestant_color, current_election
from kampanye.nlp import load_issues
from kampanye.social import actions, focus, queries
from kampanye.social.focus import Focus
from kampanye.social.forms import DashboardFilter, LabelForm, QueryForm
from kampanye.social.models import Platform

PLATFORM_NAMES = dict(Platform.choices)

PERM = "kampanye.use_social_listening"


def _filters(request) -> tuple[DashboardFilter, queries.Filters | None, Focus]:
    data = request.GET.copy()
    if not data.get("pemilihan"):
        current = current_election()
        if current is not None:
            data["pemilihan"] = current.slug  # shown as chosen, not as "---------"
    form = DashboardFilter(data)
    clean = form.cleaned_data if form.is_valid() else {}
    election = clean.get("pemilihan") or current_election()
    narrow = Focus(
        sentiment=clean.get("sentimen", ""),
        issue=clean.get("isu", ""),
        keyword=clean.get("kata", "").strip(),
        area=clean.get("wilayah", "").strip(),
    )
    if election is None:
        return form, None, narrow
    paslon = form.fields["paslon"]
    assert isinstance(paslon, ModelChoiceField)
    paslon.queryset = election.contestants.all()
    return (
        form,
        queries.Filters(
            election=election,
            contestants=tuple(c.pk for c in clean.get("paslon") or []),
            start=clean.get("dari"),
            end=clean.get("sampai"),
            platforms=tuple(clean.get("platform") or ()),
        ),
        narrow,
    )


@lru_cache(maxsize=1)
def _issue_names() -> dict[str, str]:
    return {issue.code: issue.name for issue in load_issues()}


def _timeline_figure(series: list[queries.Series]) -> str:
    data: list[dict[str, Any]] = []
    for s in series:
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": s.contestant.short,
                "x": [d.isoformat() for d in s.days],
                "y": s.counts,
                "line": {"color": contestant_color(s.contestant)},
            }
        )
        spikes = [i for i, flag in enumerate(s.spikes) if flag]
        if spikes:
            data.append(
                {
                    "type": "scatter",
                    "mode": "markers",
                    "showlegend": False,
                    "name": _("lonjakan") + " " + s.contestant.short,
                    "x": [s.days[i].isoformat() for i in spikes],
                    "y": [s.counts[i] for i in spikes],
                    "marker": {
                        "symbol": "triangle-up",
                        "size": 11,
                        "color": contestant_color(s.contestant),
                    },
                }
            )
    return figure_json(data, {"yaxis": {"title": _("penyebutan per hari (WIB)")}})


def _share_figure(voice: queries.Voice) -> str:
    """Each pair's share of mentions, reach and engagement, one bar per pair in its colour."""
    measures = (
        (_("penyebutan"), voice.mentions, lambda r: r.mentions),
        (_("jangkauan"), voice.reach, lambda r: r.reach),
        (_("keterlibatan"), voice.engagement, lambda r: r.engagement),
    )
    data: list[dict[str, Any]] = [
        {
            "type": "bar",
            "name": r.contestant.short,
            "x": [label for label, _total, _value in measures],
            "y": [value(r) / total if total else 0 for _label, total, value in measures],
            "marker": {"color": contestant_color(r.contestant)},
        }
        for r in voice.rows
    ]
    return figure_json(data, {"barmode": "group", "yaxis": {"tickformat": ".0%"}})


@login_required
@permission_required(PERM, raise_exception=True)
def dashboard(request):
    """The shell: the filters and the cheap figures; the costly ones (``PANELS``) load after
    it, each in its own request (``panel``), so that no request sums them all."""
    form, f, narrow = _filters(request)
    if f is None:
        return render(request, "social/dashboard.html", {"form": form, "empty": True})
    series = focus.timeline(f, narrow) if narrow else queries.timeline(f)
    voice = focus.share_of_voice(f, narrow) if narrow else queries.share_of_voice(f)
    context = {
        "form": form,
        "filters": f,
        "focus": narrow,
        "voice": voice,
        "charts": True,
        "timeline": _timeline_figure(series),
        "spikes": sorted(  # newest first: the list answers "what happened lately?"
            (
                (s.contestant, d, n)
                for s in series
                for d, n, flag in zip(s.days, s.counts, s.spikes, strict=True)
                if flag
            ),
            key=lambda spike: (spike[1], spike[0].ballot_no),
            reverse=True,
        ),
        "share": _share_figure(voice),
        "platforms": [
            {**row, "name": PLATFORM_NAMES.get(row["platform"], row["platform"])}
            for row in queries.engagement_by_platform(f)
        ],
        "news": queries.news_stories(f),
        "query_string": _query_string(request),
        "ranked_query": _query_string(request, urut=_ranking(request)),
    }
    return render(request, "social/dashboard.html", context)


def _query_string(request, **extra: str) -> str:
    """The page's filters without the influencers' ordering (links add their own), and
    ``extra``."""
    params = request.GET.copy()
    params.pop("urut", None)
    params.update(extra)
    return params.urlencode()


def _ranking(request) -> str:
    """The influencers' ordering asked for (``urut``), PageRank when absent or unknown."""
    by = request.GET.get("urut", "pagerank")
    return by if by in queries.RANKINGS else "pagerank"


# --- panels: the figures that cost most at ten million posts, each its own request --------


def _reach_panel(request, f: queries.Filters) -> dict:
    return {"reach": queries.reach(f)}


def _influencers_panel(request, f: queries.Filters) -> dict:
    return {
        "influence": queries.influencers(f, _ranking(request)),
        "rankings": [(key, str(name)) for key, name in queries.RANKINGS.items()],
    }


def _issues_panel(request, f: queries.Filters) -> dict:
    return {"issues": [(_issue_names().get(code, code), n) for code, n in queries.top_issues(f)]}


def _hashtags_panel(request, f: queries.Filters) -> dict:
    return {"hashtags": queries.top_hashtags(f)}


def _samples_panel(request, f: queries.Filters) -> dict:
    return {"samples": queries.sample_posts(f)}


# name in the URL -> the panel's figure; its template is ``social/_panel_<name>.html``
PANELS = {
    "jangkauan": _reach_panel,
    "pengaruh": _influencers_panel,
    "isu": _issues_panel,
    "tagar": _hashtags_panel,
    "contoh": _samples_panel,
}


@login_required
@permission_required(PERM, raise_exception=True)
def panel(request, name: str):
    """One panel of the dashboard, for the same filters: the bare fragment for HTMX, a page
    around it otherwise (the link in the placeholder, without JavaScript)."""
    figure = PANELS.get(name)
    if figure is None:
        raise Http404(_("Panel tidak dikenal."))
    _form, f, _focus = _filters(request)
    context = {
        "name": name,
        "template": f"social/_panel_{name}.html",
        "query_string": _query_string(request),
    }
    if f is None:
        context["template"] = "social/_panel_empty.html"
    else:
        context.update(figure(request, f))
    template = context["template"] if request.htmx else "social/_panel_page.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_required
@permission_required(PERM, raise_exception=True)
def export(request):
    """The daily aggregates as CSV; ``?tabel=pengaruh`` the 100 first influencers instead."""
    _form, f, _focus = _filters(request)
    influencers = request.GET.get("tabel") == "pengaruh"
    name = "media-sosial-pengaruh.csv" if influencers else "media-sosial.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    if influencers:
        writer.writerow(queries.INFLUENCER_COLUMNS)
        if f is not None:
            writer.writerows(map(csv_cells, queries.influencer_rows(f, _ranking(request))))
        return response
    writer.writerow(queries.EXPORT_COLUMNS)
    if f is not None:
        writer.writerows(map(csv_cells, queries.export_rows(f)))
    return response


@login_required
@permission_required(PERM, raise_exception=True)
def contestant_queries(request):
    election = current_election()
    current = actions.current_queries(election) if election else {}
    rows = [
        (c, current[c.pk], QueryForm(initial={"text": current[c.pk].text}, prefix=str(c.pk)))
        for c in (election.contestants.all() if election else [])
    ]
    return render(request, "social/queries.html", {"rows": rows, "election": election})


@login_required
@permission_required(PERM, raise_exception=True)
def edit_query(request, contestant_id: int):
    contestant = get_object_or_404(Contestant, pk=contestant_id)
    form = QueryForm(request.POST or None, prefix=str(contestant.pk))
    if request.method == "POST" and form.is_valid():
        try:
            query = actions.save_query(request.user, contestant, form.cleaned_data["text"])
        except ValidationError as err:
            form.add_error("text", err.message_dict["text"])
        else:
            messages.success(
                request,
                _("Kueri %(c)s disimpan (versi %(v)s).")
                % {"c": contestant.short, "v": query.version},
            )
            return redirect("social:queries")
    return render(request, "social/query_edit.html", {"form": form, "contestant": contestant})


# --- buzzer watch and labelling queue -----------------------------------------------------

LABEL_PERM = "kampanye.label_posts"


@login_required
@permission_required(PERM, raise_exception=True)
def coordination(request):
    from kampanye.social.forms import CoordinationForm

    form = CoordinationForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    election = data.get("pemilihan") or current_election()
    context = {"form": form, "election": election}
    if election is not None and (not form.is_bound or form.is_valid()):
        defaults = queries.CoordinationParams()
        window = data.get("jendela") if form.is_bound else defaults.window
        params = queries.CoordinationParams(
            window=window,
            min_weight=data.get("bobot_min") or defaults.min_weight,
            kinds=tuple(data.get("jenis") or defaults.kinds),
            threshold=data.get("kemiripan") or defaults.threshold,
            review_score=data["ambang"]
            if data.get("ambang") is not None
            else defaults.review_score,
        )
        f = queries.Filters(
            election=election,
            start=data.get("dari"),
            end=data.get("sampai"),
            platforms=tuple(data.get("platform") or ()),
        )
        context.update(params=params, report=queries.coordination(f, params))
    return render(request, "social/coordination.html", context)


def _label_forms(post, data=None):
    issues = sorted(_issue_names().items(), key=lambda kv: kv[1])
    return [
        (m.contestant, LabelForm(data, prefix=f"c{m.contestant_id}", issues=issues))
        for m in post.mentions.select_related("contestant").order_by("contestant__ballot_no")
    ]


@login_required
@permission_required(LABEL_PERM, raise_exception=True)
def label(request):
    from kampanye.social.labelling import LabelIn, save_labels
    from kampanye.social.models import Post

    election = current_election()
    if request.method == "POST":
        post_id = request.POST.get("post", "")
        post = get_object_or_404(Post, pk=int(post_id) if post_id.isdigit() else 0)
        forms = _label_forms(post, request.POST)
        if all(form.is_valid() for _c, form in forms):
            save_labels(
                request.user,
                post,
                [
                    LabelIn(c.pk, form.cleaned_data["label"], form.cleaned_data["issue"])
                    for c, form in forms
                ],
            )
            if not request.htmx:
                return redirect("social:label")
        else:
            return render(request, _label_template(request), _label_context(post, forms))
    queue = queries.label_queue(election, request.user) if election else []
    post = queue[0] if queue else None
    return render(
        request, _label_template(request), _label_context(post, _label_forms(post) if post else [])
    )


def _label_template(request) -> str:
    return "social/_label_card.html" if request.htmx else "social/label.html"


def _label_context(post, forms) -> dict:
    return {
        "post": post,
        "forms": forms,
        "text": queries.highlighted_text(post) if post else "",
    }


@login_required
@permission_required(LABEL_PERM, raise_exception=True)
def label_agreement(request):
    election = current_election()
    context = {
        "election": election,
        "pairs": queries.agreement(election) if election else [],
        "counts": queries.label_counts(election) if election else {},
    }
    return render(request, "social/label_agreement.html", context)


@login_required
@permission_required(LABEL_PERM, raise_exception=True)
def label_export(request):
    import tempfile
    from pathlib import Path

    from kampanye.social.labelling import write_training_csv

    election = current_election()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "label.csv"
        write_training_csv(path, election, spreadsheet=True)
        body = path.read_bytes()
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="label-sentimen.csv"'
    return response
