"""A plan and a budget, each turned into the other: the planner stands above the purse.

``scenario_to_budget`` makes a scenario's allocations (its own or the optimiser's proposal)
the campaign's next budget version, every line over one period; ``budget_to_scenario``
makes a budget version a scenario to simulate. Both go through the other side's one action
(``money.actions.save_budget``, ``planner.actions.save_scenario``), so every check and the
audit log apply. A budget line without a channel cannot be simulated (the simulator works
by channel); it is left out and named in the answer.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from kampanye.money.actions import save_budget
from kampanye.money.models import BudgetVersion
from kampanye.money.schemas import BudgetIn
from kampanye.planner.actions import AllocationIn, ScenarioIn, save_scenario
from kampanye.planner.models import Scenario


def scenario_to_budget(
    scenario: Scenario, *, starts_on: dt.date, ends_on: dt.date, by
) -> BudgetVersion:
    lines = [
        {
            "starts_on": starts_on,
            "ends_on": ends_on,
            "front": a.front,
            "channel": a.channel,
            "area_code": a.area.code if a.area else "",
            "segment": a.segment.slug if a.segment else "",
            "amount_idr": a.budget_idr,
        }
        for a in scenario.allocations.select_related("area", "segment")
        if a.budget_idr
    ]
    note = f"dari skenario perencana: {scenario.name}"[:300]
    data = BudgetIn.model_validate({"note": note, "lines": lines})
    return save_budget(scenario.contestant, data, by=by)


def budget_to_scenario(
    version: BudgetVersion, *, name: str, volunteer_hours: int = 0, by
) -> tuple[Scenario, list[int]]:
    """The scenario and the ids of the budget lines left out (no channel)."""
    sums: dict[tuple[str, str, str], int] = defaultdict(int)
    left_out = []
    for line in version.lines.select_related("area", "segment"):
        if not line.channel:
            left_out.append(line.pk)
            continue
        key = (
            line.channel,
            line.area.code if line.area else "",
            line.segment.slug if line.segment else "",
        )
        sums[key] += line.amount_idr
    rows = [
        AllocationIn(channel=c, budget_idr=v, area_code=a, segment_slug=s)
        for (c, a, s), v in sums.items()
    ]
    data = ScenarioIn(
        name=name,
        contestant_id=version.contestant_id,
        budget_idr=sum(r.budget_idr for r in rows),
        volunteer_hours=volunteer_hours,
        description=f"dari anggaran v{version.number}",
    )
    return save_scenario(by, version.contestant.election, data, rows), left_out
