"""The simulator's parameters, each with where its value comes from.

Values marked *prior* come from ``effect_sizes.md`` (field experiments, mostly from the
United States, to be taken with wide uncertainty); values marked *assumption* are modelling
choices with no published figure behind them; values that calibration fits on round 1 are
not here but in the fitted ``ElectorateSpec`` (favourability and base turnout).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

CHANNELS: tuple[str, ...] = ("ground", "air", "online", "vote_buying")
GROUND, AIR, ONLINE, VOTE_BUYING = range(4)


@dataclass(frozen=True)
class ChannelEffect:
    """What one contact of a channel does to the voter it reaches.

    ``awareness``: probability that a voter who does not know the candidate learns of them.
    ``turnout``: absolute lift of the voter's turnout propensity.
    ``persuasion``: shift of the candidate's favourability (log-odds) per person reached,
    averaged over the area's voters; it decays with ``SimParams.air_half_life_days``.
    """

    awareness: float
    turnout: float
    persuasion: float = 0.0


def _ground() -> ChannelEffect:
    # turnout 1/14 contacts ≈ 7 pp among those reached (Green & Gerber 2008/2019): prior.
    # persuasion 0: "best estimate zero across 49 experiments" (Kalla & Broockman 2018): prior.
    # awareness 0.8: a face-to-face visit names the candidate; assumption.
    return ChannelEffect(awareness=0.8, turnout=0.07, persuasion=0.0)


def _air() -> ChannelEffect:
    # persuasion +0.7 pp vote choice per exposure (Coppock, Hill & Vavreck 2020) ≈ 0.028
    # log-odds at an even race: prior. turnout 0: no TV turnout effect reported: prior.
    # awareness 0.3 per exposure: assumption.
    return ChannelEffect(awareness=0.3, turnout=0.0, persuasion=0.028)


def _online() -> ChannelEffect:
    # turnout +0.39 pp direct (Bond et al. 2012): prior; persuasion 0 (Broockman & Green
    # 2014; Aggarwal et al. 2023): prior; awareness 0.1 per contact: assumption.
    return ChannelEffect(awareness=0.1, turnout=0.0039, persuasion=0.0)


def _vote_buying() -> ChannelEffect:
    # a paid voter turns out more: +0.05, assumption (no published Indonesian estimate).
    return ChannelEffect(awareness=0.0, turnout=0.05, persuasion=0.0)


@dataclass(frozen=True)
class SimParams:
    """Every free constant of the electorate model (see the module docstring for origins)."""

    ground: ChannelEffect = field(default_factory=_ground)
    air: ChannelEffect = field(default_factory=_air)
    online: ChannelEffect = field(default_factory=_online)
    vote_buying: ChannelEffect = field(default_factory=_vote_buying)
    # 10 direct contacts reach about 6 more household members (Green 2004): prior.
    household_spillover: float = 0.6
    household_size: int = 3  # voters per household in the agent layout: assumption.
    # "about four times as many votes through friends" (Bond et al. 2012): online hazard is
    # multiplied by (1 + peer_multiplier × share of the area already aware): prior.
    peer_multiplier: float = 4.0
    # Randomised TV buys: effect gone within about a week (Gerber et al. 2011): prior.
    air_half_life_days: float = 3.0
    # Voters who know a candidate only from the air forget at this daily rate, so that two
    # thirds have forgotten after a week (1 − 0.85⁷ ≈ 0.68): follows the same prior.
    air_forget_rate: float = 0.15
    # Vote buying: payment decides the vote of about 10 % of recipients (Muhtadi 2019): prior.
    vote_buying_decides: float = 0.10
    # Share of the money that brokers keep, so it reaches no voter: assumption.
    broker_leakage: float = 0.3
    # Undecided voters decide at a daily hazard that rises toward voting day:
    # late_break_rate × exp(−days_left / late_break_days): assumption (undecided voters
    # broke late in Jakarta 2012, effect_sizes.md).
    late_break_rate: float = 0.25
    late_break_days: float = 7.0

    def channel(self, index: int) -> ChannelEffect:
        return (self.ground, self.air, self.online, self.vote_buying)[index]

    def with_changes(self, **changes: object) -> SimParams:
        """A copy with some fields replaced (for sweeps)."""
        return replace(self, **changes)  # type: ignore[arg-type]
