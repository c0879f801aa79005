from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
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
