"""Research pages: surveys with toplines and crosstabs, the poll tracker and its backtest,
focus groups and findings. Thin: parse, check permission, call one action, render."""

from __future__ import annotations

import pydantic
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kampanye.core.charts import figure_json
from kampanye.core.tabular import BadFile, write_table
from kampanye.elections.models import Election
from kampanye.elections.queries import current_election
from kampanye.intel import actions, queries, tracker
from kampanye.intel.blocks import BLOCKS
from kampanye.intel.models import Mode, QuestionKind, Survey
from kampanye.intel.schemas import SurveyIn, WeightingIn, errors_of

USE = "kampanye.use_research"
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


@login_required
@permission_required(USE, raise_exception=True)
def index(request):
    return render(
        request,
        "intel/index.html",
        {
            "surveys": queries.surveys(),
            "findings": queries.findings(),
            "focus_groups": queries.focus_groups(),
        },
    )


@login_required
@permission_required(USE, raise_exception=True)
def new_survey(request):
    """Define a survey from ready blocks; its own questions come through the API or admin."""
    errors: dict[str, str] = {}
    if request.method == "POST":
        data = {
            k: v
            for k, v in request.POST.items()
            if v and k not in ("csrfmiddlewaretoken", "blocks")
        }
        data["blocks"] = request.POST.getlist("blocks")
        try:
            payload = SurveyIn.model_validate(data)
            with transaction.atomic():
                created = actions.create_survey(payload, request.user)
            return redirect("intel:survey", slug=created.slug)
        except pydantic.ValidationError as err:
            errors = errors_of(err)
        except ValidationError as err:
            errors = {k: " ".join(v) for k, v in err.message_dict.items()}
    return render(
        request,
        "intel/new_survey.html",
        {
            "errors": errors,
            "values": request.POST,
            "blocks": BLOCKS,
            "modes": Mode.choices,
            "elections": Election.objects.order_by("-pk"),
        },
    )


def _choice(survey: Survey, name: str | None):
    if not name:
        return None
    return survey.questions.filter(
        name=name, kind__in=[QuestionKind.SINGLE, QuestionKind.LIKERT, QuestionKind.MULTIPLE]
    ).first()


@login_required
@permission_required(USE, raise_exception=True)
def survey(request, slug: str):
    s = get_object_or_404(Survey, slug=slug)
    choice_questions = list(s.questions.filter(kind__in=queries.CHOICE_KINDS))
    question = _choice(s, request.GET.get("q")) or (
        choice_questions[0] if choice_questions else None
    )
    by = [q for q in (_choice(s, n) for n in request.GET.getlist("by")[:2]) if q is not None]
    by = [q for q in by if q.kind != QuestionKind.MULTIPLE and q != question]
    wanted = request.GET.get("bobot")  # none: the latest weights; 0: unweighted
    if wanted is None:
        weights = s.weight_sets.order_by("-version").first()
    else:
        weights = s.weight_sets.filter(version=int(wanted)).first() if wanted.isdigit() else None
    result = queries.table(s, question, by, weights) if question else None
    if result and question and request.GET.get("format") in ("csv", "xlsx"):
        fmt = request.GET["format"]
        headers, rows = queries.table_rows(result)
        response = HttpResponse(
            write_table(headers, rows, fmt),
            content_type="text/csv"
            if fmt == "csv"
            else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{s.slug}-{question.name}.{fmt}"'
        return response
    text_questions = s.questions.filter(kind=QuestionKind.TEXT)
    return render(
        request,
        "intel/survey.html",
        {
            "survey": s,
            "questions": choice_questions,
            "question": question,
            "by_names": [q.name for q in by],
            "weights": weights,
            "weight_sets": queries.weight_sets(s),
            "table": result,
            "figure": _table_figure(result) if result else None,
            "charts": bool(result),
            "suggested": queries.suggested_margins(s),
            "open_answers": [(q, queries.open_answers(s, q, limit=20)) for q in text_questions],
        },
    )


def _table_figure(t: queries.Table) -> str:
    data = []
    for col in t.columns:
        if col.too_few:
            continue
        data.append(
            {
                "type": "bar",
                "name": col.label,
                "x": [c.label for c in col.cells],
                "y": [round(100 * c.share, 1) for c in col.cells],
                "error_y": {
                    "type": "data",
                    "symmetric": False,
                    "array": [round(100 * (c.upper - c.share), 1) for c in col.cells],
                    "arrayminus": [round(100 * (c.share - c.lower), 1) for c in col.cells],
                },
            }
        )
    return figure_json(data, {"barmode": "group", "yaxis": {"title": {"text": "%"}}})


@login_required
@permission_required(USE, raise_exception=True)
@require_POST
def upload(request, slug: str):
    s = get_object_or_404(Survey, slug=slug)
    upload = request.FILES.get("file")
    if upload is None or upload.size > MAX_UPLOAD_BYTES:
        messages.error(request, _("Pilih berkas (paling besar 50 MB)."))
        return redirect("intel:survey", slug=slug)
    try:
        report = actions.import_responses(s, upload.read(), upload.name, request.user)
    except BadFile as error:
        messages.error(request, str(error))
        return redirect("intel:survey", slug=slug)
    return render(request, "intel/import_report.html", {"survey": s, "report": report})


@login_required
@permission_required(USE, raise_exception=True)
@require_POST
def weigh(request, slug: str):
    """Rake to the suggested margins (the DPT by wilayah) with the trim the form gives."""
    s = get_object_or_404(Survey, slug=slug)
    try:
        data = WeightingIn.model_validate(
            {
                "margins": queries.suggested_margins(s),
                "trim": [0.3, 3.0] if request.POST.get("trim") else None,
            }
        )
        ws = actions.weight_survey(s, data, request.user)
    except (ValidationError, ValueError) as error:
        messages.error(request, "; ".join(getattr(error, "messages", [str(error)])))
        return redirect("intel:survey", slug=slug)
    messages.success(request, _("Bobot v%(v)d disimpan.") % {"v": ws.version})
    return redirect(f"{reverse('intel:survey', args=[slug])}?bobot={ws.version}")


@login_required
@permission_required(USE, raise_exception=True)
def polls(request):
    election = current_election(request.GET.get("pemilihan"))
    if election is None:
        return render(
            request, "intel/index.html", {"surveys": [], "findings": [], "focus_groups": []}
        )
    number = 2 if request.GET.get("putaran") == "2" else 1
    track = tracker.tracker(election, number)
    return render(
        request,
        "intel/polls.html",
        {
            "election": election,
            "number": number,
            "track": track,
            "backtest": tracker.backtest(election, number),
            "figure": _tracker_figure(track),
            "charts": True,
        },
    )


def _tracker_figure(track: tracker.Tracker) -> str:
    data = []
    days = [p.day.isoformat() for p in track.points]
    for i, c in enumerate(track.setup.contestants):
        upper = [round(100 * p.upper[i], 1) for p in track.points]
        lower = [round(100 * p.lower[i], 1) for p in track.points]
        data.append({"type": "scatter", "x": days + days[::-1], "y": upper + lower[::-1],
                     "fill": "toself", "line": {"width": 0}, "opacity": 0.2,
                     "fillcolor": c.color, "name": _("%(c)s rentang 95 %%") % {"c": c.short},
                     "hoverinfo": "skip"})  # fmt: skip
        data.append({"type": "scatter", "mode": "lines", "x": days,
                     "y": [round(100 * p.shares[i], 1) for p in track.points],
                     "line": {"color": c.color},
                     "name": _("%(c)s agregat") % {"c": c.short}})  # fmt: skip
        data.append({"type": "scatter", "mode": "lines", "x": days,
                     "y": [round(100 * p.baseline[i], 1) for p in track.points],
                     "line": {"color": c.color, "dash": "dot"},
                     "name": _("%(c)s rata-rata polos") % {"c": c.short}})  # fmt: skip
        if c.pk in track.setup.actual and track.setup.voting_day:
            data.append({"type": "scatter", "mode": "markers",
                         "x": [track.setup.voting_day.isoformat()],
                         "y": [round(100 * track.setup.actual[c.pk], 1)],
                         "marker": {"color": c.color, "size": 14, "symbol": "star"},
                         "name": _("Hasil %(c)s") % {"c": c.short}})  # fmt: skip
    return figure_json(data, {"yaxis": {"title": {"text": _("% suara sah")}}})
