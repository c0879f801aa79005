"""Donations within the law: every limit at, just below and just above the line, summed
over many small gifts and across spellings of a donor's name."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from kampanye.core.models import AuditEntry
from kampanye.money.actions import name_key, record_donation
from kampanye.money.models import Donation, Donor
from kampanye.money.queries import alerts, donation_totals
from kampanye.money.schemas import DonationIn
from kampanye.money.tests.conftest import CAMPAIGN_ENDS

DAY = dt.date(2017, 1, 10)
NIK = "3174040101800001"
NPWP = "01.234.567.8-901.000"
_n = iter(range(1, 10_000))


def give(
    campaign, amount, *, kind="individual", name="Budi Santoso", identity=NIK, accept=False, **donor
):
    data = DonationIn(
        reference=f"S-{next(_n)}",
        received_on=DAY,
        amount_idr=amount,
        donor={"kind": kind, "name": name, "identity": identity, "consent": True, **donor},
        accept_flagged=accept,
    )
    return record_donation(campaign, data, by=None)


@pytest.mark.parametrize(
    ("kind", "identity", "limit"),
    [
        ("individual", NIK, 75_000_000),
        ("company", NPWP, 750_000_000),
        ("group", NPWP, 750_000_000),
        ("party", "", 750_000_000),
    ],
)
def test_a_gift_at_the_limit_passes_and_one_rupiah_more_is_flagged(campaign, kind, identity, limit):
    # given a gift just below and then exactly at the limit
    give(campaign, limit - 1, kind=kind, identity=identity)
    _donation, check = give(campaign, 1, kind=kind, identity=identity)
    # then neither is flagged
    assert check.flags == [] and check.after_idr == limit
    # when one rupiah more comes, it is refused with the warning
    with pytest.raises(ValidationError) as err:
        give(campaign, 1, kind=kind, identity=identity)
    assert "accept_flagged" in err.value.message_dict
    # then, accepted knowingly, it is stored flagged with its excess due at the treasury
    donation, check = give(campaign, 1, kind=kind, identity=identity, accept=True)
    assert donation.flags == ["over_limit"] and donation.excess_idr == 1
    assert donation.excess_due_on == CAMPAIGN_ENDS + dt.timedelta(days=14)


def test_many_small_gifts_add_up_across_spellings_of_the_name(campaign):
    # given 74 gifts of Rp1 million under three spellings of the same person, no NIK twice
    for i in range(74):
        spelling = ["Budi Santoso", "BUDI  SANTOSO,", "H. Budi Santoso, S.E."][i % 3]
        give(campaign, 1_000_000, name=spelling, identity="" if i else NIK)
    # when a gift of Rp2 million comes under yet another spelling
    _donation, check = give(campaign, 2_000_000, name="budi santoso", identity="", accept=True)
    # then they are one donor, and Rp1 million of the last gift is over the Rp75 million line
    assert Donor.objects.filter(contestant=campaign).count() == 1
    assert check.before_idr == 74_000_000 and check.excess_idr == 1_000_000


def test_the_same_nik_is_one_donor_whatever_the_name(campaign):
    give(campaign, 70_000_000, name="Siti Aminah")
    _donation, check = give(campaign, 10_000_000, name="Aminah, Siti", accept=True)
    assert check.excess_idr == 5_000_000


def test_an_anonymous_or_foreign_gift_may_not_be_used_at_all(campaign):
    # given a gift with no donor, and one from a foreign donor
    anonymous, _ = record_donation(
        campaign,
        DonationIn(reference="A-1", received_on=DAY, amount_idr=10_000_000, accept_flagged=True),
        by=None,
    )
    foreign, _ = give(campaign, 5_000_000, name="John Smith", foreign=True, accept=True)
    # then both are flagged and their whole value is to go to the state treasury
    assert anonymous.flags == ["anonymous"] and anonymous.excess_idr == 10_000_000
    assert foreign.flags == ["foreign"] and foreign.excess_idr == 5_000_000
    listed = alerts(campaign, today=CAMPAIGN_ENDS + dt.timedelta(days=15))
    assert {a.donation for a in listed} == {anonymous, foreign}
    assert all(a.overdue for a in listed)


def test_an_individual_without_a_nik_counts_as_unidentified(campaign):
    with pytest.raises(ValidationError) as err:
        give(campaign, 1_000_000, identity="")
    assert "accept_flagged" in err.value.message_dict


def test_a_bad_nik_is_refused_by_field(campaign):
    with pytest.raises(ValidationError) as err:
        give(campaign, 1_000_000, identity="1234")
    assert "donor.identity" in err.value.message_dict
    assert not Donation.objects.exists()


def test_in_kind_gifts_count_at_their_fair_value(campaign):
    # given goods valued at Rp80 million
    data = DonationIn(
        reference="B-1",
        received_on=DAY,
        form="goods",
        amount_idr=80_000_000,
        valuation_basis="harga pasar 1.000 kaos @Rp80.000",
        donor={"kind": "individual", "name": "Budi", "identity": NIK, "consent": True},
        accept_flagged=True,
    )
    _donation, check = record_donation(campaign, data, by=None)
    # then the limit applies to their value
    assert check.excess_idr == 5_000_000
    # and goods without a basis for their value are refused by the schema
    with pytest.raises(ValueError):
        DonationIn(reference="B-2", received_on=DAY, form="goods", amount_idr=1)


def test_money_is_whole_rupiah_never_a_float(campaign):
    with pytest.raises(ValueError):
        DonationIn(reference="F-1", received_on=DAY, amount_idr=1.5)


def test_the_manager_sees_totals_by_type_and_the_audit_keeps_no_name(campaign):
    give(campaign, 75_000_000)
    give(campaign, 100_000_000, kind="company", name="PT Maju", identity=NPWP)
    totals = {t.kind: t for t in donation_totals(campaign)}
    assert totals["individual"].total_idr == 75_000_000
    assert totals["company"].total_idr == 100_000_000 and totals["company"].donors == 1
    entry = AuditEntry.objects.filter(action="record_donation").first()
    assert "Budi" not in str(entry.after) and "3174" not in str(entry.after)


def test_name_key_ignores_titles_case_and_punctuation():
    assert name_key("H. BUDI  Santoso, S.E.") == name_key("budi santoso") == "budi santoso"
    assert name_key("Budi Santosa") != name_key("Budi Santoso")
