"""The planner over JSON (mounted at /api/planner/): scenarios, runs and their results."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Router, Schema, Status
from ninja.errors import HttpError

from kampanye.core.api import ERRORS, MAX_INT, ErrorOut, allow
from kampanye.planner import actions, tasks
from kampanye.planner.models import Run, Scenario

router = Router(tags=["planner"])
MAX_ID = MAX_INT
NOT_FOUND = {404: ErrorOut, **ERRORS}


class AllocationOut(Schema):
    front: str
    channel: str
    area_code: str | None
    segment_slug: str | None
    budget_idr: int
    volunteer_hours: int


class ScenarioOut(Schema):
    id: int
    election: str
    contestant: str
    name: str
    budget_idr: int
    volunteer_hours: int
    illustrative: bool
    allocations: list[AllocationOut]


class RunIn(Schema):
    """Bounded here, so a bad number is a 422 naming the field, never a database error."""

    runs: Annotated[int, Field(ge=1, le=5000)] = 200
    seed: Annotated[int, Field(ge=0, le=MAX_INT)] = 0


class RunOut(Schema):
    id: int
    scenario_id: int
    status: str
    steps_done: int
    steps_total: int
    runs: int
    seed: int
    error: str
    created_at: dt.datetime
    finished_at: dt.datetime | None
    result: dict[str, Any] | None


def _scenario_out(s: Scenario) -> dict[str, Any]:
    return {
        "id": s.pk,
        "election": s.election.slug,
        "contestant": s.contestant.short,
        "name": s.name,
        "budget_idr": s.budget_idr,
        "volunteer_hours": s.volunteer_hours,
        "illustrative": s.illustrative,
        "allocations": [
            {
                "front": a.front,
                "channel": a.channel,
                "area_code": a.area.code if a.area else None,
                "segment_slug": a.segment.slug if a.segment else None,
                "budget_idr": a.budget_idr,
                "volunteer_hours": a.volunteer_hours,
            }
            for a in s.allocations.select_related("area", "segment")
        ],
    }


@router.get("/scenarios", response={200: list[ScenarioOut], **ERRORS}, summary="Scenarios")
def list_scenarios(request):
    allow(request, "use_planner")
    return [_scenario_out(s) for s in Scenario.objects.select_related("election", "contestant")]


@router.get("/scenarios/{pk}", response={200: ScenarioOut, **NOT_FOUND}, summary="One scenario")
def scenario_detail(request, pk: int = Path(..., ge=1, le=MAX_ID)):
    allow(request, "use_planner")
    return _scenario_out(get_object_or_404(Scenario, pk=pk))


@router.post(
    "/scenarios/{pk}/runs",
    response={201: RunOut, 400: ErrorOut, **NOT_FOUND},
    summary="Queue a Monte Carlo run",
)
def start_run(request, payload: RunIn, pk: int = Path(..., ge=1, le=MAX_ID)):
    allow(request, "use_planner")
    scenario = get_object_or_404(Scenario, pk=pk)
    try:
        run = actions.request_run(
            request.user,
            scenario,
            runs=payload.runs,
            seed=payload.seed,
            queue=tasks.run_scenario.enqueue,
        )
    except ValidationError as err:
        raise HttpError(422, "; ".join(m for ms in err.message_dict.values() for m in ms)) from None
    return Status(201, run)


@router.get("/runs/{pk}", response={200: RunOut, **NOT_FOUND}, summary="A run's progress")
def run_detail(request, pk: int = Path(..., ge=1, le=MAX_ID)):
    allow(request, "use_planner")
    return get_object_or_404(Run, pk=pk)
