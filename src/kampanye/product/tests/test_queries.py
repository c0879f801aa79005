import pytest

from kampanye.elections.models import Contestant, Election
from kampanye.product.actions import load_jakarta_2012_product
from kampanye.product.queries import contestant_product, product_overview


@pytest.mark.django_db
def test_overview_counts(wilayah):
    load_jakarta_2012_product()
    rows = {r.contestant.short: r for r in product_overview(Election.objects.get())}
    j = rows["Jokowi–Ahok"]
    assert (j.planks, j.planks_changed, j.themes) == (7, 2, 4)
    assert sorted(j.core_themes) == ["Blusukan: merakyat dan turun langsung", "Jakarta Baru"]
    assert rows["Foke–Nara"].planks_changed == 1
    assert rows["Hendardji–Riza"].themes == 0


@pytest.mark.django_db
def test_contestant_product(wilayah):
    load_jakarta_2012_product()
    p = contestant_product(Contestant.objects.get(short="Foke–Nara"))
    titles = [r.plank.title for r in p.planks]
    assert "Pengendalian banjir (Banjir Kanal Timur)" in titles
    flood = next(r for r in p.planks if r.plank.slug == "pengendalian-banjir")
    assert flood.illustrative and flood.themes == ["Serahkan pada ahlinya"]
    j = contestant_product(Contestant.objects.get(short="Jokowi–Ahok"))
    health = next(r for r in j.planks if r.plank.slug == "layanan-kesehatan")
    assert not health.illustrative and len(health.changes) == 1
    assert health.segments == ["Warga miskin kampung kota"]
