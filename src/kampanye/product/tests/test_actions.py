import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kampanye.core.models import AuditEntry
from kampanye.product.actions import load_jakarta_2012_product, update_plank
from kampanye.product.models import BrandAttribute, Plank, PlankChange, Theme


@pytest.fixture
def product(wilayah):
    return load_jakarta_2012_product()


@pytest.mark.django_db
def test_load_product_for_jokowi_ahok(product):
    jokowi = Plank.objects.filter(contestant__short="Jokowi–Ahok")
    titles = " ".join(jokowi.values_list("title", flat=True))
    for word in [
        "Kartu Jakarta Sehat",
        "Kartu Jakarta Pintar",
        "SMK",
        "pasar tradisional",
        "lapangan kerja",
        "Esemka",
        "Surakarta",
        "Belitung Timur",
    ]:
        assert word in titles
    core = Theme.objects.filter(contestant__short="Jokowi–Ahok", core=True)
    assert set(core.values_list("name", flat=True)) == {
        "Jakarta Baru",
        "Blusukan: merakyat dan turun langsung",
    }
    brand = BrandAttribute.objects.filter(contestant__short="Jokowi–Ahok")
    assert {"merakyat", "sederhana", "bersih", "pekerja keras"} <= set(
        brand.values_list("name", flat=True)
    )
    assert all("Makalah" in b.evidence for b in brand)
    # every plank has a 2012 draft date and a source saying paper or illustrative
    for p in Plank.objects.all():
        assert p.drafted_on.year == 2012
        assert "makalah" in p.source.lower() or "ilustratif" in p.source.lower()
    market = Plank.objects.get(slug="revitalisasi-pasar")
    assert [s.slug for s in market.segments.all()] == ["pedagang-pasar-tradisional"]


@pytest.mark.django_db
def test_load_product_for_the_others(product):
    foke = Theme.objects.get(contestant__short="Foke–Nara", core=True)
    assert foke.name == "Serahkan pada ahlinya"
    assert Plank.objects.filter(
        contestant__short="Foke–Nara", title__contains="Banjir Kanal"
    ).exists()
    assert set(Plank.objects.values_list("contestant__short", flat=True).distinct()) == {
        "Jokowi–Ahok",
        "Foke–Nara",
        "Hidayat–Didik",
        "Faisal–Biem",
        "Alex–Nono",
        "Hendardji–Riza",
    }


@pytest.mark.django_db
def test_load_product_twice_changes_nothing(product):
    audits = AuditEntry.objects.count()
    counts = load_jakarta_2012_product()
    assert counts["created"] == 0 and counts["updated"] == 0
    assert counts["planks"] == product["planks"] == Plank.objects.count()
    assert AuditEntry.objects.count() == audits
    changed = Plank.objects.get(slug="layanan-kesehatan")
    assert changed.changed_on == dt.date(2012, 6, 12) and changed.changes.count() == 1


@pytest.mark.django_db
def test_update_plank_keeps_history_and_audits(product, make_user):
    # given a researcher and a plank
    user = make_user("researcher")
    plank = Plank.objects.get(slug="lapangan-kerja")
    # when its status changes after a finding
    update_plank(
        user,
        plank,
        note="Temuan FGD 3 Juni",
        changed_on=dt.date(2012, 6, 5),
        status=Plank.Status.DELIVERED,
    )
    # then the plank, its history and the audit log all say so
    plank.refresh_from_db()
    assert plank.status == "delivered" and plank.changed_on == dt.date(2012, 6, 5)
    change = PlankChange.objects.get(plank=plank)
    assert change.note == "Temuan FGD 3 Juni"
    entry = AuditEntry.objects.filter(model="product.plank", object_id=str(plank.pk)).first()
    assert entry.before["status"] == "adopted" and entry.after["status"] == "delivered"


@pytest.mark.django_db
def test_update_plank_without_a_change_writes_nothing(product, make_user):
    plank = Plank.objects.get(slug="lapangan-kerja")
    update_plank(make_user("manager"), plank, title=plank.title)
    assert not plank.changes.exists()


@pytest.mark.django_db
def test_update_plank_describes_the_change_without_a_note(product, make_user):
    plank = Plank.objects.get(slug="lapangan-kerja")
    update_plank(make_user("manager"), plank, title="Lapangan kerja untuk lulusan SMK")
    assert plank.changes.get().note == "Diubah: judul."


@pytest.mark.django_db
def test_update_plank_refuses(product, make_user):
    plank = Plank.objects.get(slug="lapangan-kerja")
    with pytest.raises(PermissionDenied):
        update_plank(make_user("coordinator"), plank, status="dropped")
    user = make_user("researcher")
    with pytest.raises(ValidationError):
        update_plank(user, plank, status="hilang")
    with pytest.raises(ValidationError):
        update_plank(user, plank, drafted_on=dt.date(2012, 1, 1))
    with pytest.raises(ValidationError):
        update_plank(user, plank, status="dropped", changed_on=dt.date(2011, 1, 1))
    assert not plank.changes.exists()
