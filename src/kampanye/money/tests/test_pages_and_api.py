"""The purse as its users meet it: roles, the dashboard, expenses with receipts, the
treasurer's donation form, the KPU workbooks and the cost per vote."""

import datetime as dt
import io

import openpyxl
import pytest
from django.test import Client

from kampanye.money.actions import record_expense
from kampanye.money.models import Donation, Expense
from kampanye.money.schemas import ExpenseIn

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
EXPENSE = {
    "spent_on": "2012-06-30",
    "payee": "CV Sablon",
    "category": "materials",
    "front": "ground",
    "area_code": "31.75",
    "amount_idr": "2500000",
}


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def users(make_user, campaign, treasurer):
    from kampanye.core.models import Membership

    made = {
        "treasurer": treasurer,
        "manager": make_user("manager"),
        "coordinator": make_user("coordinator", "31.75"),
        "volunteer": make_user("volunteer", "31.75"),
    }
    Membership.objects.update(contestant=campaign)
    return made


def test_each_role_sees_what_it_may(users):
    # volunteers see nothing of the money; only the treasurer sees donors
    assert client_for(users["volunteer"]).get("/dana/").status_code == 403
    assert client_for(users["coordinator"]).get("/dana/").status_code == 200
    assert client_for(users["manager"]).get("/dana/sumbangan/").status_code == 403
    assert client_for(users["treasurer"]).get("/dana/sumbangan/").status_code == 200
    assert client_for(users["coordinator"]).get("/dana/laporan/lppdk/").status_code == 403


def test_an_expense_with_a_receipt_waits_for_another_person_to_approve(users, campaign):
    # given a coordinator of Jakarta Timur records an expense with a PNG receipt
    c = client_for(users["coordinator"])
    receipt = io.BytesIO(PNG)
    receipt.name = "nota.png"
    answer = c.post(
        "/dana/pengeluaran/",
        {**EXPENSE, "reference": "BKK-1", "form": "money", "receipt": receipt},
    )
    assert answer.status_code == 302
    expense = Expense.objects.get(reference="BKK-1")
    assert expense.receipt and expense.status == "pending"
    # when the treasurer approves it
    client_for(users["treasurer"]).post(f"/dana/pengeluaran/{expense.pk}/setujui/")
    # then it counts as spent on the ground front
    expense.refresh_from_db()
    assert expense.status == "approved"
    fronts = client_for(users["manager"]).get("/api/money/fronts").json()
    assert next(f for f in fronts if f["front"] == "ground")["spent_idr"] == 2_500_000


def test_a_receipt_that_is_not_a_pdf_or_image_is_refused(users):
    bad = io.BytesIO(b"MZ\x90\x00 not a receipt")
    bad.name = "nota.pdf"
    answer = client_for(users["coordinator"]).post(
        "/dana/pengeluaran/",
        {**EXPENSE, "reference": "BKK-2", "receipt": bad},
    )
    assert answer.status_code == 400 and b"PDF, JPEG atau PNG" in answer.content
    assert not Expense.objects.exists()


def test_a_coordinator_cannot_spend_outside_their_area(users):
    answer = client_for(users["coordinator"]).post(
        "/api/money/expenses",
        {
            "reference": "X-1",
            "spent_on": "2012-06-30",
            "payee": "CV Lain",
            "category": "props",
            "front": "air",
            "area_code": "31.71",
            "amount_idr": 1000,
        },
        content_type="application/json",
    )
    assert answer.status_code == 422 and "area_code" in answer.json()["errors"]


def test_nobody_approves_their_own_expense(users, campaign):
    expense = record_expense(
        campaign,
        ExpenseIn(
            reference="T-1",
            spent_on=dt.date(2012, 7, 1),
            payee="Toko",
            category="office",
            front="ground",
            amount_idr=5000,
        ),
        by=users["treasurer"],
    )
    answer = client_for(users["treasurer"]).post(
        f"/api/money/expenses/{expense.pk}/decision",
        {"decision": "approve"},
        content_type="application/json",
    )
    assert answer.status_code == 422


def test_the_api_flags_a_gift_over_the_limit_until_accepted(users):
    c = client_for(users["treasurer"])
    gift = {
        "reference": "S-1",
        "received_on": "2017-01-10",
        "amount_idr": 80_000_000,
        "donor": {
            "kind": "individual",
            "name": "Budi",
            "identity": "3174040101800001",
            "consent": True,
        },
    }
    answer = c.post("/api/money/donations", gift, content_type="application/json")
    assert answer.status_code == 422 and "accept_flagged" in answer.json()["errors"]
    answer = c.post(
        "/api/money/donations", {**gift, "accept_flagged": True}, content_type="application/json"
    )
    assert answer.json()["excess_idr"] == 5_000_000
    assert (
        client_for(users["manager"])
        .post("/api/money/donations", gift, content_type="application/json")
        .status_code
        == 403
    )


def test_the_lpsdk_lists_gifts_and_keeps_text_as_text(users, campaign):
    # given a gift from a donor whose name looks like a formula
    c = client_for(users["treasurer"])
    c.post(
        "/api/money/donations",
        {
            "reference": "S-9",
            "received_on": "2017-01-10",
            "amount_idr": 1_000_000,
            "donor": {
                "kind": "individual",
                "name": '=HYPERLINK("http://x")',
                "identity": "3174040101800001",
                "consent": True,
            },
        },
        content_type="application/json",
    )
    # when the treasurer downloads the LPSDK
    answer = c.get("/dana/laporan/lpsdk/?dari=2017-01-01&sampai=2017-01-31")
    book = openpyxl.load_workbook(io.BytesIO(answer.content))
    # then the gift is listed, the name stays text, and the totals add up
    rows = list(book["Rincian sumbangan"].values)
    assert rows[1][2] == "S-9" and rows[1][8] == 1_000_000
    cell = book["Rincian sumbangan"]["E2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    by_type = {r[0]: r[4] for r in book["Penerimaan per sumber"].values}
    assert by_type["perseorangan"] == 1_000_000 and by_type["Jumlah"] == 1_000_000
    assert "Kekurangan" in book.sheetnames


def test_the_manager_gets_reports_with_donors_as_numbers(users, campaign):
    client_for(users["treasurer"]).post(
        "/api/money/donations",
        {
            "reference": "S-10",
            "received_on": "2017-01-10",
            "amount_idr": 1_000_000,
            "donor": {
                "kind": "individual",
                "name": "Siti Aminah",
                "identity": "3174040101800001",
                "consent": True,
            },
        },
        content_type="application/json",
    )
    answer = client_for(users["manager"]).get("/dana/laporan/lppdk/")
    book = openpyxl.load_workbook(io.BytesIO(answer.content))
    assert "Siti" not in str(list(book["Rincian sumbangan"].values))
    assert Donation.objects.count() == 1


def test_cost_per_vote_shows_jokowi_basuki_at_about_a_third_of_foke_nara(users):
    from kampanye.elections.models import Election
    from kampanye.money.queries import cost_per_vote

    rows = {r.contestant.ballot_no: r for r in cost_per_vote(Election.objects.get())}
    jokowi, foke = rows[3], rows[1]
    assert jokowi.funds_idr == 27_500_000_000 and foke.funds_idr == 62_600_000_000
    assert 0.30 < jokowi.idr_per_vote / foke.idr_per_vote < 0.40
    # one report for all: the pair missing from it has no figure, not an older report's
    hendardji = next(r for r in rows.values() if r.contestant.short.startswith("Hendardji"))
    assert hendardji.funds_idr is None and hendardji.idr_per_vote is None
    page = client_for(users["manager"]).get("/dana/biaya-per-suara/")
    assert page.status_code == 200 and b"bukan harga sebuah suara" in page.content


def test_the_treasurer_sets_the_rules_and_hands_an_excess_to_the_treasury(users, campaign):
    # given the treasurer sets the general-election rules (UU 7/2017) and the fund account
    c = client_for(users["treasurer"])
    c.post(
        "/dana/rekening/",
        {
            "regime": "pemilu-2017",
            "campaign_ends_on": "2019-04-13",
            "bank": "Bank X",
            "account": "1234-5678-9012",
        },
    )
    account = campaign.fund_account
    account.refresh_from_db()
    assert account.regime == "pemilu-2017" and account.account_masked == "********9012"
    # when a gift of Rp2.6 billion from one person is accepted flagged
    answer = c.post(
        "/api/money/donations",
        {
            "reference": "S-1",
            "received_on": "2019-01-10",
            "amount_idr": 2_600_000_000,
            "accept_flagged": True,
            "donor": {
                "kind": "individual",
                "name": "Budi",
                "identity": "3174040101800001",
                "consent": True,
            },
        },
        content_type="application/json",
    )
    assert answer.json()["excess_idr"] == 100_000_000
    # and its excess is handed over
    pk = answer.json()["id"]
    c.post(
        f"/dana/sumbangan/{pk}/serahkan/",
        {"handed_over_on": "2019-04-20", "handed_over_ref": "NTPN 123"},
    )
    # then the alert list is empty again
    from kampanye.money.queries import alerts

    assert alerts(campaign, dt.date(2019, 5, 1)) == []
    assert Donation.objects.get().handed_over_ref == "NTPN 123"
