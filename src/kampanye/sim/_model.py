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

import numpy as np
import numpy.typing as npt

from kampanye.sim._choice import choose
from kampanye.sim._params import AIR, CHANNELS, GROUND, ONLINE, VOTE_BUYING, SimParams
from kampanye.sim._spec import NEVER, Agents, Effort, ElectorateSpec, build_agents

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
TABLE_LIMIT = 1 << 20  # cohort × mask rows up to which choice weights are tabulated


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
        self.spec, self.effort = spec, effort
        self.params = params or SimParams()
        self.rng = np.random.Generator(np.random.PCG64(seed))
        self.day = 0
        self.agents: Agents = build_agents(spec, sample, self.params.household_size, self.rng)
        self.n_k = k
        self.air_stock = np.zeros((spec.n_areas, k))
        self._refresh_favourability()
        ag = self.agents
        for begin in range(0, len(ag), 1 << 20):
            chunk = np.arange(begin, min(begin + (1 << 20), len(ag)), dtype=np.int64)
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
        )
        slot = ag.area.astype(np.int64) * (k + 1) + ag.intent.astype(np.int64) % (k + 1)
        self.intent_count = np.bincount(slot, weights=w, minlength=a * (k + 1)).reshape(a, k + 1)
        self.propensity_sum = np.bincount(ag.area, weights=w * ag.propensity, minlength=a)
        self.turnout_quantum = max(
            max(self.params.channel(c).turnout for c in range(len(CHANNELS))), 1e-9
        )
        counts = np.bincount(ag.area, minlength=a)
        self.area_agents = counts.astype(np.int64)
        self.area_start = (np.cumsum(counts) - counts).astype(np.int64)
        self._scratch = np.zeros(len(ag), dtype=np.int32)
        self._schedule_decisions()
        self.datacollector = DataCollector()
        self.datacollector.collect(self)

    # -- choices -----------------------------------------------------------------------
    def _refresh_favourability(self) -> None:
        fav = self.spec.favourability + self.air_stock[:, None, :]
        self.exp_favourability = np.exp(fav.reshape(-1, self.n_k))
        cohorts, masks = self.exp_favourability.shape[0], 2**self.n_k
        if cohorts * masks <= TABLE_LIMIT:
            bits = (np.arange(masks)[:, None] >> np.arange(self.n_k)[None, :]) & 1
            # weight of everything a voter with this mask may choose, undecided included
            self.open_weight: F64 | None = 1.0 + self.exp_favourability @ bits.T.astype(np.float64)
        else:
            self.open_weight = None

    def _newcomer_wins(
        self, idx: I64, who: I64, old_aware: npt.NDArray[np.uint8]
    ) -> npt.NDArray[np.bool_]:
        """Whether a voter who just learned of ``who`` now intends to vote for them.

        The logit probability of ``who`` among everything the voter now knows; otherwise
        the voter keeps their intention. By the logit's independence of irrelevant
        alternatives this has the distribution of a full re-draw when the intention was
        itself a logit draw over what the voter knew, at a fraction of the cost.
        """
        cohort = self.agents.cohort[idx].astype(np.int64)
        gain = self.exp_favourability[cohort, who]
        if self.open_weight is not None:
            before = self.open_weight[cohort, old_aware]
        else:
            k = self.n_k
            bits = (old_aware[:, None] >> np.arange(k, dtype=np.uint8)[None, :]) & 1
            before = 1.0 + (self.exp_favourability[cohort] * bits).sum(axis=1)
        return np.asarray(self.rng.random(idx.size) * (before + gain) < gain)

    def _choose(self, idx: I64, *, forced: bool) -> npt.NDArray[np.int8]:
        ag = self.agents
        return choose(
            self.exp_favourability[ag.cohort[idx]],
            ag.aware[idx],
            self.rng.random(idx.size),
            forced=forced,
        )

    # -- one day -------------------------------------------------------------------------
    def event_rates(self) -> tuple[F64, F64, F64, F64]:
        """Per area, the daily probability that a voter has each contact event
        (contestant-major, channel-minor), and per event kind the probabilities that the
        event teaches the name, lifts turnout by one quantum, and buys the vote.

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
        per_voter = np.clip(per_voter, 0.0, 1.0)
        share_aware = (self.aware_count / np.maximum(self.registered, 1e-300)[:, None]).T
        per_voter[:, :, ONLINE] *= 1.0 + p.peer_multiplier * share_aware
        per_voter[:, :, VOTE_BUYING] *= 1.0 - p.broker_leakage
        effects = [p.channel(c) for c in range(len(CHANNELS))]
        awareness = np.array([e.awareness for e in effects])
        lift = np.array([e.turnout for e in effects]) / self.turnout_quantum
        decides = np.array([0.0, 0.0, 0.0, p.vote_buying_decides])
        q = np.maximum(np.maximum(awareness, lift), decides)
        safe = np.maximum(q, 1e-300)
        rates = np.clip(per_voter * q, 0.0, 1.0).transpose(1, 0, 2)
        rates = rates.reshape(self.spec.n_areas, -1)
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
        self._forget_queue: dict[int, list[I64]] = {}

    def _schedule_forgetting(self, idx: I64, fades: I64) -> None:
        """Queue ``idx`` to forget on ``fades`` (earliest date wins; later ones are void)."""
        ag = self.agents
        ag.forget_day[idx] = np.minimum(ag.forget_day[idx], np.minimum(fades, NEVER)).astype(
            np.int16
        )
        order = np.argsort(fades, kind="stable")
        days, starts = np.unique(fades[order], return_index=True)
        ends = np.append(starts[1:], order.size)
        for day, begin, end in zip(days.tolist(), starts.tolist(), ends.tolist(), strict=True):
            if day < self.effort.days:
                self._forget_queue.setdefault(day, []).append(idx[order[begin:end]])

    def _due_to_forget(self) -> I64:
        queued = self._forget_queue.pop(self.day, [])
        if not queued:
            return np.zeros(0, dtype=np.int64)
        idx = np.concatenate(queued)
        idx = idx[self.agents.forget_day[idx] == self.day]
        return np.asarray(idx[self._first_of_each(idx)], dtype=np.int64)

    def _due_to_decide(self) -> I64:
        begin, end = self._decide_start[self.day], self._decide_start[self.day + 1]
        return np.asarray(self._decide_order[begin:end], dtype=np.int64)

    def step(self) -> None:
        """One campaign day: scheduled forgetting and late decisions, then contacts.

        Each agent meets each event kind with its area's daily probability. Rather than one
        uniform number per agent and event kind, the number of agents of an area that meet
        an event kind is drawn (binomial) and that many agents of the area are picked at
        random: the same distribution, at a cost proportional to the events.
        """
        if self.day >= self.effort.days:
            raise RuntimeError("the campaign is over: call vote()")
        p, ag = self.params, self.agents
        decay = 0.5 ** (1.0 / p.air_half_life_days)
        air = self.effort.reach[self.day, :, :, AIR] / np.maximum(self.spec.voters, 1)[None, :]
        self.air_stock = self.air_stock * decay + p.air.persuasion * air.T
        self._refresh_favourability()
        self._forget(self._due_to_forget())
        self._break(self._due_to_decide())
        rates, teach, lift, decides = self.event_rates()
        batches: list[
            tuple[
                I64, int, int, npt.NDArray[np.bool_], npt.NDArray[np.bool_], npt.NDArray[np.bool_]
            ]
        ] = []
        spills: list[tuple[I64, int]] = []
        lifts_only: list[tuple[I64, int, int]] = []
        n_ch = len(CHANNELS)
        for ev in range(rates.shape[1]):
            if not rates[:, ev].any():
                continue
            counts = self.rng.binomial(self.area_agents, rates[:, ev])
            total = int(counts.sum())
            if total == 0:
                continue
            size = np.repeat(self.area_agents, counts)
            pos = self.rng.random(total, dtype=np.float32) * size
            idx = pos.astype(np.int64)
            np.minimum(idx, size - 1, out=idx)
            idx += np.repeat(self.area_start, counts)
            who, channel = divmod(ev, n_ch)
            flags: list[npt.NDArray[np.bool_] | None] = [None, None, None]
            if teach[ev] > 0:
                learn = (ag.aware[idx] & np.uint8(1 << who)) == 0
                if teach[ev] < 1:
                    learn &= self.rng.random(total, dtype=np.float32) < teach[ev]
                flags[0] = learn
            if lift[ev] > 0:
                flags[1] = self.rng.random(total, dtype=np.float32) < lift[ev]
            if decides[ev] > 0:
                flags[2] = self.rng.random(total, dtype=np.float32) < decides[ev]
            learn_f, lifts_f, bought_f = flags
            changes = (
                learn_f
                if bought_f is None
                else (bought_f if learn_f is None else learn_f | bought_f)
            )
            if channel == GROUND:
                # every face-to-face contact may spill over to the household
                reached = (
                    idx
                    if lifts_f is None
                    else idx[lifts_f if changes is None else lifts_f | changes]
                )
                spills.append((reached, who))
            if lifts_f is not None:
                only = lifts_f if changes is None else lifts_f & ~changes
                lifts_only.append((idx[only], who, channel))
            if changes is not None:
                keep = np.flatnonzero(changes)
                picked = [
                    np.zeros(keep.size, dtype=np.bool_) if f is None else f[keep] for f in flags
                ]
                batches.append((idx[keep], who, channel, picked[0], picked[1], picked[2]))
        if spills:
            self._spill(
                np.concatenate([i for i, _ in spills]),
                np.concatenate([np.full(i.size, w) for i, w in spills]),
            )
        if lifts_only:
            idx = np.concatenate([b[0] for b in lifts_only])
            who_all = np.concatenate([np.full(b[0].size, b[1]) for b in lifts_only])
            channel_all = np.concatenate([np.full(b[0].size, b[2]) for b in lifts_only])
            once = self._first_of_each(idx)
            self._lift(idx[once], who_all[once], channel_all[once])
        if batches:
            idx = np.concatenate([b[0] for b in batches])
            who_all = np.concatenate([np.full(b[0].size, b[1]) for b in batches])
            channel_all = np.concatenate([np.full(b[0].size, b[2]) for b in batches])
            learn_all = np.concatenate([b[3] for b in batches])
            lifts_all = np.concatenate([b[4] for b in batches])
            bought_all = np.concatenate([b[5] for b in batches])
            once = self._first_of_each(idx)
            self._contact(
                idx[once],
                who_all[once],
                channel_all[once],
                learn_all[once],
                lifts_all[once],
                bought_all[once],
                spill=False,
            )
        self.day += 1
        self.datacollector.collect(self)

    def _contact(
        self,
        idx: I64,
        who: I64,
        channel: I64,
        learn: npt.NDArray[np.bool_],
        lifts: npt.NDArray[np.bool_],
        bought: npt.NDArray[np.bool_],
        *,
        spill: bool,
    ) -> None:
        if idx.size == 0:
            return
        ag, p = self.agents, self.params
        if spill:
            self._spill(idx[channel == GROUND], who[channel == GROUND])
        only_lift = ~learn & ~bought
        if only_lift.any():
            self._lift(idx[only_lift], who[only_lift], channel[only_lift])
            rest = ~only_lift
            idx, who, channel = idx[rest], who[rest], channel[rest]
            learn, lifts, bought = learn[rest], lifts[rest], bought[rest]
            if idx.size == 0:
                return
        old_aware, old_intent = ag.aware[idx], ag.intent[idx]
        old_prop = ag.propensity[idx]
        bit = (np.uint8(1) << who.astype(np.uint8)).astype(np.uint8)
        new_aware = old_aware | np.where(learn, bit, 0).astype(np.uint8)
        air_only = ag.air_only[idx]
        by_air = learn & (channel == AIR)
        if by_air.any():
            air_only = np.where(by_air, air_only | bit, air_only)
            fades = self.day + self.rng.geometric(p.air_forget_rate, int(by_air.sum()))
            self._schedule_forgetting(idx[by_air], fades)
        lasting = (channel == GROUND) | (channel == ONLINE)
        ag.air_only[idx] = np.where(lasting, air_only & ~bit, air_only).astype(np.uint8)
        ag.aware[idx] = new_aware
        quantum = np.float32(self.turnout_quantum)
        new_prop = np.where(lifts, np.minimum(old_prop + quantum, np.float32(1.0)), old_prop)
        ag.propensity[idx] = new_prop
        intent = old_intent.copy()
        intent[bought] = who[bought].astype(np.int8)
        reconsider = np.flatnonzero(learn & ~bought)
        if reconsider.size:
            wins = self._newcomer_wins(idx[reconsider], who[reconsider], old_aware[reconsider])
            intent[reconsider[wins]] = who[reconsider[wins]].astype(np.int8)
        ag.intent[idx] = intent
        self._retally(
            idx, (old_aware, new_aware), (old_intent, intent), new_prop - old_prop, learned=who
        )

    def _lift(self, idx: I64, who: I64, channel: I64) -> None:
        """The common case, fast: a contact that only lifts turnout (and makes what the
        voter knew from the air lasting, if it is face to face or online)."""
        ag = self.agents
        old = ag.propensity[idx]
        new = np.minimum(old + np.float32(self.turnout_quantum), np.float32(1.0))
        ag.propensity[idx] = new
        self.propensity_sum += np.bincount(
            ag.area[idx], weights=ag.weight[idx] * (new - old), minlength=self.spec.n_areas
        )
        lasting = (channel == GROUND) | (channel == ONLINE)
        if lasting.any():
            sel = idx[lasting]
            keep = ~(np.uint8(1) << who[lasting].astype(np.uint8))
            ag.air_only[sel] &= keep.astype(np.uint8)

    def _spill(self, idx: I64, who: I64) -> None:
        """Face-to-face contact reaches another member of the household."""
        ag, p = self.agents, self.params
        mate = ag.household_next[idx]
        passes = (mate >= 0) & (self.rng.random(mate.size) < p.household_spillover)
        mate, mate_who = mate[passes], who[passes]
        once = self._first_of_each(mate)
        mate, mate_who = mate[once], mate_who[once]
        unaware = ((ag.aware[mate] >> mate_who.astype(np.uint8)) & 1) == 0
        teaches = unaware & (self.rng.random(mate.size) < p.ground.awareness)
        lifted = self.rng.random(mate.size) < p.ground.turnout / self.turnout_quantum
        keep = teaches | lifted
        none = np.zeros(int(keep.sum()), dtype=np.bool_)
        self._contact(
            mate[keep],
            mate_who[keep],
            np.full(none.size, GROUND),
            teaches[keep],
            lifted[keep],
            none,
            spill=False,
        )

    def _break(self, idx: I64) -> None:
        ag = self.agents
        idx = idx[(ag.intent[idx] == -1) & (ag.aware[idx] != 0)]
        if idx.size == 0:
            return
        aware, old_intent = ag.aware[idx], ag.intent[idx]
        new_intent = self._choose(idx, forced=True)
        ag.intent[idx] = new_intent
        self._retally(idx, (aware, aware), (old_intent, new_intent))

    def _forget(self, idx: I64) -> None:
        ag = self.agents
        idx = idx[ag.air_only[idx] != 0]
        if idx.size == 0:
            return
        old_aware, old_intent = ag.aware[idx], ag.intent[idx]
        new_aware = old_aware & ~ag.air_only[idx]
        ag.aware[idx] = new_aware
        ag.air_only[idx] = 0
        ag.forget_day[idx] = NEVER
        knows_choice = (old_intent < 0) | (
            ((new_aware >> np.maximum(old_intent, 0).astype(np.uint8)) & 1) == 1
        )
        new_intent = np.where(knows_choice, old_intent, -1).astype(np.int8)
        ag.intent[idx] = new_intent
        self._retally(idx, (old_aware, new_aware), (old_intent, new_intent))

    def _retally(
        self,
        idx: I64,
        aware: tuple[npt.NDArray[np.uint8], npt.NDArray[np.uint8]],
        intent: tuple[npt.NDArray[np.int8], npt.NDArray[np.int8]],
        prop_diff: npt.NDArray[np.float32] | None = None,
        learned: I64 | None = None,
    ) -> None:
        """Bring the per-area counts up to date after the agents ``idx`` changed from the
        first to the second of ``aware`` and ``intent`` (and by ``prop_diff`` in turnout
        propensity); ``learned``: the one contestant each agent may have learned of."""
        ag, k, a = self.agents, self.n_k, self.spec.n_areas
        area, w = ag.area[idx].astype(np.int64), ag.weight[idx]
        old_aware, new_aware = aware
        changed = np.flatnonzero(new_aware != old_aware)
        if changed.size and learned is not None:
            slot = area[changed] * k + learned[changed]
            self.aware_count.reshape(-1)[:] += np.bincount(
                slot, weights=w[changed], minlength=a * k
            )
        elif changed.size:
            area_c, w_c = area[changed], w[changed]
            new_c, old_c = new_aware[changed], old_aware[changed]
            for j in range(k):
                gained = ((new_c >> j) & 1).astype(np.float32) - ((old_c >> j) & 1)
                if gained.any():
                    self.aware_count[:, j] += np.bincount(area_c, weights=w_c * gained, minlength=a)
        old_intent, new_intent = intent
        moved = np.flatnonzero(new_intent != old_intent)
        if moved.size:
            base = area[moved] * (k + 1)
            flat = self.intent_count.reshape(-1)
            old_slot = base + old_intent[moved].astype(np.int64) % (k + 1)
            new_slot = base + new_intent[moved].astype(np.int64) % (k + 1)
            flat -= np.bincount(old_slot, weights=w[moved], minlength=flat.size)
            flat += np.bincount(new_slot, weights=w[moved], minlength=flat.size)
        if prop_diff is not None:
            self.propensity_sum += np.bincount(area, weights=w * prop_diff, minlength=a)

    def _first_of_each(self, idx: I64) -> npt.NDArray[np.bool_]:
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
