"""The electorate model: Mesa's shape (model, agents, data collection), numpy's speed.

Each day, each agent may meet contacts of each channel from each campaign, with its area's
daily probability (the effort plan's reach over the registered voters); undecided voters
make up their minds on a scheduled day drawn from the late-break hazard; what only the air
war taught fades on a scheduled day. Events are rare on any one day, so the work runs on
the subset they touch, and the counts the data collector records are kept up to date
incrementally.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from kampanye.sim._choice import choose
from kampanye.sim._params import AIR, CHANNELS, GROUND, ONLINE, VOTE_BUYING, SimParams
from kampanye.sim._spec import NEVER, Agents, Effort, ElectorateSpec, build_agents

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
IP = npt.NDArray[np.intp]
U8 = npt.NDArray[np.uint8]
TABLE_LIMIT = 1 << 20  # cohort × mask rows up to which choice weights are tabulated


def _concatenated_ranges(begins: I64, lengths: I64) -> IP:
    """``begins[i], begins[i] + 1, …`` for ``lengths[i]`` values each, one after another."""
    offsets = np.cumsum(lengths) - lengths
    steps = np.repeat(begins - offsets, lengths)
    return np.asarray(np.arange(int(lengths.sum()), dtype=np.intp) + steps, dtype=np.intp)


@dataclass(frozen=True)
class VoteCount:
    """Votes by area and contestant (weighted), with ballots cast and registered voters."""

    area_codes: tuple[str, ...]
    contestants: tuple[str, ...]
    votes: F64  # (areas, K)
    ballots: F64  # (areas,)
    registered: F64  # (areas,)

    @property
    def invalid(self) -> F64:
        return np.asarray(self.ballots - self.votes.sum(axis=1), dtype=np.float64)

    def shares(self) -> F64:
        """Share of valid votes per area (rows sum to one)."""
        valid = self.votes.sum(axis=1, keepdims=True)
        return np.asarray(self.votes / np.maximum(valid, 1e-300), dtype=np.float64)

    def total_shares(self) -> F64:
        total = self.votes.sum(axis=0)
        return np.asarray(total / max(float(total.sum()), 1e-300), dtype=np.float64)

    def turnout(self) -> F64:
        return np.asarray(self.ballots / self.registered, dtype=np.float64)


class DataCollector:
    """Daily aggregates by area, like Mesa's ``DataCollector`` model reporters."""

    def __init__(self) -> None:
        self.day: list[int] = []
        self.aware: list[F64] = []
        self.intent: list[F64] = []
        self.propensity: list[F64] = []

    def collect(self, model: ElectorateModel) -> None:
        registered = model.registered[:, None]
        self.day.append(model.day)
        self.aware.append(model.aware_count / registered)
        self.intent.append(model.intent_count / registered)
        self.propensity.append(model.propensity_sum / model.registered)

    def get_model_vars(self) -> dict[str, F64]:
        """``aware`` (days, areas, K), ``intent`` (days, areas, K + 1; last: undecided),
        ``propensity`` (days, areas): shares of registered voters."""
        return {
            "day": np.asarray(self.day, dtype=np.float64),
            "aware": np.stack(self.aware),
            "intent": np.stack(self.intent),
            "propensity": np.stack(self.propensity),
        }


class ElectorateModel:
    """``ElectorateModel(spec, effort, params, seed=…, sample=None)``; ``.step()``, ``.run()``,
    ``.vote()``. ``sample=None`` is agent mode (one agent per voter); an integer caps the
    agents per area × segment cohort (cohort mode, weighted agents)."""

    def __init__(
        self,
        spec: ElectorateSpec,
        effort: Effort,
        params: SimParams | None = None,
        *,
        seed: int | np.random.SeedSequence = 0,
        sample: int | None = None,
    ) -> None:
        k = len(spec.contestants)
        if effort.reach.shape[1:] != (k, spec.n_areas, len(CHANNELS)):
            raise ValueError(
                f"effort has shape {effort.reach.shape}, expected "
                f"(days, {k}, {spec.n_areas}, {len(CHANNELS)})"
            )
        n_seg = spec.n_segments
        if effort.targeted is not None and effort.targeted.shape[3] != n_seg:
            raise ValueError(
                f"targeted effort has {effort.targeted.shape[3]} segments, expected {n_seg}"
            )
        self.spec, self.effort = spec, effort
        self.params = params or SimParams()
        self.rng = np.random.Generator(np.random.PCG64(seed))
        self.day = 0
        self.agents: Agents = build_agents(spec, sample, self.params.household_size, self.rng)
        self.n_k = k
        self.air_stock = np.zeros((spec.n_areas, n_seg, k))  # persuasion, log-odds
        self._refresh_favourability()
        ag = self.agents
        for begin in range(0, len(ag), 1 << 20):
            chunk = np.arange(begin, min(begin + (1 << 20), len(ag)), dtype=np.intp)
            ag.intent[chunk] = self._choose(chunk, forced=False)
        a = spec.n_areas
        w = ag.weight.astype(np.float64)
        self.registered = np.bincount(ag.area, weights=w, minlength=a)
        self.aware_count = np.stack(
            [
                np.bincount(ag.area, weights=w * ((ag.aware >> j) & 1), minlength=a)
                for j in range(k)
            ],
            axis=1,
        ).astype(np.float64)
        slot = ag.area.astype(np.int64) * (k + 1) + ag.intent.astype(np.int64) % (k + 1)
        self.intent_count = np.bincount(slot, weights=w, minlength=a * (k + 1)).reshape(a, k + 1)
        self.propensity_sum = np.bincount(ag.area, weights=w * ag.propensity, minlength=a).astype(
            np.float64
        )
        self.turnout_quantum = max(
            max(self.params.channel(c).turnout for c in range(len(CHANNELS))), 1e-9
        )
        counts = np.bincount(ag.area, minlength=a)
        self.area_start = (np.cumsum(counts) - counts).astype(np.int64)
        self._area_edges = np.append(self.area_start, len(ag))
        # contacts land on blocks of agents: areas, or area × segment cohorts when some
        # effort is targeted at segments (agents are laid out cohort by cohort)
        self.by_cohort = effort.targeted is not None
        if self.by_cohort:
            counts = np.bincount(ag.cohort, minlength=a * n_seg)
        self.block_agents = counts.astype(np.int64)
        self._block_size = counts.astype(np.float64)
        self._block_first = (np.cumsum(counts) - counts).astype(np.float64)
        self._area_ids = np.arange(a, dtype=np.intp)
        self._unit_weight = bool((ag.weight == 1).all())  # agent mode: skip the weights
        self._scratch = np.zeros(len(ag), dtype=np.int32)
        self._schedule_decisions()
        self.datacollector = DataCollector()
        self.datacollector.collect(self)

    # -- choices -----------------------------------------------------------------------
    def _refresh_favourability(self) -> None:
        fav = self.spec.favourability + self.air_stock
        self.exp_favourability = np.exp(fav.reshape(-1, self.n_k))
        cohorts, masks = self.exp_favourability.shape[0], 2**self.n_k
        if cohorts * masks <= TABLE_LIMIT:
            bits = (np.arange(masks)[:, None] >> np.arange(self.n_k)[None, :]) & 1
            # weight of everything a voter with this mask may choose, undecided included
            self.open_weight: F64 | None = 1.0 + self.exp_favourability @ bits.T.astype(np.float64)
        else:
            self.open_weight = None

    def _newcomer_wins(self, idx: IP, who: U8, old_aware: U8) -> npt.NDArray[np.bool_]:
        """Whether a voter who just learned of ``who`` now intends to vote for them.

        The logit probability of ``who`` among everything the voter now knows; otherwise
        the voter keeps their intention. By the logit's independence of irrelevant
        alternatives this has the distribution of a full re-draw when the intention was
        itself a logit draw over what the voter knew, at a fraction of the cost.
        """
        cohort = self.agents.cohort[idx]
        gain = self.exp_favourability[cohort, who]
        if self.open_weight is not None:
            before = self.open_weight[cohort, old_aware]
        else:
            k = self.n_k
            bits = (old_aware[:, None] >> np.arange(k, dtype=np.uint8)[None, :]) & 1
            before = 1.0 + (self.exp_favourability[cohort] * bits).sum(axis=1)
        return np.asarray(self.rng.random(idx.size) * (before + gain) < gain)

    def _choose(self, idx: IP, *, forced: bool) -> npt.NDArray[np.int8]:
        ag = self.agents
        return choose(
            self.exp_favourability[ag.cohort[idx]],
            ag.aware[idx],
            self.rng.random(idx.size),
            forced=forced,
        )

    # -- one day -------------------------------------------------------------------------
    def event_rates(self) -> tuple[F64, F64, F64, F64]:
        """Per block (area, or area × segment cohort when effort is targeted at segments),
        the daily probability that a voter has each contact event (contestant-major,
        channel-minor), and per event kind the probabilities that the event teaches the
        name, lifts turnout by one quantum, and buys the vote.

        Contacts are *thinned*: a contact that can change nothing for the voter (an air
        spot seen by someone who will not learn from it) is never drawn. A channel's
        contact becomes an event with probability q = max(awareness, turnout / quantum),
        the quantum being the largest per-contact turnout lift of any channel; given the
        event, each effect happens with its per-contact probability divided by q, so the
        expected effect per contact is unchanged. The air war's persuasion is aggregate
        (``air_stock``), not per event.
        """
        p, t = self.params, self.day
        per_voter = self.effort.reach[t] / np.maximum(self.spec.voters, 1)[None, :, None]
        share_aware = (self.aware_count / np.maximum(self.registered, 1e-300)[:, None]).T
        if self.by_cohort:
            assert self.effort.targeted is not None
            cohort = np.maximum(self.spec.cohort_voters, 1e-9)[None, :, :, None]
            per_voter = per_voter[:, :, None, :] + self.effort.targeted[t] / cohort
            share_aware = share_aware[:, :, None]
        per_voter = np.clip(per_voter, 0.0, 1.0)
        per_voter[..., ONLINE] *= 1.0 + p.peer_multiplier * share_aware
        per_voter[..., VOTE_BUYING] *= 1.0 - p.broker_leakage
        effects = [p.channel(c) for c in range(len(CHANNELS))]
        awareness = np.array([e.awareness for e in effects])
        lift = np.array([e.turnout for e in effects]) / self.turnout_quantum
        decides = np.array([0.0, 0.0, 0.0, p.vote_buying_decides])
        q = np.maximum(np.maximum(awareness, lift), decides)
        safe = np.maximum(q, 1e-300)
        rates = np.clip(per_voter * q, 0.0, 1.0)
        rates = np.moveaxis(rates, 0, -2).reshape(self.block_agents.size, -1)
        return (
            np.asarray(rates, dtype=np.float64),
            np.tile(awareness / safe, self.n_k),
            np.tile(lift / safe, self.n_k),
            np.tile(decides / safe, self.n_k),
        )

    def _schedule_decisions(self) -> None:
        """Draw each agent's decision day from the late-break hazard
        ``late_break_rate × exp(−days_left / late_break_days)``."""
        p, days = self.params, self.effort.days
        days_left = days - 1 - np.arange(days)
        hazard = np.minimum(p.late_break_rate * np.exp(-days_left / p.late_break_days), 1.0)
        decided_by = (1.0 - np.cumprod(1.0 - hazard)).astype(np.float32)
        u = self.rng.random(len(self.agents), dtype=np.float32)
        # decision day = number of days whose cumulative probability is ≤ u
        day = np.zeros(len(self.agents), dtype=np.int16)
        for threshold in decided_by:
            day += u >= threshold
        self.agents.decide_day[:] = np.where(day < days, day, NEVER).astype(np.int16)
        # agents bucketed by decision day, so a day's deciders are one slice, not a scan
        self._decide_order = np.argsort(day, kind="stable")
        counts = np.bincount(day, minlength=days + 1)
        self._decide_start = np.concatenate([[0], np.cumsum(counts)])

    def _schedule_forgetting(self, idx: IP, fades: I64) -> None:
        """Set ``idx`` to forget on ``fades`` (the earliest date wins)."""
        ag = self.agents
        ag.forget_day[idx] = np.minimum(ag.forget_day[idx], np.minimum(fades, NEVER))

    def _due_to_forget(self) -> IP:
        # a scan of one small array: the agents in memory order, each once
        return np.flatnonzero(self.agents.forget_day == self.day)

    def _due_to_decide(self) -> IP:
        begin, end = self._decide_start[self.day], self._decide_start[self.day + 1]
        return np.asarray(self._decide_order[begin:end], dtype=np.intp)

    def step(self) -> None:
        """One campaign day: scheduled forgetting and late decisions, then contacts.

        Each agent meets each event kind with its area's daily probability. Rather than one
        uniform number per agent and event kind, the number of agents of an area that meet
        an event kind is drawn (binomial) and that many agents of the area are picked at
        random: the same distribution, at a cost proportional to the events. The events are
        laid out area by area (event kinds in order within an area), so that every read and
        write of agent state stays within one area's block of memory; an agent met more
        than once in a day counts once.
        """
        if self.day >= self.effort.days:
            raise RuntimeError("the campaign is over: call vote()")
        p = self.params
        decay = 0.5 ** (1.0 / p.air_half_life_days)
        air = self.effort.reach[self.day, :, :, AIR] / np.maximum(self.spec.voters, 1)[None, :]
        exposure = air.T[:, None, :]
        if self.effort.targeted is not None:
            cohort = np.maximum(self.spec.cohort_voters, 1e-9)
            exposure = (
                exposure
                + self.effort.targeted[self.day, :, :, :, AIR].transpose(1, 2, 0)
                / (cohort[:, :, None])
            )
        self.air_stock = self.air_stock * decay + p.air.persuasion * exposure
        self._refresh_favourability()
        self._forget(self._due_to_forget())
        self._break(self._due_to_decide())
        rates, teach, lift, decides = self.event_rates()
        counts = self.rng.binomial(self.block_agents[:, None], rates)
        per_block = counts.sum(axis=1)
        total = int(per_block.sum())
        if total:
            # first + u·size, u a 24-bit float32: exact in float64 below 2**29 agents
            pos = np.repeat(self._block_size, per_block)
            pos *= self.rng.random(total, dtype=np.float32)
            pos += np.repeat(self._block_first, per_block)
            idx = pos.astype(np.intp)
            if len(self.agents) >= 1 << 29:
                last = np.repeat(self._block_first + self._block_size - 1, per_block)
                np.minimum(idx, last.astype(np.intp), out=idx)
            self._contacts(idx, counts.ravel(), teach, lift, decides)
        self.day += 1
        self.datacollector.collect(self)

    def _flag(self, prob: F64, runs: I64, begins: I64) -> npt.NDArray[np.bool_] | None:
        """Per event, a draw with its kind's probability ``prob`` (event kinds repeat area
        by area in runs of ``runs`` events from ``begins``); ``None`` where no kind can."""
        if not (prob > 0).any():
            return None
        prob = np.tile(prob, runs.size // prob.size)
        out = np.repeat(prob >= 1, runs)
        maybe = np.flatnonzero((prob > 0) & (prob < 1) & (runs > 0))
        if maybe.size:
            sel = _concatenated_ranges(begins[maybe], runs[maybe])
            below = np.repeat(prob[maybe], runs[maybe])
            out[sel] = self.rng.random(sel.size, dtype=np.float32) < below
        return out

    def _contacts(self, idx: IP, runs: I64, teach: F64, lift: F64, decides: F64) -> None:
        """Apply one day's contact events: agents ``idx``, block by block (areas in order),
        the event kinds of a block in order, in runs of ``runs`` events."""
        ag, n_ch = self.agents, len(CHANNELS)
        begins = np.cumsum(runs) - runs
        n_blocks = runs.size // teach.size

        def per_event(of_kind: npt.NDArray[Any]) -> npt.NDArray[Any]:
            return np.repeat(np.tile(of_kind, n_blocks), runs)

        kind = np.arange(teach.size)
        who = per_event((kind // n_ch).astype(np.uint8))
        channel = per_event((kind % n_ch).astype(np.uint8))
        learn = self._flag(teach, runs, begins)
        if learn is not None:
            learn &= ((ag.aware[idx] >> who) & np.uint8(1)) == 0
        lifts = self._flag(lift, runs, begins)
        bought = self._flag(decides, runs, begins)
        changes = learn if bought is None else (bought if learn is None else learn | bought)
        ground = kind % n_ch == GROUND
        if ground.any():
            # every face-to-face contact may spill over to the household: all of a kind
            # that cannot lift turnout, otherwise those that do something
            at_door = per_event(ground)
            if lifts is not None:
                acts = lifts if changes is None else lifts | changes
                at_door &= acts | per_event(lift <= 0)
            reached = np.flatnonzero(at_door)
            if reached.size:
                self._spill(idx[reached], who[reached])
        if lifts is not None:
            only = np.flatnonzero(lifts if changes is None else lifts & ~changes)
            if only.size:
                sub = idx[only]
                once = np.flatnonzero(self._first_of_each(sub))
                self._lift(sub[once], who[only[once]], channel[only[once]])
        if changes is not None:
            keep = np.flatnonzero(changes)
            if keep.size:
                sub = idx[keep]
                keep = keep[self._first_of_each(sub)]
                none = np.zeros(keep.size, dtype=np.bool_)
                self._contact(
                    idx[keep],
                    who[keep],
                    channel[keep],
                    none if learn is None else learn[keep],
                    none if lifts is None else lifts[keep],
                    none if bought is None else bought[keep],
                )

    def _contact(
        self,
        idx: IP,
        who: U8,
        channel: U8,
        learn: npt.NDArray[np.bool_],
        lifts: npt.NDArray[np.bool_],
        bought: npt.NDArray[np.bool_],
    ) -> None:
        if idx.size == 0:
            return
        ag, p = self.agents, self.params
        only_lift = ~learn & ~bought
        if only_lift.any():
            self._lift(idx[only_lift], who[only_lift], channel[only_lift])
            rest = np.flatnonzero(~only_lift)
            idx, who, channel = idx[rest], who[rest], channel[rest]
            learn, lifts, bought = learn[rest], lifts[rest], bought[rest]
            if idx.size == 0:
                return
        old_aware, old_intent = ag.aware[idx], ag.intent[idx]
        bit = np.uint8(1) << who
        new_aware = old_aware | (bit * learn)
        ag.aware[idx] = new_aware
        old_air_only = ag.air_only[idx]
        air_only = old_air_only.copy()
        by_air = learn & (channel == AIR)
        if by_air.any():
            air_only |= bit * by_air
            at = np.flatnonzero(by_air)
            fades = self.day + self.rng.geometric(p.air_forget_rate, at.size)
            self._schedule_forgetting(idx[at], fades)
        air_only &= ~(bit * ((channel == GROUND) | (channel == ONLINE)))
        # write back only what changed (``idx`` holds each agent once)
        touched = np.flatnonzero(air_only != old_air_only)
        ag.air_only[idx[touched]] = air_only[touched]
        lifted = np.flatnonzero(lifts)
        if lifted.size:
            self._raise_turnout(idx[lifted])
        intent = old_intent.copy()
        intent[bought] = who[bought]
        reconsider = np.flatnonzero(learn & ~bought)
        if reconsider.size:
            wins = self._newcomer_wins(idx[reconsider], who[reconsider], old_aware[reconsider])
            won = reconsider[wins]
            intent[won] = who[won]
        moved = np.flatnonzero(intent != old_intent)
        ag.intent[idx[moved]] = intent[moved]
        self._retally(idx, (old_aware, new_aware), (old_intent, intent), learned=who)

    def _raise_turnout(self, idx: IP) -> None:
        """Lift the turnout propensity of ``idx`` (areas in order) by one quantum."""
        ag = self.agents
        old = ag.propensity[idx]
        new = np.minimum(old + np.float32(self.turnout_quantum), np.float32(1.0))
        ag.propensity[idx] = new
        new -= old
        if not self._unit_weight:
            new *= ag.weight[idx]
        self.propensity_sum += self._area_sums(self._area_bounds(idx), new)

    def _lift(self, idx: IP, who: U8, channel: U8) -> None:
        """The common case, fast: a contact that only lifts turnout (and makes what the
        voter knew from the air lasting, if it is face to face or online)."""
        ag = self.agents
        self._raise_turnout(idx)
        lasting = np.flatnonzero((channel == GROUND) | (channel == ONLINE))
        if lasting.size:
            # few know the candidate from the air only: write back just theirs
            sel = idx[lasting]
            old = ag.air_only[sel]
            new = old & ~(np.uint8(1) << who[lasting])
            changed = np.flatnonzero(new != old)
            ag.air_only[sel[changed]] = new[changed]

    def _spill(self, idx: IP, who: U8) -> None:
        """Face-to-face contact reaches another member of the household."""
        ag, p = self.agents, self.params
        mate = ag.household_next[idx]
        passes = np.flatnonzero((mate >= 0) & (self.rng.random(mate.size) < p.household_spillover))
        mate, mate_who = mate[passes], who[passes]
        once = self._first_of_each(mate)
        mate, mate_who = mate[once], mate_who[once]
        unaware = ((ag.aware[mate] >> mate_who) & 1) == 0
        teaches = unaware & (self.rng.random(mate.size) < p.ground.awareness)
        lifted = self.rng.random(mate.size) < p.ground.turnout / self.turnout_quantum
        keep = np.flatnonzero(teaches | lifted)
        self._contact(
            mate[keep],
            mate_who[keep],
            np.full(keep.size, GROUND, dtype=np.uint8),
            teaches[keep],
            lifted[keep],
            np.zeros(keep.size, dtype=np.bool_),
        )

    def _break(self, idx: IP) -> None:
        ag = self.agents
        idx = idx[(ag.intent[idx] == -1) & (ag.aware[idx] != 0)]
        if idx.size == 0:
            return
        aware, old_intent = ag.aware[idx], ag.intent[idx]
        new_intent = self._choose(idx, forced=True)
        ag.intent[idx] = new_intent
        self._retally(idx, (aware, aware), (old_intent, new_intent))

    def _forget(self, idx: IP) -> None:
        ag = self.agents
        # every agent due today is off the schedule, also one whose air-only knowledge has
        # meanwhile become lasting: else its past date would block any later fading
        ag.forget_day[idx] = NEVER
        idx = idx[ag.air_only[idx] != 0]
        if idx.size == 0:
            return
        old_aware, old_intent = ag.aware[idx], ag.intent[idx]
        new_aware = old_aware & ~ag.air_only[idx]
        ag.aware[idx] = new_aware
        ag.air_only[idx] = 0
        knows_choice = (old_intent < 0) | (
            ((new_aware >> np.maximum(old_intent, 0).astype(np.uint8)) & 1) == 1
        )
        new_intent = np.where(knows_choice, old_intent, -1).astype(np.int8)
        ag.intent[idx] = new_intent
        self._retally(idx, (old_aware, new_aware), (old_intent, new_intent))

    def _area_bounds(self, idx: IP) -> IP:
        """Where each area's agents begin in ``idx`` (plus the end): ``idx`` must list the
        areas in order (any order within an area), as every batch of events does."""
        return np.searchsorted(idx, self._area_edges)

    def _area_sums(self, bounds: IP, values: npt.NDArray[Any]) -> F64:
        """Per area, the sum of ``values`` (along the last axis) over the runs given by
        ``bounds``: shape ``(*values.shape[:-1], areas)``."""
        out = np.zeros((*values.shape[:-1], self.spec.n_areas))
        begins = bounds[:-1]
        filled = np.flatnonzero(begins < bounds[1:])
        if filled.size:
            sums = np.add.reduceat(values, begins[filled], axis=-1, dtype=np.float64)
            out[..., filled] = sums
        return out

    def _retally(
        self,
        idx: IP,
        aware: tuple[U8, U8],
        intent: tuple[npt.NDArray[np.int8], npt.NDArray[np.int8]],
        learned: U8 | None = None,
    ) -> None:
        """Bring the per-area counts up to date after the agents ``idx`` (areas in order)
        changed from the first to the second of ``aware`` and ``intent``; ``learned``: the
        one contestant each agent may have learned of."""
        ag, k, a = self.agents, self.n_k, self.spec.n_areas
        bounds = self._area_bounds(idx)
        area = np.repeat(self._area_ids, np.diff(bounds))
        w = None if self._unit_weight else ag.weight[idx]
        old_aware, new_aware = aware
        changed = np.flatnonzero(new_aware != old_aware)
        if changed.size and learned is not None:
            slot = area[changed] * k + learned[changed]
            self.aware_count.reshape(-1)[:] += np.bincount(
                slot, weights=None if w is None else w[changed], minlength=a * k
            )
        elif changed.size:
            # (contestants, agents): +1 learned, −1 forgot
            shifts = np.arange(k, dtype=np.uint8)[:, None]
            new_c, old_c = new_aware[None, changed], old_aware[None, changed]
            gained = ((new_c >> shifts) & 1).view(np.int8) - ((old_c >> shifts) & 1).view(np.int8)
            weighted = gained if w is None else gained * w[None, changed]
            self.aware_count += self._area_sums(self._area_bounds(idx[changed]), weighted).T
        old_intent, new_intent = intent
        moved = np.flatnonzero(new_intent != old_intent)
        if moved.size:
            base = area[moved] * (k + 1)
            flat = self.intent_count.reshape(-1)
            w_m = None if w is None else w[moved]
            # as unsigned bytes undecided (−1) is 255: the column after the contestants
            old_slot = base + np.minimum(old_intent[moved].view(np.uint8), k)
            new_slot = base + np.minimum(new_intent[moved].view(np.uint8), k)
            flat -= np.bincount(old_slot, weights=w_m, minlength=flat.size)
            flat += np.bincount(new_slot, weights=w_m, minlength=flat.size)

    def _first_of_each(self, idx: IP) -> npt.NDArray[np.bool_]:
        """Mask keeping one event per agent (an agent met twice in one batch counts once)."""
        order = np.arange(idx.size, dtype=np.int32)
        self._scratch[idx] = order
        return np.asarray(self._scratch[idx] == order)

    # -- the campaign and the vote -------------------------------------------------------
    def run(self, days: int | None = None) -> DataCollector:
        """Step ``days`` days (default: to the end of the campaign)."""
        for _ in range(self.effort.days - self.day if days is None else days):
            self.step()
        return self.datacollector

    def vote(self) -> VoteCount:
        """Voting day: each agent turns out with its propensity; undecided voters break
        among the candidates they know; a voter who knows nobody casts an invalid ballot."""
        ag, k, a = self.agents, self.n_k, self.spec.n_areas
        turns_out = np.flatnonzero(self.rng.random(len(ag), dtype=np.float32) < ag.propensity)
        choice = ag.intent[turns_out]
        undecided = choice == -1
        choice[undecided] = self._choose(turns_out[undecided], forced=True)
        area = ag.area[turns_out].astype(np.int64)
        w = ag.weight[turns_out].astype(np.float64)
        ballots = np.bincount(area, weights=w, minlength=a)
        valid = choice >= 0
        slot = area[valid] * k + choice[valid]
        votes = np.bincount(slot, weights=w[valid], minlength=a * k).reshape(a, k)
        return VoteCount(
            self.spec.area_codes,
            self.spec.contestants,
            np.asarray(votes, dtype=np.float64),
            np.asarray(ballots, dtype=np.float64),
            np.asarray(self.registered, dtype=np.float64).copy(),
        )
