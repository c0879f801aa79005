"""Pages of the planner: scenario list and editor, run progress and results, comparison."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kampanye.elections.models import Election
from kampanye.planner import actions, queries, tasks
from kampanye.planner.forms import AllocationFormSet, RunForm, ScenarioForm
from kampanye.planner.models import Run, Scenario

USE = "kampanye.use_planner"
OBJECTIVE_CHOICES = actions.OBJECTIVE_CHOICES


@login_required
@permission_required(USE, raise_exception=True)
def index(request):
    return render(request, "planner/index.html", {"scenarios": queries.scenarios()})


def _rows(formset) -> list[actions.AllocationIn]:
    rows = []
    for form in formset:
        d = form.cleaned_data
        if not d or not d.get("channel"):
            continue
        rows.append(
            actions.AllocationIn(
                channel=d["channel"],
                budget_idr=d.get("budget_idr") or 0,
                volunteer_hours=d.get("volunteer_hours") or 0,
                area_code=(d.get("area_code") or "").strip(),
                segment_slug=(d.get("segment_slug") or "").strip(),
            )
        )
    return rows


def _initial(scenario: Scenario | None) -> tuple[dict, list[dict]]:
    if scenario is None:
        return {"budget_idr": 0, "volunteer_hours": 0}, []
    head = {
        "name": scenario.name,
        "contestant": scenario.contestant_id,
        "budget_idr": scenario.budget_idr,
        "volunteer_hours": scenario.volunteer_hours,
        "description": scenario.description,
    }
    rows = [
        {
            "channel": a.channel,
            "area_code": a.area.code if a.area else "",
            "segment_slug": a.segment.slug if a.segment else "",
            "budget_idr": a.budget_idr,
            "volunteer_hours": a.volunteer_hours,
        }
        for a in scenario.allocations.select_related("area", "segment")
    ]
    return head, rows


@login_required
@permission_required(USE, raise_exception=True)
def edit(request, pk: int | None = None):
    """Create or change a scenario: its totals and its allocation rows."""
    scenario = get_object_or_404(Scenario, pk=pk) if pk else None
    election: Election | None
    if scenario:
        election = scenario.election
    else:
        slug = request.GET.get("pemilihan")
        election = (
            Election.objects.filter(slug=slug).first()
            if slug
            else Election.objects.order_by("slug").first()
        )
        if election is None:
            raise Http404(_("Belum ada pemilihan di basis data."))
    head, rows = _initial(scenario)
    form = ScenarioForm(request.POST or None, initial=head, election=election)
    formset = AllocationFormSet(request.POST or None, initial=rows, prefix="baris")
    status = 200
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            d = form.cleaned_data
            data = actions.ScenarioIn(
                name=d["name"],
                contestant_id=d["contestant"].pk,
                budget_idr=d["budget_idr"],
                volunteer_hours=d["volunteer_hours"],
                description=d["description"],
            )
            try:
                saved = actions.save_scenario(
                    request.user, election, data, _rows(formset), scenario
                )
            except ValidationError as err:
                for name, msgs in err.message_dict.items():
                    for msg in msgs:
                        form.add_error(name if name in form.fields else None, msg)
            else:
                messages.success(request, _("Skenario tersimpan."))
                return redirect("planner:detail", pk=saved.pk)
        status = 400
    return render(
        request,
        "planner/edit.html",
        {
            "form": form,
            "formset": formset,
            "scenario": scenario,
            "election": election,
        },
        status=status,
    )


@login_required
@permission_required(USE, raise_exception=True)
def detail(request, pk: int):
    scenario = get_object_or_404(Scenario.objects.select_related("election", "contestant"), pk=pk)
    run = queries.latest_run(scenario)
    return render(
        request,
        "planner/detail.html",
        {
            "scenario": scenario,
            "allocations": scenario.allocations.select_related("area", "segment"),
            "totals": queries.allocation_totals(scenario),
            "baseline": queries.plan_against_ledger(scenario),
            "objectives": OBJECTIVE_CHOICES,
            "proposal": queries.proposal_state(scenario),
            "run": run,
            "run_form": RunForm(),
            "charts": run is not None,  # its results, when in, are charts (polled in by HTMX)
            **_run_context(run),
        },
    )


def _run_context(run: Run | None) -> dict:
    if run is None or run.status != Run.Status.DONE:
        return {}
    return {
        "rounds": queries.result_rows(run),
        "figures": queries.result_figures(run),
        "chances": queries.chances(run),
    }


@login_required
@permission_required(USE, raise_exception=True)
def run_status(request, pk: int):
    """The run panel; while the run is not finished it asks again every second (HTMX)."""
    run = get_object_or_404(Run.objects.select_related("scenario__contestant"), pk=pk)
    return render(request, "planner/_run.html", {"run": run, **_run_context(run)})


@login_required
@permission_required(USE, raise_exception=True)
@require_POST
def run(request, pk: int):
    scenario = get_object_or_404(Scenario, pk=pk)
    form = RunForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{form.fields[field].label}: {error}")
        return redirect("planner:detail", pk=pk)
    try:
        actions.request_run(
            request.user,
            scenario,
            runs=form.cleaned_data["runs"],
            seed=form.cleaned_data["seed"],
            engine=form.cleaned_data["engine"] or "serial",
            queue=tasks.run_scenario.enqueue,
        )
    except ValidationError as err:
        for msgs in err.message_dict.values():
            for msg in msgs:
                messages.error(request, msg)
    return redirect("planner:detail", pk=pk)


@login_required
@permission_required(USE, raise_exception=True)
@require_POST
def optimise(request, pk: int):
    scenario = get_object_or_404(Scenario, pk=pk)
    objective = request.POST.get("objective") or "share"
    try:
        actions.request_proposal(
            request.user, scenario, objective=objective, queue=tasks.propose_allocation.enqueue
        )
    except ValidationError as err:
        for msg in err.messages:
            messages.error(request, msg)
        return redirect("planner:detail", pk=pk)
    messages.success(
        request,
        _(
            "Pengoptimal berjalan di latar (kampanye worker). Usulannya muncul di daftar "
            "skenario sebagai skenario baru dalam satu-dua menit, dan simulasinya langsung "
            "diantrekan."
        ),
    )
    return redirect("planner:detail", pk=pk)


@login_required
@permission_required(USE, raise_exception=True)
@require_POST
def delete(request, pk: int):
    actions.delete_scenario(request.user, get_object_or_404(Scenario, pk=pk))
    messages.success(request, _("Skenario dihapus."))
    return redirect("planner:index")


@login_required
@permission_required(USE, raise_exception=True)
def compare(request):
    """Scenarios side by side: ``?ids=1,2`` or ticked boxes (``?ids=1&ids=2``)."""
    raw = ",".join(request.GET.getlist("ids"))
    try:
        ids = list(dict.fromkeys(int(x) for x in raw.split(",") if x.strip()))
    except ValueError:
        ids = []
        messages.error(request, _("Parameter ids harus berupa nomor skenario, mis. ?ids=1,2."))
    comparison = queries.comparison(ids)
    return render(
        request,
        "planner/compare.html",
        {**comparison, "ids": ids, "charts": bool(comparison.get("figures"))},
    )
