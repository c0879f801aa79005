import pytest

from kampanye.elections.models import Election
from kampanye.intel.actions import load_poll_methods
from kampanye.intel.tracker import backtest, tracker


@pytest.fixture
def jakarta(wilayah):
    election = Election.objects.get(slug="jakarta-2012")
    load_poll_methods(election)
    return election


@pytest.mark.django_db
def test_round_one_backtest_shows_the_miss_beside_the_baseline(jakarta):
    # when we backtest round 1 on its eve (10 July 2012)
    bt = backtest(jakarta, 1)
    rows = {r.method: r for r in bt.rows}
    baseline = rows["Rata-rata polos survei (pembanding)"]
    tracked = rows["Agregat pelacak"]
    # then the six round-1 polls are used, the result is 34.1 against 42.6
    assert bt.polls_used == 6
    assert bt.incumbent.short == "Foke–Nara" and bt.challenger.short == "Jokowi–Ahok"
    assert bt.actual_pct == pytest.approx((34.05, 42.60), abs=0.01)
    # and the plain baseline and the tracker both call it for the incumbent by ~40 points
    assert baseline.incumbent_pct > 55 and baseline.challenger_pct < 25
    assert not baseline.in_sample and not baseline.chosen_after_result
    assert tracked.in_sample and not tracked.chosen_after_result
    assert tracked.margin_error < -40
    # and every adjustment that narrows the miss was chosen after seeing the result
    narrowed = [r for r in bt.rows if abs(r.margin_error) < abs(baseline.margin_error) - 1]
    assert narrowed and all(r.chosen_after_result for r in narrowed)
    # and non-response alone would need non-respondents 35 points to the challenger
    assert bt.lean_needed == pytest.approx(35.2, abs=0.5)


@pytest.mark.django_db
def test_round_two_tracker_warns_of_voter_list_polls_that_reached_half(jakarta):
    track = tracker(jakarta, 2)
    warned = {w.poll.pollster for w in track.warnings if "DPT" in w.message}
    assert warned == {
        "Lembaga Survei Indonesia + Tempo",
        "Saiful Mujani Research and Consulting (SMRC)",
    }
    # the outlier house (INES: 72 % for Jokowi) carries the largest house effect
    ines = track.house_effects["INES"]
    others = [max(abs(x) for x in e) for h, e in track.house_effects.items() if h != "INES"]
    assert max(abs(x) for x in ines) > max(others)
    # the eve's point has an interval around it, wider than 2 points each side
    eve = track.points[-1]
    assert all(
        lo < s < hi and hi - lo > 0.04
        for s, lo, hi in zip(eve.shares, eve.lower, eve.upper, strict=True)
    )


@pytest.mark.django_db
def test_poll_methods_load_once(jakarta):
    from kampanye.intel.models import PollMethod

    assert load_poll_methods(jakarta) == 2
    assert PollMethod.objects.count() == 2
    assert PollMethod.objects.get(reached=399).contact_rate == pytest.approx(399 / 800)
