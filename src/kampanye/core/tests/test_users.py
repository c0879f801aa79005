"""Users and tokens from the CLI."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from kampanye.core.models import ApiToken, AuditEntry, Membership

# --- createuser / createtoken --------------------------------------------------------------


def test_createuser_makes_a_scoped_user_and_audits_it(world):
    # when a coordinator of Jakarta Timur is created from the CLI
    out = io.StringIO()
    call_command("createuser", "korwil", "--role", "coordinator", "--area", "31.75",
                 "--password", "sangat-rahasia-2012", stdout=out)  # fmt: skip
    # then the user has the role, the area and the password, and the creation is audited
    user = get_user_model().objects.get(username="korwil")
    assert (user.membership.role, user.membership.area.code) == ("coordinator", "31.75")
    assert user.check_password("sangat-rahasia-2012")
    assert "korwil" in out.getvalue()
    entry = AuditEntry.objects.get(action="create_user")
    assert entry.after == {"username": "korwil", "role": "coordinator", "area": "31.75"}


def test_createuser_reads_the_password_from_stdin(db, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("dari-stdin-aman-2012\n"))
    call_command("createuser", "peneliti", "--role", "researcher", "--password-stdin",
                 stdout=io.StringIO())  # fmt: skip
    assert get_user_model().objects.get(username="peneliti").check_password("dari-stdin-aman-2012")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "coordinator", "--area", "99.99"], "Wilayah '99.99' tidak dikenal"),
        (["--role", "manager", "--password", "123"], "Kata sandi ditolak"),
        (["--role", "coordinator", "--area", "31.75", "--admin"], "--admin tidak bisa"),
    ],
)
def test_createuser_refuses_bad_input_in_words(db, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("createuser", "baru", *args, stdout=io.StringIO())
    assert not Membership.objects.exists()


def test_createuser_admin_may_use_the_django_admin(db, client):
    # given a researcher created with --admin and one without
    for name, extra in (("admin-peneliti", ["--admin"]), ("peneliti", [])):
        call_command("createuser", name, "--role", "researcher", "--password",
                     "sangat-rahasia-2012", *extra, stdout=io.StringIO())  # fmt: skip
    # when each opens the Django admin's election list
    pages = {}
    for name in ("admin-peneliti", "peneliti"):
        client.force_login(get_user_model().objects.get(username=name))
        pages[name] = client.get("/admin/elections/election/")
    # then only the one created with --admin gets it, and the grant is audited
    assert pages["admin-peneliti"].status_code == 200
    assert pages["peneliti"].status_code == 302  # sent to the admin's login
    entry = AuditEntry.objects.get(action="create_user", after__username="admin-peneliti")
    assert entry.after["admin"] is True


def test_createuser_refuses_an_existing_username(db):
    call_command("createuser", "ada", "--role", "manager", stdout=io.StringIO())
    with pytest.raises(CommandError, match="sudah ada"):
        call_command("createuser", "ada", "--role", "manager", stdout=io.StringIO())


def test_createtoken_prints_a_working_token_once(db, client):
    # given a user
    call_command("createuser", "api", "--role", "manager", stdout=io.StringIO())
    # when a token is created
    out = io.StringIO()
    call_command("createtoken", "api", "--name", "laptop", stdout=out, stderr=io.StringIO())
    raw = out.getvalue().strip()
    # then only its digest is stored, and it opens the API
    token = ApiToken.objects.get(name="laptop")
    assert token.digest == ApiToken.digest_of(raw) and raw not in token.digest
    response = client.get("/api/areas/segments", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    assert AuditEntry.objects.filter(action="create_token").count() == 1


def test_createtoken_needs_an_existing_user(db):
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("createtoken", "siapa", stdout=io.StringIO())
