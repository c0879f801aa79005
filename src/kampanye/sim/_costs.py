"""What money and volunteer-hours buy: the channels a plan spends on, the two resources
(Rupiah and volunteer-hours) and the contacts each buys."""

from __future__ import annotations

from dataclasses import dataclass

from kampanye.sim._params import AIR, GROUND, ONLINE

PLAN_CHANNELS: tuple[int, ...] = (GROUND, AIR, ONLINE)  # vote buying is never planned
BUDGET, HOURS = "budget", "hours"


def resource_of(channel: int) -> str:
    """What the optimiser spends on ``channel``: volunteer-hours on the ground, Rupiah on
    air and online."""
    return HOURS if channel == GROUND else BUDGET


@dataclass(frozen=True)
class Costs:
    """Contacts bought per Rupiah and per volunteer-hour, by plan channel (ground, air,
    online). All assumptions, no published Indonesian figure: paid canvassing Rp50.000 per
    contact (transport, material, honorarium); TV at a CPM of Rp30.000 (Rp30 per exposure);
    online ads at a CPM of Rp10.000; a volunteer makes 6 door-to-door contacts an hour and
    reaches 50 people an hour sharing messages online."""

    idr_per_contact: tuple[float, float, float] = (50_000.0, 30.0, 10.0)
    contacts_per_hour: tuple[float, float, float] = (6.0, 0.0, 50.0)

    def contacts(self, channel: int, budget_idr: float, hours: float) -> float:
        """People reached (air: exposures) by ``budget_idr`` and ``hours`` on ``channel``."""
        i = PLAN_CHANNELS.index(channel)
        return budget_idr / self.idr_per_contact[i] + hours * self.contacts_per_hour[i]

    def per_unit(self, channel: int) -> float:
        """Contacts one unit of the channel's resource buys (an hour, or a Rupiah)."""
        i = PLAN_CHANNELS.index(channel)
        if resource_of(channel) == HOURS:
            return self.contacts_per_hour[i]
        return 1.0 / self.idr_per_contact[i]
