"""Two illustrative what-if scenarios for Jokowi–Ahok (Jakarta 2012) for the demo.

Not facts: the budget and hours are round figures of the order of a governor campaign, to
show the planner at work. "Blusukan dulu" puts the volunteers' hours on the ground in every
kota; "Udara dulu" puts the money on television. ``kampanye demo`` calls this.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from kampanye.elections.models import Election
from kampanye.planner.actions import AllocationIn, ScenarioIn, save_scenario
from kampanye.planner.models import Scenario

BUDGET_IDR = 15_000_000_000
HOURS = 200_000
KOTA = ("31.71", "31.72", "31.73", "31.74", "31.75")


def _plans() -> dict[str, tuple[str, list[AllocationIn]]]:
    ground = [AllocationIn("door_to_door", 0, 34_000, code) for code in KOTA]
    air = [AllocationIn("tv", 11_000_000_000), AllocationIn("radio", 1_000_000_000)]
    return {
        _("Blusukan dulu"): (
            _(
                "Ilustratif: jam relawan dari pintu ke pintu di setiap kota, pasar dan "
                "kampung; sedikit televisi."
            ),
            [
                *ground,
                AllocationIn("whatsapp", 0, 30_000),
                AllocationIn("market_visit", 4_000_000_000, 0),
                AllocationIn("tv", 5_000_000_000),
                AllocationIn("facebook", 2_000_000_000),
            ],
        ),
        _("Udara dulu"): (
            _("Ilustratif: anggaran untuk iklan televisi dan radio; sedikit kerja lapangan."),
            [
                *air,
                AllocationIn("facebook", 2_000_000_000),
                AllocationIn("door_to_door", 0, 20_000),
            ],
        ),
    }


def build_illustrative_scenarios(election: Election, user=None) -> list[Scenario]:
    """Create the two scenarios if they are missing (idempotent: existing ones are kept)."""
    contestant = election.contestants.filter(short="Jokowi–Ahok").first()
    if contestant is None:
        return []
    made = []
    for name, (description, rows) in _plans().items():
        existing = Scenario.objects.filter(election=election, name=name).first()
        if existing is not None:
            made.append(existing)
            continue
        data = ScenarioIn(
            name=name,
            contestant_id=contestant.pk,
            budget_idr=BUDGET_IDR,
            volunteer_hours=HOURS,
            description=description,
        )
        made.append(save_scenario(user, election, data, rows, illustrative=True))
    return made
