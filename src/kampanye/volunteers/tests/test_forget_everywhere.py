"""Forgetting reaches every copy: a volunteer with a login, failed and good log-ins, a field
report with a note, a queued e-mail reminder is forgotten, and then none of their personal
values is anywhere in the database file or its write-ahead log, byte for byte.

It runs against a real SQLite file in WAL mode, as the product does, in a second process
(the tests' own database lives in memory)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# what the volunteer gave and what the product made of it
PERSONAL = {
    "name": "Sutarmi Wahyuningsih",
    "phone": "+6281377771234",
    "email": "sutarmi.w@contoh.id",
    "nik": "3174********0001",
    "username": "sutarmi-wahyu",
    "note": "rumah Bu Sutarmi di gang buntu",
}

SCRIPT = r"""
import datetime as dt, sys, uuid
import django
django.setup()
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone
from kampanye.areas.models import Area, Level
from kampanye.core.models import Membership
from kampanye.elections.models import Contestant, Election
from kampanye.ground.actions import add_shift, plan_activity, remind_shift, sign_up_for_shift
from kampanye.ground.reports import sync_contacts
from kampanye.ground.schemas import ActivityIn, read_report
from kampanye.volunteers.actions import SignUpIn, sign_up_volunteer
from kampanye.volunteers.models import Volunteer

if sys.argv[1] == "setup":
    dki = Area.objects.create(code="31", name="DKI", level=Level.PROVINCE)
    Area.objects.create(code="31.75.01.1001", name="K", level=Level.VILLAGE, parent=dki)
    election = Election.objects.create(slug="e", name="E", office="Gubernur", region=dki)
    c = Contestant.objects.create(
        election=election, ballot_no=1, name="A", short="A", head="H", deputy="D")
    v = sign_up_volunteer(SignUpIn(contestant_id=c.pk, name="Sutarmi Wahyuningsih",
        phone="0813-7777-1234", consent=True, email="sutarmi.w@contoh.id",
        nik="3174044101900001", home_area_code="31.75.01.1001"))
    from django.contrib.auth import get_user_model
    user = get_user_model().objects.create_user("sutarmi-wahyu", "sutarmi.w@contoh.id",
        "rahasia-kampanye-1", first_name="Sutarmi")
    Membership.objects.create(user=user, role="volunteer", contestant=c)
    Volunteer.objects.filter(pk=v.pk).update(user=user)
    client = Client(REMOTE_ADDR="10.1.2.3")
    client.post("/masuk/", {"username": "sutarmi-wahyu", "password": "salah"})
    client.post("/masuk/", {"username": "sutarmi-wahyu", "password": "rahasia-kampanye-1"})
    sync_contacts(user, [read_report({"client_uuid": uuid.uuid4(), "area_code": "31.75.01.1001",
        "occurred_at": timezone.now(), "response": "supportive",
        "note": "rumah Bu Sutarmi di gang buntu"})])
    now = timezone.now()
    act = plan_activity(ActivityIn(contestant_id=c.pk, kind="market_visit", title="Pasar",
        area_code="31.75.01.1001", starts_at=now, ends_at=now + dt.timedelta(hours=2)))
    shift = add_shift(act, now + dt.timedelta(days=1), now + dt.timedelta(days=1, hours=1), 5)
    sign_up_for_shift(shift, Volunteer.objects.get(pk=v.pk))
    with transaction.atomic():
        remind_shift(shift)  # queues the e-mail reminder (the worker is not running)
    print(v.pk)
else:
    call_command("forget", volunteer=int(sys.argv[2]), yes=True)
"""


def run(tmp_path: Path, *args: str) -> str:
    env = {
        **os.environ,
        "DATABASE_URL": "",  # the database file under test is SQLite's, whatever the suite runs on
        "KAMPANYE_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "kampanye.settings",
        "PYTHONPATH": str(Path(__file__).resolve().parents[3]),
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, *args], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def found(tmp_path: Path) -> dict[str, list[str]]:
    """Each personal value, with the files (database, write-ahead log) that hold it."""
    files = [p for p in tmp_path.glob("kampanye.sqlite3*") if p.is_file()]
    data = {p.name: p.read_bytes() for p in files}
    return {
        key: [name for name, content in data.items() if value.encode() in content]
        for key, value in PERSONAL.items()
    }


@pytest.mark.slow
def test_no_personal_value_is_left_in_the_database_file_or_its_log(db, tmp_path):
    from kampanye.pytest_plugin import TEMPLATE_DIR, migrations_key

    # given a migrated database file (the tests' template) with the volunteer's traces
    shutil.copy(
        TEMPLATE_DIR / f"template-{migrations_key()}.sqlite3", tmp_path / "kampanye.sqlite3"
    )
    volunteer_id = run(tmp_path, "setup").split()[-1]
    before = found(tmp_path)
    assert all(before.values()), before  # each value is there to be found
    # when the volunteer is forgotten
    run(tmp_path, "forget", volunteer_id)
    # then no value is in the file or the log, whatever it was stored in
    assert found(tmp_path) == {key: [] for key in PERSONAL}
