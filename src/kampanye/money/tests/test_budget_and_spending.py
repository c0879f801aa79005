"""Budget versions, spending linked to the touchpoints it paid for, cost per contact from
real entries, the expense-sheet import, forgetting a donor, and the demo."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from kampanye.core.actions import forget_person
from kampanye.core.exchange import import_file
from kampanye.core.registry import registry
from kampanye.ledger.actions import TouchpointIn, record_touchpoint
from kampanye.money.actions import decide_expense, record_donation, record_expense, save_budget
from kampanye.money.illustrative import build_illustrative_money
from kampanye.money.models import Donation, Donor, Expense
from kampanye.money.queries import (
    budget_changes,
    cost_per_vote,
    money_by_front,
    unpaid_touchpoints,
)
from kampanye.money.schemas import BudgetIn, DonationIn, ExpenseIn

DAY = dt.date(2012, 6, 30)


def touchpoint(campaign, source, *, count, reach, cost, front="ground", channel="door_to_door"):
    tp, _ = record_touchpoint(
        TouchpointIn(
            source=source,
            occurred_on=DAY,
            front=front,
            channel=channel,
            imc_element="personal_selling",
            contestant_id=campaign.pk,
            media_type="owned",
            initiated_by="volunteer",
            area_code="31.75",
            count=count,
            reach=reach,
            cost_idr=cost,
        )
    )
    return tp


def budget(lines, note=""):
    return BudgetIn.model_validate({"note": note, "lines": lines})


def line(front, amount, **more):
    return {"starts_on": DAY, "ends_on": DAY, "front": front, "amount_idr": amount, **more}


def test_a_new_budget_version_keeps_the_old_one_and_says_what_changed(campaign, treasurer):
    # given a first budget and a second that moves money from the air to the ground
    v1 = save_budget(campaign, budget([line("ground", 100), line("air", 50)]), by=treasurer)
    v2 = save_budget(
        campaign, budget([line("ground", 130), line("air", 20)], "lebih ke darat"), by=treasurer
    )
    # then both versions stand, and the change names each line before and after
    assert (v1.number, v2.number) == (1, 2) and v2.created_by == treasurer
    changes = {c.key[1]: (c.before_idr, c.after_idr) for c in budget_changes(v1, v2)}
    assert changes == {"darat": (100, 130), "udara": (50, 20)}


def test_a_budget_line_on_the_wrong_front_is_refused_by_line(campaign, treasurer):
    with pytest.raises(ValidationError) as err:
        save_budget(campaign, budget([line("air", 5, channel="door_to_door")]), by=treasurer)
    assert "lines.0.channel" in err.value.message_dict


def test_cost_per_contact_comes_from_approved_expenses_and_the_ledger(
    campaign, treasurer, make_user
):
    # given three ground touchpoints (400 contacts, 800 people), one expense paying for two
    paid = touchpoint(campaign, "test:1", count=100, reach=200, cost=1_000_000)
    touchpoint(campaign, "test:2", count=200, reach=400, cost=500_000)
    also_paid = touchpoint(campaign, "test:3", count=100, reach=200, cost=2_000_000)
    coordinator = make_user("coordinator", "31.75")
    expense = record_expense(
        campaign,
        ExpenseIn.model_validate(
            {
                "reference": "BKK-1",
                "spent_on": DAY,
                "payee": "Kaos",
                "category": "materials",
                "front": "ground",
                "area_code": "31.75",
                "amount_idr": 3_000_000,
                "touchpoint_ids": [paid.pk, also_paid.pk],
            }
        ),
        by=coordinator,
    )
    # when it is still pending nothing counts as spent
    ground = next(f for f in money_by_front(treasurer, campaign) if f.front == "ground")
    assert ground.spent_idr == 0 and ground.pending_idr == 3_000_000
    decide_expense(expense, approve=True, by=treasurer)
    # then Rp3,000,000 over 400 contacts and 800 people, the expense counted once
    ground = next(f for f in money_by_front(treasurer, campaign) if f.front == "ground")
    assert (ground.cost_per_contact, ground.cost_per_reached) == (7_500, 3_750)
    assert ground.linked_idr == 3_000_000
    # and the other touchpoint with a cost and no expense is listed
    assert [t.source for t in unpaid_touchpoints(treasurer, campaign)] == ["test:2"]


def test_a_volunteer_or_coordinator_cannot_approve(campaign, make_user):
    coordinator = make_user("coordinator", "31.75")
    expense = record_expense(
        campaign,
        ExpenseIn.model_validate(
            {"reference": "B", "spent_on": DAY, "payee": "Toko", "category": "office",
             "front": "ground", "area_code": "31.75", "amount_idr": 1}
        ),
        by=None,
    )  # fmt: skip
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        decide_expense(expense, approve=True, by=coordinator)


HEADER = (
    "election,contestant,reference,spent_on,payee,category,front,channel,area_code,form,"
    "amount_idr,valuation_basis\n"
)
SHEET = (
    HEADER
    + """jakarta-2012,Jokowi–Ahok,BKK-1,2012-06-30,CV Sablon,materials,ground,,31.75,money,2500000,
jakarta-2012,Jokowi–Ahok,BKK-2,2012-07-01,Relawan,events,ground,,31.75,services,1000000,
jakarta-2012,Jokowi–Ahok,BKK-3,2012-07-01,TV,advertising,air,tv,,money,12.5,
jakarta-2012,Jokowi–Ahok,BKK-4,2012-07-02,"=cmd|' /C calc'!A0",props,air,door_to_door,,money,100,
jakarta-2012,Jokowi–Ahok,BKK-5,2012-07-02,Toko,office,online,,99.99,money,100,
"""
)


def test_an_expense_sheet_accounts_for_every_row_and_imports_once(campaign):
    # given a sheet with one good row and four bad ones (services without a valuation, a
    # fraction of a Rupiah, a channel of another front, an unknown area)
    report = import_file("expenses", SHEET.encode(), name="belanja.csv")
    # then every row is accounted for, each refusal names its line and field
    assert report.balanced and (report.created, report.rejected) == (1, 4)
    assert {(e.line, e.field) for e in report.errors} == {
        (3, "valuation_basis"),
        (4, "amount_idr"),
        (5, "channel"),
        (6, "area_code"),
    }
    # and importing it again stores nothing twice
    again = import_file("expenses", SHEET.encode(), name="belanja.csv")
    assert (again.created, again.unchanged) == (0, 1)
    assert Expense.objects.count() == 1


def test_forgetting_a_donor_keeps_the_gifts_without_the_person(campaign):
    donation, _ = record_donation(
        campaign,
        DonationIn.model_validate(
            {"reference": "S-1", "received_on": "2017-01-10", "amount_idr": 5_000_000,
             "donor": {"kind": "individual", "name": "Siti", "identity": "3174040101800001",
                       "consent": True}}
        ),
        by=None,
    )  # fmt: skip
    kind = registry.person_kinds["donor"]
    (donor,) = kind.find(id=donation.donor_id)
    forget_person(kind, donor)
    donor = Donor.objects.get()
    assert donor.name.startswith("(dihapus") and not donor.id_masked and not donor.id_digest
    assert Donation.objects.get().amount_idr == 5_000_000


@pytest.mark.slow
def test_the_demo_gifts_add_up_to_the_published_receipts(campaign):
    # given the demo built twice
    assert build_illustrative_money() > 0
    assert build_illustrative_money() == 0
    # then Jokowi–Ahok's illustrative gifts add up to the Rp27.5 billion reported,
    # none over the 2012 limits, all marked illustrative
    gifts = Donation.objects.filter(contestant=campaign)
    assert sum(gifts.values_list("amount_idr", flat=True)) == 27_500_000_000
    assert not gifts.exclude(flags=[]).exists() and not gifts.filter(illustrative=False).exists()
    assert Expense.objects.filter(contestant=campaign, status="approved").exists()
    assert cost_per_vote(campaign.election)[2].idr_per_vote is not None
