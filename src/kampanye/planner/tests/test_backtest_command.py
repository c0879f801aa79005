from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError

from kampanye.elections.actions import load_jakarta_2012
from kampanye.elections.models import Round


@pytest.mark.django_db
def test_backtest_prints_forecast_and_actual_by_wilayah() -> None:
    # given the Jakarta 2012 facts in the database
    load_jakarta_2012()
    out = StringIO()
    # when the planner backtests it
    call_command("planner", "backtest", "--election", "jakarta-2012", "--runs", "40", stdout=out)
    # then every wilayah and the province appear with the real round-2 share
    text = out.getvalue()
    for code in ("31.01", "31.71", "31.72", "31.73", "31.74", "31.75"):
        assert code in text
    assert "Provinsi" in text
    assert "53.82" in text  # Jokowi–Ahok's actual two-party share


@pytest.mark.django_db
def test_backtest_explains_a_missing_round_2() -> None:
    load_jakarta_2012()
    Round.objects.filter(election__slug="jakarta-2012", number=2).delete()
    with pytest.raises(CommandError, match="tidak punya putaran 2"):
        call_command("planner", "backtest", "--election", "jakarta-2012")


@pytest.mark.django_db
def test_backtest_explains_an_unknown_election() -> None:
    with pytest.raises(CommandError, match="tidak ada"):
        call_command("planner", "backtest", "--election", "tidak-ada")


@pytest.mark.django_db
def test_backtest_names_an_area_with_ballots_but_no_dpt(capsys) -> None:
    from kampanye.elections.models import Turnout

    # given Jakarta 2012 where Jakarta Timur's round-1 DPT is unknown (its ballots are known)
    load_jakarta_2012()
    Turnout.objects.filter(
        round__election__slug="jakarta-2012", round__number=1, area__code="31.75"
    ).update(dpt=None)
    # when the planner backtests it from the command line
    with pytest.raises(SystemExit) as exit_:
        ManagementUtility(
            ["kampanye", "planner", "backtest", "--election", "jakarta-2012", "--runs", "5"]
        ).execute()
    # then it stops with exit 1 before calibrating, naming the area and the missing DPT
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert "31.75" in err and "DPT belum ada" in err
    assert "Traceback" not in err


@pytest.mark.django_db
def test_backtest_names_an_area_without_turnout_and_a_zero_dpt() -> None:
    from kampanye.elections.models import Turnout

    # given one wilayah without any round-1 turnout row and another whose DPT is 0
    load_jakarta_2012()
    r1 = Turnout.objects.filter(round__election__slug="jakarta-2012", round__number=1)
    r1.filter(area__code="31.01").delete()
    r1.filter(area__code="31.72").update(dpt=0)
    # when backtested, then both are named with what each lacks
    with pytest.raises(CommandError) as error:
        call_command("planner", "backtest", "--election", "jakarta-2012", "--runs", "5")
    text = str(error.value)
    assert "31.01" in text and "surat suara" in text and "DPT belum ada" in text
    assert "31.72" in text and "DPT nol" in text
