"""The treasurer records a gift over the limit in a real browser and sees it flagged."""

import os

import pytest

from kampanye.money.models import Donation

pytestmark = pytest.mark.browser


@pytest.fixture
def treasurer_page(live_server, page, treasurer):
    from django.conf import settings
    from django.test import Client

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    client = Client()
    client.force_login(treasurer)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    return page


def test_a_gift_over_the_limit_is_flagged_before_it_is_accepted(
    transactional_db, live_server, treasurer_page
):
    page = treasurer_page
    # given the donation form, and a donor giving Rp80 million (the limit is Rp75 million)
    page.goto(f"{live_server.url}/dana/sumbangan/")
    page.fill("input[name=reference]", "S-001")
    page.fill("input[name=received_on]", "2017-01-10")
    page.fill("input[name=amount_idr]", "80000000")
    page.select_option("select[name=donor_kind]", "individual")
    page.fill("input[name=donor_name]", "Budi Santoso")
    page.fill("input[name=donor_identity]", "3174040101800001")
    page.check("input[name=donor_consent]")
    page.click("button.primary")
    # then the form comes back with the warning and nothing is stored
    assert "melewati batas sumbangan" in page.inner_text("#warnings")
    assert not Donation.objects.exists()
    # when the treasurer accepts it knowingly
    page.check("input[name=accept_flagged]")
    page.click("button.primary")
    # then it is stored flagged, with Rp5 million to hand to the state treasury
    page.wait_for_selector("#donations .badge.flagged")
    donation = Donation.objects.get()
    assert donation.flags == ["over_limit"] and donation.excess_idr == 5_000_000
