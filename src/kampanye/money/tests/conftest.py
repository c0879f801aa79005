import datetime as dt

import pytest

from kampanye.elections.models import Contestant
from kampanye.money.actions import set_fund_account

CAMPAIGN_ENDS = dt.date(2017, 2, 11)


@pytest.fixture
def campaign(wilayah):
    """Jokowi–Ahok's campaign under the regional-election rules of UU 10/2016."""
    pair = Contestant.objects.get(election__slug="jakarta-2012", ballot_no=3)
    set_fund_account(pair, regime="pilkada-2016", by=None, campaign_ends_on=CAMPAIGN_ENDS)
    return pair


@pytest.fixture
def treasurer(make_user, campaign):
    user = make_user("treasurer", username="bendahara")
    user.membership.contestant = campaign
    user.membership.save()
    return user
