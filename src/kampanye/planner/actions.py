"""Use cases of the planner: save and delete scenarios, request and execute runs, let the
optimiser propose an allocation. Every change is audited.

The worker's tasks (``planner.tasks``) call these actions, never the other way: an action
that puts work on the worker's queue is handed the task's ``enqueue`` by its caller (a view,
the API, a command or a task), so this module imports no task."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from lokal import format_rupiah

from kampanye import conf
from kampanye.areas.models import Area, Segment
from kampanye.core.audit import record_change, snapshot
from kampanye.elections.models import Contestant, Election
from kampanye.ledger.models import Channel, Front
from kampanye.planner.models import Allocation, Run, Scenario

# the front each ledger channel belongs to
CHANNEL_FRONT: dict[str, str] = {
    **{
        c: Front.GROUND
        for c in (
            "door_to_door",
            "market_visit",
            "kampung_visit",
            "community_meeting",
            "rally",
            "event",
            "phone",
            "sms",
        )
    },
    **{c: Front.AIR for c in ("tv", "radio", "print", "outdoor")},
    **{
        c: Front.ONLINE
        for c in (
            "whatsapp",
            "online_news",
            "x",
            "facebook",
            "instagram",
            "tiktok",
            "youtube",
            "website",
        )
    },
}
ENGINES = ("serial", "dask")
OBJECTIVE_CHOICES = (
    ("share", gettext_lazy("perolehan suara yang diharapkan")),
    ("win", gettext_lazy("peluang menang")),
)
logger = logging.getLogger(__name__)
# puts a run, by its id, on the worker's queue: ``tasks.run_scenario.enqueue``
RunQueue = Callable[[int], object]


class ProposalQueue(Protocol):
    """Puts the optimiser's work on the worker's queue: ``tasks.propose_allocation.enqueue``
    (keyword arguments, which ``queries.proposal_state`` looks the scenario up by)."""

    def __call__(self, *, scenario_id: int, user_id: int | None, objective: str) -> object: ...


@dataclass(frozen=True)
class ScenarioIn:
    name: str
    contestant_id: int
    budget_idr: int
    volunteer_hours: int
    description: str = ""


@dataclass(frozen=True)
class AllocationIn:
    channel: str
    budget_idr: int = 0
    volunteer_hours: int = 0
    area_code: str = ""
    segment_slug: str = ""


def _full_snapshot(scenario: Scenario) -> dict:
    data = snapshot(scenario) or {}
    data["allocations"] = [snapshot(a) for a in scenario.allocations.all()]
    return data


def _check(
    election: Election, data: ScenarioIn, rows: list[AllocationIn], scenario: Scenario | None
) -> list[Allocation]:
    errors: dict[str, list[str]] = {}

    def fail(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if not data.name.strip():
        fail("name", _("Nama skenario wajib diisi."))
    elif (
        Scenario.objects.filter(election=election, name=data.name.strip())
        .exclude(pk=scenario.pk if scenario else None)  # type: ignore[misc]  # None: exclude none
        .exists()
    ):
        fail("name", _("Nama skenario sudah dipakai untuk pemilihan ini."))
    if not Contestant.objects.filter(pk=data.contestant_id, election=election).exists():
        fail("contestant", _("Pasangan calon bukan peserta pemilihan ini."))
    if data.budget_idr < 0:
        fail("budget_idr", _("Anggaran tidak boleh negatif."))
    if data.volunteer_hours < 0:
        fail("volunteer_hours", _("Jam relawan tidak boleh negatif."))
    built = []
    for i, row in enumerate(rows, start=1):
        where = _("baris alokasi %(n)d") % {"n": i}
        if row.channel not in Channel.values:
            fail(
                "allocations",
                _("%(where)s: saluran '%(c)s' tidak dikenal.") % {"where": where, "c": row.channel},
            )
            continue
        if row.budget_idr < 0 or row.volunteer_hours < 0:
            fail(
                "allocations",
                _("%(where)s: anggaran dan jam relawan tidak boleh negatif.") % {"where": where},
            )
        area = None
        if row.area_code:
            area = Area.objects.filter(code=row.area_code).first()
            if area is None or not election.region.contains(area.code):
                fail(
                    "allocations",
                    _("%(where)s: wilayah '%(a)s' tidak ada di wilayah pemilihan ini.")
                    % {"where": where, "a": row.area_code},
                )
        segment = None
        if row.segment_slug:
            segment = Segment.objects.filter(slug=row.segment_slug).first()
            if segment is None:
                fail(
                    "allocations",
                    _("%(where)s: segmen '%(s)s' tidak dikenal.")
                    % {"where": where, "s": row.segment_slug},
                )
        built.append(
            Allocation(
                front=CHANNEL_FRONT[row.channel],
                channel=row.channel,
                area=area,
                segment=segment,
                budget_idr=row.budget_idr,
                volunteer_hours=row.volunteer_hours,
            )
        )
    spent = sum(max(r.budget_idr, 0) for r in rows)
    hours = sum(max(r.volunteer_hours, 0) for r in rows)
    if spent > data.budget_idr:
        fail(
            "budget_idr",
            _("Alokasi memakai %(used)s, lebih dari anggaran %(budget)s.")
            % {"used": format_rupiah(spent), "budget": format_rupiah(data.budget_idr)},
        )
    if hours > data.volunteer_hours:
        fail(
            "volunteer_hours",
            _("Alokasi memakai %(used)s jam relawan, lebih dari %(hours)s jam yang tersedia.")
            % {
                "used": f"{hours:,}".replace(",", "."),
                "hours": f"{data.volunteer_hours:,}".replace(",", "."),
            },
        )
    if errors:
        raise ValidationError(errors)
    return built


def save_scenario(
    user,
    election: Election,
    data: ScenarioIn,
    rows: list[AllocationIn],
    scenario: Scenario | None = None,
    *,
    illustrative: bool = False,
    proposed: bool = False,
) -> Scenario:
    """Create a scenario, or replace an existing one's settings and allocation rows."""
    with transaction.atomic():
        built = _check(election, data, rows, scenario)
        before = _full_snapshot(scenario) if scenario else None
        if scenario is None:
            scenario = Scenario(
                election=election, created_by=user if user and user.is_authenticated else None
            )
        scenario.name = data.name.strip()
        scenario.contestant_id = data.contestant_id
        scenario.budget_idr = data.budget_idr
        scenario.volunteer_hours = data.volunteer_hours
        scenario.description = data.description
        scenario.illustrative = illustrative or scenario.illustrative
        scenario.proposed_by_optimiser = proposed or scenario.proposed_by_optimiser
        scenario.save()
        scenario.allocations.all().delete()
        for row in built:
            row.scenario = scenario
        Allocation.objects.bulk_create(built)
        record_change(
            user,
            "create" if before is None else "update",
            scenario,
            before=before,
            after=_full_snapshot(scenario),
        )
    return scenario


def delete_scenario(user, scenario: Scenario) -> None:
    with transaction.atomic():
        before = _full_snapshot(scenario)
        pk = scenario.pk
        scenario.delete()
        record_change(user, "delete", model="planner.scenario", object_id=str(pk), before=before)


def request_run(
    user,
    scenario: Scenario,
    *,
    runs: int = 200,
    seed: int = 0,
    engine: str = "serial",
    queue: RunQueue | None,
) -> Run:
    """Record a Monte Carlo run of the scenario and hand it to ``queue`` for the worker
    (``kampanye worker``); with ``queue=None`` the caller executes it (``execute_run``)."""
    if not 1 <= runs <= 5000:
        raise ValidationError({"runs": [_("Jumlah putaran Monte Carlo harus 1 sampai 5.000.")]})
    if engine not in ENGINES:
        raise ValidationError({"engine": [_("Mesin '%(e)s' tidak dikenal.") % {"e": engine}]})
    with transaction.atomic():
        run = Run.objects.create(
            scenario=scenario,
            runs=runs,
            seed=seed,
            engine=engine,
            steps_total=runs + 1,
            requested_by=user if user and user.is_authenticated else None,
        )
        record_change(user, "create", run)
    if queue is not None:
        queue(run.pk)
        run.refresh_from_db()
    return run


def execute_run(
    run_id: int,
    *,
    address: str | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> Run:
    """Calibrate, simulate the plan ``runs`` times and store the result (the worker's part).

    Failures are stored on the run as a message for users, never raised to the worker."""
    from kampanye.planner import plans
    from kampanye.sim import simulate_plan

    run = Run.objects.select_related("scenario__election__region", "scenario__contestant").get(
        pk=run_id
    )
    Run.objects.filter(pk=run.pk).update(status=Run.Status.RUNNING, started_at=timezone.now())
    every = max(1, run.runs // 50)

    def progress(done: int, total: int) -> None:
        if on_progress is not None:
            on_progress(done, total)
        if done % every == 0 or done == total:
            Run.objects.filter(pk=run.pk).update(steps_done=done + 1)

    try:
        electorate = plans.calibrate(run.scenario, seed=run.seed)
        Run.objects.filter(pk=run.pk).update(steps_done=1)
        outcome = simulate_plan(
            plans.simulation(run.scenario, electorate),
            run.runs,
            run.seed,
            engine=run.engine,
            address=address or conf.get("KAMPANYE_DASK_SCHEDULER") or None,
            progress=progress,
        )
        result = plans.result_json(run.scenario, outcome, electorate)
    except Exception as error:
        logger.exception("planner run %s failed", run.pk)
        Run.objects.filter(pk=run.pk).update(
            status=Run.Status.FAILED,
            finished_at=timezone.now(),
            error=_("Simulasi gagal: %(why)s") % {"why": error},
        )
    else:
        Run.objects.filter(pk=run.pk).update(
            status=Run.Status.DONE,
            finished_at=timezone.now(),
            result=result,
            steps_done=run.runs + 1,
        )
    run.refresh_from_db()
    return run


def request_proposal(
    user, scenario: Scenario, *, objective: str = "share", queue: ProposalQueue
) -> None:
    """Queue the optimiser for the worker: it takes a minute or more, too long for a page.
    The proposal appears as a new scenario (``propose_allocation``)."""
    if objective not in dict(OBJECTIVE_CHOICES):
        raise ValidationError({"objective": [_("Tujuan pengoptimal tidak dikenal.")]})
    with transaction.atomic():
        record_change(
            user,
            "request_proposal",
            scenario,
            after={"scenario": scenario.pk, "objective": objective},
        )
        user_id = user.pk if user is not None and user.is_authenticated else None
        transaction.on_commit(
            lambda: queue(scenario_id=scenario.pk, user_id=user_id, objective=objective)
        )


def propose_allocation(
    user,
    scenario: Scenario,
    *,
    runs: int = 200,
    objective: str = "share",
    queue: RunQueue | None,
) -> Scenario:
    """A new scenario with the optimiser's split of the same budget and hours (ground in
    volunteer-hours door to door, air on TV, online on social media ads), by wilayah, and a
    run of it handed to ``queue`` so that its share gets an interval.

    The split comes from response curves fitted to simulator runs (``kampanye.sim.
    search_plan``); with ``objective="win"`` the allocations the search tried are each
    simulated (``PROPOSAL_RUNS`` runs) and the one winning most often is kept."""
    from kampanye.planner import plans
    from kampanye.sim import CHANNELS, HOURS

    if objective not in dict(OBJECTIVE_CHOICES):
        raise ValidationError({"objective": [_("Tujuan pengoptimal tidak dikenal.")]})
    electorate = plans.calibrate(scenario)
    found = plans.optimise(electorate, scenario, objective)
    channel_of = {"ground": "door_to_door", "air": "tv", "online": "facebook"}
    rows = []
    for curve, amount in zip(found.proposal.curves, found.proposal.amounts, strict=True):
        if amount < 1:
            continue
        channel, area = curve.key
        hours = curve.resource == HOURS
        rows.append(
            AllocationIn(
                channel=channel_of[CHANNELS[channel]],
                budget_idr=0 if hours else int(amount),
                volunteer_hours=int(amount) if hours else 0,
                area_code=electorate.area_codes[area],
            )
        )
    name = _("%(name)s — usulan pengoptimal") % {"name": scenario.name}
    existing = Scenario.objects.filter(election=scenario.election, name=name).first()
    outcome = getattr(found, "outcome", None)  # the "win" objective simulated it in full
    check = outcome.round1_mean[-1] if outcome is not None else found.checked_share
    note = _(
        "Diusulkan pengoptimal (tujuan: %(objective)s): perolehan suara putaran 1 yang "
        "diharapkan %(share).1f%% menurut kurva respons yang dicocokkan pada simulasi, "
        "%(check).1f%% menurut pemeriksaan simulator (tanpa rencana, dengan upaya pasangan "
        "calon sendiri di ledger: %(base).1f%%); interval dari simulasi di bawah."
    ) % {
        "objective": dict(OBJECTIVE_CHOICES)[objective],
        "share": 100 * found.expected_share,
        "check": 100 * float(check),
        "base": 100 * plans.baseline_share(electorate),
    }
    proposed = save_scenario(
        user,
        scenario.election,
        ScenarioIn(
            name=name,
            contestant_id=scenario.contestant_id,
            budget_idr=scenario.budget_idr,
            volunteer_hours=scenario.volunteer_hours,
            description=note,
        ),
        rows,
        existing,
        proposed=True,
    )
    request_run(user, proposed, runs=runs, queue=queue)
    return proposed
