"""What the planner's pages show. Every figure comes from one function here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from kampanye.core.charts import figure_json
from kampanye.ledger.models import Front
from kampanye.planner.models import Run, Scenario
from kampanye.planner.sources import campaign_window, ledger_effort


def scenarios() -> list[Scenario]:
    """Every scenario with its row count, totals allocated and latest run."""
    items: list[Scenario] = list(
        Scenario.objects.select_related("election", "contestant")
        .annotate(
            rows=Count("allocations"),
            allocated_idr=Sum("allocations__budget_idr"),
            allocated_hours=Sum("allocations__volunteer_hours"),
        )
        .order_by("election__slug", "name")
    )
    latest: dict[int, Run] = {}
    for run in Run.objects.filter(scenario__in=items).order_by("created_at", "id"):
        latest[run.scenario_id] = run
    for item in items:
        item.latest_run = latest.get(item.pk)  # type: ignore[attr-defined]
    return items


def allocation_totals(scenario: Scenario) -> dict[str, Any]:
    """Budget and hours by front, and what is left of the scenario's totals."""
    by_front = {
        row["front"]: row
        for row in scenario.allocations.values("front").annotate(
            budget=Sum("budget_idr"), hours=Sum("volunteer_hours")
        )
    }
    used = scenario.allocations.aggregate(budget=Sum("budget_idr"), hours=Sum("volunteer_hours"))
    return {
        "by_front": by_front,
        "budget_used": used["budget"] or 0,
        "hours_used": used["hours"] or 0,
        "budget_left": scenario.budget_idr - (used["budget"] or 0),
        "hours_left": scenario.volunteer_hours - (used["hours"] or 0),
    }


def plan_against_ledger(scenario: Scenario) -> dict[str, Any]:
    """What a plan means: per simulator front (ground, air, online), the people the
    contestant reached in the ledger during the round-1 campaign window, which a run
    *replaces*, beside what the plan buys; and whether the ledger has any effort for the
    election at all (if not, results overstate any plan's effect)."""
    from kampanye.sim import CHANNELS, PLAN_CHANNELS, Costs

    costs = Costs()
    window = None
    round1 = scenario.election.rounds.filter(number=1).first()
    if round1 is not None:
        window = campaign_window(round1)
    ledger, any_effort = ledger_effort(scenario.election, scenario.contestant_id)
    planned = {CHANNELS[c]: 0.0 for c in PLAN_CHANNELS}
    for row in scenario.allocations.all():
        channel = CHANNELS.index(row.front)
        planned[row.front] += costs.contacts(
            channel, float(row.budget_idr), float(row.volunteer_hours)
        )
    labels = dict(Front.choices)
    rows = [
        {
            "front": front,
            "label": labels.get(front, front),
            "ledger": ledger.get(front, 0.0),
            "plan": planned[front],
        }
        for front in planned
    ]
    return {
        "rows": rows,
        "start": window[0] if window else None,
        "end": window[1] if window else None,
        "ledger_has_effort": any_effort,
    }


def latest_run(scenario: Scenario, *, done: bool = False) -> Run | None:
    runs = scenario.runs.all()
    if done:
        runs = runs.filter(status=Run.Status.DONE)
    return runs.order_by("-created_at", "-id").first()


@dataclass(frozen=True)
class Chance:
    """Runs won out of runs: a probability kept as numerator and denominator."""

    wins: int
    runs: int

    @property
    def percent(self) -> float:
        return 100.0 * self.wins / self.runs if self.runs else 0.0


def chances(run: Run) -> dict[str, Chance]:
    """Win in round 1, reach the runoff, win the runoff, win at all."""
    r = run.result or {}
    n = int(r.get("runs", 0))
    w1, w2 = int(r.get("wins_round1", 0)), int(r.get("wins_round2", 0))
    return {
        "round1": Chance(w1, n),
        "runoff": Chance(int(r.get("runoffs", 0)), n),
        "round2": Chance(w2, n),
        "overall": Chance(w1 + w2, n),
    }


def round_label(number: int) -> str:
    return _("Putaran 1: suara sah") if number == 1 else _("Putaran 2: suara dua pasangan")


def result_rows(run: Run) -> list[dict[str, Any]]:
    """Per round, per wilayah (the region last): median, interval and mean, in percent."""
    r = run.result or {}
    out = []
    for rnd in r.get("rounds", []):
        rows = [
            {
                "code": code,
                "name": name,
                "median": 100 * rnd["median"][i],
                "lower": 100 * rnd["lower"][i],
                "upper": 100 * rnd["upper"][i],
                "mean": 100 * rnd["mean"][i],
                "region": i == len(r["area_codes"]) - 1,
            }
            for i, (code, name) in enumerate(zip(r["area_codes"], r["area_names"], strict=True))
        ]
        out.append({"number": rnd["number"], "label": round_label(rnd["number"]), "rows": rows})
    return out


SHORT = (
    ("Kota Administrasi ", ""),
    ("Kabupaten Administrasi ", "Kab. "),
    ("Daerah Khusus Ibukota ", "DKI "),
)


def short_name(name: str) -> str:
    """A wilayah's name short enough for a chart axis (Kota Administrasi Jakarta Pusat →
    Jakarta Pusat)."""
    for long, short in SHORT:
        name = name.replace(long, short)
    return name


def _bars(name: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "type": "bar",
        "name": name,
        "x": [short_name(row["name"]) for row in rows],
        "y": [round(row["median"], 2) for row in rows],
        "error_y": {
            "type": "data",
            "symmetric": False,
            "array": [round(row["upper"] - row["median"], 2) for row in rows],
            "arrayminus": [round(row["median"] - row["lower"], 2) for row in rows],
        },
    }


def result_figures(run: Run) -> list[dict[str, str]]:
    """One Plotly figure per round: median share by wilayah with its interval."""
    figures = []
    for rnd in result_rows(run):
        figures.append(
            {
                "id": f"run-{run.pk}-round-{rnd['number']}",
                "label": rnd["label"],
                "figure": figure_json(
                    [_bars(run.scenario.contestant.short, rnd["rows"])],
                    {"yaxis": {"title": {"text": "%"}}, "height": 320},
                ),
            }
        )
    return figures


def comparison(ids: list[int]) -> dict[str, Any]:
    """Scenarios side by side: each one's latest finished run, by round and wilayah."""
    chosen = {
        s.pk: s
        for s in Scenario.objects.filter(pk__in=ids).select_related("contestant", "election")
    }
    columns: list[dict[str, Any]] = []
    for pk in ids:
        if pk in chosen:
            scenario = chosen[pk]
            run = latest_run(scenario, done=True)
            columns.append(
                {
                    "scenario": scenario,
                    "run": run,
                    "rounds": result_rows(run) if run else [],
                    "chances": chances(run) if run else None,
                    "totals": allocation_totals(scenario),
                }
            )
    numbers = sorted({rnd["number"] for c in columns for rnd in c["rounds"]})
    tables, figures = [], []
    for number in numbers:
        per = [next((rnd for rnd in c["rounds"] if rnd["number"] == number), None) for c in columns]
        names = next(rnd for rnd in per if rnd is not None)["rows"]
        by_code = [{row["code"]: row for row in rnd["rows"]} if rnd else {} for rnd in per]
        rows = [
            {
                "name": row["name"],
                "region": row["region"],
                "cells": [cells.get(row["code"]) for cells in by_code],
            }
            for row in names
        ]
        tables.append({"number": number, "label": round_label(number), "rows": rows})
        figures.append(
            {
                "id": f"compare-round-{number}",
                "label": round_label(number),
                "figure": figure_json(
                    [
                        _bars(c["scenario"].name, rnd["rows"])
                        for c, rnd in zip(columns, per, strict=True)
                        if rnd
                    ],
                    {
                        "barmode": "group",
                        "yaxis": {"title": {"text": "%"}},
                        "height": 380,
                        "legend": {"orientation": "h", "y": 1.15},
                    },
                ),
            }
        )
    missing = [c["scenario"] for c in columns if c["run"] is None]
    return {
        "columns": columns,
        "tables": tables,
        "figures": figures,
        "missing": missing,
        "unknown": [pk for pk in ids if pk not in chosen],
    }


def proposal_state(scenario: Scenario) -> dict[str, Any]:
    """The optimiser's work for this scenario in the worker: how many proposals are queued
    or running, and the latest finished one (its new scenario id, or its error)."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    tasks = DBTaskResult.objects.filter(
        task_path="kampanye.planner.tasks.propose_allocation",
        args_kwargs__kwargs__scenario_id=scenario.pk,
    )
    pending = tasks.filter(status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING])
    latest = (
        tasks.filter(status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED])
        .order_by("-finished_at")
        .first()
    )
    outcome = (latest.return_value or {}) if latest is not None else {}
    if latest is not None and latest.status == TaskResultStatus.FAILED:
        outcome = {"error": _("pengoptimal berhenti karena galat; lihat log worker")}
    return {"pending": pending.count(), **outcome}
