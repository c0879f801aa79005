"""Recording on someone's behalf (audited) and the demo's illustrative touchpoints."""

from __future__ import annotations

import pytest
from django.db.models import Sum

from kampanye.core.models import AuditEntry
from kampanye.ledger.actions import record_touchpoint_by
from kampanye.ledger.illustrative import (
    CHALLENGER,
    INCUMBENT,
    OTHER,
    build_illustrative_touchpoints,
    profile_of,
)
from kampanye.ledger.models import Touchpoint
from kampanye.ledger.tests.ledger_world import touchpoint

# --- recording on someone's behalf ---------------------------------------------------------


def test_recording_by_a_user_is_audited_with_before_and_after(empty_world, make_user):
    user = make_user("media_officer")
    tp = touchpoint(source="s", contestant_id=empty_world.jokowi.pk, count=3)
    record_touchpoint_by(user, tp)
    record_touchpoint_by(user, tp)  # unchanged: no entry
    record_touchpoint_by(user, touchpoint(source="s", contestant_id=empty_world.jokowi.pk, count=4))
    entries = list(AuditEntry.objects.order_by("id"))
    assert [e.action for e in entries] == ["record_touchpoint", "update_touchpoint"]
    assert entries[0].before is None and entries[0].after["count"] == 3
    assert (entries[1].before["count"], entries[1].after["count"]) == (3, 4)


# --- illustrative touchpoints --------------------------------------------------------------


def test_profiles_follow_the_paper(empty_world):
    assert profile_of(empty_world.jokowi) == CHALLENGER
    assert profile_of(empty_world.foke) == INCUMBENT
    empty_world.foke.short, empty_world.foke.head, empty_world.foke.aliases = "Hendardji", "H", []
    assert profile_of(empty_world.foke) == OTHER


@pytest.mark.slow
@pytest.mark.parametrize("seed", [7, 2012])
def test_illustrative_touchpoints_are_labelled_plausible_and_idempotent(empty_world, seed):
    # given the small world (two pairs, two rounds)
    election = empty_world.election
    # when built twice
    created = build_illustrative_touchpoints(election, seed=seed)
    again = build_illustrative_touchpoints(election, seed=seed)
    # then thousands of labelled rows, nothing more the second time
    assert created == Touchpoint.objects.count() > 4_000
    assert again == 0
    assert not Touchpoint.objects.filter(illustrative=False).exists()
    assert not Touchpoint.objects.exclude(source__startswith="demo:").exists()
    j, f = empty_world.jokowi, empty_world.foke

    def total(contestant, **kw):
        return Touchpoint.objects.filter(contestant=contestant, **kw).aggregate(
            n=Sum("count"), c=Sum("cost_idr")
        )

    # every pair on all three fronts, in both campaign periods
    for c in (j, f):
        assert set(Touchpoint.objects.filter(contestant=c).values_list("front", flat=True)) == {
            "ground", "air", "online",
        }  # fmt: skip
        assert Touchpoint.objects.filter(contestant=c, occurred_on__month=9).exists()
    # Jokowi: ground-heavy, volunteer-led, air coverage earned; Foke: paid air, staff-run
    assert total(j, front="ground")["n"] > 3 * total(f, front="ground")["n"]
    earned, paid = (
        Touchpoint.objects.filter(contestant=j, front="air", media_type=m).aggregate(
            r=Sum("reach")
        )["r"]
        for m in ("earned", "paid")
    )
    assert earned > 2 * paid  # Jokowi's air war: coverage won, not bought
    assert total(f, front="air", media_type="paid")["c"] > 5 * total(j, front="air")["c"]
    assert total(j, initiated_by="volunteer")["n"] > total(j, initiated_by="staff")["n"]
    assert total(f, initiated_by="staff")["n"] > 0
    assert total(f, initiated_by="volunteer")["n"] is None
    # local rows sit in a kelurahan of the region
    codes = set(Touchpoint.objects.exclude(area_code="").values_list("area_code", flat=True))
    assert codes <= {"31.73.01.1001", "31.75.02.1001"}


def test_illustrative_touchpoints_are_the_same_for_the_same_seed(empty_world):
    from kampanye.ledger import illustrative

    original = dict(illustrative.ROWS)
    try:
        illustrative.ROWS.update({CHALLENGER: 40, INCUMBENT: 40, OTHER: 40})
        build_illustrative_touchpoints(empty_world.election, seed=3)
        first = list(
            Touchpoint.objects.order_by("source").values_list("source", "count", "cost_idr")
        )
        Touchpoint.objects.all().delete()
        build_illustrative_touchpoints(empty_world.election, seed=3)
        second = list(
            Touchpoint.objects.order_by("source").values_list("source", "count", "cost_idr")
        )
    finally:
        illustrative.ROWS.update(original)
    assert first == second and len(first) == 120


def test_a_touchpoint_recorded_by_a_user_is_kept_only_with_its_audit_entry(
    empty_world, make_user, monkeypatch
):
    # given the audit log failing after the touchpoint was written (the API's path)
    def fail(*args, **kwargs):
        assert Touchpoint.objects.filter(source="s").exists()  # written before the audit
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr("kampanye.ledger.actions.record_change", fail)
    # when a user records a touchpoint
    with pytest.raises(RuntimeError):
        record_touchpoint_by(
            make_user("media_officer"), touchpoint(source="s", contestant_id=empty_world.jokowi.pk)
        )
    # then neither the touchpoint nor an audit entry is kept
    assert not Touchpoint.objects.exists()
    assert not AuditEntry.objects.exists()
