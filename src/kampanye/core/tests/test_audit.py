"""The audit log: append-only, and readable on its page by managers only."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from kampanye.core.audit import record_change
from kampanye.core.models import AuditEntry
from kampanye.core.queries import AuditFilters, audit_diff

URL = "/audit/"


@pytest.fixture
def entry(db):
    return AuditEntry.objects.create(
        username="manajer",
        action="update",
        model="elections.contestant",
        object_id="3",
        before={"id": 3, "short": "Jokowi", "color": "#888888", "aliases": []},
        after={"id": 3, "short": "Jokowi–Ahok", "color": "#888888", "aliases": ["Jokowi"]},
    )


def test_an_entry_cannot_be_updated(entry):
    entry.action = "something else"
    with pytest.raises(PermissionDenied):
        entry.save()
    assert AuditEntry.objects.get(pk=entry.pk).action == "update"


def test_an_entry_cannot_be_deleted(entry):
    with pytest.raises(PermissionDenied):
        entry.delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_the_diff_shows_only_what_changed(entry):
    changes = audit_diff(entry)
    assert [(c.field, c.before, c.after, c.kind) for c in changes] == [
        ("short", "Jokowi", "Jokowi–Ahok", "changed"),
        ("aliases", "[]", '["Jokowi"]', "changed"),
    ]


def test_a_creation_shows_every_field_as_added(db):
    e = AuditEntry.objects.create(
        username="x", action="create", model="m", after={"a": 1, "b": None}
    )
    assert [(c.field, c.after, c.kind) for c in audit_diff(e)] == [
        ("a", "1", "added"),
        ("b", "—", "added"),
    ]


def test_the_page_is_for_managers_only(client, entry, make_user):
    client.force_login(make_user("researcher"))
    assert client.get(URL).status_code == 403
    client.force_login(make_user("manager"))
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<del>Jokowi</del>" in html and "<ins>Jokowi–Ahok</ins>" in html
    assert "#888888" not in html  # unchanged fields are left out


def test_the_page_filters_and_paginates(client, make_user):
    # given 60 changes by one user and 1 by another
    manager = make_user("manager")
    for i in range(60):
        record_change(manager, "create", model="product.theme", object_id=str(i), after={"i": i})
    record_change(None, "create_user", model="core.membership", object_id="1", after={})
    client.force_login(manager)
    # when filtered by user, then 50 on the first page and 10 on the second
    first = client.get(URL + "?user=manager-all")
    second = client.get(URL + "?user=manager-all&page=2")
    assert len(first.context["entries"]) == 50 and len(second.context["entries"]) == 10
    assert "user=manager-all&amp;page=2" in first.content.decode()
    assert len(client.get(URL + "?model=core.membership").context["entries"]) == 1


def test_a_bad_date_on_the_audit_page_is_explained(client, make_user):
    client.force_login(make_user("manager"))
    response = client.get(URL + "?date_from=31-12-2012")
    assert response.status_code == 200
    assert "date_from" in response.context["errors"]


def test_date_filters_are_wib_days(db):
    import datetime as dt
    from zoneinfo import ZoneInfo

    # given a change at 23:30 UTC on 1 July, which is 06:30 WIB on 2 July
    at = dt.datetime(2012, 7, 1, 23, 30, tzinfo=ZoneInfo("UTC"))
    AuditEntry.objects.create(username="x", action="a", model="m", at=at)
    from kampanye.core.queries import audit_entries

    # then it belongs to 2 July
    assert audit_entries(AuditFilters(date_from=dt.date(2012, 7, 2))).count() == 1
    assert audit_entries(AuditFilters(date_to=dt.date(2012, 7, 1))).count() == 0


def test_the_log_reads_in_words_not_codes(client, wilayah, make_user):
    from kampanye.core.models import Membership

    # given an entry about a membership: a yes/no value and a role code
    AuditEntry.objects.create(
        username="manajer",
        action="create_user",
        model="core.membership",
        object_id="7",
        after={"role": "coordinator", "user": 3},
    )
    AuditEntry.objects.create(
        username="manajer", action="update", model="auth.user", before={"is_staff": False},
        after={"is_staff": True},
    )  # fmt: skip
    # when the manager reads the audit log
    client.force_login(make_user("manager"))
    page = client.get(URL).content.decode()
    # then the kind of data, the action, the field names and the values are words
    role = Membership._meta.get_field("role")
    assert str(Membership._meta.verbose_name) in page and "membuat pengguna" in page
    assert str(role.verbose_name) in page and "koordinator wilayah" in page
    assert "<ins>ya</ins>" in page and "<del>tidak</del>" in page
    assert ">True<" not in page and ">create_user<" not in page
