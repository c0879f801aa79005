"""A researcher reads a crosstab and the poll tracker in a real browser."""

import re

import pytest

from kampanye.intel.actions import import_responses

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, user):
    page.goto(f"{live_server.url}/masuk/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "rahasia-kampanye-1")
    page.click("button[type=submit].primary")
    page.wait_for_url(re.compile(r".*/$"))


def test_crosstab_and_tracker_in_the_browser(page, live_server, survey, make_user):
    # given 40 men for Jokowi–Ahok and 5 women for Foke–Nara
    rows = [f"m{i},l,3" for i in range(40)] + [f"w{i},p,1" for i in range(5)]
    import_responses(survey, ("_uuid,jk,pilihan\n" + "\n".join(rows) + "\n").encode(), "a.csv")
    log_in(page, live_server, make_user("researcher"))
    # when the researcher asks for vote intention by sex
    page.goto(f"{live_server.url}/riset/survei/{survey.slug}/")
    page.select_option("select[name=q]", "pilihan")
    page.select_option("select[name=by]", "jk")
    page.click("#table-form button[type=submit]")
    # then the chart draws, the men's column shows 100 % and the women's "too few"
    page.wait_for_selector("#table-chart .main-svg")
    table = page.inner_text("#crosstab")
    assert "100,0 %" in table and "terlalu sedikit" in table
    # and the tracker draws its chart and the backtest beside the naive average
    page.goto(f"{live_server.url}/riset/pelacak-survei/?putaran=1")
    page.wait_for_selector("#tracker-chart .main-svg")
    backtest = page.inner_text("#backtest")
    assert "Rata-rata polos survei (pembanding)" in backtest and "42,6" in backtest
